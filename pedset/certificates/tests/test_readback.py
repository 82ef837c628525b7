"""Generated PDFs read back (pypdf): the printed name, the event's title, its date, the number and
the verification code are there as given — for hypothesis-generated Cyrillic names — and the
verb agrees with the holder's gender."""

import datetime
import io

import pypdf
import pytest
import time_machine
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pedset.accounts.tests.factories import UserFactory
from pedset.certificates.services import certificates_issue_for_event
from pedset.certificates.tests.factories import contest, juror, member
from pedset.communities.tests.factories import MembershipFactory
from pedset.events.tests.factories import EventFactory, registered

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 5, 11, 0, tzinfo=datetime.UTC)
LOWER = "абвгдеёжзийклмнопрстуфхцчшщыэюя"


def pdf_text(document) -> str:
    with document.pdf.open("rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def squeezed(text: str) -> str:
    """Long lines wrap (and long words break anywhere): compare without whitespace."""
    return "".join(text.split())


def spaced(text: str) -> str:
    return " ".join(text.split())


word = st.builds(
    lambda first, rest: first.upper() + rest,
    st.sampled_from(LOWER),
    st.text(alphabet=LOWER, min_size=1, max_size=14),
)
surname = st.lists(word, min_size=1, max_size=2).map("-".join)
# Capitals, digits and the characters HTML escapes too: the title must come back as typed.
title = st.text(
    alphabet=LOWER + LOWER.upper() + "0123456789 «»—-&<>\"'№.,:", min_size=3, max_size=120
).map(lambda t: " ".join(t.split()) or "семинар")


def webinar(community, title_text):
    return EventFactory(
        community=community,
        title=title_text,
        starts_at=START,
        ends_at=START + datetime.timedelta(minutes=90),
    )


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(last=surname, first=word, patronymic=st.one_of(st.just(""), word), event_title=title)
@example(
    last="Римская-Корсакова",
    first="Анна",
    patronymic="Ивановна",
    event_title="Функциональная грамотность на уроках",
)
@example(last="Ли", first="Ян", patronymic="", event_title='ОГЭ & ЕГЭ: <b>"5+"</b> № 2')
def test_certificate_says_the_name_title_date_number_and_code(
    community, last, first, patronymic, event_title
):
    # given a webinar of 5 March 2026 and a participant with a generated Cyrillic name
    event = webinar(community, event_title)
    user = UserFactory(last_name=last, first_name=first, patronymic=patronymic)
    MembershipFactory(community=community, user=user)
    registered(event, user, attended=True)
    # when the certificates are issued the next day
    with time_machine.travel(START + datetime.timedelta(days=1)):
        [award] = certificates_issue_for_event(actor=None, event=event).issued
    document = award.document
    # then the PDF says what was given
    flat = squeezed(pdf_text(document))
    printed = " ".join(p for p in (last, first, patronymic) if p)
    assert document.recipient_name == printed
    for expected in (
        printed,
        event.title,
        "СЕРТИФИКАТ",
        f"№ {document.number}",
        "5 марта 2026 г.",  # the event's date, in the sentence
        "6 марта 2026 г.",  # the date of issue
        document.verification_code,
        community.name,
    ):
        assert squeezed(expected) in flat, expected


@pytest.mark.parametrize(
    ("name", "gender", "verb"),
    [
        (("Иванова", "Мария", "Петровна"), "", "приняла участие"),
        (("Кузнецов", "Илья", "Сергеевич"), "", "принял участие"),
        (("Шевченко", "Саша", ""), "", "принял(а) участие"),
        (("Шевченко", "Саша", ""), "female", "приняла участие"),
    ],
)
def test_the_verb_agrees_with_the_holder(community, name, gender, verb):
    event = webinar(community, "Смысловое чтение")
    user = member(
        community, last_name=name[0], first_name=name[1], patronymic=name[2], gender=gender
    )
    registered(event, user, attended=True)
    with time_machine.travel(START + datetime.timedelta(days=1)):
        [award] = certificates_issue_for_event(actor=None, event=event).issued
    text = spaced(pdf_text(award.document))
    assert f"5 марта 2026 г. {verb} в вебинаре" in text


def test_a_letter_of_thanks_names_the_juror_in_the_dative(community):
    event = contest(community, title="Учитель цифровой эпохи")
    judge = member(community, last_name="Иванова", first_name="Мария", patronymic="Петровна")
    juror(event, judge)
    [award] = [
        a for a in certificates_issue_for_event(actor=None, event=event).issued if a.user == judge
    ]
    text = spaced(pdf_text(award.document))
    assert "БЛАГОДАРСТВЕННОЕ ПИСЬМО" in text
    assert "Ивановой Марии Петровне" in text
    assert "в составе жюри конкурса" in text
    assert "Учитель цифровой эпохи" in text
    assert award.document.verification_code in squeezed(text)


def test_a_letter_of_thanks_to_an_expert_of_a_consultation_line(community):
    # given a consultation line of 5 March where an expert answered a question
    from pedset.consultations.tests.factories import QuestionFactory, answered, open_line

    line = open_line(
        community=community,
        title="Подготовка к ОГЭ по математике",
        starts_at=START,
        ends_at=START + datetime.timedelta(hours=3),
    )
    expert = member(community, last_name="Соколов", first_name="Игорь", patronymic="Петрович")
    answered(QuestionFactory(event=line), by=expert)
    # when the documents are issued the next day
    with time_machine.travel(START + datetime.timedelta(days=1)):
        [award] = certificates_issue_for_event(actor=None, event=line).issued
    # then the expert's letter of thanks names them in the dative and says what for
    assert award.user == expert and award.ground == "consultant"
    assert award.document.kind == "letter_of_thanks"
    text = spaced(pdf_text(award.document))
    assert "БЛАГОДАРСТВЕННОЕ ПИСЬМО" in text
    assert "Соколову Игорю Петровичу" in text
    assert "за ответы на вопросы участников 5 марта 2026 г. на консультационной линии" in text
    assert "Подготовка к ОГЭ по математике" in text
