"""Notices to followers used to carry the first 300 characters of the post; hiding or deleting the
post never touched them. Clear the text already stored: the notice keeps its title and link."""

from django.db import migrations


def forget_post_text(apps, schema_editor):
    Notification = apps.get_model("core", "Notification")
    Notification.objects.filter(kind__in=("forum_reply", "forum_topic")).exclude(body="").update(
        body=""
    )


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0003_default_sections"),
        ("core", "0003_notification_delivery"),
    ]

    operations = [migrations.RunPython(forget_post_text, migrations.RunPython.noop)]
