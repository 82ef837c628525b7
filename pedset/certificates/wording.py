"""What certificates, diplomas and letters of thanks of an event say.

Documents of the registry are printed in Russian whatever the language of the person who pressed
the button (the regulations are Russian, so is the paper). The sentences here depend on Russian
grammar — the case a form of activity takes after «в» / «на», the gender of the verb that agrees
with the holder — so they are written as Russian language data, like the month names of
`documents.rendering`, not as translatable interface strings.

The award layout of `documents/print/award.html` prints: the heading, the number, the holder's
name (``recipient_name``), the paragraphs, the title in quotes, the date of issue. So a
certificate reads

    СЕРТИФИКАТ № СТ-2026/0003
    Иванова Мария Петровна
    МБОУ «СОШ № 2»
    5 марта 2026 г. приняла участие в вебинаре
    «Функциональная грамотность на уроках»

and a letter of thanks names the holder in the dative («Ивановой Марии Петровне / за работу в
составе жюри конкурса / «…»»).
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

from pedset.certificates import grammar
from pedset.certificates.models import AwardGround
from pedset.documents.content import DocumentContent, Signature
from pedset.documents.models import DocumentKind
from pedset.documents.rendering import MONTHS_GENITIVE

TITLE_MAX = 500


@dataclass(frozen=True)
class FormWords:
    """A form of activity in the cases the documents need."""

    in_: str  # «принял участие в вебинаре»
    at: str  # «выступил с докладом на вебинаре»
    of: str  # «был организатором вебинара», «в составе жюри конкурса»


FORM_WORDS: dict[str, FormWords] = {
    "webinar": FormWords("в вебинаре", "на вебинаре", "вебинара"),
    "video_conference": FormWords("в видеоконференции", "на видеоконференции", "видеоконференции"),
    "conference": FormWords("в конференции", "на конференции", "конференции"),
    "seminar": FormWords("в семинаре", "на семинаре", "семинара"),
    "virtual_conference": FormWords(
        "в виртуальной конференции", "на виртуальной конференции", "виртуальной конференции"
    ),
    "teleconference": FormWords("в телеконференции", "на телеконференции", "телеконференции"),
    "contest": FormWords("в конкурсе", "на конкурсе", "конкурса"),
    "festival": FormWords("в фестивале", "на фестивале", "фестиваля"),
    "project": FormWords("в проекте", "в проекте", "проекта"),
    "campaign": FormWords("в акции", "в акции", "акции"),
    "pedagogical_council": FormWords(
        "в виртуальном педагогическом совете",
        "на виртуальном педагогическом совете",
        "виртуального педагогического совета",
    ),
    "workshop": FormWords(
        "в педагогической мастерской", "в педагогической мастерской", "педагогической мастерской"
    ),
    "master_class": FormWords("в мастер-классе", "на мастер-классе", "мастер-класса"),
    "consultation_line": FormWords(
        "в консультационной линии", "на консультационной линии", "консультационной линии"
    ),
    "experience_presentation": FormWords(
        "в презентации опыта", "на презентации опыта", "презентации опыта"
    ),
    "open_microphone": FormWords(
        "в «Открытом микрофоне»", "на «Открытом микрофоне»", "«Открытого микрофона»"
    ),
    "open_day": FormWords("в дне открытых дверей", "на дне открытых дверей", "дня открытых дверей"),
    "fair": FormWords(
        "в ярмарке педагогических идей",
        "на ярмарке педагогических идей",
        "ярмарки педагогических идей",
    ),
    "virtual_party": FormWords(
        "в виртуальной вечеринке", "на виртуальной вечеринке", "виртуальной вечеринки"
    ),
    "chat_discussion": FormWords("в обсуждении в чате", "в обсуждении в чате", "обсуждения в чате"),
}
# A form added later prints plainly rather than breaking the documents.
DEFAULT_WORDS = FormWords("в мероприятии", "на мероприятии", "мероприятия")

KIND_OF_GROUND = {
    AwardGround.PARTICIPANT: DocumentKind.CERTIFICATE,
    AwardGround.SPEAKER: DocumentKind.CERTIFICATE,
    AwardGround.ORGANISER: DocumentKind.CERTIFICATE,
    AwardGround.WINNER: DocumentKind.DIPLOMA,
    AwardGround.PRIZE_WINNER: DocumentKind.DIPLOMA,
    AwardGround.JURY: DocumentKind.LETTER_OF_THANKS,
    AwardGround.CONSULTANT: DocumentKind.LETTER_OF_THANKS,
}
# The registry's title of each document (public on /verify: no names of people in it).
TITLE_OF_GROUND = {
    AwardGround.PARTICIPANT: "Сертификат участника",
    AwardGround.SPEAKER: "Сертификат докладчика",
    AwardGround.ORGANISER: "Сертификат организатора",
    AwardGround.WINNER: "Диплом победителя",
    AwardGround.PRIZE_WINNER: "Диплом призёра",
    AwardGround.JURY: "Благодарственное письмо члену жюри",
    AwardGround.CONSULTANT: "Благодарственное письмо эксперту",
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}


def words_of(form: str) -> FormWords:
    return FORM_WORDS.get(form, DEFAULT_WORDS)


def date_words(day: datetime.date, *, year: bool = True) -> str:
    text = f"{day.day} {MONTHS_GENITIVE[day.month - 1]}"
    return f"{text} {day.year} г." if year else text


def local_day(community, moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(zoneinfo.ZoneInfo(community.time_zone)).date()


def event_dates(event) -> str:
    """When the event took place, in the community's zone: «5 марта 2026 г.», «с 3 по 5 марта
    2026 г.», «с 28 февраля по 3 марта 2026 г.», «с 28 декабря 2025 г. по 10 января 2026 г.»."""
    first = local_day(event.community, event.starts_at)
    last = local_day(event.community, event.ends_at)
    if last <= first:
        return date_words(first)
    if first.year != last.year:
        return f"с {date_words(first)} по {date_words(last)}"
    if first.month != last.month:
        return f"с {date_words(first, year=False)} по {date_words(last)}"
    return f"с {first.day} по {date_words(last)}"


def initials_and_surname(user) -> str:
    """«М. П. Иванова» — the signature's form (ГОСТ Р 7.0.97-2016 п. 5.23)."""
    initials = " ".join(f"{p[0]}." for p in (user.first_name, user.patronymic) if p)
    return f"{initials} {user.last_name}".strip()


def signature_of(community, signer) -> Signature | None:
    """The coordinator (else the administrator) of the community signs the documents of its
    events; ``signer`` is their Membership (selectors.signer_of)."""
    if signer is None:
        return None
    from pedset.communities.models import Role

    position = "Координатор" if signer.role == Role.COORDINATOR else "Администратор"
    return Signature(
        position=f"{position} сетевого сообщества «{community.name}»",
        name=initials_and_surname(signer.user),
    )


def registry_title(event, ground: str) -> str:
    """«Сертификат участника вебинара «…»» — the document's title in the registry."""
    words = words_of(event.form)
    prefix = f"{TITLE_OF_GROUND[ground]} {words.of} «"
    room = TITLE_MAX - len(prefix) - 1
    title = " ".join(event.title.split())
    if len(title) > room:
        title = title[: room - 1].rstrip() + "…"
    return f"{prefix}{title}»"


def _organisation_line(user) -> tuple[str, ...]:
    organisation = getattr(user, "organisation", None) if user.organisation_id else None
    return (organisation.short_name,) if organisation is not None else ()


@dataclass(frozen=True)
class AwardText:
    kind: str
    title: str
    recipient_name: str
    content: DocumentContent


def award_text(
    *, event, user, ground: str, entry=None, signer=None, topic: str = "", is_chair: bool = False
) -> AwardText:
    """Everything one document of the event says for one person and ground."""
    gender = grammar.gender_of(user)
    words = words_of(event.form)
    dates = event_dates(event)
    event_title = " ".join(event.title.split())
    nominative = grammar.declined_name(user, "nominative")
    recipient_name = nominative
    title = event_title
    heading = "СЕРТИФИКАТ"
    paragraphs: list[str] = list(_organisation_line(user))
    extra = {
        "event_id": event.pk,
        "event_title": event_title,
        "event_form": event.form,
        "event_dates": dates,
        "ground": str(ground),
        "holder": nominative,
        "gender": gender or "",
    }

    if ground == AwardGround.PARTICIPANT:
        verb = grammar.by_gender(gender, "принял", "приняла", "принял(а)")
        paragraphs.append(f"{dates} {verb} участие {words.in_}")
    elif ground == AwardGround.SPEAKER:
        verb = grammar.by_gender(gender, "выступил", "выступила", "выступил(а)")
        topic = " ".join((topic or "").split())
        talk = f"с докладом «{topic}»" if topic else "с докладом"
        paragraphs.append(f"{dates} {verb} {talk} {words.at}")
        if topic:
            extra["topic"] = topic
    elif ground == AwardGround.ORGANISER:
        verb = grammar.by_gender(gender, "был", "была", "был(а)")
        paragraphs.append(f"{dates} {verb} организатором {words.of}")
    elif ground in (AwardGround.WINNER, AwardGround.PRIZE_WINNER):
        degree = getattr(entry, "degree", None)
        if ground == AwardGround.WINNER:
            heading = "ДИПЛОМ"
            placing = "победитель"
        else:
            roman = ROMAN.get(degree or 0, "")
            heading = f"ДИПЛОМ {roman} СТЕПЕНИ" if roman and degree and degree > 1 else "ДИПЛОМ"
            placing = "призёр"
        paragraphs.append(f"{placing} {words.of} «{event_title}»")
        nomination = getattr(entry, "nomination", None) if entry is not None else None
        if nomination is not None:
            paragraphs.append(f"в номинации «{' '.join(nomination.name.split())}»")
            extra["nomination"] = nomination.name
        if entry is not None:
            paragraphs.append(f"за работу «{' '.join(entry.title.split())}»")
            extra["entry_id"] = entry.pk
            extra["entry_title"] = entry.title
            if degree:
                extra["degree"] = degree
        title = ""
    elif ground == AwardGround.JURY:
        heading = "БЛАГОДАРСТВЕННОЕ ПИСЬМО"
        recipient_name = grammar.declined_name(user, "dative")
        paragraphs = []  # the name is in the dative: «Ивановой Марии Петровне за работу …»
        role = "в качестве председателя жюри" if is_chair else "в составе жюри"
        paragraphs.append(f"за работу {dates} {role} {words.of}")
    elif ground == AwardGround.CONSULTANT:
        heading = "БЛАГОДАРСТВЕННОЕ ПИСЬМО"
        recipient_name = grammar.declined_name(user, "dative")
        paragraphs = []
        paragraphs.append(f"за ответы на вопросы участников {dates} {words.at}")
    else:  # pragma: no cover - AwardGround is closed
        raise ValueError(f"Unknown ground {ground!r}")

    return AwardText(
        kind=KIND_OF_GROUND[ground],
        title=registry_title(event, ground),
        recipient_name=recipient_name,
        content=DocumentContent(
            heading=heading,
            title=title,
            paragraphs=tuple(paragraphs),
            signature=signature_of(event.community, signer),
            extra=extra,
        ),
    )
