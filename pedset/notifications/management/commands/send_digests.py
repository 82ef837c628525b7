"""python manage.py send_digests — the daily e-mail digest of notifications.

Run it once a day from cron or a systemd timer, or hourly with --local-hour 8 so that each
person gets it at eight in the morning of their own time zone. Idempotent: a second run sends
nothing that the first one sent.
"""

from django.core.management.base import BaseCommand, CommandError

from pedset.notifications.services import digests_send


class Command(BaseCommand):
    help = "Send each person one e-mail with their unsent digest notifications."

    def add_arguments(self, parser):
        parser.add_argument(
            "--local-hour",
            type=int,
            default=None,
            help="Only people whose local time is now within this hour (0-23).",
        )
        parser.add_argument(
            "--chunk", type=int, default=None, help="People per batch (default 50)."
        )

    def handle(self, *args, local_hour=None, chunk=None, **options):
        if local_hour is not None and not 0 <= local_hour <= 23:
            raise CommandError("--local-hour must be between 0 and 23.")
        if chunk is not None and chunk < 1:
            raise CommandError("--chunk must be a positive number.")
        run = digests_send(local_hour=local_hour, chunk=chunk)
        self.stdout.write(
            f"digests sent: {run.people} people, {run.notifications} notifications"
            + (f"; failed: {run.failed_people} (retried next run)" if run.failed_people else "")
        )
