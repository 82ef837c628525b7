"""python manage.py following_digest — tells each follower how many new publications the people
they follow made since they were last told (one notice of kind "following" each, delivered by
their preference: by default in the daily e-mail digest).

Run it from cron or a systemd timer, hourly or daily (docs/deployment.md). Idempotent: each
follower's moment (FeedMark.told_until) is claimed by a conditional UPDATE, so a publication is
counted once and two runs at once tell once.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from pedset.people.models import FeedMark
from pedset.people.services import feed_digest_send


class Command(BaseCommand):
    help = "Tell followers of new publications of the people they follow."

    def handle(self, *args, **options):
        now = timezone.now()
        told = 0
        marks = FeedMark.objects.filter(
            told_until__lt=now, user__is_active=True, user__anonymised_at__isnull=True
        ).select_related("user")
        for mark in marks.iterator(chunk_size=200):
            if feed_digest_send(user=mark.user, now=now):
                told += 1
        self.stdout.write(f"followers told of new publications: {told}")
