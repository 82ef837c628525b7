"""Activities of the demo (issue 5): work plans, events of many forms, online rooms, contests,
certificates and consultation lines.

Called by pedset.core.demo.loader for every demo community, after its materials:

    from pedset.core.demo.activities import load_activities_demo
    added = load_activities_demo(community)   # -> Added(events=…, plan_items=…, certificates=…)

Everything goes through the REAL services of the apps (plans, events, rooms, contests,
certificates, consultations), as a coordinator, the members, the experts and the jury would act
on the site: the coordinator writes the year's work plan and approves it, creates the events
from its items, announces them, names the speakers, sets up the online rooms; the members
register (the places of a master class run out and the waiting list forms), join the room of a
webinar (the join marks their attendance), submit contest entries and ask questions on a
consultation line; the experts answer and publish the answers, the jury scores the entries, the
coordinator publishes the results and issues the certificates and diplomas.

The services stamp everything with the present moment and refuse to announce an event that is
over. An event of the past is therefore held "now" — announced, registered for, entered through
its room, judged — and then the whole of it is moved back to its day (a direct update of the
stamps only, noted where it is done; the states are the services'), before its documents are
issued: those carry today's date, as an issued document never changes. Registrations, questions
and entries are spread back over the days before the moment they belong to, in the order they
were made (the waiting list keeps its order).

In «Синергия», where the demo logins are, every kind of activity is shown (see SINERGIYA); the
other communities get a smaller year. The demo member is registered for the coming webinar, on
the waiting list of the full master class (second), holds a participant's certificate of the
past webinar and a prize-winner's diploma of the contest, has an entry in the open festival and
a published question on the consultation line; the demo expert chairs the contest's jury,
speaks at the seminar and answers on the line; the draft event is seen by the coordinator only.
About thirty documents are issued in all (WeasyPrint takes a while per document).

No BigBlueButton or Jitsi server exists in the demo: rooms are plain links on the reserved
`.example` domain (RFC 2606), which no browser can reach — a link is only a link. Nothing is
e-mailed to the synthetic people (materials._notices_in_the_site_only).

Idempotent: a community that already has events or a work plan is left alone.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import random
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from pedset.accounts.models import User
from pedset.communities.models import Community, Membership, MembershipStatus, Role
from pedset.core import workdays
from pedset.core.demo import content
from pedset.events.models import (
    Audience,
    Event,
    EventForm,
    EventMaterial,
    Registration,
)
from pedset.plans.models import PlanItem, PlanItemStatus, WorkPlan

F = EventForm
S = PlanItemStatus

# What becomes of an event in the demo.
UPCOMING = "upcoming"  # announced, people register (the demo member too, where there is one)
FULL = "full"  # announced, the places are taken, a waiting list of three
PAST = "past"  # held: registrations, room joins, attendance, recording; perhaps documents
CONTEST = "contest"  # held: entries, the jury's scores, published results, diplomas
OPEN_CALL = "open_call"  # running: entries are accepted, the jury is named
LINE = "line"  # a consultation line running now: questions, answers, published answers
CANCELLED = "cancelled"  # announced, then cancelled with a reason (the registered are told)
DRAFT = "draft"  # being prepared: seen by the coordinator only

ROOM_HOST = "https://telemost.example/j/"  # RFC 2606: never resolves


@dataclass(frozen=True)
class ItemSpec:
    """An item of the work plan. ``days``: its first and last day, so many days from the load
    (in the community's calendar), kept within the plan's year; ``dates``: (month, day) pairs
    for an item of next year's plan. People are tokens of Cast.person."""

    key: str
    form: str
    topic: str
    status: str
    responsible: tuple[str, ...]
    audience: str
    result: str
    days: tuple[int, int] = (0, 0)
    dates: tuple[tuple[int, int], tuple[int, int]] | None = None
    note: str = ""
    responsible_text: str = ""


@dataclass(frozen=True)
class QuestionSpec:
    text: str
    answer: str = ""  # "": the question waits for an answer
    answerer: int = 0  # which expert answers
    published: bool = True
    asker: str = ""  # a token of Cast.person; "": the next ordinary member
    show_name: bool = False


@dataclass(frozen=True)
class EntrySpec:
    title: str
    summary: str
    nomination: int
    author: str = ""  # a token of Cast.person; "": the next ordinary member
    coauthors: int = 0
    # 1–5: what the jury gives it on each criterion (scaled to the criterion's maximum; each
    # juror a point less on one criterion), so the ranking within a nomination follows it.
    level: int = 3


@dataclass(frozen=True)
class ContestSpec:
    nominations: tuple[str, ...]
    criteria: tuple[tuple[str, int], ...]
    jury: tuple[str, ...]  # tokens; the first chairs
    entries: tuple[EntrySpec, ...]


@dataclass(frozen=True)
class EventSpec:
    fate: str
    form: str
    title: str
    description: str
    day: int  # the start, so many days from the load (the community's calendar)
    hour: int  # local hour of the start
    minutes: int = 90  # the length, when it ends the same day
    end_day: int | None = None  # a last day, for an event of several days
    item: str = ""  # the key of the plan item it carries out
    venue: str = ""
    capacity: int | None = None
    registrations: int = 0  # how many register, besides the demo member
    member: str = ""  # the demo member: "registered", "waitlisted", "attended", "entry", "question"
    speakers: tuple[tuple[str, str], ...] = ()  # (token, topic of the talk)
    attended: int = 0  # PAST: of the registered, how many come through the room …
    marked: int = 0  # … and how many more an organiser marks present
    certificates: bool = False  # PAST, CONTEST: the documents are issued
    recording: bool = False
    materials: tuple[str, ...] = ()  # "programme" (a DOCX), "bank" (an included material)
    reason: str = ""  # CANCELLED
    questions: tuple[QuestionSpec, ...] = ()
    contest: ContestSpec | None = None
    submissions_days: int | None = None  # OPEN_CALL: entries accepted until this day


@dataclass(frozen=True)
class CommunityActivities:
    items: tuple[ItemSpec, ...]
    next_year: tuple[ItemSpec, ...]
    events: tuple[EventSpec, ...]


# --- «Синергия»: every kind of activity ------------------------------------------------------

SINERGIYA = CommunityActivities(
    items=(
        ItemSpec(
            "council",
            F.PEDAGOGICAL_COUNCIL,
            "Виртуальный педагогический совет «Сетевое взаимодействие школ: итоги первого "
            "полугодия»",
            S.DONE,
            ("coordinator", "administrator"),
            "руководители и заместители руководителей школ-участниц",
            "Подведены итоги первого полугодия, утверждены темы сетевых мероприятий второго "
            "полугодия; протокол размещён в сообществе.",
            days=(-150, -150),
        ),
        ItemSpec(
            "contest",
            F.CONTEST,
            "Сетевой конкурс методических разработок «Внеурочное занятие в центре «Точка роста»»",
            S.DONE,
            ("coordinator", "expert:0"),
            "педагоги школ-участниц",
            "Выявлены и распространены лучшие разработки внеурочных занятий; победители и "
            "призёры награждены дипломами, лучшие работы рекомендованы в виртуальный "
            "методический кабинет.",
            days=(-45, -9),
        ),
        ItemSpec(
            "webinar-past",
            F.WEBINAR,
            "Вебинар «Организация внеурочной деятельности в малокомплектной школе: модели и "
            "расписание»",
            S.DONE,
            ("coordinator", "expert:1"),
            "заместители директоров по воспитательной работе, педагоги-организаторы",
            "Участники познакомились с моделями организации внеурочной деятельности; запись "
            "вебинара доступна участникам, выданы сертификаты.",
            days=(-16, -12),
        ),
        ItemSpec(
            "campaign",
            F.CAMPAIGN,
            "Сетевая акция «Читаем вместе» для обучающихся 5–7 классов",
            S.IN_PROGRESS,
            ("moderator:0",),
            "обучающиеся 5–7 классов, педагоги-библиотекари",
            "Не менее 150 обучающихся из всех школ-участниц прочитали и обсудили книги списка; "
            "отчёт об акции размещён в сообществе.",
            days=(-40, -10),
        ),
        ItemSpec(
            "line",
            F.CONSULTATION_LINE,
            "Консультационная линия «Рабочая программа воспитания и календарный план "
            "воспитательной работы»",
            S.IN_PROGRESS,
            ("expert:0", "expert:2"),
            "заместители директоров по воспитательной работе, классные руководители",
            "Ответы экспертов на вопросы педагогов опубликованы в сообществе.",
            days=(-2, 5),
        ),
        ItemSpec(
            "festival",
            F.FESTIVAL,
            "Сетевой фестиваль детского творчества «Созвездие талантов»",
            S.IN_PROGRESS,
            ("coordinator", "ordinary:0"),
            "обучающиеся школ-участниц и их педагоги",
            "Не менее 30 работ обучающихся; жюри определит победителей в каждой номинации, "
            "лучшие номера покажут на районном празднике.",
            days=(-5, 25),
        ),
        ItemSpec(
            "webinar",
            F.WEBINAR,
            "Вебинар «Цифровые ресурсы в работе педагога-организатора»",
            S.PLANNED,
            ("coordinator",),
            "педагоги-организаторы, классные руководители",
            "Участники научатся пользоваться цифровыми сервисами для планирования внеурочной "
            "деятельности; запись вебинара доступна участникам.",
            days=(3, 3),
        ),
        ItemSpec(
            "master-class",
            F.MASTER_CLASS,
            "Мастер-класс «Робототехника для начинающих: первый проект на конструкторе»",
            S.PLANNED,
            ("ordinary:1",),
            "педагоги дополнительного образования, учителя технологии",
            "Участники соберут и запрограммируют первую модель и смогут провести такое "
            "занятие с обучающимися.",
            days=(6, 6),
        ),
        ItemSpec(
            "open-microphone",
            F.OPEN_MICROPHONE,
            "Открытый микрофон «Моя находка во внеурочной деятельности»",
            S.CANCELLED,
            ("moderator:1",),
            "педагоги школ-участниц",
            "Каждый участник представит один приём или формат занятия, которые сработали в "
            "его школе.",
            days=(8, 8),
            note="Перенесено на 2027 год: в эти дни проходит муниципальный этап всероссийской "
            "олимпиады школьников, многие педагоги работают в жюри.",
        ),
        ItemSpec(
            "seminar",
            F.SEMINAR,
            "Семинар «Сетевые образовательные программы: от договора до результата»",
            S.PLANNED,
            ("coordinator", "expert:0"),
            "руководители и заместители руководителей школ-участниц",
            "Согласован порядок реализации сетевых программ на следующий учебный год; "
            "материалы семинара размещены в сообществе.",
            days=(10, 10),
            responsible_text="специалист управления образования по дополнительному образованию",
        ),
    ),
    next_year=(
        ItemSpec(
            "conference",
            F.CONFERENCE,
            "Сетевая научно-практическая конференция «Внеурочная деятельность: эффективные "
            "практики сельской школы»",
            S.PLANNED,
            ("coordinator", "expert:0"),
            "педагоги школ-участниц и школ района",
            "Сборник материалов конференции; лучшие практики — в виртуальный методический кабинет.",
            dates=((3, 18), (3, 18)),
        ),
        ItemSpec(
            "project",
            F.PROJECT,
            "Сетевой проект «Музыкальная карта родного края»",
            S.PLANNED,
            ("ordinary:2",),
            "обучающиеся 5–7 классов и учителя музыки",
            "Интерактивная карта района с записями народных песен и наигрышей сёл.",
            dates=((9, 1), (12, 15)),
        ),
    ),
    events=(
        EventSpec(
            CONTEST,
            F.CONTEST,
            "Сетевой конкурс методических разработок «Внеурочное занятие в центре «Точка роста»»",
            "Конкурс для педагогов школ сообщества: сценарии и технологические карты "
            "внеурочных занятий с использованием оборудования центров «Точка роста». Работы "
            "принимались до окончания приёма заявок, жюри оценивало их без имён авторов.",
            day=-45,
            hour=9,
            end_day=-9,
            item="contest",
            contest=ContestSpec(
                nominations=(
                    "Естественнонаучная направленность",
                    "Технологическая направленность",
                ),
                criteria=(
                    ("Актуальность и соответствие ФГОС", 5),
                    ("Методическая ценность и возможность тиражирования", 5),
                    ("Использование оборудования центра", 5),
                ),
                jury=("expert:0", "expert:1", "expert:2"),
                entries=(
                    EntrySpec(
                        "Занятие «Лаборатория юного химика: исследуем воду родного села»",
                        "Исследовательское занятие для 7 класса: пробы воды из колодцев и "
                        "родника, определение жёсткости и кислотности с цифровой лабораторией.",
                        0,
                        level=5,
                    ),
                    EntrySpec(
                        "Цикл занятий «Микромир под микроскопом»",
                        "Три занятия для 5–6 классов с цифровым микроскопом: клетки растений, "
                        "простейшие в капле воды, фотоальбом «Невидимый мир».",
                        0,
                        author="member",
                        coauthors=1,
                        level=4,
                    ),
                    EntrySpec(
                        "Занятие «Физика на кухне»",
                        "Опыты с бытовыми предметами и датчиками температуры: теплопроводность, "
                        "кипение, конвекция.",
                        0,
                        level=3,
                    ),
                    EntrySpec(
                        "Проект «Умная теплица» на конструкторе",
                        "Групповой проект для 7–8 классов: датчики влажности и температуры, "
                        "автоматический полив, программирование контроллера.",
                        1,
                        level=5,
                        coauthors=1,
                    ),
                    EntrySpec(
                        "Занятие «3D-модель школьного двора»",
                        "Обмер двора, построение модели в программе 3D-моделирования, печать "
                        "макета на 3D-принтере центра.",
                        1,
                        level=4,
                    ),
                    EntrySpec(
                        "Занятие «Квадрокоптер: первый полёт»",
                        "Правила безопасности, устройство квадрокоптера, полёт по заданному "
                        "маршруту в спортивном зале.",
                        1,
                        level=3,
                    ),
                    EntrySpec(
                        "Занятие «Электрическая цепь своими руками»",
                        "Сборка простых электрических цепей из набора центра, измерение "
                        "силы тока и напряжения цифровыми датчиками.",
                        1,
                        level=2,
                    ),
                ),
            ),
            certificates=True,
        ),
        EventSpec(
            PAST,
            F.WEBINAR,
            "Организация внеурочной деятельности в малокомплектной школе: модели и расписание",
            "Вебинар о том, как малокомплектной сельской школе выстроить внеурочную "
            "деятельность: модели (оптимизационная, на базе центра «Точка роста», сетевая), "
            "разновозрастные группы, единое расписание с дополнительным образованием.",
            day=-14,
            hour=15,
            item="webinar-past",
            registrations=9,
            member="attended",
            speakers=(("expert:1", "Модели внеурочной деятельности в сельской школе"),),
            attended=5,
            marked=2,
            certificates=True,
            recording=True,
        ),
        EventSpec(
            LINE,
            F.CONSULTATION_LINE,
            "Рабочая программа воспитания и календарный план воспитательной работы",
            "Эксперты сообщества отвечают на вопросы о рабочей программе воспитания, "
            "календарном плане воспитательной работы и их согласовании с внеурочной "
            "деятельностью. Ответы на типичные вопросы публикуются для всех.",
            day=-2,
            hour=9,
            end_day=5,
            item="line",
            questions=(
                QuestionSpec(
                    "Нужно ли включать в календарный план воспитательной работы мероприятия "
                    "центра «Точка роста» или они идут только в план внеурочной деятельности?",
                    "Включать нужно те мероприятия центра, которые имеют воспитательную цель и "
                    "проводятся для всех или для части обучающихся (дни науки, конкурсы, "
                    "экскурсии). Регулярные занятия кружков остаются в плане внеурочной "
                    "деятельности. В календарном плане достаточно указать мероприятие, сроки, "
                    "классы и ответственного.",
                    answerer=0,
                ),
                QuestionSpec(
                    "Как в малокомплектной школе учесть в рабочей программе воспитания работу "
                    "разновозрастных групп?",
                    "В разделе «Организационный» опишите разновозрастные объединения как "
                    "особенность уклада школы; в модулях «Внеурочная деятельность» и "
                    "«Основные школьные дела» укажите, какие дела проводятся разновозрастными "
                    "группами. Отдельная программа для каждой группы не нужна.",
                    answerer=2,
                    asker="member",
                    show_name=True,
                ),
                QuestionSpec(
                    "Можно ли корректировать календарный план воспитательной работы в течение "
                    "учебного года?",
                    "Да. Календарный план утверждается на учебный год и может дополняться: "
                    "изменения вносятся приказом руководителя или решением педагогического "
                    "совета — как предусмотрено локальным актом школы.",
                    answerer=0,
                ),
                QuestionSpec(
                    "Подскажите, как оформить участие обучающихся в сетевых мероприятиях "
                    "сообщества в характеристике класса?",
                ),
            ),
        ),
        EventSpec(
            OPEN_CALL,
            F.FESTIVAL,
            "Сетевой фестиваль детского творчества «Созвездие талантов»",
            "Фестиваль для обучающихся школ сообщества. Заявки (видеозапись номера или "
            "фотографии работы) принимаются до указанной даты; жюри — педагоги "
            "дополнительного образования школ-участниц.",
            day=-5,
            hour=9,
            end_day=25,
            item="festival",
            submissions_days=12,
            member="entry",
            contest=ContestSpec(
                nominations=(
                    "Вокал",
                    "Художественное слово",
                    "Декоративно-прикладное творчество",
                ),
                criteria=(("Исполнительское мастерство", 10), ("Оригинальность", 10)),
                jury=("expert:0", "expert:2", "administrator"),
                entries=(
                    EntrySpec(
                        "Ансамбль «Жаворонки»: народная песня «Во поле берёза стояла»",
                        "Вокальный ансамбль обучающихся 3–5 классов, видеозапись выступления.",
                        0,
                        author="member",
                    ),
                    EntrySpec(
                        "Чтение стихотворения С. Есенина «Берёза»",
                        "Обучающаяся 6 класса, видеозапись выступления.",
                        1,
                    ),
                    EntrySpec(
                        "Панно «Осень в селе» из природных материалов",
                        "Коллективная работа кружка декоративно-прикладного творчества.",
                        2,
                    ),
                    EntrySpec(
                        "Роспись разделочной доски по мотивам городецкой росписи",
                        "Работа обучающегося 7 класса, фотографии этапов.",
                        2,
                    ),
                ),
            ),
        ),
        EventSpec(
            UPCOMING,
            F.WEBINAR,
            "Цифровые ресурсы в работе педагога-организатора",
            "Как спланировать внеурочную деятельность и воспитательные события с помощью "
            "цифровых сервисов: общий календарь, формы записи, опросы родителей. Вебинар "
            "проводится в онлайн-комнате; ссылка появится у зарегистрированных участников за "
            "15 минут до начала.",
            day=3,
            hour=15,
            item="webinar",
            registrations=11,
            member="registered",
            speakers=(("moderator:0", "Цифровой календарь воспитательных событий школы"),),
        ),
        EventSpec(
            FULL,
            F.MASTER_CLASS,
            "Робототехника для начинающих: первый проект на конструкторе",
            "Мастер-класс для педагогов дополнительного образования и учителей технологии: "
            "сборка и программирование простой модели, типичные ошибки начинающих, работа "
            "обучающихся в парах. Число мест ограничено числом наборов конструктора.",
            day=6,
            hour=14,
            minutes=120,
            item="master-class",
            venue="Центр «Точка роста», кабинет робототехники (и онлайн-трансляция)",
            capacity=10,
            registrations=12,
            member="waitlisted",
            speakers=(("ordinary:1", "Первый проект на конструкторе: от сборки до программы"),),
        ),
        EventSpec(
            CANCELLED,
            F.OPEN_MICROPHONE,
            "Открытый микрофон «Моя находка во внеурочной деятельности»",
            "Каждый участник за пять минут рассказывает об одном приёме или формате занятия, "
            "который сработал в его школе.",
            day=8,
            hour=16,
            item="open-microphone",
            registrations=5,
            reason="Мероприятие переносится на 2027 год: в эти дни проходит муниципальный этап "
            "всероссийской олимпиады школьников, многие педагоги работают в жюри. Новая дата "
            "будет в плане работы сообщества.",
        ),
        EventSpec(
            UPCOMING,
            F.SEMINAR,
            "Сетевые образовательные программы: от договора до результата",
            "Семинар для управленческих команд школ сообщества: договор о сетевой форме "
            "реализации программ, распределение часов и оборудования, учёт результатов "
            "обучающихся. Программа семинара и материалы докладчиков — ниже.",
            day=10,
            hour=10,
            minutes=180,
            item="seminar",
            venue="МБОУ «СОШ № 1», актовый зал (и онлайн-трансляция)",
            registrations=8,
            speakers=(
                ("expert:0", "Договор о сетевой форме реализации образовательных программ"),
                ("administrator", "Единое расписание и график использования оборудования"),
                ("ordinary:3", "Опыт школы: учёт результатов обучающихся в сетевой программе"),
            ),
            materials=("programme", "bank"),
        ),
        EventSpec(
            DRAFT,
            F.PEDAGOGICAL_COUNCIL,
            "Виртуальный педагогический совет «Итоги года сетевого взаимодействия»",
            "Черновик: повестка и докладчики уточняются.",
            day=24,
            hour=15,
        ),
    ),
)

# --- Олёкминский район -------------------------------------------------------------------------

OLYOKMINSKY = CommunityActivities(
    items=(
        ItemSpec(
            "olonkho",
            F.MASTER_CLASS,
            "Мастер-класс «Этнокультурный компонент на уроках литературы: олонхо»",
            S.DONE,
            ("expert:1",),
            "учителя русского языка и литературы",
            "Участники получили комплект заданий по олонхо для 5–7 классов.",
            days=(-95, -95),
        ),
        ItemSpec(
            "open-day",
            F.OPEN_DAY,
            "День открытых дверей центра «Точка роста» (г. Олёкминск)",
            S.CANCELLED,
            ("coordinator",),
            "педагоги района",
            "Педагоги сёл познакомятся с оборудованием центра и форматами занятий.",
            days=(-45, -45),
            note="Перенесён на весну: в эти дни в районе объявлены актированные дни из-за "
            "морозов, выезд педагогов из сёл невозможен.",
        ),
        ItemSpec(
            "tutor",
            F.EXPERIENCE_PRESENTATION,
            "Презентация опыта тьюторского сопровождения одарённых обучающихся",
            S.PLANNED,
            ("ordinary:0", "ordinary:1"),
            "педагоги-тьюторы, учителя-предметники",
            "Описание модели тьюторского сопровождения для банка материалов сообщества.",
            days=(-30, -25),
        ),
        ItemSpec(
            "seminar-past",
            F.SEMINAR,
            "Семинар «Формирующее оценивание на уроках: приёмы и инструменты»",
            S.DONE,
            ("coordinator", "expert:0"),
            "учителя-предметники",
            "Участники освоили приёмы формирующего оценивания; выданы сертификаты.",
            days=(-20, -20),
        ),
        ItemSpec(
            "line",
            F.CONSULTATION_LINE,
            "Консультационная линия «Подготовка к ОГЭ по математике»",
            S.IN_PROGRESS,
            ("expert:0", "expert:2"),
            "учителя математики",
            "Опубликованы ответы экспертов на вопросы учителей.",
            days=(-3, 4),
        ),
        ItemSpec(
            "webinar",
            F.WEBINAR,
            "Вебинар «Функциональная грамотность: банк заданий для 5–9 классов»",
            S.PLANNED,
            ("coordinator", "expert:1"),
            "учителя-предметники",
            "Участники познакомятся с банком заданий и составят задание для своего урока.",
            days=(5, 5),
        ),
        ItemSpec(
            "workshop",
            F.WORKSHOP,
            "Практикум «Технологическая карта урока по ФГОС»",
            S.PLANNED,
            ("expert:2",),
            "молодые педагоги",
            "Каждый участник составит технологическую карту своего урока.",
            days=(15, 15),
        ),
    ),
    next_year=(
        ItemSpec(
            "olympiad",
            F.WEBINAR,
            "Вебинар «Подготовка к региональному этапу олимпиады: опыт наставников»",
            S.PLANNED,
            ("expert:0",),
            "учителя-предметники",
            "Рекомендации по подготовке обучающихся к олимпиадам.",
            dates=((1, 20), (1, 20)),
        ),
        ItemSpec(
            "conference",
            F.VIRTUAL_CONFERENCE,
            "Виртуальная конференция «Этнокультурное образование в школах района»",
            S.PLANNED,
            ("coordinator",),
            "педагоги района",
            "Сборник лучших практик.",
            dates=((4, 14), (4, 14)),
        ),
    ),
    events=(
        EventSpec(
            PAST,
            F.SEMINAR,
            "Формирующее оценивание на уроках: приёмы и инструменты",
            "Семинар-практикум: листы самооценки, «светофор», критериальное оценивание "
            "открытых ответов, обратная связь в цифровой среде.",
            day=-20,
            hour=15,
            item="seminar-past",
            registrations=8,
            speakers=(
                ("expert:0", "Критериальное оценивание открытых ответов"),
                ("ordinary:2", "Листы самооценки в 5–6 классах: опыт школы"),
            ),
            attended=4,
            marked=1,
            certificates=True,
            recording=True,
        ),
        EventSpec(
            LINE,
            F.CONSULTATION_LINE,
            "Подготовка к ОГЭ по математике",
            "Эксперты сообщества отвечают на вопросы учителей математики о подготовке к "
            "основному государственному экзамену.",
            day=-3,
            hour=9,
            end_day=4,
            item="line",
            questions=(
                QuestionSpec(
                    "С какого класса лучше начинать системную подготовку к задачам второй "
                    "части ОГЭ?",
                    "Системно — с 8 класса: задачи второй части опираются на алгебру и "
                    "геометрию 8–9 классов. В 9 классе достаточно одного занятия в неделю на "
                    "разбор задач второй части.",
                    answerer=0,
                ),
                QuestionSpec(
                    "Где взять открытые варианты для тренировки?",
                    "В открытом банке заданий ФИПИ и в демонстрационных вариантах текущего "
                    "года; для контроля удобно составлять варианты из банка самостоятельно.",
                    answerer=2,
                ),
                QuestionSpec(
                    "Как организовать подготовку, если в классе всего три выпускника?",
                ),
            ),
        ),
        EventSpec(
            UPCOMING,
            F.WEBINAR,
            "Функциональная грамотность: банк заданий для 5–9 классов",
            "Как пользоваться банком заданий по функциональной грамотности и составить "
            "задание на материале родного края.",
            day=5,
            hour=16,
            item="webinar",
            registrations=10,
            speakers=(("expert:1", "Задания на материале родного края"),),
        ),
    ),
)

# --- Нижнеингашский район ------------------------------------------------------------------------

NIZHNEINGASHSKY = CommunityActivities(
    items=(
        ItemSpec(
            "conference",
            F.CONFERENCE,
            "Муниципальная педагогическая конференция «Инновационный опыт школ района»",
            S.DONE,
            ("coordinator", "administrator"),
            "педагоги и руководители школ района",
            "Представлены 12 практик; лучшие направлены на общественную экспертизу.",
            days=(-75, -75),
        ),
        ItemSpec(
            "fair",
            F.FAIR,
            "Ярмарка педагогических идей «Урок, который удался»",
            S.IN_PROGRESS,
            ("moderator:0",),
            "педагоги района",
            "Каталог педагогических идей в банке материалов сообщества.",
            days=(-25, -20),
        ),
        ItemSpec(
            "video-conference",
            F.VIDEO_CONFERENCE,
            "Видеоконференция с педагогами соседних районов «Сельская школа: ресурсы роста»",
            S.CANCELLED,
            ("coordinator",),
            "руководители школ",
            "Договорённости о совместных проектах.",
            days=(-12, -12),
            note="Отменена по просьбе соседних районов: совпала с краевым совещанием "
            "руководителей; вопросы перенесены на конференцию следующего года.",
        ),
        ItemSpec(
            "webinar-past",
            F.WEBINAR,
            "Вебинар «Наставничество молодых педагогов: программа «Учитель — учитель»»",
            S.DONE,
            ("coordinator", "expert:2"),
            "наставники и молодые педагоги",
            "Участники получили шаблоны программы наставничества.",
            days=(-9, -9),
        ),
        ItemSpec(
            "master-class",
            F.MASTER_CLASS,
            "Мастер-класс «Приёмы смыслового чтения на уроках истории»",
            S.PLANNED,
            ("expert:0",),
            "учителя истории и обществознания",
            "Участники освоят приёмы работы с историческим источником.",
            days=(7, 7),
        ),
        ItemSpec(
            "council",
            F.PEDAGOGICAL_COUNCIL,
            "Виртуальный педагогический совет «Общественная экспертиза: итоги года»",
            S.PLANNED,
            ("coordinator",),
            "члены сообщества",
            "Итоги экспертизы материалов за год, план на следующий год.",
            days=(20, 20),
        ),
    ),
    next_year=(
        ItemSpec(
            "project",
            F.PROJECT,
            "Сетевой проект «Читательская грамотность: читаем вместе»",
            S.PLANNED,
            ("ordinary:0",),
            "учителя русского языка и литературы",
            "Банк текстов и заданий для 5–9 классов.",
            dates=((2, 1), (5, 25)),
        ),
        ItemSpec(
            "conference",
            F.CONFERENCE,
            "Педагогическая конференция «Сельская школа: ресурсы роста»",
            S.PLANNED,
            ("coordinator",),
            "педагоги и руководители школ района",
            "Договорённости о совместных проектах с соседними районами.",
            dates=((3, 26), (3, 26)),
        ),
    ),
    events=(
        EventSpec(
            PAST,
            F.WEBINAR,
            "Наставничество молодых педагогов: программа «Учитель — учитель»",
            "Как составить программу наставничества: диагностика затруднений, "
            "индивидуальный план развития, показатели эффективности.",
            day=-9,
            hour=14,
            item="webinar-past",
            registrations=9,
            speakers=(("expert:2", "Индивидуальный план развития молодого педагога"),),
            attended=6,
            marked=1,
            recording=True,
        ),
        EventSpec(
            UPCOMING,
            F.MASTER_CLASS,
            "Приёмы смыслового чтения на уроках истории",
            "Приёмы «инсерт», «тонкие и толстые вопросы», сравнение источников — на "
            "материале летописей.",
            day=7,
            hour=15,
            item="master-class",
            capacity=15,
            registrations=9,
            speakers=(("expert:0", "Работа с историческим источником"),),
        ),
        EventSpec(
            DRAFT,
            F.PEDAGOGICAL_COUNCIL,
            "Виртуальный педагогический совет «Общественная экспертиза: итоги года»",
            "Черновик: повестка уточняется.",
            day=20,
            hour=14,
            item="council",
        ),
    ),
)

# --- Миллеровский район ----------------------------------------------------------------------

MILLEROVO = CommunityActivities(
    items=(
        ItemSpec(
            "seminar",
            F.SEMINAR,
            "Семинар «Антирисковые программы ШНОР: анализ результатов ВПР»",
            S.DONE,
            ("coordinator", "expert:0"),
            "руководители и заместители руководителей ШНОР",
            "Скорректированы антирисковые программы школ.",
            days=(-60, -60),
        ),
        ItemSpec(
            "campaign",
            F.CAMPAIGN,
            "Акция «Каждый ребёнок — в кружок»",
            S.IN_PROGRESS,
            ("moderator:0", "moderator:1"),
            "классные руководители, педагоги дополнительного образования",
            "Охват обучающихся дополнительным образованием не ниже 80 %.",
            days=(-35, -15),
        ),
        ItemSpec(
            "field-seminar",
            F.SEMINAR,
            "Выездной семинар в школе-лидере «Урок глазами наблюдателя»",
            S.CANCELLED,
            ("coordinator",),
            "педагоги школ-партнёров",
            "Взаимопосещения уроков в школе-лидере.",
            days=(-20, -20),
            note="Отменён: в школе-лидере ремонт спортивного зала; взаимопосещения проведены "
            "дистанционно (см. презентацию опыта).",
        ),
        ItemSpec(
            "experience",
            F.EXPERIENCE_PRESENTATION,
            "Презентация опыта «Школа-лидер — школе-партнёру: взаимопосещения уроков»",
            S.DONE,
            ("expert:1",),
            "педагоги школ-партнёров",
            "Участники получили лист наблюдения урока и порядок взаимопосещений.",
            days=(-6, -6),
        ),
        ItemSpec(
            "line",
            F.CONSULTATION_LINE,
            "Консультационная линия «Индивидуальный образовательный маршрут обучающегося»",
            S.IN_PROGRESS,
            ("expert:0",),
            "учителя-предметники ШНОР",
            "Опубликованы ответы экспертов.",
            days=(-1, 6),
        ),
        ItemSpec(
            "webinar",
            F.WEBINAR,
            "Вебинар «Работа с родителями обучающихся с трудностями в учёбе»",
            S.PLANNED,
            ("expert:2",),
            "классные руководители",
            "Памятка для классных руководителей.",
            days=(4, 4),
        ),
        ItemSpec(
            "teleconference",
            F.TELECONFERENCE,
            "Телеконференция «Управленческие решения по итогам мониторинга»",
            S.PLANNED,
            ("coordinator", "administrator"),
            "руководители ШНОР и школ-лидеров",
            "Решения по итогам мониторинга качества образования.",
            days=(18, 18),
        ),
    ),
    next_year=(
        ItemSpec(
            "seminar",
            F.SEMINAR,
            "Семинар «Антирисковые программы: итоги двух лет»",
            S.PLANNED,
            ("coordinator",),
            "руководители ШНОР",
            "Отчёт о выходе школ из числа ШНОР.",
            dates=((2, 11), (2, 11)),
        ),
        ItemSpec(
            "open-day",
            F.OPEN_DAY,
            "День открытых дверей школы-лидера",
            S.PLANNED,
            ("expert:1",),
            "педагоги школ-партнёров",
            "Открытые уроки и консультации.",
            dates=((4, 8), (4, 8)),
        ),
    ),
    events=(
        EventSpec(
            PAST,
            F.EXPERIENCE_PRESENTATION,
            "Школа-лидер — школе-партнёру: взаимопосещения уроков",
            "Опыт взаимопосещений уроков в паре «школа-лидер — школа-партнёр»: лист "
            "наблюдения, обсуждение урока, совместные решения.",
            day=-6,
            hour=14,
            item="experience",
            registrations=8,
            speakers=(("expert:1", "Лист наблюдения урока: как договориться о критериях"),),
            attended=5,
            marked=1,
        ),
        EventSpec(
            LINE,
            F.CONSULTATION_LINE,
            "Индивидуальный образовательный маршрут обучающегося",
            "Эксперты отвечают на вопросы о составлении индивидуальных образовательных "
            "маршрутов для обучающихся с трудностями в обучении.",
            day=-1,
            hour=9,
            end_day=6,
            item="line",
            questions=(
                QuestionSpec(
                    "Нужно ли согласовывать индивидуальный маршрут с родителями?",
                    "Да, маршрут обсуждается с родителями (законными представителями) и "
                    "обучающимся: это повышает ответственность всех сторон. Согласие удобно "
                    "фиксировать подписью на листе маршрута.",
                    answerer=0,
                ),
                QuestionSpec("Как часто пересматривать маршрут: каждую четверть или раз в год?"),
            ),
        ),
        EventSpec(
            UPCOMING,
            F.WEBINAR,
            "Работа с родителями обучающихся с трудностями в учёбе",
            "Формы работы классного руководителя с родителями: встречи, совместные "
            "планы, обратная связь.",
            day=4,
            hour=16,
            item="webinar",
            registrations=7,
            speakers=(("expert:2", "Совместный план поддержки обучающегося"),),
        ),
    ),
)

# --- Эльбрусский район ------------------------------------------------------------------------

ELBRUS = CommunityActivities(
    items=(
        ItemSpec(
            "speech-games",
            F.MASTER_CLASS,
            "Мастер-класс «Речевые игры для детей 5–6 лет»",
            S.DONE,
            ("expert:1",),
            "воспитатели, учителя-логопеды",
            "Картотека речевых игр в банке материалов сообщества.",
            days=(-100, -100),
        ),
        ItemSpec(
            "chat",
            F.CHAT_DISCUSSION,
            "Чат-дискуссия «Федеральная образовательная программа дошкольного образования: "
            "первые итоги»",
            S.PLANNED,
            ("moderator:0",),
            "воспитатели, старшие воспитатели",
            "Перечень затруднений педагогов для плана методической работы.",
            days=(-22, -22),
        ),
        ItemSpec(
            "webinar-past",
            F.WEBINAR,
            "Вебинар «Преемственность детского сада и начальной школы»",
            S.DONE,
            ("coordinator", "expert:0"),
            "воспитатели подготовительных групп, учителя начальных классов",
            "Согласован план совместных мероприятий детских садов и школ.",
            days=(-11, -11),
        ),
        ItemSpec(
            "festival",
            F.FESTIVAL,
            "Фестиваль «Мой край — Кабардино-Балкария» для дошкольников и младших школьников",
            S.IN_PROGRESS,
            ("coordinator", "ordinary:0"),
            "воспитанники детских садов, обучающиеся 1–4 классов и их педагоги",
            "Выставка работ и концерт победителей.",
            days=(-10, 20),
        ),
        ItemSpec(
            "seminar",
            F.SEMINAR,
            "Семинар «Адаптация первоклассников: что могут сделать педагоги и родители»",
            S.PLANNED,
            ("expert:2",),
            "учителя начальных классов, педагоги-психологи",
            "Рекомендации для родителей первоклассников.",
            days=(9, 9),
        ),
        ItemSpec(
            "party",
            F.VIRTUAL_PARTY,
            "Виртуальная гостиная «Новогодние традиции народов Кабардино-Балкарии»",
            S.CANCELLED,
            ("moderator:1",),
            "педагоги района",
            "Сценарии новогодних праздников.",
            days=(30, 30),
            note="Отменена: педагоги заняты подготовкой новогодних утренников; тема перенесена "
            "в фестиваль.",
        ),
    ),
    next_year=(
        ItemSpec(
            "open-day",
            F.OPEN_DAY,
            "День открытых дверей в детском саду: «Играем — учимся»",
            S.PLANNED,
            ("expert:1",),
            "воспитатели, родители",
            "Открытые занятия для педагогов и родителей.",
            dates=((2, 17), (2, 17)),
        ),
        ItemSpec(
            "contest",
            F.CONTEST,
            "Конкурс методических разработок «Занятие с использованием народных игр»",
            S.PLANNED,
            ("coordinator",),
            "воспитатели, учителя начальных классов",
            "Лучшие разработки в виртуальный методический кабинет.",
            dates=((10, 1), (11, 30)),
        ),
    ),
    events=(
        EventSpec(
            PAST,
            F.WEBINAR,
            "Преемственность детского сада и начальной школы",
            "Что должен уметь будущий первоклассник на самом деле; совместные мероприятия "
            "детского сада и школы; взаимопосещения занятий и уроков.",
            day=-11,
            hour=15,
            item="webinar-past",
            registrations=10,
            speakers=(("expert:0", "Совместный план детского сада и школы"),),
            attended=6,
            marked=2,
            recording=True,
        ),
        EventSpec(
            OPEN_CALL,
            F.FESTIVAL,
            "Фестиваль «Мой край — Кабардино-Балкария»",
            "Рисунки, поделки и выступления воспитанников детских садов и обучающихся 1–4 "
            "классов о родном крае.",
            day=-10,
            hour=9,
            end_day=20,
            item="festival",
            submissions_days=10,
            contest=ContestSpec(
                nominations=("Рисунок", "Поделка", "Выступление"),
                criteria=(("Соответствие теме", 5), ("Творческий подход", 5)),
                jury=("expert:0", "expert:1"),
                entries=(
                    EntrySpec(
                        "Рисунок «Эльбрус на закате»",
                        "Работа воспитанницы подготовительной группы.",
                        0,
                    ),
                    EntrySpec(
                        "Поделка «Балкарская сакля» из глины",
                        "Коллективная работа 2 класса.",
                        1,
                    ),
                    EntrySpec(
                        "Танец «Удж» — ансамбль 3 класса",
                        "Видеозапись выступления.",
                        2,
                    ),
                ),
            ),
        ),
        EventSpec(
            UPCOMING,
            F.SEMINAR,
            "Адаптация первоклассников: что могут сделать педагоги и родители",
            "Признаки трудной адаптации, игры для первых недель, памятка для родителей.",
            day=9,
            hour=15,
            item="seminar",
            registrations=9,
            speakers=(
                ("expert:2", "Признаки трудной адаптации"),
                ("ordinary:1", "Игры для первых недель в школе"),
            ),
        ),
    ),
)

ACTIVITIES_OF = {
    content.SINERGIYA.slug: SINERGIYA,
    content.OLYOKMINSKY.slug: OLYOKMINSKY,
    content.NIZHNEINGASHSKY.slug: NIZHNEINGASHSKY,
    content.MILLEROVO.slug: MILLEROVO,
    content.ELBRUS.slug: ELBRUS,
}


# --- Who is who -------------------------------------------------------------------------------


@dataclass
class Added:
    events: int = 0
    plan_items: int = 0
    certificates: int = 0  # documents of events issued (certificates, diplomas, letters)


@dataclass
class Cast:
    """The community's active people by role, in a fixed order. Tokens: "coordinator",
    "administrator", "expert:N" (the demo expert first), "moderator:N", "ordinary:N" (ordinary
    members in a fixed shuffled order, without the demo member), "member" (the demo member's
    login where it is a member, else the last ordinary member)."""

    coordinator: User
    administrator: User
    experts: list[User]
    moderators: list[User]
    ordinary: list[User]
    member: User | None
    everyone: list[User]
    _next: int = 4  # ordinary members 0–3 have named parts in the specs

    def person(self, token: str) -> User:
        name, _sep, number = token.partition(":")
        if name == "member":
            return self.member or self.ordinary[-1]
        if name in ("coordinator", "administrator"):
            return getattr(self, name)
        group = {"expert": self.experts, "moderator": self.moderators, "ordinary": self.ordinary}
        people = group[name]
        return people[int(number or 0) % len(people)]

    def fresh(self, *, avoid_organisations=frozenset(), avoid=frozenset()) -> User:
        """The next ordinary member (round the list), preferring one whose organisation is not
        among ``avoid_organisations`` (a jury does not judge its own organisation's entries)."""
        candidates = [
            self.ordinary[(self._next + step) % len(self.ordinary)]
            for step in range(len(self.ordinary))
        ]
        candidates = [user for user in candidates if user.pk not in avoid] or candidates
        chosen = next(
            (user for user in candidates if user.organisation_id not in avoid_organisations),
            candidates[0],
        )
        self._next = self.ordinary.index(chosen) + 1
        return chosen


def _login(key: str) -> str:
    return next(login.email for login in content.FIXED_LOGINS if login.key == key)


def _cast(community: Community) -> Cast | None:
    roles: dict[str, list[User]] = {}
    memberships = (
        Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE)
        .select_related("user__organisation")
        .order_by("pk")
    )
    for membership in memberships:
        if membership.user.is_active:
            roles.setdefault(membership.role, []).append(membership.user)
    expert_login, member_login = _login("expert"), _login("member")
    experts = sorted(roles.get(Role.EXPERT, []), key=lambda user: user.email != expert_login)
    members = roles.get(Role.MEMBER, [])
    member = next((user for user in members if user.email == member_login), None)
    ordinary = [user for user in members if user != member]
    coordinators = roles.get(Role.COORDINATOR, [])
    if not coordinators or len(experts) < 3 or len(roles.get(Role.MODERATOR, [])) < 2:
        return None
    if len(ordinary) < 13:
        return None
    random.Random(f"activities:{community.slug}").shuffle(ordinary)
    return Cast(
        coordinator=coordinators[0],
        administrator=(roles.get(Role.ADMINISTRATOR) or coordinators)[0],
        experts=experts,
        moderators=roles[Role.MODERATOR],
        ordinary=ordinary,
        member=member,
        everyone=[user for group in roles.values() for user in group],
    )


# --- Entry point -------------------------------------------------------------------------------


def load_activities_demo(community: Community) -> Added:
    """The community's work plans, events, rooms, contests, certificates and consultation
    lines; nothing if it has events or a work plan already."""
    from pedset.core.demo.materials import _notices_in_the_site_only
    from pedset.documents.models import Document

    spec = ACTIVITIES_OF.get(community.slug)
    added = Added()
    if spec is None:
        return added
    if Event.objects.filter(community=community).exists():
        return added
    if WorkPlan.objects.filter(community=community).exists():
        return added
    cast = _cast(community)
    if cast is None:
        return added
    documents_before = Document.objects.count()
    with _notices_in_the_site_only(), translation.override("ru"):
        clock = Clock(community)
        items = _plans(community, spec, cast, clock)
        added.plan_items = len(items) + len(spec.next_year)
        rng = random.Random(f"activities:{community.slug}")
        for event_spec in spec.events:
            _event(community, event_spec, cast, items.get(event_spec.item), clock, rng)
            added.events += 1
        # What the periodic command would do now: the responsible people of an overdue item
        # hear of it (manage.py work_plan_deadlines).
        from pedset.plans.services import overdue_process

        overdue_process()
    added.certificates = Document.objects.count() - documents_before
    return added


class Clock:
    """Moments in the community's calendar: the load's "now" and "today", a day and an hour."""

    def __init__(self, community: Community):
        self.zone = workdays.community_zone(community)
        self.now = timezone.now()
        self.today = timezone.localtime(self.now, self.zone).date()

    def at(self, day: int, hour: int, minute: int = 0) -> datetime.datetime:
        date = self.today + datetime.timedelta(days=day)
        return datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=self.zone)

    def span(self, spec: EventSpec) -> tuple[datetime.datetime, datetime.datetime]:
        starts = self.at(spec.day, spec.hour)
        if spec.end_day is not None:
            return starts, self.at(spec.end_day, 18)
        return starts, starts + datetime.timedelta(minutes=spec.minutes)


# --- The work plans ----------------------------------------------------------------------------


def _plans(community, spec: CommunityActivities, cast: Cast, clock: Clock) -> dict:
    """This year's plan (approved in January, its items in their statuses) and next year's
    plan with two items, not yet approved."""
    from pedset.plans.services import plan_approve, plan_item_status_set

    year = clock.today.year
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    items = {}
    for item_spec in spec.items:
        starts_on = min(max(clock.today + datetime.timedelta(days=item_spec.days[0]), first), last)
        ends_on = min(max(clock.today + datetime.timedelta(days=item_spec.days[1]), first), last)
        items[item_spec.key] = _item(community, item_spec, cast, year, starts_on, ends_on)
    plan = WorkPlan.objects.get(community=community, year=year)
    plan_approve(actor=cast.coordinator, plan=plan)
    # The plan was approved at the start of the year (a direct update of the stamps).
    approved = min(
        clock.now - datetime.timedelta(days=1),
        datetime.datetime.combine(first, datetime.time(11), tzinfo=clock.zone)
        + datetime.timedelta(days=19),
    )
    WorkPlan.objects.filter(pk=plan.pk).update(approved_at=approved, created_at=approved)
    PlanItem.objects.filter(plan=plan).update(
        created_at=approved - datetime.timedelta(days=1), updated_at=approved
    )
    for item_spec in spec.items:
        if item_spec.status != PlanItemStatus.PLANNED:
            item = plan_item_status_set(
                actor=cast.coordinator,
                item=items[item_spec.key],
                status=item_spec.status,
                note=item_spec.note,
            )
            items[item_spec.key] = item
    for item_spec in spec.next_year:
        (m1, d1), (m2, d2) = item_spec.dates
        _item(
            community,
            item_spec,
            cast,
            year + 1,
            datetime.date(year + 1, m1, d1),
            datetime.date(year + 1, m2, d2),
        )
    return items


def _item(community, item_spec: ItemSpec, cast: Cast, year, starts_on, ends_on) -> PlanItem:
    from pedset.plans.services import plan_item_create

    return plan_item_create(
        actor=cast.coordinator,
        community=community,
        year=year,
        form=item_spec.form,
        topic=item_spec.topic,
        starts_on=starts_on,
        ends_on=ends_on,
        responsible=[cast.person(token) for token in item_spec.responsible],
        responsible_text=item_spec.responsible_text,
        audience=item_spec.audience,
        expected_result=item_spec.result,
    )


# --- Events ------------------------------------------------------------------------------------


def _event(community, spec: EventSpec, cast: Cast, item, clock: Clock, rng) -> Event:
    handler = {
        UPCOMING: _upcoming,
        FULL: _upcoming,
        PAST: _past,
        CONTEST: _contest,
        OPEN_CALL: _open_call,
        LINE: _line,
        CANCELLED: _cancelled,
        DRAFT: _draft,
    }[spec.fate]
    return handler(community, spec, cast, item, clock, rng)


def _create(community, spec: EventSpec, cast: Cast, item, starts_at, ends_at, **extra) -> Event:
    from pedset.events.services import EventInput, event_create

    takes_entries = spec.form in (F.CONTEST, F.FESTIVAL, F.PROJECT)
    data = EventInput(
        title=spec.title,
        description=spec.description,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=spec.venue,
        audience=Audience.COMMUNITY,
        # Entries and questions are the taking part there: no registration.
        registration_required=not takes_entries and spec.form != F.CONSULTATION_LINE,
        capacity=spec.capacity,
        **extra,
    )
    return event_create(
        actor=cast.coordinator, community=community, form=spec.form, data=data, plan_item=item
    )


def _people_and_room(event: Event, spec: EventSpec, cast: Cast) -> None:
    """Speakers with their topics, the online room (a link: no conferencing server in the
    demo), the materials."""
    from pedset.events.services import event_person_add
    from pedset.rooms.models import Provider
    from pedset.rooms.services import room_configure

    for token, topic in spec.speakers:
        event_person_add(
            actor=cast.coordinator,
            event=event,
            user=cast.person(token),
            role="speaker",
            topic=topic,
        )
    if event.needs_room:
        digits = int(
            hashlib.sha256(f"{event.community.slug}:{spec.title}".encode()).hexdigest(), 16
        )
        room_configure(
            actor=cast.coordinator,
            event=event,
            provider=Provider.LINK,
            external_url=f"{ROOM_HOST}{digits % 10**14:014d}",
        )
    for kind in spec.materials:
        _material(event, spec, cast, kind)


def _material(event: Event, spec: EventSpec, cast: Cast, kind: str) -> None:
    from pedset.events.services import event_material_add_file, event_material_add_material
    from pedset.materials.models import Material, MaterialStatus

    if kind == "programme":
        upload = SimpleUploadedFile(
            "Программа_семинара.docx",
            _programme_docx(event, spec, cast),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        event_material_add_file(
            actor=cast.coordinator, event=event, upload=upload, title="Программа семинара"
        )
    elif kind == "bank":
        material = (
            Material.objects.filter(community=event.community, status=MaterialStatus.INCLUDED)
            .order_by("pk")
            .first()
        )
        if material is not None:
            event_material_add_material(
                actor=cast.coordinator, event=event, material_id=material.pk
            )


def _programme_docx(event: Event, spec: EventSpec, cast: Cast) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = f"Программа: {spec.title}"
    document.core_properties.author = ""
    document.add_heading("Программа семинара", level=1)
    document.add_paragraph(f"«{spec.title}»")
    starts = timezone.localtime(event.starts_at, workdays.community_zone(event.community))
    document.add_paragraph(f"{starts:%d.%m.%Y}, начало в {starts:%H:%M}. {spec.venue}")
    moment = starts
    rows = [("Открытие семинара", "координатор сообщества")]
    rows += [(topic, "доклад") for _token, topic in spec.speakers]
    rows += [("Обсуждение, ответы на вопросы, подведение итогов", "")]
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Время", "Тема", ""), strict=True):
        cell.text = text
    for topic, note in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = f"{moment:%H:%M}", topic, note
        moment += datetime.timedelta(minutes=30 if note != "доклад" else 40)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _registrants(event: Event, spec: EventSpec, cast: Cast, rng, count: int) -> list[User]:
    """``count`` members who register (not its organisers and speakers, not the demo member),
    chosen the same way at every load."""
    running = {cast.coordinator.pk} | {cast.person(token).pk for token, _topic in spec.speakers}
    pool = [
        user
        for user in sorted(cast.everyone, key=lambda user: user.pk)
        if user.pk not in running and user != cast.member
    ]
    return rng.sample(pool, k=min(count, len(pool)))


def _with_member(people: list[User], cast: Cast, spec: EventSpec) -> list[User]:
    """The demo member among the registrants: second on the waiting list of a full event, third
    to register otherwise."""
    if cast.member is None or spec.member not in ("registered", "waitlisted", "attended"):
        return people
    place = (spec.capacity or 0) + 1 if spec.member == "waitlisted" else 2
    return [*people[:place], cast.member, *people[place:]]


def _register(event: Event, people: list[User]) -> None:
    from pedset.events.services import registration_register

    for user in people:
        registration_register(event=event, actor=user)


def _spread(rows: list, first: datetime.datetime, last: datetime.datetime) -> list:
    """Moments from ``first`` to ``last`` for the rows in their order (one each)."""
    if not rows:
        return []
    step = (last - first) / max(len(rows), 1)
    return [first + step * number for number in range(len(rows))]


def _announced(event_id: int, created, published, updated=None) -> None:
    """The event's own stamps (a direct update: the services stamped the present moment)."""
    Event.objects.filter(pk=event_id).update(
        created_at=created, published_at=published, updated_at=updated or published
    )


def _registrations_back(event_id: int, first, last) -> None:
    """Registrations spread back over the days of the announcement, in the order they were
    made, so the waiting list keeps its order."""
    rows = list(Registration.objects.filter(event_id=event_id).order_by("registered_at", "id"))
    for row, moment in zip(rows, _spread(rows, first, last), strict=True):
        Registration.objects.filter(pk=row.pk).update(registered_at=moment)


def _upcoming(community, spec, cast, item, clock, rng) -> Event:
    """Announced a week ago; registrations since (for a full one: the waiting list too)."""
    from pedset.events.services import event_publish

    starts_at, ends_at = clock.span(spec)
    event = _create(community, spec, cast, item, starts_at, ends_at)
    _people_and_room(event, spec, cast)
    event_publish(actor=cast.coordinator, event=event)
    people = _with_member(_registrants(event, spec, cast, rng, spec.registrations), cast, spec)
    _register(event, people)
    announced = clock.now - datetime.timedelta(days=7, hours=rng.randint(0, 5))
    _announced(event.pk, announced - datetime.timedelta(days=1), announced)
    EventMaterial.objects.filter(event_id=event.pk).update(added_at=announced)
    _room_created(event.pk, announced)
    _registrations_back(event.pk, announced + datetime.timedelta(hours=2), clock.now)
    return event


def _room_created(event_id: int, moment) -> None:
    from pedset.rooms.models import Room

    Room.objects.filter(event_id=event_id).update(created_at=moment)


def _draft(community, spec, cast, item, clock, rng) -> Event:
    starts_at, ends_at = clock.span(spec)
    event = _create(community, spec, cast, item, starts_at, ends_at)
    created = clock.now - datetime.timedelta(days=2)
    Event.objects.filter(pk=event.pk).update(created_at=created, updated_at=created)
    return event


def _cancelled(community, spec, cast, item, clock, rng) -> Event:
    """Announced ten days ago, registered for, cancelled yesterday with the reason (the
    registered people were told)."""
    from pedset.events.services import event_cancel, event_publish

    starts_at, ends_at = clock.span(spec)
    event = _create(community, spec, cast, item, starts_at, ends_at)
    _people_and_room(event, spec, cast)
    event_publish(actor=cast.coordinator, event=event)
    _register(event, _registrants(event, spec, cast, rng, spec.registrations))
    event_cancel(actor=cast.coordinator, event=event, reason=spec.reason)
    announced = clock.now - datetime.timedelta(days=10)
    cancelled = clock.now - datetime.timedelta(days=1, hours=3)
    _announced(event.pk, announced - datetime.timedelta(days=1), announced, cancelled)
    Event.objects.filter(pk=event.pk).update(cancelled_at=cancelled)
    _room_created(event.pk, announced)
    _registrations_back(event.pk, announced + datetime.timedelta(hours=3), cancelled)
    return event


def _past(community, spec, cast, item, clock, rng) -> Event:
    """Held "now" through the services — announced, registered for, entered through the room
    (the join marks attendance), attendance completed by the organiser, the recording link —
    then moved back to its day; its documents are issued afterwards."""
    from pedset.events.services import attendance_set, event_publish, event_recording_set
    from pedset.rooms.services import room_join

    target_start, target_end = clock.span(spec)
    starts_at = clock.now - datetime.timedelta(minutes=10)
    ends_at = starts_at + (target_end - target_start)
    event = _create(community, spec, cast, item, starts_at, ends_at)
    _people_and_room(event, spec, cast)
    event_publish(actor=cast.coordinator, event=event)
    people = _with_member(_registrants(event, spec, cast, rng, spec.registrations), cast, spec)
    _register(event, people)
    # Those running it enter first (as moderators: not participants), then the participants;
    # the demo member comes through the room.
    room_join(user=cast.coordinator, event=event)
    for token, _topic in spec.speakers:
        room_join(user=cast.person(token), event=event)
    came = people[: spec.attended]
    if cast.member in people and cast.member not in came:
        came = [*came[:-1], cast.member]
    for user in came:
        room_join(user=user, event=event)
    absent = [user for user in people if user not in came]
    marked = absent[: spec.marked]
    present = Registration.objects.filter(event=event, user__in=[*came, *marked])
    attendance_set(
        actor=cast.coordinator, event=event, attended_ids=list(present.values_list("pk", flat=True))
    )
    if spec.recording:
        event_recording_set(actor=cast.coordinator, event=event, url=_recording_link(spec.title))
    _moved_back(event.pk, target_start - starts_at, clock, rng)
    if spec.certificates:
        _certificates(event.pk, cast)
    return event


def _moved_back(event_id: int, delta: datetime.timedelta, clock: Clock, rng) -> None:
    """Everything of an event held "now" moved to its day (a direct update of the stamps): the
    times, the announcement twelve days before, the registrations between, the room's joins
    and the attendance by the same shift."""
    from pedset.rooms.models import RoomJoin

    event = Event.objects.get(pk=event_id)
    starts_at, ends_at = event.starts_at + delta, event.ends_at + delta
    announced = starts_at - datetime.timedelta(days=12, hours=rng.randint(0, 5))
    Event.objects.filter(pk=event_id).update(
        starts_at=starts_at,
        ends_at=ends_at,
        created_at=announced - datetime.timedelta(days=1),
        published_at=announced,
        updated_at=ends_at + datetime.timedelta(hours=2),
    )
    _registrations_back(event_id, announced + datetime.timedelta(hours=3), starts_at)
    for row in Registration.objects.filter(event_id=event_id, attended_at__isnull=False):
        Registration.objects.filter(pk=row.pk).update(attended_at=row.attended_at + delta)
    for join in RoomJoin.objects.filter(room__event_id=event_id):
        RoomJoin.objects.filter(pk=join.pk).update(joined_at=join.joined_at + delta)
    _room_created(event_id, announced)
    EventMaterial.objects.filter(event_id=event_id).update(added_at=announced)


def _certificates(event_id: int, cast: Cast) -> None:
    """The coordinator issues the event's documents (participants present, speakers,
    organisers, winners, prize-winners, the jury) through the certificates service."""
    from pedset.certificates.services import certificates_issue_for_event

    event = Event.objects.select_related("community").get(pk=event_id)
    certificates_issue_for_event(actor=cast.coordinator, event=event)


def _recording_link(title: str) -> str:
    """A RUTUBE address of the recording (the demo's own, made from the title, as in
    pedset.core.demo.materials)."""
    return f"https://rutube.ru/video/{hashlib.md5(title.encode()).hexdigest()}/"  # noqa: S324


# --- Consultation lines ------------------------------------------------------------------------


def _line(community, spec, cast, item, clock, rng) -> Event:
    """Running since its first day: questions asked over the days, most answered by the
    community's experts and published for all, one waiting for an answer."""
    from pedset.consultations.models import Question
    from pedset.consultations.services import question_answer, question_ask, question_publish
    from pedset.events.services import event_publish

    starts_at, ends_at = clock.span(spec)
    event = _create(community, spec, cast, item, starts_at, ends_at)
    _people_and_room(event, spec, cast)
    event_publish(actor=cast.coordinator, event=event)
    announced = starts_at - datetime.timedelta(days=5)
    _announced(event.pk, announced - datetime.timedelta(days=1), announced)
    asked = []
    for question_spec in spec.questions:
        asker = (
            cast.person(question_spec.asker)
            if question_spec.asker and (question_spec.asker != "member" or cast.member)
            else cast.fresh()
        )
        question = question_ask(
            actor=asker,
            event=event,
            text=question_spec.text,
            show_author_name=question_spec.show_name,
        )
        if question_spec.answer:
            expert = cast.experts[question_spec.answerer]
            question = question_answer(actor=expert, question=question, text=question_spec.answer)
            if question_spec.published:
                question = question_publish(actor=expert, question=question)
        asked.append((question, question_spec))
    # Asked over the days since the start, each answered some hours later.
    span_end = clock.now - datetime.timedelta(hours=2)
    moments = _spread(asked, starts_at + datetime.timedelta(hours=1), span_end)
    for (question, question_spec), moment in zip(asked, moments, strict=True):
        stamps = {"asked_at": moment}
        if question_spec.answer:
            answered = min(moment + datetime.timedelta(hours=rng.randint(2, 20)), span_end)
            stamps["answered_at"] = answered
            if question_spec.published:
                stamps["published_at"] = answered + datetime.timedelta(minutes=5)
        Question.objects.filter(pk=question.pk).update(**stamps)
    return event


# --- Contests and festivals --------------------------------------------------------------------

JURY_COMMENTS = (
    "Чёткая структура, цели занятия достижимы.",
    "Хорошо продуман этап рефлексии.",
    "Оборудование используется по назначению, задания посильны обучающимся.",
    "Стоит добавить критерии оценивания для обучающихся.",
    "Интересный замысел, понятное описание.",
)


def _contest(community, spec, cast, item, clock, rng) -> Event:
    """Held "now" — announced, nominations, criteria and jury set up, entries submitted, scored
    by the jury — then moved to its days; the results are computed and published, the
    diplomas, certificates and letters of thanks issued."""
    from pedset.contests.models import ContestEntry, EntryFile, JuryMember, JuryScore
    from pedset.contests.services import results_compute, results_publish
    from pedset.events.services import event_publish

    target_start, target_end = clock.span(spec)
    closes = clock.at(spec.end_day - 11, 18)
    results_at = clock.at(spec.end_day, 12)
    event = _create(
        community,
        spec,
        cast,
        item,
        clock.now - datetime.timedelta(hours=1),
        clock.now + datetime.timedelta(hours=2),
        submissions_close_at=clock.now + datetime.timedelta(hours=1),
    )
    event_publish(actor=cast.coordinator, event=event)
    entries = _call_for_entries(event, spec.contest, cast)
    _judge(event.pk, entries, spec.contest)
    # Moved to its days (a direct update of the stamps): announced two weeks before the start,
    # entries over the weeks of the call, scores between the close and the results.
    announced = target_start - datetime.timedelta(days=14)
    Event.objects.filter(pk=event.pk).update(
        starts_at=target_start,
        ends_at=target_end,
        submissions_close_at=closes,
        created_at=announced - datetime.timedelta(days=1),
        published_at=announced,
        updated_at=results_at,
    )
    JuryMember.objects.filter(event_id=event.pk).update(added_at=announced)
    rows = list(ContestEntry.objects.filter(event_id=event.pk).order_by("submitted_at", "id"))
    first, last = target_start + datetime.timedelta(days=2), closes - datetime.timedelta(days=1)
    for entry, moment in zip(rows, _spread(rows, first, last), strict=True):
        ContestEntry.objects.filter(pk=entry.pk).update(submitted_at=moment)
        EntryFile.objects.filter(entry_id=entry.pk).update(uploaded_at=moment)
    scores = list(JuryScore.objects.filter(entry__event_id=event.pk).order_by("id"))
    first = closes + datetime.timedelta(days=1)
    for score, moment in zip(scores, _spread(scores, first, results_at), strict=True):
        JuryScore.objects.filter(pk=score.pk).update(updated_at=moment)
    event = Event.objects.select_related("community").get(pk=event.pk)
    results_compute(actor=cast.coordinator, event=event)
    results_publish(actor=cast.coordinator, event=event)
    Event.objects.filter(pk=event.pk).update(results_published_at=results_at)
    if spec.certificates:
        _certificates(event.pk, cast)
    return event


def _open_call(community, spec, cast, item, clock, rng) -> Event:
    """Running: announced before its start, the jury named, entries coming in (the demo
    member's among them) until the closing day; nobody has scored yet."""
    from pedset.contests.models import ContestEntry, EntryFile, JuryMember
    from pedset.events.services import event_publish

    starts_at, ends_at = clock.span(spec)
    event = _create(
        community,
        spec,
        cast,
        item,
        starts_at,
        ends_at,
        submissions_close_at=clock.at(spec.submissions_days, 18),
    )
    event_publish(actor=cast.coordinator, event=event)
    _call_for_entries(event, spec.contest, cast)
    announced = starts_at - datetime.timedelta(days=7)
    _announced(event.pk, announced - datetime.timedelta(days=1), announced)
    JuryMember.objects.filter(event_id=event.pk).update(added_at=announced)
    rows = list(ContestEntry.objects.filter(event_id=event.pk).order_by("submitted_at", "id"))
    first, last = starts_at + datetime.timedelta(hours=6), clock.now - datetime.timedelta(hours=3)
    for entry, moment in zip(rows, _spread(rows, first, last), strict=True):
        ContestEntry.objects.filter(pk=entry.pk).update(submitted_at=moment)
        EntryFile.objects.filter(entry_id=entry.pk).update(uploaded_at=moment)
    return event


def _call_for_entries(event: Event, contest: ContestSpec, cast: Cast) -> list:
    """Nominations, criteria and the jury (the first chairs), then the entries: each from a
    member whose organisation has nobody on the jury where possible, so that the whole jury may
    judge it; a co-author is another member."""
    from pedset.contests.models import Nomination
    from pedset.contests.services import criterion_add, entry_submit, juror_add, nomination_add

    for name in contest.nominations:
        nomination_add(actor=cast.coordinator, event=event, name=name)
    for name, max_score in contest.criteria:
        criterion_add(actor=cast.coordinator, event=event, name=name, max_score=max_score)
    jury = [cast.person(token) for token in contest.jury]
    for number, juror in enumerate(jury):
        juror_add(actor=cast.coordinator, event=event, user=juror, is_chair=number == 0)
    nominations = list(Nomination.objects.filter(event=event).order_by("position", "id"))
    jury_organisations = {juror.organisation_id for juror in jury}
    jury_ids = {juror.pk for juror in jury}
    used: set[int] = set(jury_ids)
    entries = []
    for entry_spec in contest.entries:
        if entry_spec.author == "member" and cast.member is not None:
            author = cast.member
        else:
            author = cast.fresh(avoid_organisations=jury_organisations, avoid=used)
        used.add(author.pk)
        coauthors = []
        for _number in range(entry_spec.coauthors):
            coauthor = cast.fresh(avoid=used)
            used.add(coauthor.pk)
            coauthors.append(coauthor)
        upload = SimpleUploadedFile(
            "Описание_работы.docx",
            _entry_docx(event, entry_spec, nominations[entry_spec.nomination].name),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        entry = entry_submit(
            actor=author,
            event=event,
            title=entry_spec.title,
            summary=entry_spec.summary,
            nomination=nominations[entry_spec.nomination],
            coauthors=coauthors,
            files=[upload],
            consent=True,
        )
        entries.append((entry, entry_spec))
    return entries


def _judge(event_id: int, entries: list, contest: ContestSpec) -> None:
    """Every juror scores every entry they may judge. Each juror's sheet of an entry is its
    level on every criterion but one (a point less), so the ranking follows the levels whoever
    has scored (a juror never judges an entry of their own organisation)."""
    from pedset.contests.models import ContestCriterion, JuryMember
    from pedset.contests.policies import conflict_of_interest
    from pedset.contests.services import entry_score

    event = Event.objects.select_related("community").get(pk=event_id)
    criteria = list(ContestCriterion.objects.filter(event=event).order_by("position", "id"))
    seats = list(JuryMember.objects.filter(event=event).select_related("user").order_by("id"))
    for number, (entry, entry_spec) in enumerate(entries):
        for juror_number, seat in enumerate(seats):
            if conflict_of_interest(seat.user, entry) is not None:
                continue
            sheet = {}
            for criterion_number, criterion in enumerate(criteria):
                level = round(entry_spec.level * criterion.max_score / 5)
                less = (juror_number + criterion_number) % len(criteria) == 0
                comment = (
                    JURY_COMMENTS[(number + juror_number) % len(JURY_COMMENTS)]
                    if criterion_number == 0
                    else ""
                )
                sheet[criterion.pk] = (max(0, min(criterion.max_score, level - less)), comment)
            entry_score(actor=seat.user, entry=entry, scores=sheet)


def _entry_docx(event: Event, entry_spec: EntrySpec, nomination: str) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = entry_spec.title
    document.core_properties.author = ""
    document.add_heading(entry_spec.title, level=1)
    document.add_paragraph(f"Конкурс: «{event.title}». Номинация: {nomination}.")
    document.add_heading("Описание работы", level=2)
    document.add_paragraph(entry_spec.summary)
    document.add_paragraph(
        "Работа выполнена для конкурса сетевого педагогического сообщества; сведения об "
        "авторах указаны в заявке на сайте."
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
