"""Every community gets the sections a new one is created with: a general section and the
dedicated section for discussing moderators' actions (regulations 001 3.6, 002 6).

The titles are stored in Russian, the site's language, as forum.services writes them."""

from django.db import migrations

GENERAL_TITLE = "Общий раздел"
GENERAL_DESCRIPTION = "Вопросы и обсуждения участников сообщества."
MODERATION_TITLE = "Обсуждение действий модераторов"
MODERATION_DESCRIPTION = (
    "Действия координатора и модераторов обсуждаются только в этом разделе, "
    "как требуют правила поведения сообщества."
)


def create_default_sections(apps, schema_editor):
    Community = apps.get_model("communities", "Community")
    Section = apps.get_model("forum", "Section")
    for community in Community.objects.all().iterator():
        sections = Section.objects.filter(community=community)
        if not sections.filter(kind="regular").exists():
            Section.objects.create(
                community=community,
                title=GENERAL_TITLE,
                description=GENERAL_DESCRIPTION,
                kind="regular",
                position=10,
            )
        if not sections.filter(kind="moderation").exists():
            Section.objects.create(
                community=community,
                title=MODERATION_TITLE,
                description=MODERATION_DESCRIPTION,
                kind="moderation",
                position=1000,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0002_closure_reason_english_msgids"),
        ("forum", "0002_post_deleted_by"),
    ]

    operations = [migrations.RunPython(create_default_sections, migrations.RunPython.noop)]
