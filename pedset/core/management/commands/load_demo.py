import time

from django.core.management.base import BaseCommand

from pedset.core.demo import content
from pedset.core.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Loads the demo: the five communities of the seed regulations, organisations, synthetic "
        "members and join requests. A second run creates nothing; the demo logins are printed."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        summary = load_demo()
        seconds = time.monotonic() - started
        # Console output for the person who started the demo: Russian, like the site.
        if summary.created_anything:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Демонстрационные данные загружены за {seconds:.1f} с: сообществ — "
                    f"{summary.communities}, организаций — {summary.organisations}, "
                    f"людей — {summary.people}, участников — {summary.memberships}, "
                    f"заявок на рассмотрении — {summary.pending}, методических материалов — "
                    f"{summary.materials}, пунктов планов работы — {summary.plan_items}, "
                    f"мероприятий — {summary.events}, документов в реестре — "
                    f"{summary.documents} (из них сертификатов, дипломов и благодарственных "
                    f"писем мероприятий — {summary.certificates})."
                )
            )
        else:
            self.stdout.write("Демонстрационные данные уже загружены — ничего не добавлено.")
        self.stdout.write("")
        self.stdout.write(f"Демо-входы (пароль у всех: {content.DEMO_PASSWORD}):")
        width = max(len(login.email) for login in content.FIXED_LOGINS)
        for login in content.FIXED_LOGINS:
            self.stdout.write(f"  {login.email.ljust(width)}  {login.title}")
