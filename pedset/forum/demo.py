"""Forum content for the demo: a few discussions in each community, written by its members.

Called by pedset.core.demo.loader for every community it creates:

    from pedset.forum.demo import load_forum_demo
    load_forum_demo(community, members)   # members: the community's active members, any order

Idempotent: a community whose forum already has topics is left alone. Writes rows directly
(as the services would leave them) so that the demo neither trips the posting rate limit nor
mails the synthetic people; the one moderator's action is still written to the moderation log.
"""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.utils import timezone, translation

from pedset.communities.models import Membership, MembershipStatus, Role
from pedset.forum.models import Post, PostRevision, Section, SectionFollow, Topic, TopicFollow
from pedset.forum.services import post_quote, section_create_defaults

# (title, pinned, locked, [post bodies]); "{quote}" in a body quotes the previous post.
DISCUSSIONS = [
    (
        "Как пользоваться форумом сообщества",
        True,
        True,
        [
            "Коллеги, добро пожаловать на форум!\n\n"
            "- темы создаются в подходящем разделе;\n"
            "- к сообщению можно приложить до пяти файлов (PDF, документы, таблицы, "
            "презентации, фотографии);\n"
            "- чтобы получать уведомления, нажмите «Следить за темой».\n\n"
            "Действия модераторов обсуждаются **только** в разделе «Обсуждение действий "
            "модераторов».",
        ],
    ),
    (
        "Формирующее оценивание на уроках: делимся приёмами",
        False,
        False,
        [
            "Предлагаю собрать в одной теме приёмы формирующего оценивания, которые реально "
            "работают в наших классах. Я использую «светофор» и листы самооценки в конце урока.",
            "{quote}Добавлю «билет на выход»: три коротких вопроса на карточке. За пять минут "
            "видно, кто понял тему, а кому нужна консультация.",
            "У нас в 5–6 классах хорошо прижились критериальные таблицы. Могу выложить шаблон, "
            "если кому-то пригодится.",
            "Выложите, пожалуйста! И ещё вопрос: как вы совмещаете это с электронным журналом?",
            "Отметки в журнал ставлю только за итоговые работы, формирующее оценивание идёт "
            "отдельно, в тетради наблюдений.",
        ],
    ),
    (
        "Подготовка к региональному этапу олимпиады",
        False,
        False,
        [
            "Коллеги, кто готовит ребят к региональному этапу? Давайте обменяемся заданиями "
            "прошлых лет и разберём трудные задачи вместе.",
            "Готовлю двоих девятиклассников. Предлагаю раз в две недели проводить совместное "
            "онлайн-занятие для учеников разных школ.",
            "{quote}Поддерживаю. Могу взять на себя разбор заданий по первому блоку.",
        ],
    ),
    (
        "Методическая неделя: предложения в план",
        False,
        False,
        [
            "Формируем план методической недели. Пишите, какие открытые уроки и мастер-классы "
            "готовы провести, с датами.",
            "Мастер-класс «Проектная деятельность в начальной школе», вторая половина ноября.",
        ],
    ),
]
MODERATION_TOPIC = (
    "Вопрос о скрытом сообщении",
    [
        "Моё сообщение в теме об олимпиаде скрыли. Я не до конца понимаю, какое правило "
        "нарушено, — поясните, пожалуйста.",
        "Сообщение содержало номер телефона ученика, а правила запрещают разглашать личные "
        "сведения без согласия. Перепишите его без персональных данных, и вопрос будет снят.",
    ],
)
HIDDEN_BODY = (
    "Если кому-то нужна помощь с подготовкой, звоните родителям моего ученика, они "
    "всё расскажут: +7 900 000-00-00."
)
HIDDEN_REASON = "Разглашение персональных данных ученика (правила поведения сообщества)."
EDITED_FROM = "Могу выложить шаблон."


def _roles(community, members) -> dict[int, str]:
    return dict(
        Membership.objects.filter(
            community=community,
            status=MembershipStatus.ACTIVE,
            user__in=[m.pk for m in members],
        ).values_list("user_id", "role")
    )


def _topic(section, title, author, *, pinned=False, locked=False) -> Topic:
    return Topic.objects.create(
        section=section, title=title, author=author, is_pinned=pinned, is_locked=locked
    )


def _posts(topic: Topic, bodies_and_authors, start: datetime.datetime, rng) -> list[Post]:
    """Posts one after another from ``start``, with the topic's counters as services keep them."""
    posts = []
    moment = start
    previous = None
    for position, (body, author) in enumerate(bodies_and_authors, start=1):
        if "{quote}" in body and previous is not None:
            with translation.override(settings.LANGUAGE_CODE):
                body = body.replace("{quote}", post_quote(previous))
        post = Post.objects.create(topic=topic, position=position, author=author, body=body)
        moment += datetime.timedelta(hours=rng.randint(1, 30), minutes=rng.randint(0, 59))
        Post.objects.filter(pk=post.pk).update(created_at=moment)
        post.created_at = moment
        posts.append(post)
        previous = post
    Topic.objects.filter(pk=topic.pk).update(
        created_at=posts[0].created_at,
        posts_count=len(posts),
        last_post_at=posts[-1].created_at,
        last_post_author=posts[-1].author,
    )
    TopicFollow.objects.get_or_create(user=topic.author, topic=topic)
    return posts


def load_forum_demo(community, members) -> int:
    """Topics and posts in the community's forum; returns how many posts were written."""
    from pedset.moderation.log import moderation_record
    from pedset.moderation.models import ModerationAction

    section_create_defaults(community=community)
    if Topic.objects.filter(section__community=community).exists():
        return 0
    members = [m for m in members if m.is_active]
    if len(members) < 3:
        return 0
    rng = random.Random(community.slug)
    roles = _roles(community, members)
    moderators = [m for m in members if roles.get(m.pk) == Role.MODERATOR] + [
        m for m in members if roles.get(m.pk) == Role.COORDINATOR
    ]
    ordinary = [m for m in members if roles.get(m.pk) in (Role.MEMBER, Role.EXPERT)] or members
    moderator = moderators[0] if moderators else members[0]
    general = Section.objects.filter(community=community, kind=Section.Kind.REGULAR).first()
    moderation_section = Section.objects.filter(
        community=community, kind=Section.Kind.MODERATION_DISCUSSION
    ).first()
    start = timezone.now() - datetime.timedelta(days=21)
    written = 0

    for index, (title, pinned, locked, bodies) in enumerate(DISCUSSIONS):
        author = moderator if pinned else ordinary[index % len(ordinary)]
        topic = _topic(general, title, author, pinned=pinned, locked=locked)
        people = [author] + rng.sample(ordinary, k=min(len(ordinary), 4))
        authored = [(body, people[i % len(people)]) for i, body in enumerate(bodies)]
        posts = _posts(topic, authored, start + datetime.timedelta(days=index * 3), rng)
        written += len(posts)
        if title.startswith("Формирующее") and len(posts) >= 3:
            # An edit with its history: the author added a sentence.
            edited = posts[2]
            PostRevision.objects.create(post=edited, body=EDITED_FROM, edited_by=edited.author)
            Post.objects.filter(pk=edited.pk).update(
                edited_at=edited.created_at + datetime.timedelta(minutes=20),
                edited_by=edited.author,
            )
        if title.startswith("Подготовка"):
            # A post hidden by a moderator, with the visible trace and the log entry.
            offender = ordinary[-1]
            hidden = Post.objects.create(
                topic=topic, position=len(posts) + 1, author=offender, body=HIDDEN_BODY
            )
            now = posts[-1].created_at + datetime.timedelta(hours=2)
            Post.objects.filter(pk=hidden.pk).update(
                created_at=now,
                hidden_at=now + datetime.timedelta(hours=1),
                hidden_by=moderator,
                hidden_reason=HIDDEN_REASON,
            )
            Topic.objects.filter(pk=topic.pk).update(
                posts_count=len(posts) + 1, last_post_at=now, last_post_author=offender
            )
            hidden.refresh_from_db()
            moderation_record(
                ModerationAction.Action.HIDE,
                community=community,
                actor=moderator,
                reason=HIDDEN_REASON,
                post=hidden,
            )
            written += 1
            if moderation_section is not None:
                question_title, (question, answer) = MODERATION_TOPIC
                discussion = _topic(moderation_section, question_title, offender)
                written += len(
                    _posts(
                        discussion,
                        [(question, offender), (answer, moderator)],
                        now + datetime.timedelta(hours=5),
                        rng,
                    )
                )
    for person in ordinary[:3]:
        SectionFollow.objects.get_or_create(user=person, section=general)
    return written
