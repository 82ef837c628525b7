"""python manage.py work_plan_deadlines — tells the responsible people of work plan items whose
term has passed.

Run it from cron or a systemd timer, hourly (docs/deployment.md). An item is overdue from the
day after its last day in its community's time zone while it is neither done nor cancelled; its
responsible members (or, when none is named on the platform, the community's coordinators and
administrators) get one notification of kind "work_plan". Idempotent: each item is told about
once (PlanItem.overdue_notified_at, claimed by a conditional UPDATE); moving its last day makes
it watched again.
"""

from django.core.management.base import BaseCommand

from pedset.plans.services import overdue_process


class Command(BaseCommand):
    help = "Tell the responsible people of work plan items that became overdue."

    def handle(self, *args, **options):
        told = overdue_process()
        self.stdout.write(f"overdue work plan items notified: {told}")
