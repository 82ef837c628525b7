from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce


def confirm_authors_of_submitted_materials(apps, schema_editor):
    """Materials submitted before co-authors had to confirm were submitted under the old rule
    (only the submitter's consent, Material.authorship_consent_at): their authors count as
    confirmed from that consent (or the submission) so nothing already in expertise or in the
    cabinet is held back. Drafts that were never submitted are left alone: their co-authors
    confirm on the material's page before it can be submitted."""
    Material = apps.get_model("materials", "Material")
    MaterialAuthor = apps.get_model("materials", "MaterialAuthor")
    when = Material.objects.filter(pk=OuterRef("material_id")).annotate(
        confirmed=Coalesce("authorship_consent_at", "submitted_at", "created_at")
    )
    MaterialAuthor.objects.filter(
        confirmed_at__isnull=True,
        material__in=Material.objects.exclude(status="draft", round_number=0),
    ).update(confirmed_at=Subquery(when.values("confirmed")[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("materials", "0002_removal_and_comment_edits"),
    ]

    operations = [
        migrations.AddField(
            model_name="materialauthor",
            name="confirmed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(confirm_authors_of_submitted_materials, migrations.RunPython.noop),
    ]
