"""Rebuild the search index: ``manage.py search_reindex [--kind material] [--batch 500]``.

Run after loading data outside the services (imports, the demo), after restoring a backup, or
when the index is suspected stale. Searching goes on meanwhile: each batch is its own transaction.
"""

from django.core.management.base import BaseCommand, CommandError

from pedset.search import registry
from pedset.search.services import REBUILD_BATCH, index_rebuild


class Command(BaseCommand):
    help = "Rebuild the search index of materials, forum posts and members (batched)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            action="append",
            dest="kinds",
            help="Only this kind (repeatable): " + ", ".join(registry.kinds()),
        )
        parser.add_argument("--batch", type=int, default=REBUILD_BATCH)

    def handle(self, *args, kinds=None, batch=REBUILD_BATCH, **options):
        known = registry.kinds()
        unknown = sorted(set(kinds or ()) - set(known))
        if unknown:
            raise CommandError(f"Unknown kind(s): {', '.join(unknown)}. Known: {', '.join(known)}.")
        if batch < 1:
            raise CommandError("--batch must be at least 1.")
        verbose = options["verbosity"] > 1

        def progress(kind, done):
            if verbose:
                self.stdout.write(f"{kind}: {done}")

        counts = index_rebuild(kinds, batch_size=batch, progress=progress)
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count} indexed")
        self.stdout.write(self.style.SUCCESS("The search index is rebuilt."))
