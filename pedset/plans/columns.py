"""The columns of the work plan as the exports write them and the import reads them, and the
Russian names of the forms of activity (documents are Russian whatever the interface language:
officials edit them in Word and Excel)."""

from __future__ import annotations

from dataclasses import dataclass

from pedset.events.models import EventForm


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # as in the export and the template
    width: int  # XLSX column width, characters
    aliases: tuple[str, ...] = ()  # other headers the import accepts


NUMBER = Column("number", "№", 6, ("№ п/п", "n", "номер", "no"))
FORM = Column(
    "form",
    "Форма",
    24,
    ("форма работы", "форма мероприятия", "форма деятельности", "форма проведения"),
)
TOPIC = Column("topic", "Тема", 50, ("тема мероприятия", "мероприятие", "наименование мероприятия"))
STARTS_ON = Column("starts_on", "Сроки (начало)", 14, ("начало", "дата начала", "срок начала"))
ENDS_ON = Column(
    "ends_on", "Сроки (окончание)", 14, ("окончание", "дата окончания", "срок окончания")
)
# One column with both dates («01.02.2026 – 15.02.2026» or one date), as plans typed in Word do.
TERMS = Column("terms", "Сроки", 24, ("срок", "сроки проведения", "дата", "дата проведения"))
RESPONSIBLE = Column("responsible", "Ответственные", 32, ("ответственный", "ответственные лица"))
AUDIENCE = Column(
    "audience", "Участники", 28, ("участники (аудитория)", "аудитория", "целевая аудитория")
)
EXPECTED_RESULT = Column(
    "expected_result", "Ожидаемый результат", 40, ("планируемый результат", "результат")
)
MARK = Column(
    "mark", "Отметка о выполнении", 40, ("отметка о выполнении (заполняется платформой)",)
)

# The spreadsheet (export, template, import): dates in two columns, each a real date.
SHEET_COLUMNS = (
    NUMBER,
    FORM,
    TOPIC,
    STARTS_ON,
    ENDS_ON,
    RESPONSIBLE,
    AUDIENCE,
    EXPECTED_RESULT,
    MARK,
)
# The DOCX table: the term in one column.
DOCX_COLUMNS = (NUMBER, FORM, TOPIC, TERMS, RESPONSIBLE, AUDIENCE, EXPECTED_RESULT, MARK)
# Every column the import recognises (a file may have either the two date columns or «Сроки»).
KNOWN_COLUMNS = (*SHEET_COLUMNS, TERMS)


def header_key(text) -> str:
    """A header as compared: case, «ё», spaces and a trailing «*» or «:» do not matter."""
    text = " ".join(str(text or "").lower().replace("ё", "е").split())
    return text.rstrip("*: ").strip()


COLUMN_BY_HEADER: dict[str, Column] = {}
for _column in KNOWN_COLUMNS:
    for _name in (_column.title, *_column.aliases):
        COLUMN_BY_HEADER[header_key(_name)] = _column


# The forms of activity as the regulations name them (000, 001 3.4, 002 4, 004 1.3, 1.7).
FORM_NAMES_RU: dict[str, str] = {
    EventForm.WEBINAR: "вебинар",
    EventForm.VIDEO_CONFERENCE: "видеоконференция",
    EventForm.CONFERENCE: "конференция",
    EventForm.SEMINAR: "семинар",
    EventForm.VIRTUAL_CONFERENCE: "виртуальная конференция",
    EventForm.TELECONFERENCE: "телеконференция",
    EventForm.CONTEST: "конкурс",
    EventForm.FESTIVAL: "фестиваль",
    EventForm.PROJECT: "проект",
    EventForm.CAMPAIGN: "акция",
    EventForm.PEDAGOGICAL_COUNCIL: "виртуальный педагогический совет",
    EventForm.WORKSHOP: "педагогическая мастерская",
    EventForm.MASTER_CLASS: "мастер-класс",
    EventForm.CONSULTATION_LINE: "консультационная линия",
    EventForm.EXPERIENCE_PRESENTATION: "презентация опыта",
    EventForm.OPEN_MICROPHONE: "открытый микрофон",
    EventForm.OPEN_DAY: "день открытых дверей",
    EventForm.FAIR: "ярмарка педагогических идей",
    EventForm.VIRTUAL_PARTY: "виртуальная вечеринка",
    EventForm.CHAT_DISCUSSION: "обсуждение в чате",
}
# Other ways the regulations and district plans write some forms.
FORM_SYNONYMS_RU: dict[str, str] = {
    "вебконференция": EventForm.VIDEO_CONFERENCE,
    "веб-конференция": EventForm.VIDEO_CONFERENCE,
    "мастерская": EventForm.WORKSHOP,
    "педсовет": EventForm.PEDAGOGICAL_COUNCIL,
    "виртуальный педсовет": EventForm.PEDAGOGICAL_COUNCIL,
    "педагогический совет": EventForm.PEDAGOGICAL_COUNCIL,
    "консультативная линия": EventForm.CONSULTATION_LINE,
    "ярмарка": EventForm.FAIR,
    "чат": EventForm.CHAT_DISCUSSION,
    "день открытых дверей": EventForm.OPEN_DAY,
}


def form_name(code: str) -> str:
    """The Russian name of a form for documents: «Вебинар»."""
    name = FORM_NAMES_RU.get(code, code)
    return name[:1].upper() + name[1:]


def form_key(text) -> str:
    return " ".join(str(text or "").lower().replace("ё", "е").split()).strip(" .")


def form_from_text(text) -> str | None:
    """The form's code from its Russian name, a synonym, its code, or its name in the interface
    language (case, «ё» and spaces do not matter); None when unknown."""
    key = form_key(text)
    if not key:
        return None
    if key in FORM_BY_KEY:
        return FORM_BY_KEY[key]
    from django.utils import translation

    for language in ("ru", "en"):
        with translation.override(language):
            for code, label in EventForm.choices:
                if form_key(label) == key:
                    return code
    return None


FORM_BY_KEY: dict[str, str] = {}
for _code in EventForm.values:
    FORM_BY_KEY[form_key(_code)] = _code
    FORM_BY_KEY[form_key(_code.replace("_", " "))] = _code
for _code, _name in FORM_NAMES_RU.items():
    FORM_BY_KEY[form_key(_name)] = _code
for _name, _code in FORM_SYNONYMS_RU.items():
    FORM_BY_KEY[form_key(_name)] = _code
