"""Materials, expertise and the virtual methodical cabinet of the demo (issue 4).

Called by pedset.core.demo.loader for every demo community:

    from pedset.core.demo.materials import load_materials_demo
    added = load_materials_demo(community)   # -> Added(materials=…, documents=…)

In each community its members put methodical materials into the bank, each with a small
generated file (a PDF made by WeasyPrint or a DOCX made by python-docx) or a link to a lesson's
recording; other members comment on them, rate them, view and download them. The expertise
runs through the REAL services (materials, review, cabinet, documents) — submission,
assignment, acceptance, the expert's conclusion, the coordinator's decision — so that the
orders and the publication certificates in the registry are the ones the site itself issues.
Each community gets the council of its cabinet (a chair and two members).

The services stamp everything with the present moment; the demo then moves those stamps back
(a direct update, noted where it is done) so that the bank has a history: a material submitted
two weeks ago, an expertise whose term ended two days ago (overdue), a decision of last week.
Orders and certificates keep today's date: an issued document never changes.

Comments and view counts are written directly (as pedset.forum.demo does): the comment service
would refuse a quick series for its rate limit. Nothing is e-mailed to the synthetic people:
see _notices_in_the_site_only.

Idempotent: a community that already has materials is left alone (also one loaded before these
existed gets them once); a council is seated only where there is none.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import io
import logging
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone, translation

from pedset.accounts.models import Subject, User
from pedset.cabinet.models import CabinetEntry, CouncilBasis, CouncilMember, CouncilRole
from pedset.communities.models import Community, Membership, MembershipStatus, Role
from pedset.core import workdays
from pedset.core.demo import content
from pedset.core.models import Notification
from pedset.documents.models import Document
from pedset.materials.models import (
    Level,
    Licence,
    Material,
    MaterialComment,
    MaterialDailyStat,
    MaterialFile,
    MaterialType,
)
from pedset.materials.services import (
    coauthorship_confirm,
    material_create,
    material_submit,
    rating_set,
)
from pedset.notifications.kinds import EMAIL_DELIVERIES, Delivery
from pedset.review.models import (
    Assignment,
    Decision,
    DecisionOutcome,
    Recommendation,
    Review,
    ReviewRound,
)
from pedset.review.services import (
    assignment_accept,
    assignment_create,
    criteria_ensure_default,
    deadlines_process,
    decision_record,
    review_submit,
)

logger = logging.getLogger(__name__)

# What becomes of a material in the demo.
DRAFT = "draft"  # its author's draft, not yet in the bank
SUBMITTED = "submitted"  # in the bank, waiting for the coordinator to assign an expert
INVITED = "invited"  # an expert is asked and has not answered yet
ACCEPTED = "accepted"  # the expert works on it, the term runs
OVERDUE = "overdue"  # the expert accepted, the term has ended without a conclusion
REVISION = "revision"  # returned to the author with the expert's conclusion
INCLUDED = "included"  # in the virtual methodical cabinet: an order and certificates
RECOMMENDED = "recommended"  # included and recommended for publication

INCLUDED_FATES = frozenset({INCLUDED, RECOMMENDED})
REVIEWED_FATES = INCLUDED_FATES | {REVISION}

# Days before the load: created, submitted, assigned, accepted, reviewed, decided (0: now).
TIMELINE = {
    DRAFT: (4, None, None, None, None, None),
    SUBMITTED: (5, 2, None, None, None, None),
    INVITED: (7, 5, 1, None, None, None),
    ACCEPTED: (10, 6, 3, 2, None, None),
    OVERDUE: (18, 15, 12, 11, None, None),
    REVISION: (26, 22, 20, 19, 12, 9),
    INCLUDED: (34, 28, 24, 23, 16, 0),
    RECOMMENDED: (34, 28, 24, 23, 16, 0),
}


@dataclass(frozen=True)
class MaterialSpec:
    title: str
    summary: str
    material_type: str  # MaterialType value
    subject: str  # a name of content.ALL_SUBJECTS
    level: str  # Level value
    tags: tuple[str, ...]
    licence: str  # Licence value
    fate: str
    points: tuple[str, ...]  # the body of the file: stages, tasks, sections, slides
    file: str = "pdf"  # "pdf", "docx" or "" (a link to the recording only)
    video: bool = False  # a link to the recording of the lesson on RUTUBE
    author: str = ""  # "member": the demo member's login; else the next ordinary member
    coauthors: int = 0  # how many more ordinary members are its co-authors (they confirm)
    expert: int = 0  # which of the community's experts (0 in «Синергия»: the demo expert)


M = MaterialType
L = Level
LIC = Licence

SINERGIYA_MATERIALS = (
    MaterialSpec(
        "Рабочая программа курса внеурочной деятельности «Мой край — моя история» "
        "для малокомплектной сельской школы",
        "Программа рассчитана на разновозрастную группу обучающихся 5–7 классов (34 часа в "
        "год). Занятия построены вокруг исследовательских заданий о родном селе: работа с "
        "семейными архивами, экскурсии, встречи со старожилами, создание виртуального музея.",
        M.PROGRAM,
        "Внеурочная деятельность",
        L.OOO,
        ("внеурочная деятельность", "краеведение", "сельская школа"),
        LIC.CC_BY_NC,
        DRAFT,
        (
            "Раздел 1. Моя семья в истории села (8 ч): родословная, семейный архив, интервью.",
            "Раздел 2. Улицы и памятные места (10 ч): экскурсии, фотофиксация, карта села.",
            "Раздел 3. Люди труда (8 ч): встречи с ветеранами производства, очерки.",
            "Раздел 4. Виртуальный музей (8 ч): отбор экспонатов, подписи, защита проекта.",
        ),
        file="docx",
        author="member",
    ),
    MaterialSpec(
        "Сетевой проект «Музыкальная карта родного края» для обучающихся 5–7 классов",
        "Методическая разработка сетевого проекта трёх сельских школ: обучающиеся собирают "
        "народные песни и наигрыши своих сёл, записывают их и наносят на интерактивную карту "
        "района. Описаны этапы, распределение ролей между школами, формы представления "
        "результатов и критерии оценивания.",
        M.PROJECT,
        "Музыка",
        L.OOO,
        ("проектная деятельность", "сетевое взаимодействие", "краеведение", "музыка"),
        LIC.CC_BY,
        INCLUDED,
        (
            "Погружение: урок-концерт «Песни нашего края», постановка проблемного вопроса.",
            "Экспедиция: запись песен и воспоминаний у жителей сёл, паспорт каждой записи.",
            "Обработка: расшифровка текстов, отбор материалов, подготовка аудиофрагментов.",
            "Карта: размещение записей на общей карте района, взаимная проверка школами.",
            "Защита: сетевая онлайн-конференция, рефлексия, отчёт для родителей.",
        ),
        author="member",
        expert=0,
    ),
    MaterialSpec(
        "Модель организации внеурочной деятельности в образовательном центре "
        "естественнонаучной и технологической направленностей",
        "Описание опыта управленческой команды: как при единой сетке занятий распределить "
        "оборудование центра между школами сообщества, составить расписание внеурочной "
        "деятельности и отслеживать результаты. Приложены шаблоны плана и мониторинга.",
        M.EXPERIENCE,
        "Управление образовательной организацией",
        L.OOO,
        ("управление", "внеурочная деятельность", "сетевое взаимодействие"),
        LIC.CC_BY_SA,
        RECOMMENDED,
        (
            "Анализ ресурсов: оборудование, кадры, помещения школ-участниц.",
            "Единое расписание внеурочной деятельности и график пользования оборудованием.",
            "Сетевой договор и распределение ответственности между организациями.",
            "Мониторинг: посещаемость, участие в конкурсах, удовлетворённость родителей.",
        ),
        coauthors=2,
        expert=2,
    ),
    MaterialSpec(
        "Мастер-класс «Робототехника для начинающих: первый проект на конструкторе»",
        "Видеозапись мастер-класса для педагогов дополнительного образования и учителей "
        "технологии: сборка и программирование простой модели, типичные ошибки начинающих, "
        "как организовать работу в парах. К записи приложена технологическая карта занятия.",
        M.LESSON_VIDEO,
        "Технология",
        L.DOP,
        ("робототехника", "дополнительное образование", "мастер-класс"),
        LIC.CC_BY,
        INCLUDED,
        (
            "Знакомство с конструктором и правилами безопасной работы (10 мин).",
            "Сборка модели «Умный вентилятор» по инструкционной карте (25 мин).",
            "Программирование: датчик температуры и мотор (30 мин).",
            "Испытания, поиск ошибок, презентация моделей парами (20 мин).",
        ),
        file="docx",
        video=True,
        expert=1,
    ),
    MaterialSpec(
        "Сценарий сетевого фестиваля детского творчества «Созвездие талантов»",
        "Сценарий и положение фестиваля для обучающихся школ сообщества: номинации, порядок "
        "подачи заявок, программа дня, работа жюри. Фестиваль проводится поочерёдно на "
        "площадке одной из школ-участниц.",
        M.METHODICAL,
        "Дополнительное образование",
        L.OOO,
        ("воспитательная работа", "фестиваль", "сетевое взаимодействие"),
        LIC.CC_BY,
        SUBMITTED,
        (
            "Номинации: вокал, хореография, декоративно-прикладное творчество, художественное "
            "слово.",
            "Заявки принимаются за две недели до фестиваля, по одной от школы в номинации.",
            "Программа дня: открытие, конкурсные выступления, мастер-классы, награждение.",
            "Жюри: педагоги дополнительного образования школ-участниц и приглашённые эксперты.",
        ),
        file="docx",
    ),
    MaterialSpec(
        "Технологическая карта занятия кружка «3D-моделирование»: проектируем брелок",
        "Занятие для обучающихся 6–7 классов: знакомство с интерфейсом программы "
        "3D-моделирования, построение модели брелока из примитивов, подготовка к печати. "
        "Карта содержит этапы, деятельность педагога и обучающихся, планируемые результаты.",
        M.LESSON_PLAN,
        "Технология",
        L.DOP,
        ("3d-моделирование", "технологическая карта", "дополнительное образование"),
        LIC.CC_BY_NC_SA,
        ACCEPTED,
        (
            "Мотивация: образцы брелоков, постановка задачи (5 мин).",
            "Интерфейс программы: рабочая плоскость, примитивы, перемещение (10 мин).",
            "Построение модели по образцу и собственного варианта (20 мин).",
            "Проверка модели и подготовка файла к печати (7 мин).",
            "Рефлексия: «что получилось — что было трудно» (3 мин).",
        ),
        expert=0,
    ),
    MaterialSpec(
        "Сценарий внеурочного занятия «Музыка Великой Победы» для 6–7 классов",
        "Занятие-концерт о песнях военных лет: история создания песен, прослушивание и "
        "исполнение, работа с письмами с фронта. Подходит для проведения в разновозрастной "
        "группе и на общешкольном мероприятии.",
        M.LESSON_PLAN,
        "Музыка",
        L.OOO,
        ("музыка", "патриотическое воспитание", "внеурочная деятельность"),
        LIC.CC_BY,
        INVITED,
        (
            "Вступительное слово: как песня помогала на фронте и в тылу.",
            "Истории песен «Катюша», «Синий платочек», «В землянке».",
            "Чтение писем с фронта, обсуждение.",
            "Совместное исполнение, запись видеооткрытки ветеранам.",
        ),
        file="docx",
        expert=0,
    ),
    MaterialSpec(
        "Лист оценки индивидуального проекта обучающегося 9 класса",
        "Критерии и шкала оценивания индивидуального проекта с комментариями для членов "
        "комиссии: самостоятельность, предметные знания, регулятивные и коммуникативные "
        "действия. Используется в школах сообщества с единым порядком защиты проектов.",
        M.ASSESSMENT_SHEET,
        "Внеурочная деятельность",
        L.OOO,
        ("индивидуальный проект", "оценивание", "фгос"),
        LIC.CC_BY_SA,
        OVERDUE,
        (
            "Способность к самостоятельному приобретению знаний и решению проблем",
            "Сформированность предметных знаний и способов действий",
            "Сформированность регулятивных действий: планирование, контроль времени",
            "Сформированность коммуникативных действий: текст, доклад, ответы на вопросы",
        ),
        file="docx",
        expert=0,
    ),
    MaterialSpec(
        "Презентация «Профессии будущего»: профориентационное занятие для 8 класса",
        "Презентация к занятию по профориентации: какие профессии появятся в ближайшие годы, "
        "какие навыки для них нужны, как связать выбор профиля с интересами. Содержит задания "
        "для работы в группах.",
        M.PRESENTATION,
        "Внеурочная деятельность",
        L.OOO,
        ("профориентация", "презентация", "внеурочная деятельность"),
        LIC.CC_BY,
        REVISION,
        (
            "Мир профессий меняется: что исчезает и что появляется",
            "Атлас новых профессий: агроинженер, цифровой куратор, проектировщик городской среды",
            "Навыки будущего: работа в команде, системное мышление, цифровая грамотность",
            "Задание для групп: профессия будущего для нашего района",
        ),
        expert=1,
    ),
)

OLYOKMINSKY_MATERIALS = (
    MaterialSpec(
        "Технологическая карта урока математики «Положительные и отрицательные числа», 6 класс",
        "Урок открытия нового знания с опорой на жизненные ситуации: температура воздуха в "
        "Олёкминске зимой и летом, уровень воды в реке. Карта содержит этапы урока, "
        "формируемые УУД, задания с самопроверкой.",
        M.LESSON_PLAN,
        "Математика",
        L.OOO,
        ("математика", "технологическая карта", "функциональная грамотность"),
        LIC.CC_BY,
        INCLUDED,
        (
            "Актуализация: термометр и шкала, «где ноль?» (5 мин).",
            "Проблемная ситуация: как записать температуру −45 °C и уровень воды ниже нормы.",
            "Открытие нового знания: координатная прямая, противоположные числа (15 мин).",
            "Первичное закрепление в парах, самопроверка по эталону (10 мин).",
            "Рефлексия и домашнее задание на выбор (5 мин).",
        ),
        expert=0,
    ),
    MaterialSpec(
        "Этнокультурный компонент на уроках литературы: знакомство с олонхо в 5 классе",
        "Методическая разработка цикла из трёх уроков о якутском героическом эпосе олонхо: "
        "сюжет и герои, образ богатыря, сравнение с русскими былинами. Предложены задания на "
        "смысловое чтение и творческий проект «Мой богатырь».",
        M.METHODICAL,
        "Литература",
        L.OOO,
        ("литература", "этнокультурное образование", "олонхо", "смысловое чтение"),
        LIC.CC_BY_SA,
        RECOMMENDED,
        (
            "Урок 1. Олонхо — шедевр устного наследия: сказители, строение эпоса.",
            "Урок 2. Образ богатыря Нюргун Боотура: чтение фрагментов, характеристика героя.",
            "Урок 3. Былина и олонхо: сравнительная таблица, общие и различные черты.",
            "Творческий проект «Мой богатырь»: иллюстрация и рассказ о подвиге.",
        ),
        expert=1,
    ),
    MaterialSpec(
        "КИМ для входной диагностики по биологии, 7 класс",
        "Контрольно-измерительные материалы для входной диагностики: 12 заданий базового и "
        "повышенного уровня, спецификация, кодификатор и ключи. Время выполнения — 40 минут.",
        M.KIM,
        "Биология",
        L.OOO,
        ("биология", "ким", "диагностика"),
        LIC.CC_BY_NC,
        ACCEPTED,
        (
            "Какой органоид растительной клетки отвечает за фотосинтез? Выберите один ответ.",
            "Установите соответствие между тканью растения и её функцией.",
            "Рассмотрите рисунок цветка и подпишите его части.",
            "Почему осенью листья меняют окраску? Дайте развёрнутый ответ.",
            "Определите по описанию экологическую группу растения.",
        ),
        file="docx",
        expert=2,
    ),
    MaterialSpec(
        "Видеозапись урока английского языка «My Native Land», 7 класс",
        "Открытый урок с элементами проектной деятельности: обучающиеся рассказывают о природе "
        "и достопримечательностях Олёкминского района на английском языке. К записи приложен "
        "конспект урока.",
        M.LESSON_VIDEO,
        "Английский язык",
        L.OOO,
        ("английский язык", "открытый урок", "краеведение"),
        LIC.CC_BY,
        SUBMITTED,
        (
            "Warming up: a picture quiz about Yakutia.",
            "Vocabulary: nature, rivers, seasons — matching and pronunciation.",
            "Group work: a tourist leaflet «Welcome to Olyokminsk».",
            "Presentations and peer feedback, homework.",
        ),
        file="",
        video=True,
    ),
    MaterialSpec(
        "Дополнительная общеразвивающая программа «Юный эколог»",
        "Программа естественнонаучной направленности для обучающихся 10–13 лет на один год "
        "обучения: наблюдения за природой родного края, экологические акции, исследования "
        "качества воды в реке.",
        M.PROGRAM,
        "Дополнительное образование",
        L.DOP,
        ("экология", "дополнительное образование", "исследовательская деятельность"),
        LIC.CC_BY,
        REVISION,
        (
            "Модуль «Природа родного края»: сезонные наблюдения, дневник натуралиста.",
            "Модуль «Вода — источник жизни»: пробы воды, простейшие анализы.",
            "Модуль «Экологические акции»: сбор макулатуры, кормушки, субботник.",
            "Итоговая конференция юных исследователей.",
        ),
        file="docx",
        expert=0,
    ),
)

NIZHNEINGASHSKY_MATERIALS = (
    MaterialSpec(
        "Смысловое чтение на уроках истории: приёмы работы с историческим источником",
        "Методическая разработка для учителей истории 6–9 классов: приёмы «инсерт», "
        "«вопросы к тексту», «таблица тонких и толстых вопросов» на материале летописей и "
        "документов. Приложены дидактические карточки.",
        M.METHODICAL,
        "История",
        L.OOO,
        ("история", "смысловое чтение", "функциональная грамотность"),
        LIC.CC_BY,
        INCLUDED,
        (
            "Атрибуция источника: кто, когда, с какой целью создал документ.",
            "Приём «инсерт»: пометки на полях при первом чтении.",
            "«Тонкие» и «толстые» вопросы к тексту летописи.",
            "Сравнение двух источников об одном событии.",
        ),
        expert=0,
    ),
    MaterialSpec(
        "Банк заданий по естественнонаучной грамотности для 8 класса",
        "Задания в формате международных исследований на материале физики: контекст из жизни "
        "сельского школьника, несколько вопросов разного уровня к одной ситуации, критерии "
        "оценивания открытых ответов.",
        M.KIM,
        "Физика",
        L.OOO,
        ("функциональная грамотность", "физика", "ким"),
        LIC.CC_BY_SA,
        REVISION,
        (
            "Ситуация «Печь в доме»: почему нагревается воздух в комнате? Объясните.",
            "Ситуация «Колодец»: оцените глубину по времени падения камня.",
            "Ситуация «Теплица»: какое покрытие выбрать и почему?",
            "Ситуация «Велосипед»: как изменится тормозной путь на мокрой дороге?",
        ),
        file="docx",
        expert=1,
    ),
    MaterialSpec(
        "Программа наставничества «Учитель — учитель» для молодых педагогов",
        "Программа наставничества в образовательной организации: формы работы наставника и "
        "молодого специалиста на первый год, индивидуальный план развития, показатели "
        "эффективности.",
        M.PROGRAM,
        "Управление образовательной организацией",
        L.OOO,
        ("наставничество", "молодые педагоги", "управление"),
        LIC.CC_BY,
        ACCEPTED,
        (
            "Диагностика профессиональных затруднений молодого педагога.",
            "Индивидуальный план развития на учебный год.",
            "Взаимопосещение уроков и совместный анализ.",
            "Итоговая самооценка и открытый урок молодого педагога.",
        ),
        expert=2,
    ),
    MaterialSpec(
        "Презентация к уроку информатики «Алгоритмы и исполнители», 6 класс",
        "Презентация с интерактивными заданиями: понятие алгоритма, формальный исполнитель, "
        "система команд, составление алгоритма для исполнителя «Робот».",
        M.PRESENTATION,
        "Информатика",
        L.OOO,
        ("информатика", "алгоритмы", "презентация"),
        LIC.CC_BY,
        SUBMITTED,
        (
            "Что такое алгоритм: примеры из жизни",
            "Исполнитель и его система команд",
            "Исполнитель «Робот»: поле, стены, команды",
            "Практическое задание: проведи Робота к выходу",
        ),
    ),
    MaterialSpec(
        "Технологическая карта урока русского языка «Причастный оборот», 7 класс",
        "Урок в технологии развития критического мышления: наблюдение над предложениями с "
        "причастным оборотом, правило обособления, тренировочные задания в формате ВПР.",
        M.LESSON_PLAN,
        "Русский язык",
        L.OOO,
        ("русский язык", "технологическая карта", "впр"),
        LIC.CC_BY_NC,
        INVITED,
        (
            "Вызов: предложения с «лишними» запятыми — найди закономерность.",
            "Осмысление: главное и зависимые слова, место оборота.",
            "Правило обособления, составление опорной схемы.",
            "Тренировочные задания в формате ВПР, взаимопроверка.",
        ),
        file="docx",
        expert=1,
    ),
)

MILLEROVO_MATERIALS = (
    MaterialSpec(
        "Программа перехода школы в эффективный режим работы: опыт школы с низкими "
        "образовательными результатами",
        "Описание опыта школы, которая за два года вышла из числа школ с низкими результатами: "
        "анализ рисковых профилей, адресная программа помощи, партнёрство со школой-лидером, "
        "работа с родителями. Приложены формы мониторинга.",
        M.EXPERIENCE,
        "Управление образовательной организацией",
        L.SOO,
        ("шнор", "управление", "школа-лидер", "мониторинг"),
        LIC.CC_BY_SA,
        RECOMMENDED,
        (
            "Самодиагностика: рисковые профили школы и их причины.",
            "Программа антирисковых мер на два года с ответственными и сроками.",
            "Партнёрство со школой-лидером: взаимопосещения, совместные педсоветы.",
            "Мониторинг: результаты ВПР и ОГЭ, посещаемость, участие родителей.",
        ),
        coauthors=1,
        expert=0,
    ),
    MaterialSpec(
        "Индивидуальный образовательный маршрут обучающегося с трудностями в обучении математике",
        "Методическая разработка: как выявить дефициты обучающегося, составить маршрут на "
        "четверть, подобрать задания и отслеживать продвижение. Пример маршрута для "
        "обучающегося 6 класса.",
        M.METHODICAL,
        "Математика",
        L.OOO,
        ("индивидуальный маршрут", "математика", "шнор"),
        LIC.CC_BY,
        INCLUDED,
        (
            "Диагностика дефицитов по результатам ВПР и текущих работ.",
            "Цели на четверть и формы поддержки: консультации, тьютор, онлайн-тренажёр.",
            "Подбор заданий по уровням: базовый, тренировочный, повышенный.",
            "Лист продвижения и встреча с родителями по итогам четверти.",
        ),
        file="docx",
        expert=1,
    ),
    MaterialSpec(
        "Лист наблюдения урока для взаимопосещений в паре «школа-лидер — школа-партнёр»",
        "Лист наблюдения с критериями и индикаторами: цели урока, организация деятельности "
        "обучающихся, обратная связь, дифференциация. Используется при взаимопосещениях "
        "уроков педагогами школ-партнёров.",
        M.ASSESSMENT_SHEET,
        "Управление образовательной организацией",
        L.OOO,
        ("взаимопосещение", "лист наблюдения", "шнор"),
        LIC.CC_BY,
        ACCEPTED,
        (
            "Цели урока сформулированы и понятны обучающимся",
            "Большинство обучающихся активно работает на протяжении урока",
            "Учитель даёт обратную связь по ходу выполнения заданий",
            "Задания дифференцированы по уровню сложности",
        ),
        file="docx",
        expert=2,
    ),
    MaterialSpec(
        "КИМ для промежуточной аттестации по химии, 9 класс",
        "Контрольная работа в двух вариантах: спецификация, кодификатор, задания с выбором "
        "ответа и с развёрнутым ответом, критерии оценивания. Время выполнения — 45 минут.",
        M.KIM,
        "Химия",
        L.OOO,
        ("химия", "ким", "промежуточная аттестация"),
        LIC.CC_BY_NC,
        SUBMITTED,
        (
            "Выберите формулы оксидов из предложенного списка.",
            "Расставьте коэффициенты в уравнении реакции и укажите её тип.",
            "Вычислите массу соли, образовавшейся при нейтрализации.",
            "Предложите способ распознавания растворов хлорида и сульфата натрия.",
        ),
    ),
    MaterialSpec(
        "Видеозапись открытого урока обществознания «Права ребёнка», 6 класс",
        "Урок с элементами дебатов: Конвенция о правах ребёнка, права и обязанности "
        "школьника, разбор жизненных ситуаций. Записан на муниципальном семинаре.",
        M.LESSON_VIDEO,
        "Обществознание",
        L.OOO,
        ("обществознание", "открытый урок", "правовое воспитание"),
        LIC.CC_BY,
        REVISION,
        (
            "Мотивация: ситуации «имеет ли право?» на карточках.",
            "Конвенция о правах ребёнка: работа с текстом в группах.",
            "Дебаты: «Права без обязанностей возможны?»",
            "Рефлексия: памятка «Мои права и обязанности».",
        ),
        file="",
        video=True,
        expert=0,
    ),
)

ELBRUS_MATERIALS = (
    MaterialSpec(
        "Конспект НОД «Путешествие в весенний лес» для детей старшей группы",
        "Интегрированное занятие по познавательному и речевому развитию: признаки весны, "
        "лесные жители, составление описательного рассказа по картинке, подвижная игра.",
        M.LESSON_PLAN,
        "Дошкольное образование",
        L.DO,
        ("дошкольное образование", "конспект нод", "окружающий мир"),
        LIC.CC_BY,
        INCLUDED,
        (
            "Организационный момент: письмо от Лесовичка (2 мин).",
            "Беседа о признаках весны по иллюстрациям (7 мин).",
            "Дидактическая игра «Чей домик?» (6 мин).",
            "Физминутка «Медвежата» и рассказ по картинке (8 мин).",
            "Итог: «что нового мы узнали в лесу» (2 мин).",
        ),
        expert=2,
    ),
    MaterialSpec(
        "Технологическая карта урока окружающего мира «Горы родного края», 2 класс",
        "Урок-путешествие о горах Кабардино-Балкарии: Эльбрус, горные реки, жизнь в горах. "
        "Работа с картой, фотографиями, мини-исследование «почему в горах холодно».",
        M.LESSON_PLAN,
        "Начальные классы",
        L.NOO,
        ("окружающий мир", "краеведение", "технологическая карта"),
        LIC.CC_BY_SA,
        RECOMMENDED,
        (
            "Мотивация: загадка о горе и фотографии Эльбруса (4 мин).",
            "Работа с физической картой: находим горы и реки края (10 мин).",
            "Мини-исследование «почему на вершине снег» (10 мин).",
            "Группы: «кто живёт в горах» — растения и животные (10 мин).",
            "Рефлексия «лестница успеха» (4 мин).",
        ),
        expert=0,
    ),
    MaterialSpec(
        "Картотека речевых игр для детей 5–6 лет с нарушениями звукопроизношения",
        "Картотека учителя-логопеда: игры на автоматизацию и дифференциацию звуков, развитие "
        "фонематического слуха и мелкой моторики, рекомендации для воспитателей и родителей.",
        M.METHODICAL,
        "Дошкольное образование",
        L.DO,
        ("логопедия", "речевое развитие", "дошкольное образование"),
        LIC.CC_BY_NC,
        ACCEPTED,
        (
            "«Эхо»: повторение слогов с заданным звуком.",
            "«Поймай звук»: хлопок на заданный звук в потоке слов.",
            "«Звуковые дорожки»: автоматизация звука в словах с опорой на картинку.",
            "«Пальчики здороваются»: пальчиковая гимнастика со стихами.",
        ),
        file="docx",
        expert=1,
    ),
    MaterialSpec(
        "Видеозапись занятия «Математика в сказках» в подготовительной группе",
        "Занятие по формированию элементарных математических представлений на материале "
        "русских народных сказок: счёт в пределах десяти, сравнение по величине, "
        "ориентировка на листе бумаги.",
        M.LESSON_VIDEO,
        "Дошкольное образование",
        L.DO,
        ("фэмп", "дошкольное образование", "сказка"),
        LIC.CC_BY,
        SUBMITTED,
        (
            "Сказка «Три медведя»: сравнение по величине.",
            "«Колобок»: счёт героев, порядковый счёт.",
            "«Теремок»: ориентировка на листе, графический диктант.",
        ),
        file="",
        video=True,
    ),
    MaterialSpec(
        "Проверочная работа по русскому языку за первое полугодие, 3 класс",
        "Контрольно-измерительные материалы в двух вариантах: диктант с грамматическим "
        "заданием, тест по орфограммам, критерии оценивания.",
        M.KIM,
        "Русский язык",
        L.NOO,
        ("русский язык", "ким", "начальная школа"),
        LIC.CC_BY_NC,
        INVITED,
        (
            "Диктант «Зимний лес» (68 слов).",
            "Грамматическое задание: разбор предложения по членам.",
            "Подчеркните слова с безударной гласной в корне, подберите проверочные.",
            "Разделите слова для переноса.",
        ),
        file="docx",
        expert=2,
    ),
)

MATERIALS_OF = {
    content.SINERGIYA.slug: SINERGIYA_MATERIALS,
    content.OLYOKMINSKY.slug: OLYOKMINSKY_MATERIALS,
    content.NIZHNEINGASHSKY.slug: NIZHNEINGASHSKY_MATERIALS,
    content.MILLEROVO.slug: MILLEROVO_MATERIALS,
    content.ELBRUS.slug: ELBRUS_MATERIALS,
}

COMMENTS = (
    "Спасибо за разработку! Взяла в работу, в следующей четверти проведу по этому плану.",
    "Очень понятная структура: всё по шагам, легко адаптировать под малокомплектную школу.",
    "Коллега, а есть ли к этому раздаточный материал? Было бы здорово приложить его файлом.",
    "Полезно. Предложение: добавить в конце критерии самооценки для обучающихся.",
    "Мы пробовали похожий подход в нашей школе, дети работали с интересом. У вас подробнее — "
    "возьму пару приёмов.",
    "Хороший материал для молодых педагогов, поделюсь с наставляемой.",
    "Время на этапы, по-моему, рассчитано впритык: рефлексия в нашем классе занимает больше.",
    "Подскажите, на какой учебно-методический комплекс вы ориентировались?",
    "Спасибо, что материал под открытой лицензией: можно дорабатывать под свой класс.",
    "Поддерживаю включение в методический кабинет: материал проверен на практике.",
    "Особенно ценно, что есть задания разного уровня сложности.",
    "Интересная идея сетевого взаимодействия — хотелось бы увидеть результаты апробации.",
)
AUTHOR_REPLY = "Спасибо, коллеги, за отзывы! Замечания учту при доработке материала."

CONCLUSIONS = {
    Recommendation.INCLUDE: (
        "Материал актуален и соответствует требованиям ФГОС и ФОП. Структура логична, "
        "методические приёмы подобраны с учётом возраста обучающихся; материал может быть "
        "использован педагогами других образовательных организаций без существенной "
        "доработки. Рекомендую включить материал в виртуальный методический кабинет."
    ),
    Recommendation.RECOMMEND_PUBLICATION: (
        "Материал актуален, отличается новизной подходов и высокой практической значимостью; "
        "результаты апробации подтверждены. Оформление соответствует требованиям сообщества. "
        "Рекомендую включить материал в виртуальный методический кабинет и рекомендовать его "
        "к публикации."
    ),
    Recommendation.REVISE: (
        "Тема актуальна, однако материал требует доработки: не сформулированы планируемые "
        "результаты, отсутствуют критерии оценивания, часть заданий не соответствует возрасту "
        "обучающихся. После доработки материал может быть повторно направлен на экспертизу."
    ),
}
# Score and comment per criterion, in the order of the default review form.
SCORES = {
    Recommendation.INCLUDE: (
        (3, "Соответствует требованиям ФГОС и ФОП."),
        (2, "Подходы известны, но удачно адаптированы к условиям сельской школы."),
        (3, "Может использоваться в других школах без доработки."),
        (3, ""),
        (2, "Рекомендуется добавить список источников."),
    ),
    Recommendation.RECOMMEND_PUBLICATION: (
        (3, "Отвечает актуальным задачам образования в районе."),
        (3, "Оригинальный авторский замысел."),
        (3, "Результаты апробации приведены и убедительны."),
        (3, ""),
        (3, "Оформление образцовое."),
    ),
    Recommendation.REVISE: (
        (2, "Тема актуальна."),
        (1, "Новизна не обоснована."),
        (1, "Не показано, как материал использовать в других классах."),
        (1, "Не сформулированы планируемые результаты, нет критериев оценивания."),
        (2, "Требуется вычитка текста."),
    ),
}
DECISION_REASONS = {
    INCLUDED: (
        "Получено положительное экспертное заключение. Материал соответствует критериям "
        "экспертизы сообщества и включается в виртуальный методический кабинет."
    ),
    RECOMMENDED: (
        "Получено положительное экспертное заключение с рекомендацией к публикации. Материал "
        "включается в виртуальный методический кабинет и рекомендуется к публикации."
    ),
    REVISION: (
        "Материал возвращается автору на доработку в соответствии с экспертным заключением: "
        "сформулировать планируемые результаты, добавить критерии оценивания, скорректировать "
        "задания с учётом возраста обучающихся."
    ),
}
RECOMMENDATION_NOTE = (
    "Рекомендован к публикации в региональном сборнике методических материалов «Лучшие "
    "практики сетевых педагогических сообществ» и к представлению на августовской "
    "педагогической конференции."
)
COUNCIL_PROTOCOL = "Протокол заседания методического кабинета № 1 от {date:%d.%m.%Y}"


@dataclass
class Added:
    materials: int = 0
    documents: int = 0


@dataclass
class People:
    coordinator: User
    chair: User  # the community's administrator chairs the council of its cabinet
    experts: list[User]  # the demo expert first in «Синергия»
    authors: list[User]  # ordinary members in a fixed shuffled order
    members: list[User]  # every active member
    member: User | None  # the demo member's login, in «Синергия»


# --- Entry point -----------------------------------------------------------------------------


def load_materials_demo(community: Community) -> Added:
    """The community's materials, expertise, council and cabinet; nothing if it has any."""
    specs = MATERIALS_OF.get(community.slug, ())
    added = Added()
    if not specs or Material.objects.filter(community=community).exists():
        return added
    people = _people(community)
    if people is None:
        return added
    documents_before = Document.objects.count()
    with _notices_in_the_site_only():
        _council(community, people)
        rng = random.Random(f"materials:{community.slug}")
        authors = iter(people.authors)
        criteria = criteria_ensure_default(community=community)
        now = timezone.now()
        for index, spec in enumerate(specs):
            author = people.member if spec.author == "member" and people.member else next(authors)
            coauthors = [next(authors) for _ in range(spec.coauthors)]
            _material(
                community, spec, author, coauthors, people, criteria, rng, now, spread=index % 3
            )
            added.materials += 1
        # What the periodic command would do now: the overdue expertise is escalated to the
        # coordinators, the expert whose term ends soon is reminded.
        deadlines_process()
    added.documents = Document.objects.count() - documents_before
    return added


def _people(community: Community) -> People | None:
    roles: dict[str, list[User]] = {}
    memberships = (
        Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE)
        .select_related("user__organisation")
        .order_by("pk")
    )
    for membership in memberships:
        roles.setdefault(membership.role, []).append(membership.user)
    fixed = {
        user.email: user
        for user in User.objects.filter(email__in=[login.email for login in content.FIXED_LOGINS])
    }
    expert_login = fixed.get(_login_email("expert"))
    member_login = fixed.get(_login_email("member"))
    experts = sorted(roles.get(Role.EXPERT, []), key=lambda user: user != expert_login)
    ordinary = [user for user in roles.get(Role.MEMBER, []) if user != member_login]
    if not (roles.get(Role.COORDINATOR) and len(experts) >= 3 and len(ordinary) >= 8):
        return None
    random.Random(f"authors:{community.slug}").shuffle(ordinary)
    everyone = [user for group in roles.values() for user in group]
    return People(
        coordinator=roles[Role.COORDINATOR][0],
        chair=(roles.get(Role.ADMINISTRATOR) or roles[Role.COORDINATOR])[0],
        experts=experts,
        authors=ordinary,
        members=everyone,
        member=member_login if member_login in roles.get(Role.MEMBER, []) else None,
    )


def _login_email(key: str) -> str:
    return next(login.email for login in content.FIXED_LOGINS if login.key == key)


# --- No e-mail to synthetic people -----------------------------------------------------------


@contextmanager
def _notices_in_the_site_only() -> Iterator[None]:
    """Runs the services so that their notices appear in the site and none is e-mailed.

    The services tell people after the commit (transaction.on_commit): the notices about an
    assignment, a decision, an escalation are written then, and e-mails are queued for those
    whose preference says so. Here the deferred callbacks registered inside the block are run
    at its end, still inside the loading transaction, so every notice is written now; the
    e-mail queueing is dropped and the notices of the synthetic people are switched to «in the
    site only» (a direct update). Only the documents registry's keeper of its stored files is
    left for the real commit, which it must see happen."""
    from pedset.documents.services import _StoredFiles
    from pedset.notifications.services import _enqueue_emails

    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("the demo materials are loaded inside the loader's transaction")
    start = len(connection.run_on_commit)
    last_notice = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
    task_log = logging.getLogger("django.tasks")
    level = task_log.level
    task_log.setLevel(logging.WARNING)  # a line per preview made would bury the demo logins
    try:
        yield
        kept = []
        while len(connection.run_on_commit) > start:
            pending = connection.run_on_commit[start:]
            del connection.run_on_commit[start:]
            for entry in pending:
                _savepoints, callback, robust = entry
                if isinstance(callback, _StoredFiles):
                    kept.append(entry)
                elif getattr(callback, "func", None) is _enqueue_emails:
                    continue
                elif robust:
                    try:
                        callback()
                    except Exception:  # noqa: BLE001 - robust callbacks never stop the caller
                        logger.exception("a deferred step of the demo failed")
                else:
                    callback()
        connection.run_on_commit.extend(kept)
    finally:
        task_log.setLevel(level)
    Notification.objects.filter(
        pk__gt=last_notice,
        recipient__email__endswith=f"@{content.DEMO_DOMAIN}",
        delivery__in=EMAIL_DELIVERIES,
    ).update(delivery=Delivery.SITE)


# --- The council of the cabinet --------------------------------------------------------------


def _council(community: Community, people: People) -> None:
    from pedset.cabinet.services import council_seat_add

    if CouncilMember.objects.filter(community=community).exists():
        return
    since = _local_today(community) - datetime.timedelta(days=90)
    protocol = COUNCIL_PROTOCOL.format(date=since)
    seats = [
        (people.chair, CouncilRole.CHAIR),
        (people.experts[1], CouncilRole.MEMBER),
        (people.authors[-1], CouncilRole.MEMBER),
    ]
    for user, role in seats:
        council_seat_add(
            actor=people.coordinator,
            community=community,
            user=user,
            role=role,
            basis=CouncilBasis.ELECTED,
            since=since,
            basis_document=protocol,
        )


def _local_today(community: Community) -> datetime.date:
    return timezone.localtime(timezone.now(), workdays.community_zone(community)).date()


# --- One material through its expertise ------------------------------------------------------


def _material(
    community, spec: MaterialSpec, author, coauthors, people: People, criteria, rng, now, spread
):
    days = TIMELINE[spec.fate]
    if spec.fate in INCLUDED_FATES:
        days = tuple(None if d is None else d + (2 * spread if d else 0) for d in days)
    moment = _moments(days, now, rng)
    with translation.override("ru"):
        files = [_upload(spec, author, community)] if spec.file else []
    material = material_create(
        actor=author,
        community=community,
        title=spec.title,
        summary=spec.summary,
        material_type=spec.material_type,
        level=spec.level,
        licence=spec.licence,
        subject=Subject.objects.get(name=spec.subject),
        tags=spec.tags,
        coauthors=coauthors,
        links=[(_rutube_link(spec.title), "Видеозапись на RUTUBE")] if spec.video else (),
        files=files,
    )
    for coauthor in coauthors:
        # Each co-author confirms taking part and consents to their name being published.
        coauthorship_confirm(actor=coauthor, material=material)
    if spec.fate == DRAFT:
        _move_back(material, moment)
        return material
    material_submit(actor=author, material=material, authorship_consent=True)
    review_round = ReviewRound.objects.select_related("material__community").get(
        material=material, number=1
    )
    assignment = review = None
    if spec.fate != SUBMITTED:
        expert = _expert(review_round, people.experts[spec.expert])
        [assignment] = assignment_create(
            actor=people.coordinator, review_round=review_round, experts=[expert]
        )
        if spec.fate != INVITED:
            assignment_accept(actor=expert, assignment=assignment)
        if spec.fate in REVIEWED_FATES:
            review = _review(spec, expert, assignment, criteria)
    _move_back(
        material,
        moment,
        review_round=review_round,
        assignment=assignment,
        review=review,
        overdue=spec.fate == OVERDUE,
    )
    if spec.fate in REVIEWED_FATES:
        _decide(spec, material, review_round, people, moment)
    _public_expertise(material, spec, author, people, assignment, moment, rng, now)
    return material


def _moments(days, now, rng) -> list[datetime.datetime | None]:
    """Each step's moment: so many days ago, at some hour of the working day."""
    moments = []
    for number in days:
        if number is None:
            moments.append(None)
        elif number == 0:
            moments.append(now)
        else:
            moments.append(now - datetime.timedelta(days=number, hours=rng.randint(0, 5)))
    return moments


def _expert(review_round, wanted: User) -> User:
    """The wanted expert when the community's rules let them review this material (not an
    author, from another organisation if the community requires it), else the first who may."""
    from pedset.review.selectors import expert_candidates

    eligible, _excluded = expert_candidates(review_round)
    people = [candidate.user for candidate in eligible]
    return wanted if wanted in people else people[0]


def _review(spec: MaterialSpec, expert, assignment, criteria) -> Review:
    recommendation = {
        INCLUDED: Recommendation.INCLUDE,
        RECOMMENDED: Recommendation.RECOMMEND_PUBLICATION,
        REVISION: Recommendation.REVISE,
    }[spec.fate]
    marks = SCORES[recommendation]
    scores = {
        criterion.pk: (
            min(marks[i % len(marks)][0], criterion.max_score),
            marks[i % len(marks)][1],
        )
        for i, criterion in enumerate(criteria)
    }
    return review_submit(
        actor=expert,
        assignment=assignment,
        scores=scores,
        conclusion=CONCLUSIONS[recommendation],
        recommendation=recommendation,
    )


def _move_back(material, moment, *, review_round=None, assignment=None, review=None, overdue=False):
    """The services stamped each step with the present moment; the demo's history puts each
    step so many days back (a direct update of the stamps only: the states are the services').
    The deadline is counted again from the earlier assignment on the community's calendar, so
    an assignment made long enough ago is overdue exactly as a real one would be."""
    created, submitted, assigned, accepted, reviewed, _decided = moment
    last = max(m for m in moment[:5] if m is not None)
    stamps = {"created_at": created, "updated_at": last}
    if submitted is not None:
        stamps.update(submitted_at=submitted, authorship_consent_at=submitted)
    Material.objects.filter(pk=material.pk).update(**stamps)
    MaterialFile.objects.filter(material=material).update(uploaded_at=created)
    if review_round is not None:
        ReviewRound.objects.filter(pk=review_round.pk).update(opened_at=submitted)
    if assignment is not None:
        community = material.community
        deadline = workdays.term_deadline(community, assigned)
        # Counted in working days the term is longer: go back until it has ended.
        while overdue and deadline >= timezone.now() - datetime.timedelta(days=1):
            assigned -= datetime.timedelta(days=1)
            deadline = workdays.term_deadline(community, assigned)
        Assignment.objects.filter(pk=assignment.pk).update(
            assigned_at=assigned, deadline=deadline, responded_at=accepted
        )
    if review is not None:
        Review.objects.filter(pk=review.pk).update(submitted_at=reviewed)


def _decide(spec: MaterialSpec, material, review_round, people: People, moment) -> None:
    """The coordinator's decision. Inclusion is decided now (the order and the certificates
    carry today's date); a return for revision is moved back to its day."""
    review_round = ReviewRound.objects.select_related("material__community").get(pk=review_round.pk)
    outcome = DecisionOutcome.REVISE if spec.fate == REVISION else DecisionOutcome.INCLUDE
    decision = decision_record(
        actor=people.coordinator,
        review_round=review_round,
        outcome=outcome,
        reasons=DECISION_REASONS[spec.fate],
        recommend_for_publication=spec.fate == RECOMMENDED,
    )
    if spec.fate == REVISION:
        decided = moment[5]
        Decision.objects.filter(pk=decision.pk).update(decided_at=decided)
        ReviewRound.objects.filter(pk=review_round.pk).update(closed_at=decided)
        Material.objects.filter(pk=material.pk).update(updated_at=decided)
    elif spec.fate == RECOMMENDED:
        from pedset.cabinet.services import entry_recommend

        # The chair of the council says where (regulation 004 1.10).
        entry_recommend(
            actor=people.chair,
            entry=CabinetEntry.objects.get(material=material),
            recommended=True,
            note=RECOMMENDATION_NOTE,
        )


# --- Public expertise: comments, ratings, views ----------------------------------------------


def _public_expertise(material, spec, author, people: People, assignment, moment, rng, now):
    """Comments and ratings by other members, views and downloads per day since submission.

    Comments are written directly (the service's rate limit would refuse a quick series, and
    telling the author of each is no part of the demo); ratings go through the service."""
    submitted = moment[1]
    expert_id = assignment.expert_id if assignment is not None else None
    authors = set(material.authors.values_list("user_id", flat=True))
    others = [p for p in people.members if p.pk not in {*authors, expert_id}]
    readers = rng.sample(others, k=min(len(others), rng.randint(2, 5)))
    texts = rng.sample(COMMENTS, k=rng.randint(1, 3))
    span = (now - submitted).total_seconds()
    written = []
    for number, (body, person) in enumerate(zip(texts, readers, strict=False), start=1):
        at = submitted + datetime.timedelta(seconds=span * number / (len(texts) + 2))
        written.append((MaterialComment(material=material, author=person, body=body), at))
    if spec.fate == REVISION:
        at = submitted + datetime.timedelta(seconds=span * (len(texts) + 1) / (len(texts) + 2))
        written.append((MaterialComment(material=material, author=author, body=AUTHOR_REPLY), at))
    for comment, at in written:
        comment.save()
        MaterialComment.objects.filter(pk=comment.pk).update(created_at=at)
    Material.objects.filter(pk=material.pk).update(
        comments_count=F("comments_count") + len(written)
    )
    for person in readers:
        rating_set(actor=person, material=material, score=rng.choice((4, 5, 5, 5, 4, 3)))

    zone = workdays.community_zone(material.community)
    first_day = timezone.localtime(submitted, zone).date()
    today = timezone.localtime(now, zone).date()
    has_file = bool(spec.file)
    stats = []
    day = first_day
    while day <= today:
        views = rng.randint(0, 9)
        downloads = rng.randint(0, min(views, 4)) if has_file else 0
        if views:
            stats.append(
                MaterialDailyStat(material=material, day=day, views=views, downloads=downloads)
            )
        day += datetime.timedelta(days=1)
    MaterialDailyStat.objects.bulk_create(stats)
    Material.objects.filter(pk=material.pk).update(
        views_count=F("views_count") + sum(s.views for s in stats),
        downloads_count=F("downloads_count") + sum(s.downloads for s in stats),
    )


# --- The files -------------------------------------------------------------------------------

SECTION_TITLE = {
    MaterialType.METHODICAL: "Содержание разработки",
    MaterialType.LESSON_PLAN: "Этапы занятия",
    MaterialType.PROGRAM: "Содержание программы",
    MaterialType.PROJECT: "Этапы проекта",
    MaterialType.LESSON_VIDEO: "План занятия (к видеозаписи)",
    MaterialType.KIM: "Задания",
    MaterialType.ASSESSMENT_SHEET: "Критерии оценивания",
    MaterialType.PRESENTATION: "Слайды",
    MaterialType.EXPERIENCE: "Основные шаги",
    MaterialType.OTHER: "Содержание",
}
CLOSING = (
    "Материал подготовлен для сетевого педагогического сообщества и может использоваться "
    "педагогами других образовательных организаций на условиях лицензии: {licence}."
)
PDF_STYLE = """
@page { size: A4; margin: 20mm 18mm; }
body { font-family: "DejaVu Serif", serif; font-size: 11.5pt; line-height: 1.4; color: #111; }
h1 { font-size: 15pt; text-align: center; margin: 0 0 6pt; }
h2 { font-size: 12pt; margin: 14pt 0 4pt; }
.meta { font-family: "DejaVu Sans", sans-serif; font-size: 9pt; text-align: center;
        color: #444; margin-bottom: 12pt; }
.closing { margin-top: 16pt; font-size: 9.5pt; color: #444; }
"""
SLIDES_STYLE = """
@page { size: A4 landscape; margin: 18mm; }
body { font-family: "DejaVu Sans", sans-serif; color: #123; }
section { page-break-after: always; height: 150mm; border-left: 8mm solid #2b6cb0;
          padding-left: 12mm; }
section:last-child { page-break-after: auto; }
h1 { font-size: 26pt; margin-top: 40mm; }
h2 { font-size: 22pt; margin-top: 35mm; }
p { font-size: 13pt; color: #444; }
"""


def _author_line(author) -> str:
    parts = [author.get_full_name(), author.position]
    if author.organisation_id:
        parts.append(author.organisation.short_name)
    return ", ".join(part for part in parts if part)


def _upload(spec: MaterialSpec, author, community) -> SimpleUploadedFile:
    licence = str(Licence(spec.licence).label)
    meta = f"{_author_line(author)}. {community.name}"
    if spec.file == "docx":
        data = _docx(spec, meta, licence)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif spec.material_type == MaterialType.PRESENTATION:
        data, content_type = _slides_pdf(spec, meta), "application/pdf"
    else:
        data, content_type = _pdf(spec, meta, licence), "application/pdf"
    return SimpleUploadedFile(_file_name(spec.title, spec.file), data, content_type)


def _file_name(title: str, extension: str) -> str:
    """The first words of the title, as a teacher would name the file."""
    words = title.replace("«", "").replace("»", "").replace(":", "").replace(",", "").split()
    stem = words[0]
    for word in words[1:]:
        if len(stem) + 1 + len(word) > 60:
            break
        stem = f"{stem}_{word}"
    return f"{stem}.{extension}"


def _pdf(spec: MaterialSpec, meta: str, licence: str) -> bytes:
    from weasyprint import HTML  # heavy import: only when the demo is loaded

    escape = html.escape
    items = "".join(f"<li>{escape(point)}</li>" for point in spec.points)
    page = (
        f"<html lang='ru'><head><meta charset='utf-8'><style>{PDF_STYLE}</style></head><body>"
        f"<h1>{escape(spec.title)}</h1><p class='meta'>{escape(meta)}</p>"
        f"<h2>Аннотация</h2><p>{escape(spec.summary)}</p>"
        f"<h2>{escape(SECTION_TITLE[spec.material_type])}</h2><ol>{items}</ol>"
        f"<p class='closing'>{escape(CLOSING.format(licence=licence))}</p></body></html>"
    )
    return HTML(string=page).write_pdf()


def _slides_pdf(spec: MaterialSpec, meta: str) -> bytes:
    from weasyprint import HTML

    escape = html.escape
    slides = [f"<section><h1>{escape(spec.title)}</h1><p>{escape(meta)}</p></section>"]
    slides += [
        f"<section><h2>{escape(point)}</h2><p>Слайд {number}</p></section>"
        for number, point in enumerate(spec.points, start=2)
    ]
    page = (
        f"<html lang='ru'><head><meta charset='utf-8'><style>{SLIDES_STYLE}</style></head>"
        f"<body>{''.join(slides)}</body></html>"
    )
    return HTML(string=page).write_pdf()


def _docx(spec: MaterialSpec, meta: str, licence: str) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = spec.title
    document.core_properties.author = ""
    document.add_heading(spec.title, level=1)
    document.add_paragraph().add_run(meta).italic = True
    document.add_heading("Аннотация", level=2)
    document.add_paragraph(spec.summary)
    document.add_heading(SECTION_TITLE[spec.material_type], level=2)
    if spec.material_type == MaterialType.ASSESSMENT_SHEET:
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("№", "Критерий", "Баллы (0–2)"), strict=True):
            cell.text = text
        for number, point in enumerate(spec.points, start=1):
            row = table.add_row().cells
            row[0].text, row[1].text, row[2].text = str(number), point, ""
    else:
        for point in spec.points:
            document.add_paragraph(point, style="List Number")
    document.add_paragraph(CLOSING.format(licence=licence))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rutube_link(title: str) -> str:
    """A RUTUBE address of the lesson's recording (the demo's own, made from the title)."""
    return f"https://rutube.ru/video/{hashlib.md5(title.encode()).hexdigest()}/"  # noqa: S324
