"""The test corpus: materials, forum posts and people with fixed texts and dates. The corpus test
asserts the exact results and their order for several queries; CI runs it on SQLite and on
PostgreSQL, so the two backends are held to the same answer."""

from __future__ import annotations

import datetime

from django.utils import timezone

from pedset.accounts.tests.factories import SubjectFactory, UserFactory
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.forum.models import Post, Section
from pedset.forum.services import section_create_defaults
from pedset.forum.tests.factories import make_topic
from pedset.materials.models import Material, MaterialStatus, MaterialType, Tag
from pedset.materials.tests.factories import material_with_author
from pedset.organisations.tests.factories import OrganisationFactory

NOW = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)

# key: (title, annotation, type, status, days before NOW, tags)
MATERIALS = {
    "m-project-bio": (
        "Проектная деятельность на уроках биологии",
        "Методическая разработка: проектные задания для учителей биологии 7 класса.",
        MaterialType.METHODICAL,
        MaterialStatus.INCLUDED,
        30,
        ["проекты", "биология"],
    ),
    "m-project-history": (
        "Проекты по истории родного края",
        "Организация проектной деятельности школьников: этапы, критерии оценки, примеры.",
        MaterialType.PROJECT,
        MaterialStatus.INCLUDED,
        400,
        ["краеведение"],
    ),
    "m-teacher-council": (
        "Педагогический совет: учитель как наставник",
        "Сценарий педсовета о наставничестве учителей и педагогов.",
        MaterialType.METHODICAL,
        MaterialStatus.INCLUDED,
        10,
        [],
    ),
    "m-kim-math": (
        "КИМ по математике для 5 класса",
        "Контрольно-измерительные материалы: дроби, проценты, задачи на движение.",
        MaterialType.KIM,
        MaterialStatus.INCLUDED,
        120,
        ["математика"],
    ),
    "m-lesson-video": (
        "Видеозапись урока: проектная деятельность в начальной школе",
        "Урок окружающего мира; учитель ведёт проект с детьми.",
        MaterialType.LESSON_VIDEO,
        MaterialStatus.INCLUDED,
        700,
        [],
    ),
    "m-methodical-dev": (
        "Методические разработки для молодых педагогов",
        "Сборник методических разработок уроков русского языка.",
        MaterialType.METHODICAL,
        MaterialStatus.INCLUDED,
        60,
        ["наставничество"],
    ),
    "m-bank-project": (
        "Проектная деятельность в детском саду",
        "На экспертизе: проектная деятельность дошкольников.",
        MaterialType.PROJECT,
        MaterialStatus.SUBMITTED,
        5,
        [],
    ),
    "m-draft-project": (
        "Черновик: проектная деятельность учителя",
        "Ещё не отправлено.",
        MaterialType.PROJECT,
        MaterialStatus.DRAFT,
        1,
        [],
    ),
    "m-rejected": (
        "Проектная деятельность без критериев",
        "Отклонено экспертами.",
        MaterialType.PROJECT,
        MaterialStatus.REJECTED,
        90,
        [],
    ),
}

# key: (topic title or None for a reply in the previous topic, body, days before NOW)
POSTS = {
    "p-topic-projects": (
        "Как оценивать проектную деятельность?",
        "Коллеги, поделитесь критериями оценки проектов учеников.",
        20,
    ),
    "p-reply-projects": (
        None,
        "Мы оцениваем проектную деятельность по листу оценки, **учитель** заполняет его вместе "
        "с учеником.",
        19,
    ),
    "p-topic-teachers": (
        "Учителя-наставники",
        "Кто из учителей ведёт наставничество молодых педагогов?",
        3,
    ),
    "p-hidden": (
        "Скрытое обсуждение",
        "Проектная деятельность и оскорбления.",
        2,
    ),
}

# key: (last name, first name, position, about, published fields)
PEOPLE = {
    "u-bio": (
        "Лебедева",
        "Марина",
        "учитель биологии",
        "Руковожу проектной деятельностью школьников.",
        ("full_name", "position"),
    ),
    "u-math": (
        "Соколов",
        "Игорь",
        "учитель математики",
        "Готовлю к олимпиадам.",
        ("full_name", "position", "about"),
    ),
    "u-private": (
        "Орлова",
        "Нина",
        "педагог-психолог",
        "Проектная деятельность и наставничество.",
        (),
    ),
}

QUERIES = ["проектная деятельность", "учитель", "педагог наставник", "критерии оценки", "дроби"]


def build() -> dict[str, tuple[str, int]]:
    """Creates the corpus; returns {key: (kind, object id)} and, under "_reader", a member of
    the community (as ("reader", user id))."""
    from pedset.search.tests.factories import publish

    community = CommunityFactory(name="Сеть учителей естественных наук")
    section_create_defaults(community=community)
    section = Section.objects.filter(community=community, kind=Section.Kind.REGULAR).first()
    reader = MembershipFactory(
        community=community,
        user=UserFactory(
            last_name="Читателев", first_name="Олег", patronymic="", position="методист"
        ),
    ).user
    author = MembershipFactory(
        community=community,
        user=UserFactory(
            last_name="Авторов", first_name="Пётр", patronymic="", position="методист"
        ),
    ).user
    keys: dict[str, tuple[str, int]] = {"_reader": ("reader", reader.pk)}
    subject = SubjectFactory(name="Биология")
    for key, (title, summary, kind, status, days, tags) in MATERIALS.items():
        material = material_with_author(
            community=community,
            author=author,
            status=status,
            title=title,
            summary=summary,
            material_type=kind,
            subject=subject if "биолог" in title else None,
        )
        material.tags.set([Tag.objects.get_or_create(name=t)[0] for t in tags])
        Material.objects.filter(pk=material.pk).update(
            submitted_at=NOW - datetime.timedelta(days=days) if status != "draft" else None,
            created_at=NOW - datetime.timedelta(days=days),
        )
        keys[key] = ("material", material.pk)
    topic = None
    for key, (title, body, days) in POSTS.items():
        if title is not None:
            topic = make_topic(section, author, title=title, bodies=[body])
            post = topic.posts.get(position=1)
        else:
            from pedset.forum.tests.factories import add_posts

            post = add_posts(topic, author, 1, bodies=[body])[0]
            post = Post.objects.get(topic=topic, position=post.position)
        fields = {"created_at": NOW - datetime.timedelta(days=days)}
        if key == "p-hidden":
            fields["hidden_at"] = timezone.now()
        Post.objects.filter(pk=post.pk).update(**fields)
        keys[key] = ("post", post.pk)
    organisation = OrganisationFactory(short_name="Гимназия № 1")
    for key, (last, first, position, about, published) in PEOPLE.items():
        person = UserFactory(
            last_name=last,
            first_name=first,
            patronymic="",
            position=position,
            about=about,
            organisation=organisation,
        )
        MembershipFactory(community=community, user=person)
        publish(person, *published)
        keys[key] = ("member", person.pk)
    return keys
