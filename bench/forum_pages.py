"""Forum page benchmark: the topic page and the forum index with a topic of 10,000 posts.

    .venv/bin/python bench/forum_pages.py --posts 10000 --seconds 20 --concurrency 8
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pedset_bench .venv/bin/python bench/forum_pages.py

Builds its own data set in its own database (SQLite under var/bench/ unless DATABASE_URL is
given), starts the site with uvicorn on 127.0.0.1 (``--workers`` processes), signs in a member
with a session cookie and sends requests from ``--concurrency`` threads for ``--seconds`` per
scenario (bounded in time and count, loopback only). Prints requests per second, p50/p95/p99 and
errors; ``--write-docs`` puts the table into docs/performance.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path

from uvicorn_server import BENCH_VAR, free_port, start_server  # bench/ is the script's own folder

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MAX_REQUESTS_PER_SCENARIO = 100_000


def setup_django():
    os.environ.setdefault("PEDSET_VAR_DIR", str(BENCH_VAR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pedset.settings")
    import django

    django.setup()


def build_data(posts: int) -> dict:
    """A community with a forum: one topic of `posts` posts and 40 ordinary topics."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.utils import timezone

    from pedset.accounts.models import User
    from pedset.communities.models import Community, Membership, MembershipStatus, Role
    from pedset.forum.models import Post, Section, Topic
    from pedset.forum.services import section_create_defaults
    from pedset.organisations.models import Organisation

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    community = Community.objects.filter(slug="bench").first()
    if (
        community is None
        or not Topic.objects.filter(section__community=community, posts_count=posts).exists()
    ):
        Community.objects.filter(slug="bench").delete()
        operator, _ = Organisation.objects.get_or_create(
            full_name="Бенчмарк: методический центр",
            defaults={"short_name": "Бенчмарк МЦ", "district": "Бенчмарк"},
        )
        community = Community.objects.create(
            slug="bench",
            name="Сообщество для замеров",
            regulation_text="Положение",
            goals="Замеры",
            rules_of_conduct="Правила",
            operator=operator,
            creation_order_number="1",
            creation_order_date=timezone.localdate(),
        )
        section_create_defaults(community=community)
        authors = []
        for n in range(50):
            user, _ = User.objects.get_or_create(
                email=f"bench{n}@bench.pedset.local",
                defaults={
                    "last_name": f"Замеров{n}",
                    "first_name": "Тест",
                    "email_confirmed_at": timezone.now(),
                },
            )
            Membership.objects.get_or_create(
                community=community,
                user=user,
                defaults={
                    "status": MembershipStatus.ACTIVE,
                    "role": Role.MEMBER,
                    "rules_accepted_at": timezone.now(),
                },
            )
            authors.append(user)
        section = Section.objects.filter(community=community).order_by("position").first()
        text = (
            "Коллеги, делюсь опытом проведения урока по теме «Дроби». **Важно**: учитывать "
            "уровень подготовки класса.\n\n- первый этап\n- второй этап\n\n> Цитата из положения"
        )
        now = timezone.now()

        def make_topic(title, count):
            topic = Topic.objects.create(section=section, title=title, author=authors[0])
            batch = []
            for position in range(1, count + 1):
                batch.append(
                    Post(
                        topic=topic,
                        position=position,
                        author=authors[position % len(authors)],
                        body=f"{text}\n\nСообщение № {position}",
                    )
                )
                if len(batch) == 2000:
                    Post.objects.bulk_create(batch)
                    batch = []
            Post.objects.bulk_create(batch)
            Topic.objects.filter(pk=topic.pk).update(
                posts_count=count, last_post_at=now, last_post_author=authors[count % 50]
            )
            return topic

        make_topic("Большая тема обсуждения", posts)
        for n in range(40):
            make_topic(f"Тема {n}", 5)
    big = Topic.objects.get(section__community=community, posts_count=posts)
    reader = User.objects.get(email="bench1@bench.pedset.local")
    session = SessionStore()
    session[SESSION_KEY] = str(reader.pk)
    session[BACKEND_SESSION_KEY] = "pedset.accounts.backends.EmailBackend"
    session[HASH_SESSION_KEY] = reader.get_session_auth_hash()
    session.create()
    return {"topic": big.pk, "pages": (posts + 19) // 20, "session": session.session_key}


def run_scenario(port, session, paths, seconds, concurrency) -> dict:
    latencies: list[float] = []
    errors = 0
    error_kinds: dict[str, int] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker():
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": f"sessionid={session}", "Host": "127.0.0.1"}
        while time.monotonic() < stop_at:
            with lock:
                if len(latencies) + errors >= MAX_REQUESTS_PER_SCENARIO:
                    return
            path = random.choice(paths)  # noqa: S311 - load spread, not security
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                kind = f"HTTP {response.status}"
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                ok = False
                kind = type(error).__name__
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors += 1
                    error_kinds[kind] = error_kinds.get(kind, 0) + 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.monotonic() - began
    latencies.sort()

    def pct(p):
        return (
            latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000 if latencies else 0
        )

    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / took if took else 0,
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "mean_ms": statistics.fmean(latencies) * 1000 if latencies else 0,
        "error_kinds": error_kinds,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()

    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    setup_django()
    from django.conf import settings
    from django.db import connection

    data = build_data(args.posts)
    connection.close()
    port = free_port()
    server = start_server(port, workers=args.workers)
    try:
        topic = data["topic"]
        scenarios = {
            "topic page (random page of the 10k-post topic)": [
                f"/forum/t/{topic}/?page={n}" for n in range(1, data["pages"] + 1)
            ],
            "topic page (last page)": [f"/forum/t/{topic}/?page={data['pages']}"],
            "forum index": ["/forum/bench/"],
        }
        for paths in scenarios.values():  # warm up every path kind once
            run_scenario(port, data["session"], paths[:1], 1, 1)
        results = {
            name: run_scenario(port, data["session"], paths, args.seconds, args.concurrency)
            for name, paths in scenarios.items()
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    header = (
        f"{args.posts} posts in the topic, {database}, {args.workers} server process(es), "
        f"{args.concurrency} concurrent clients, {args.seconds:g} s per scenario"
    )
    rows = [
        "| scenario | requests/s | p50 ms | p95 ms | p99 ms | requests | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in results.items():
        rows.append(
            f"| {name} | {r['rps']:.1f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {r['requests']} | {r['errors']} |"
        )
    table = "\n".join(rows)
    print(header)
    print(table)
    print(json.dumps(results, indent=2))
    if args.write_docs:
        write_docs(header, table, args)


def write_docs(header: str, table: str, args) -> None:
    path = ROOT / "docs" / "performance.md"
    text = path.read_text() if path.exists() else "# Performance\n"
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    key = f"forum-{database.lower()}-{args.workers}w"
    begin, end = f"<!-- bench:{key}:begin -->", f"<!-- bench:{key}:end -->"
    command = (
        ("DATABASE_URL=… " if database == "PostgreSQL" else "")
        + f".venv/bin/python bench/forum_pages.py --posts {args.posts} --seconds {args.seconds:g} "
        f"--concurrency {args.concurrency} --workers {args.workers} --write-docs"
    )
    block = (
        f"{begin}\n### Forum pages — {database}, {args.workers} process(es)\n\n"
        f"Measured {time.strftime('%Y-%m-%d')} on the development machine (2 cores, 24 GiB; "
        f"client and server on the same machine). {header}.\n\n```sh\n{command}\n```\n\n"
        f"{table}\n{end}"
    )
    if begin in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text)


if __name__ == "__main__":
    main()
