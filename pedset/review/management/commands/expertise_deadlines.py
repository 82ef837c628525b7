"""python manage.py expertise_deadlines — reminders and escalations of expertise terms.

Run it from cron or a systemd timer, hourly (docs/deployment.md). Each running assignment gets
one reminder EXPERTISE_REMINDER_DAYS days before its deadline (to the expert) and, once the
deadline passed, one escalation (to the coordinators and whoever assigned the expert).
Idempotent: a second run sends nothing the first one sent.
"""

from django.core.management.base import BaseCommand

from pedset.review.services import deadlines_process


class Command(BaseCommand):
    help = "Remind experts of close deadlines and tell coordinators of overdue reviews."

    def handle(self, *args, **options):
        reminded, escalated = deadlines_process()
        self.stdout.write(f"expertise reminders sent: {reminded}; overdue escalated: {escalated}")
