"""The Russian grammar of people's names on documents: the person's grammatical gender and their
full name declined into a case (pytrovich, a port of petrovich's rules).

    gender_of(user) -> "male" | "female" | None
    declined_name(user or (surname, first name, patronymic), "dative") -> «Ивановой Марии Петровне»
    by_gender(gender, "принял", "приняла", "принял(а)") -> the form that agrees

Rules, in the order a clerk would apply them:
- the gender is the one the person gave in the profile; otherwise it is told by the patronymic
  («…вич» / «…вна», «оглы» / «кызы»), then by the first name, then by the surname; a name that
  says nothing certain (Саша Шевченко) has no gender (None);
- a name is declined only when its gender is known: surnames that do not decline (Черных, Ли,
  Шевченко, a woman's Жук) stay as they are, hyphenated surnames decline in each part
  (Римской-Корсаковой), «оглы» / «кызы» patronymics keep the particle as it is;
- a name with no gender, or with anything but Cyrillic letters and hyphens in a word (a foreign
  spelling, a digit), is left as written — the nominative is never wrong on paper, a wrong
  ending is. Declension never raises: a name that breaks the rules comes back unchanged.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from pytrovich.detector import PetrovichGenderDetector
from pytrovich.enums import Case, Gender, NamePart
from pytrovich.maker import PetrovichDeclinationMaker

logger = logging.getLogger(__name__)

MALE = "male"
FEMALE = "female"

CASES = {
    "nominative": Case.NOMINATIVE,
    "genitive": Case.GENITIVE,
    "dative": Case.DATIVE,
    "accusative": Case.ACCUSATIVE,
    "instrumental": Case.INSTRUMENTAL,
    "prepositional": Case.PREPOSITIONAL,
}

# A word the rules can decline: Cyrillic letters, parts joined by single hyphens.
_DECLINABLE_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
# Turkic patronymics keep their particle and are not declined: «Рашид оглы», «Лейла Рашид кызы».
_TURKIC_PATRONYMIC_ENDINGS = frozenset({"оглы", "огли", "улы", "уулу", "кызы", "гызы", "кизи"})
# Particles inside a surname or a first name stay as written: «фон Браун» → «фон Брауну».
_PARTICLES = frozenset(
    {"фон", "ван", "дер", "де", "ди", "да", "дю", "ла", "ле", "эль", "аль", "ибн", "бин", "бен"}
)


@lru_cache(maxsize=1)
def _maker() -> PetrovichDeclinationMaker:
    return PetrovichDeclinationMaker()


@lru_cache(maxsize=1)
def _detector() -> PetrovichGenderDetector:
    return PetrovichGenderDetector()


def _case(case) -> Case:
    if isinstance(case, Case):
        return case
    try:
        return CASES[str(case).lower()]
    except KeyError:
        raise ValueError(f"Unknown case {case!r}; one of {', '.join(CASES)}") from None


def _detected(part: str, value: str) -> str | None:
    """The gender one part of a name tells by itself, or None when it tells nothing certain."""
    words = value.split()
    if not words or not all(_DECLINABLE_WORD.fullmatch(word) for word in words):
        return None
    try:
        gender = _detector().detect(**{part: " ".join(words)})
    except Exception:  # noqa: BLE001 - a name must never break a document
        logger.debug("gender detection failed for %r", value, exc_info=True)
        return None
    return {Gender.MALE: MALE, Gender.FEMALE: FEMALE}.get(gender)


def detect_gender(last_name: str = "", first_name: str = "", patronymic: str = "") -> str | None:
    """The gender told by the patronymic, else by the first name, else by the surname."""
    for part, value in (
        ("middlename", patronymic),
        ("firstname", first_name),
        ("lastname", last_name),
    ):
        gender = _detected(part, value or "")
        if gender is not None:
            return gender
    return None


def gender_of(user) -> str | None:
    """ "male", "female" or None: the profile's answer, else what the name tells."""
    stated = getattr(user, "gender", "") or ""
    if stated in (MALE, FEMALE):
        return stated
    return detect_gender(user.last_name, user.first_name, user.patronymic)


def by_gender(gender: str | None, male: str, female: str, unknown: str) -> str:
    """The form that agrees with the person: by_gender(g, "принял", "приняла", "принял(а)")."""
    if gender == MALE:
        return male
    if gender == FEMALE:
        return female
    return unknown


def _decline_piece(part: NamePart, gender: Gender, case: Case, piece: str, known: bool) -> str:
    # One letter is an initial or a slip, not a name to decline.
    if len(piece) < 2:
        return piece
    try:
        result = _maker().make(part, gender, case, piece, known_gender=known)
    except Exception:  # noqa: BLE001 - a name must never break a document
        logger.debug("declension failed for %r", piece, exc_info=True)
        return piece
    if not isinstance(result, str) or not result:
        return piece
    if piece.isupper():
        return result.upper()  # «ИВАНОВА» → «ИВАНОВОЙ», not «ИВАНОВой»
    return result


def _decline_word(part: NamePart, gender: Gender, case: Case, word: str) -> str:
    """Each part of a hyphenated word declines by itself (Римской-Корсаковой); the gender is
    taken as known for the last part, as petrovich does."""
    if not _DECLINABLE_WORD.fullmatch(word) or word.lower() in _PARTICLES:
        return word
    pieces = word.split("-")
    last = len(pieces) - 1
    return "-".join(
        _decline_piece(part, gender, case, piece, index == last)
        for index, piece in enumerate(pieces)
    )


def _decline_part(part: NamePart, gender: Gender, case: Case, value: str) -> str:
    words = value.split()
    if not words:
        return ""
    if part == NamePart.MIDDLENAME and words[-1].lower() in _TURKIC_PATRONYMIC_ENDINGS:
        return " ".join(words)
    return " ".join(_decline_word(part, gender, case, word) for word in words)


def _parts(person) -> tuple[str, str, str]:
    if isinstance(person, tuple | list):
        values = (tuple(person) + ("", "", ""))[:3]
        return tuple(str(v or "") for v in values)  # type: ignore[return-value]
    return (person.last_name or "", person.first_name or "", person.patronymic or "")


def declined_name(person, case="nominative", gender: str | None = "detect") -> str:
    """The full name «Фамилия Имя Отчество» in the case, e.g. declined_name(user, "dative").

    ``person`` is a user or a tuple (surname, first name, patronymic). ``gender`` defaults to
    the person's (gender_of / detect_gender); pass "male", "female" or None to say it. With no
    gender the name is returned as written."""
    case = _case(case)
    last, first, patronymic = _parts(person)
    if gender == "detect":
        gender = (
            detect_gender(last, first, patronymic)
            if isinstance(person, tuple | list)
            else gender_of(person)
        )
    parts = [
        (NamePart.LASTNAME, last),
        (NamePart.FIRSTNAME, first),
        (NamePart.MIDDLENAME, patronymic),
    ]
    if case == Case.NOMINATIVE or gender not in (MALE, FEMALE):
        return " ".join(" ".join(value.split()) for _part, value in parts if value.split())
    grammatical = Gender.MALE if gender == MALE else Gender.FEMALE
    declined = (_decline_part(part, grammatical, case, value) for part, value in parts)
    return " ".join(value for value in declined if value)
