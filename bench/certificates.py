"""Generating the certificates of one webinar with 150 participants (bulk issue, real PDFs).

    .venv/bin/python bench/certificates.py --participants 150 --write-docs
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pedset_certificates_bench \
        .venv/bin/python bench/certificates.py --participants 150 --write-docs

Builds its own data in its own database (created if missing; SQLite under
var/bench/certificates/ when DATABASE_URL is not given): one community, ``--participants``
members with synthetic Russian names registered for a webinar that ended, all present; then times
``certificates_issue_for_event`` — what the «Выдать сертификаты» button and the periodic command
run: per person the next number under the register's lock, the PDF (WeasyPrint) with the QR
code, the stored file, the registry row, the award, the notice and its e-mail (the file backend
under the bench's var/). Each run makes a new event, so it issues ``--participants`` new
documents. Reports the total, the mean per document, the share of PDF rendering, whether
WeasyPrint found HarfBuzz-Subset (without it fonts are subset by fontTools, ~3× slower), and
with ``--docx`` the extra cost of a DOCX per document; ``--fonttools`` forces the fontTools path
for comparison when HarfBuzz-Subset is installed. Bounded (one run of N documents), no
network beyond the local database. ``--write-docs`` puts the result into docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import sys
import time
import urllib.parse
from pathlib import Path

from uvicorn_server import BENCH_VAR  # bench/ is the script's own folder

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VAR = BENCH_VAR / "certificates"
SLUG = "bench-certificates"
SEED = 20261122


def setup_django():
    os.environ.setdefault("PEDSET_VAR_DIR", str(VAR))
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pedset.settings")
    ensure_database(os.environ.get("DATABASE_URL", ""))
    import django

    django.setup()
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # the HarfBuzz-Subset notice
    logging.getLogger("django.tasks").setLevel(logging.WARNING)  # a line per e-mail task


def ensure_database(url: str) -> None:
    """Creates the bench's own PostgreSQL database if it does not exist yet."""
    if not url.startswith("postgres"):
        return
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def build_event(participants: int):
    """A webinar of the bench's community that ended an hour ago, everyone present."""
    from django.core.management import call_command
    from django.utils import timezone
    from faker import Faker

    from pedset.accounts.models import User
    from pedset.communities.models import Community, Membership, MembershipStatus, Role
    from pedset.events.models import Event, EventForm, EventStatus, Registration
    from pedset.organisations.models import Organisation

    call_command("migrate", verbosity=0)
    fake = Faker("ru_RU")
    fake.seed_instance(SEED)
    now = timezone.now()
    community = Community.objects.filter(slug=SLUG).first()
    if community is None:
        operator, _ = Organisation.objects.get_or_create(
            full_name="Бенчмарк сертификатов: районный методический центр",
            defaults={"short_name": "РМЦ (бенчмарк)", "district": "Бенчмарк"},
        )
        community = Community.objects.create(
            slug=SLUG,
            name="Сетевое сообщество учителей математики",
            regulation_text="Положение",
            goals="Замеры",
            rules_of_conduct="Правила",
            operator=operator,
            creation_order_number="1-од",
            creation_order_date=timezone.localdate(),
            time_zone="Europe/Moscow",
        )
        lead = User.objects.create_user(
            "coordinator@certificates.bench.pedset.local",
            last_name="Иванова",
            first_name="Мария",
            patronymic="Петровна",
            email_confirmed_at=now,
        )
        Membership.objects.create(
            community=community,
            user=lead,
            role=Role.COORDINATOR,
            status=MembershipStatus.ACTIVE,
            rules_accepted_at=now,
            decided_at=now,
        )
    people = list(
        User.objects.filter(
            email__startswith="participant", email__endswith="certificates.bench"
        ).order_by("pk")[:participants]
    )
    for n in range(len(people), participants):
        female = n % 2 == 1
        people.append(
            User.objects.create(
                email=f"participant{n}@certificates.bench",
                last_name=fake.last_name_female() if female else fake.last_name_male(),
                first_name=fake.first_name_female() if female else fake.first_name_male(),
                patronymic=fake.middle_name_female() if female else fake.middle_name_male(),
                email_confirmed_at=now,
            )
        )
        Membership.objects.create(
            community=community,
            user=people[-1],
            status=MembershipStatus.ACTIVE,
            rules_accepted_at=now,
            decided_at=now,
        )
    lead = Membership.objects.filter(community=community, role=Role.COORDINATOR).first().user
    number = Event.objects.filter(community=community).count() + 1
    event = Event.objects.create(
        community=community,
        form=EventForm.WEBINAR,
        title=f"Формирующее оценивание на уроках математики (замер № {number})",
        starts_at=now - datetime.timedelta(hours=3),
        ends_at=now - datetime.timedelta(hours=1, minutes=30),
        status=EventStatus.PUBLISHED,
        created_by=lead,
        published_at=now - datetime.timedelta(days=7),
        registered_count=participants,
    )
    Registration.objects.bulk_create(
        Registration(
            event=event,
            user=user,
            status="registered",
            registered_at=now - datetime.timedelta(days=2),
            attended_at=event.starts_at + datetime.timedelta(minutes=random.randint(0, 5)),
            attendance_source="room",
        )
        for user in people
    )
    return event, lead


def harfbuzz_subset() -> bool:
    from weasyprint.pdf import fonts

    return getattr(fonts, "harfbuzz_subset", None) is not None


def force_fonttools() -> None:
    """Subset fonts with fontTools even when HarfBuzz-Subset is installed (for comparison)."""
    from weasyprint.pdf import fonts

    fonts.harfbuzz_subset = None


def run(participants: int, docx: bool) -> dict:
    from pedset.certificates.services import certificates_issue_for_event
    from pedset.documents import rendering, services

    event, lead = build_event(participants)
    spent = {"pdf": 0.0, "docx": 0.0}
    render_pdf, render_docx, document_issue = (
        services.render_pdf,
        services.render_docx,
        services.document_issue,
    )

    def timed_pdf(printed):
        started = time.perf_counter()
        try:
            return render_pdf(printed)
        finally:
            spent["pdf"] += time.perf_counter() - started

    def timed_docx(printed):
        started = time.perf_counter()
        try:
            return render_docx(printed)
        finally:
            spent["docx"] += time.perf_counter() - started

    def issue_with_docx(**kwargs):
        return document_issue(**{**kwargs, "with_docx": True})

    services.render_pdf, services.render_docx = timed_pdf, timed_docx
    if docx:
        services.document_issue = issue_with_docx
    # WeasyPrint's first document loads its fonts (~1–2 s): not part of the steady rate.
    rendering.render_pdf(
        rendering.PrintedDocument(
            kind="certificate",
            number="0",
            date=datetime.date.today(),
            organisation="—",
            community="—",
            recipient_name="Прогрев",
            verify_url="http://127.0.0.1/verify/0/",
            content={
                "heading": "СЕРТИФИКАТ",
                "title": "",
                "paragraphs": [],
                "items": [],
                "operative_word": "",
                "signature": None,
                "place": "",
                "extra": {},
            },
        )
    )
    load_before = os.getloadavg()[0]
    cpu_before = time.process_time()
    started = time.perf_counter()
    try:
        result = certificates_issue_for_event(actor=lead, event=event)
    finally:
        services.render_pdf, services.render_docx = render_pdf, render_docx
        services.document_issue = document_issue
    total = time.perf_counter() - started
    cpu = time.process_time() - cpu_before
    issued = len(result.issued)
    numbers = [award.document.number for award in result.issued]
    return {
        "participants": participants,
        "issued": issued,
        "first_number": min(numbers) if numbers else "",
        "last_number": max(numbers) if numbers else "",
        "total_s": total,
        "cpu_s": cpu,
        "per_document_ms": total / issued * 1000 if issued else 0,
        "pdf_ms": spent["pdf"] / issued * 1000 if issued else 0,
        "docx_ms": spent["docx"] / issued * 1000 if issued else 0,
        "docx": docx,
        "harfbuzz_subset": harfbuzz_subset(),
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=150)
    parser.add_argument("--docx", action="store_true", help="also make a DOCX per document")
    parser.add_argument(
        "--fonttools",
        action="store_true",
        help="subset fonts with fontTools even if HarfBuzz-Subset is installed (comparison)",
    )
    parser.add_argument("--keep-files", action="store_true", help="keep the generated PDFs")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    if not 1 <= args.participants <= 2000:
        parser.error("--participants: from 1 to 2000")

    VAR.mkdir(parents=True, exist_ok=True)
    setup_django()
    from django.conf import settings

    if args.fonttools:
        force_fonttools()
    database = (
        "PostgreSQL" if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else "SQLite"
    )
    try:
        r = run(args.participants, args.docx)
    finally:
        if not args.keep_files:
            shutil.rmtree(Path(settings.MEDIA_ROOT) / "documents", ignore_errors=True)
            shutil.rmtree(VAR / "mail", ignore_errors=True)
    command = (
        ("DATABASE_URL=postgres://…/pedset_certificates_bench " if database == "PostgreSQL" else "")
        + f".venv/bin/python bench/certificates.py --participants {args.participants}"
        + (" --docx" if args.docx else "")
        + (" --fonttools" if args.fonttools else "")
        + (" --write-docs" if args.write_docs else "")
    )
    header = (
        f"{r['issued']} certificates of one webinar ({r['first_number']} … {r['last_number']}), "
        f"{database}, PDF{' + DOCX' if r['docx'] else ' only'}, one process; WeasyPrint "
        + (
            "with HarfBuzz-Subset"
            if r["harfbuzz_subset"]
            else "without HarfBuzz-Subset (fontTools subsets the fonts)"
        )
        + f"; load average {r['load_before']:.1f} at the start, {r['load_after']:.1f} at the end"
    )
    row = (
        f"| {database} | {'PDF + DOCX' if r['docx'] else 'PDF'} | "
        f"{'yes' if r['harfbuzz_subset'] else 'no'} | {r['issued']} | {r['total_s']:.1f} | "
        f"{r['cpu_s']:.1f} | {r['per_document_ms']:.0f} | {r['pdf_ms']:.0f} | "
        + (f"{r['docx_ms']:.0f}" if r["docx"] else "—")
        + " |"
    )
    print(command)
    print(header)
    print(TABLE_HEAD)
    print(row)
    if args.write_docs:
        write_docs(database, r, command, header, row)


TABLE_HEAD = (
    "| database | files | HarfBuzz-Subset | documents | total s | CPU s | ms per document "
    "| of it PDF ms | DOCX ms |\n| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
)


def write_docs(database: str, r: dict, command: str, header: str, row: str) -> None:
    path = ROOT / "docs" / "performance.md"
    text = path.read_text() if path.exists() else "# Performance\n"
    key = "certificates-{}-{}-{}".format(
        database.lower(), "docx" if r["docx"] else "pdf", "hb" if r["harfbuzz_subset"] else "ft"
    )
    begin, end = f"<!-- bench:{key}:begin -->", f"<!-- bench:{key}:end -->"
    block = (
        f"{begin}\n#### {database}, {'PDF + DOCX' if r['docx'] else 'PDF'}, "
        f"{'HarfBuzz-Subset' if r['harfbuzz_subset'] else 'fontTools'}\n\n"
        f"Measured {time.strftime('%Y-%m-%d')} on the development machine (2 cores, shared with "
        f"other work). {header}.\n\n```sh\n{command}\n```\n\n{TABLE_HEAD}\n{row}\n{end}"
    )
    if begin in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end) :]
    else:
        anchor = "<!-- bench:certificates:end -->"
        if anchor in text:
            text = text.replace(anchor, block + "\n\n" + anchor)
        else:
            text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text)


if __name__ == "__main__":
    main()
