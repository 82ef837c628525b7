"""Search latency over 50,000 methodical materials (p50/p95 of the selector and of the page).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pedset_search_bench \
        .venv/bin/python bench/search_latency.py --materials 50000 --queries 200 --write-docs

Builds its own data set in its own database (created if missing; SQLite under var/bench/ when
DATABASE_URL is not given): one community with 200 members and ``--materials`` materials with
synthetic Russian titles and annotations made from a vocabulary of teaching words (bulk insert,
70 % in the cabinet, 20 % in the bank, 10 % drafts), then rebuilds the search index and times
``--queries`` queries of 1–3 words: the search selector plus the showing of the first page (what
the page computes), for an anonymous visitor and for a member of the community; then the same
queries through HTTP (uvicorn on 127.0.0.1, one client, sequential). Bounded in time and count,
loopback only. ``--write-docs`` puts the result into docs/performance.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

from uvicorn_server import BENCH_VAR, free_port, start_server  # bench/ is the script's own folder

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SLUG = "bench-search"
MEMBERS = 200
SEED = 20261122

SUBJECTS = [
    ("математика", "математики"),
    ("русский язык", "русского языка"),
    ("литература", "литературы"),
    ("история", "истории"),
    ("биология", "биологии"),
    ("химия", "химии"),
    ("физика", "физики"),
    ("география", "географии"),
    ("информатика", "информатики"),
    ("английский язык", "английского языка"),
    ("музыка", "музыки"),
    ("технология", "технологии"),
    ("физическая культура", "физической культуры"),
    ("окружающий мир", "окружающего мира"),
    ("обществознание", "обществознания"),
]
# (nominative, genitive, prepositional)
TOPICS = [
    ("проектная деятельность", "проектной деятельности", "проектной деятельности"),
    ("функциональная грамотность", "функциональной грамотности", "функциональной грамотности"),
    ("формирующее оценивание", "формирующего оценивания", "формирующем оценивании"),
    ("смысловое чтение", "смыслового чтения", "смысловом чтении"),
    ("критическое мышление", "критического мышления", "критическом мышлении"),
    ("цифровая образовательная среда", "цифровой образовательной среды", "цифровой среде"),
    ("инклюзивное образование", "инклюзивного образования", "инклюзивном образовании"),
    ("наставничество", "наставничества", "наставничестве"),
    ("исследовательская работа", "исследовательской работы", "исследовательской работе"),
    ("воспитательная работа", "воспитательной работы", "воспитательной работе"),
    ("работа с родителями", "работы с родителями", "работе с родителями"),
    ("подготовка к ОГЭ", "подготовки к ОГЭ", "подготовке к ОГЭ"),
    ("подготовка к ЕГЭ", "подготовки к ЕГЭ", "подготовке к ЕГЭ"),
    ("внеурочная деятельность", "внеурочной деятельности", "внеурочной деятельности"),
    ("самообразование педагога", "самообразования педагога", "самообразовании педагога"),
    ("здоровьесберегающие технологии", "здоровьесберегающих технологий", "технологиях"),
    ("игровые технологии", "игровых технологий", "игровых технологиях"),
    ("дистанционное обучение", "дистанционного обучения", "дистанционном обучении"),
    ("работа с одарёнными детьми", "работы с одарёнными детьми", "работе с одарёнными детьми"),
    ("патриотическое воспитание", "патриотического воспитания", "патриотическом воспитании"),
    ("финансовая грамотность", "финансовой грамотности", "финансовой грамотности"),
    ("экологическое воспитание", "экологического воспитания", "экологическом воспитании"),
]
TITLES = [
    "Методическая разработка урока {subj_gen} по теме «{topic}»",
    "{Topic} на уроках {subj_gen} в {grade} классе",
    "Конспект занятия: {topic}",
    "Рабочая программа курса «{Topic}»",
    "Технологическая карта урока {subj_gen}: {topic}",
    "Контрольно-измерительные материалы по предмету «{subj}», {grade} класс",
    "Из опыта работы учителя {subj_gen}: {topic}",
    "Сценарий мероприятия по теме «{Topic}»",
    "Презентация к уроку {subj_gen}: {topic}",
    "Лист оценки проекта: {topic}",
]
SENTENCES = [
    "Материал предназначен для учителей {subj_gen} и классных руководителей.",
    "Рассматриваются приёмы {topic_gen} на уроках и во внеурочной работе.",
    "Разработка содержит задания для учеников {grade} класса с ответами и критериями оценки.",
    "Описан опыт педагогов школы в {topic_prep}.",
    "Приведены примеры заданий, листы самооценки и рекомендации для педагогов.",
    "Урок построен на исследовательской деятельности учащихся и работе в группах.",
    "Подходит для дистанционного обучения и для занятий с одарёнными детьми.",
    "Методические рекомендации учителям по организации {topic_gen}.",
    "Включены материалы для родителей и план воспитательных мероприятий.",
    "Проект выполнен учащимися под руководством учителя {subj_gen}.",
]
QUERY_WORDS = [
    "урок", "уроки", "учитель", "учителей", "педагог", "педагогов", "проектная", "проектной",
    "деятельность", "деятельности", "функциональная", "грамотность", "оценивание", "оценки",
    "чтение", "мышление", "цифровая", "среда", "инклюзивное", "наставничество", "исследовательская",
    "воспитание", "родители", "родителями", "ОГЭ", "ЕГЭ", "внеурочная", "технологии",
    "игровые", "дистанционное", "одарённые", "дети", "финансовая", "экологическое", "математика",
    "математики", "истории", "биология", "физики", "информатика", "литература", "музыка",
    "программа", "конспект", "занятия", "сценарий", "презентация", "разработка", "методическая",
    "класс", "задания", "критерии", "проект", "школа", "опыт", "рекомендации",
]  # fmt: skip


def setup_django():
    os.environ.setdefault("PEDSET_VAR_DIR", str(BENCH_VAR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pedset.settings")
    ensure_database(os.environ.get("DATABASE_URL", ""))
    import django

    django.setup()


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


def material_text(rng: random.Random) -> tuple[str, str]:
    subj, subj_gen = rng.choice(SUBJECTS)
    topic, topic_gen, topic_prep = rng.choice(TOPICS)
    words = {
        "subj": subj,
        "subj_gen": subj_gen,
        "topic": topic,
        "Topic": topic[0].upper() + topic[1:],
        "topic_gen": topic_gen,
        "topic_prep": topic_prep,
        "grade": rng.randint(1, 11),
    }
    title = rng.choice(TITLES).format(**words)
    summary = " ".join(s.format(**words) for s in rng.sample(SENTENCES, rng.randint(2, 4)))
    return title, summary


def build_data(materials: int, reindex: bool) -> dict:
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    from pedset.accounts.models import User
    from pedset.communities.models import Community, Membership, MembershipStatus, Role
    from pedset.materials.models import (
        Level,
        Licence,
        Material,
        MaterialAuthor,
        MaterialStatus,
        MaterialType,
    )
    from pedset.organisations.models import Organisation
    from pedset.search.models import SearchDocument
    from pedset.search.services import index_rebuild

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    timings = {}
    community = Community.objects.filter(slug=SLUG).first()
    fresh = community is None or Material.objects.filter(community=community).count() != materials
    if fresh:
        Community.objects.filter(slug=SLUG).delete()
        operator, _ = Organisation.objects.get_or_create(
            full_name="Бенчмарк поиска: методический центр",
            defaults={"short_name": "Бенчмарк МЦ поиск", "district": "Бенчмарк"},
        )
        community = Community.objects.create(
            slug=SLUG,
            name="Сообщество для замеров поиска",
            regulation_text="Положение",
            goals="Замеры",
            rules_of_conduct="Правила",
            operator=operator,
            creation_order_number="1",
            creation_order_date=timezone.localdate(),
        )
        authors = []
        for n in range(MEMBERS):
            user, _ = User.objects.get_or_create(
                email=f"search{n}@bench.pedset.local",
                defaults={
                    "last_name": f"Поисков{n}",
                    "first_name": "Тест",
                    "position": "учитель",
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
        rng = random.Random(SEED)
        now = timezone.now()
        started = time.perf_counter()
        statuses = [MaterialStatus.INCLUDED] * 7 + [MaterialStatus.SUBMITTED] * 2
        statuses += [MaterialStatus.DRAFT]
        batch_size = 2000
        for start in range(0, materials, batch_size):
            batch = []
            for _ in range(start, min(materials, start + batch_size)):
                title, summary = material_text(rng)
                status = rng.choice(statuses)
                batch.append(
                    Material(
                        community=community,
                        title=title,
                        summary=summary,
                        material_type=rng.choice(MaterialType.values),
                        level=rng.choice(Level.values),
                        licence=Licence.CC_BY,
                        status=status,
                        round_number=0 if status == MaterialStatus.DRAFT else 1,
                        created_by=rng.choice(authors),
                        submitted_at=None
                        if status == MaterialStatus.DRAFT
                        else now - datetime.timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60)),
                    )
                )
            created = Material.objects.bulk_create(batch)
            MaterialAuthor.objects.bulk_create(
                MaterialAuthor(material=m, user_id=m.created_by_id, position=0) for m in created
            )
        timings["insert_s"] = time.perf_counter() - started
    if fresh or reindex or not SearchDocument.objects.filter(kind="material").exists():
        started = time.perf_counter()
        index_rebuild(batch_size=1000)
        timings["index_s"] = time.perf_counter() - started
    from django.db import connection

    if connection.vendor == "postgresql":
        # What autovacuum would have done by now: the planner needs to know the new rows.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    member = User.objects.get(email="search1@bench.pedset.local")
    return {"community": community, "member": member, "timings": timings}


def make_queries(count: int) -> list[str]:
    rng = random.Random(SEED + 1)
    queries = []
    while len(queries) < count:
        words = rng.sample(QUERY_WORDS, rng.choice([1, 1, 2, 2, 2, 3]))
        queries.append(" ".join(words))
    return queries


def percentiles(values: list[float]) -> dict:
    values = sorted(values)

    def pct(p):
        return values[min(len(values) - 1, int(len(values) * p))] * 1000 if values else 0

    return {
        "n": len(values),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "max_ms": values[-1] * 1000 if values else 0,
        "mean_ms": statistics.fmean(values) * 1000 if values else 0,
    }


def time_selector(viewer, queries: list[str]) -> dict:
    from pedset.search import selectors
    from pedset.search.text import parse_query

    latencies, hits = [], []
    for query in queries:
        terms = parse_query(query)
        started = time.perf_counter()
        outcome = selectors.search(viewer, terms)
        selectors.present(viewer, outcome.hits[: selectors.PAGE_SIZE], terms)
        latencies.append(time.perf_counter() - started)
        hits.append(outcome.total)
        # a fresh user object per query: nothing memoised between "requests"
        if viewer.is_authenticated:
            viewer = type(viewer).objects.get(pk=viewer.pk)
    result = percentiles(latencies)
    result["mean_results"] = statistics.fmean(hits) if hits else 0
    return result


def explain(queries: list[str]) -> str:
    """PostgreSQL's plan of one candidate query (to see the GIN index used)."""
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from pedset.search import registry
    from pedset.search.backends import backend
    from pedset.search.models import SearchDocument
    from pedset.search.text import parse_query

    if connection.vendor != "postgresql":
        return ""
    terms = parse_query(queries[0])
    provider = registry.provider("material")
    rows = (
        SearchDocument.objects.filter(kind="material")
        .filter(backend().match(terms))
        .filter(provider.visible(AnonymousUser()))
        .order_by("-date", "-id")
        .values("object_id", "title_stems", "body_stems")[:500]
    )
    return rows.explain(analyze=True)


def session_for(user) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "pedset.accounts.backends.EmailBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def time_http(port: int, queries: list[str], session: str | None, deadline: float) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": "127.0.0.1"}
    if session:
        headers["Cookie"] = f"sessionid={session}"
    latencies, errors = [], 0
    for query in queries:
        if time.monotonic() > deadline:
            break
        path = "/search/?" + urllib.parse.urlencode({"q": query})
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            ok = False
        if ok:
            latencies.append(time.perf_counter() - started)
        else:
            errors += 1
    result = percentiles(latencies)
    result["errors"] = errors
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--materials", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--reindex", action="store_true", help="rebuild the index even if present")
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--http-seconds", type=float, default=300, help="time bound of HTTP runs")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()

    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    setup_django()
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from pedset.search.models import SearchDocument

    load_before = os.getloadavg()[0]
    data = build_data(args.materials, args.reindex)
    queries = make_queries(args.queries)
    time_selector(AnonymousUser(), queries[:10])  # warm up caches and the stemmer
    results = {
        "selector, anonymous (the cabinet)": time_selector(AnonymousUser(), queries),
        "selector, member (cabinet + bank + own drafts)": time_selector(data["member"], queries),
    }
    plan = explain(queries)
    documents = SearchDocument.objects.count()
    if not args.no_http:
        session = session_for(data["member"])
        connection.close()
        port = free_port()
        server = start_server(
            port,
            # the bench is one client sending hundreds of searches: not to be throttled
            env={"SEARCH_LIMIT": "1000000", "SEARCH_LIMIT_PER_IP": "1000000"},
        )
        try:
            deadline = time.monotonic() + args.http_seconds
            time_http(port, queries[:5], None, deadline)  # warm-up
            results["page /search/, anonymous"] = time_http(port, queries, None, deadline)
            results["page /search/, member"] = time_http(port, queries, session, deadline)
        finally:
            server.terminate()
            server.wait(timeout=30)
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    timings = data["timings"]
    built = ", ".join(
        part
        for part in (
            f"inserted in {timings['insert_s']:.0f} s" if "insert_s" in timings else "",
            f"index built in {timings['index_s']:.0f} s" if "index_s" in timings else "",
        )
        if part
    )
    header = (
        f"{args.materials} materials ({documents} index documents with the members), {database}, "
        f"{len(queries)} queries of 1–3 words, one client, sequential"
        + (f"; {built}" if built else "")
        + f"; load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
    )
    rows = [
        "| what | p50 ms | p95 ms | max ms | mean ms | queries | mean results |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in results.items():
        rows.append(
            f"| {name} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['max_ms']:.1f} | "
            f"{r['mean_ms']:.1f} | {r['n']} | "
            + (f"{r['mean_results']:.0f}" if "mean_results" in r else f"errors: {r['errors']}")
            + " |"
        )
    table = "\n".join(rows)
    print(header)
    print(table)
    print(json.dumps(results, indent=2))
    if plan:
        print(plan)
    if args.write_docs:
        write_docs(header, table, args)


def write_docs(header: str, table: str, args) -> None:
    path = ROOT / "docs" / "performance.md"
    text = path.read_text() if path.exists() else "# Performance\n"
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    key = f"search-{database.lower()}"
    begin, end = f"<!-- bench:{key}:begin -->", f"<!-- bench:{key}:end -->"
    command = (
        ("DATABASE_URL=postgres://…/pedset_search_bench " if database == "PostgreSQL" else "")
        + f".venv/bin/python bench/search_latency.py --materials {args.materials} "
        f"--queries {args.queries}"
        + (" --reindex" if args.reindex else "")
        + (" --no-http" if args.no_http else "")
        + " --write-docs"
    )
    block = (
        f"{begin}\n### Search latency — {database}\n\n"
        f"Measured {time.strftime('%Y-%m-%d')} on the development machine (2 cores, 24 GiB, "
        f"shared with other work; client, server and database on the same machine). "
        f"{header}.\n\n```sh\n{command}\n```\n\n{table}\n{end}"
    )
    if begin in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text)


if __name__ == "__main__":
    main()
