"""Loads the demo: organisations, operators with consent texts, the five communities, people.

Idempotent by fixed keys: a community whose slug exists is left alone with its people, an
organisation whose name is in the registry is not added again, a fixed login whose e-mail
exists is not created again. Everything is one transaction: a failed run leaves nothing.

People are created in bulk (one password hash for all of them: hashing is deliberately slow),
but each consent goes through privacy.services.consent_give so that it is recorded with its
text version, hash and audit entry, as a real person's would be. Memberships are written
directly, as the communities services would leave them after approval.
"""

from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from faker import Faker

from pedset.accounts.models import PlatformRole, QualificationCategory, Subject, User, Visibility
from pedset.communities.models import Community, MemberKind, Membership, MembershipStatus, Role
from pedset.core.demo import content
from pedset.core.demo.content import CommunitySpec, DistrictSpec, OperatorSpec
from pedset.core.models import AuditEvent
from pedset.organisations.models import Organisation
from pedset.privacy import services as privacy
from pedset.privacy.models import ConsentKind, ConsentSource, ConsentText

ROLES_IN_ORDER = [Role.ADMINISTRATOR, Role.COORDINATOR] + [Role.MODERATOR] * 2 + [Role.EXPERT] * 3
# In the first community the people with fixed logins take these places in the role list.
FIXED_PLACES = {"administrator": 0, "coordinator": 1, "moderator": 2, "expert": 4, "member": 7}
CARD_FIELDS_TO_PUBLISH = ("full_name", "organisation", "position", "subjects")


@dataclass
class Summary:
    communities: int = 0
    organisations: int = 0
    people: int = 0
    memberships: int = 0
    pending: int = 0
    materials: int = 0
    documents: int = 0
    plan_items: int = 0
    events: int = 0
    certificates: int = 0  # of the documents: events' certificates, diplomas, letters
    created_logins: list[str] = field(default_factory=list)

    @property
    def created_anything(self) -> bool:
        return bool(
            self.communities
            or self.organisations
            or self.people
            or self.materials
            or self.events
            or self.plan_items
        )


@dataclass
class Context:
    password: str
    now: object
    subjects: dict[str, Subject]
    platform_operator: Organisation
    platform_admin: User
    summary: Summary


def load_demo() -> Summary:
    summary = Summary()
    with transaction.atomic():
        context = Context(
            password=make_password(content.DEMO_PASSWORD),
            now=timezone.now(),
            subjects=_subjects(),
            platform_operator=None,
            platform_admin=None,
            summary=summary,
        )
        operators = _organisations_from_specs(
            [content.PLATFORM_OPERATOR, content.EDUCATION_AUTHORITY]
            + [spec.operator for spec in content.COMMUNITIES],
            district_of={
                content.PLATFORM_OPERATOR.full_name: content.PLATFORM_DISTRICT,
                content.EDUCATION_AUTHORITY.full_name: content.PLATFORM_DISTRICT,
                **{spec.operator.full_name: spec.district.name for spec in content.COMMUNITIES},
            },
            summary=summary,
        )
        platform_operator = operators[content.PLATFORM_OPERATOR.full_name]
        if not Organisation.objects.filter(operates_platform=True).exists():
            platform_operator.operates_platform = True
            platform_operator.save(update_fields=["operates_platform"])
        context.platform_operator = platform_operator

        context.platform_admin = _fixed_person(
            context,
            "platform_admin",
            organisation=platform_operator,
            position="методист",
            time_zone="Europe/Moscow",
        )
        if not context.platform_admin.is_superuser:
            context.platform_admin.is_staff = context.platform_admin.is_superuser = True
            context.platform_admin.save(update_fields=["is_staff", "is_superuser"])
        PlatformRole.objects.get_or_create(
            user=context.platform_admin, role=PlatformRole.Role.ADMINISTRATOR
        )
        _consent_texts(
            context,
            platform_operator,
            content.PLATFORM_OPERATOR,
            content.PLATFORM_PURPOSE,
        )
        for spec in content.COMMUNITIES:
            _consent_texts(
                context,
                operators[spec.operator.full_name],
                spec.operator,
                content.community_purpose(spec.name),
            )
        _fixed_person_consents(context, context.platform_admin)

        authority = _fixed_person(
            context,
            "education_authority",
            organisation=operators[content.EDUCATION_AUTHORITY.full_name],
            position="главный специалист управления образования",
            time_zone="Europe/Moscow",
        )
        PlatformRole.objects.get_or_create(
            user=authority, role=PlatformRole.Role.EDUCATION_AUTHORITY
        )
        _fixed_person_consents(context, authority)

        schools_of = {}
        for index, spec in enumerate(content.COMMUNITIES):
            schools = schools_of[spec.slug] = _district_organisations(spec.district, index, summary)
            if Community.objects.filter(slug=spec.slug).exists():
                continue
            _community(
                context,
                spec,
                operator=operators[spec.operator.full_name],
                schools=schools,
                seed=index,
                first=index == 0,
            )

        # Materials, expertise and the cabinet (issue 4): also for a community loaded before
        # they existed, once — pedset.core.demo.materials leaves one that has materials alone.
        from pedset.core.demo.materials import load_materials_demo

        for spec in content.COMMUNITIES:
            added = load_materials_demo(Community.objects.get(slug=spec.slug))
            summary.materials += added.materials
            summary.documents += added.documents

        # Work plans, events, rooms, contests, certificates and consultation lines (issue 5):
        # also for a community loaded before they existed, once — pedset.core.demo.activities
        # leaves one that has events or a work plan alone.
        from pedset.core.demo.activities import load_activities_demo

        for spec in content.COMMUNITIES:
            done = load_activities_demo(Community.objects.get(slug=spec.slug))
            summary.plan_items += done.plan_items
            summary.events += done.events
            summary.certificates += done.certificates
            summary.documents += done.certificates

        first = content.COMMUNITIES[0]
        guest = _fixed_person(
            context,
            "registered",
            organisation=schools_of[first.slug][-1],
            position="учитель информатики",
            time_zone=first.time_zone,
        )
        _fixed_person_consents(context, guest)
    if summary.created_anything:
        # The demo writes many rows directly, past the services' index calls: index it whole.
        from pedset.search.services import index_rebuild

        index_rebuild()
    return summary


# --- Organisations ---------------------------------------------------------------------------


def _subjects() -> dict[str, Subject]:
    existing = {subject.name: subject for subject in Subject.objects.all()}
    missing = [Subject(name=name) for name in content.ALL_SUBJECTS if name not in existing]
    for subject in Subject.objects.bulk_create(missing):
        existing[subject.name] = subject
    return existing


def _ensure_organisations(candidates: list[Organisation], summary: Summary) -> list[Organisation]:
    """The registry's organisations for these names, adding those that are missing."""
    for organisation in candidates:
        organisation.refresh_keys()
    keys = [organisation.name_key for organisation in candidates]
    existing = {o.name_key: o for o in Organisation.objects.filter(name_key__in=keys)}
    missing = [o for o in candidates if o.name_key not in existing]
    for organisation in Organisation.objects.bulk_create(missing):
        existing[organisation.name_key] = organisation
    summary.organisations += len(missing)
    return [existing[key] for key in keys]


def _organisations_from_specs(
    specs: list[OperatorSpec], *, district_of: dict[str, str], summary: Summary
) -> dict[str, Organisation]:
    candidates = [
        Organisation(
            full_name=spec.full_name,
            short_name=spec.short_name,
            kind=spec.kind,
            address=spec.address,
            district=district_of[spec.full_name],
            inn=spec.inn,
        )
        for spec in specs
    ]
    organisations = _ensure_organisations(candidates, summary)
    return {spec.full_name: org for spec, org in zip(specs, organisations, strict=True)}


def _village(fake: Faker, rng: random.Random) -> str:
    """A synthetic village named the way Russian villages often are, after a family:
    Faker's «Абрамов» gives «Абрамовка» or «Абрамово»."""
    while True:
        surname = fake.last_name_male()
        if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
            return surname.replace("ё", "е") + rng.choice(("ка", "о", "ское"))


def _district_organisations(
    district: DistrictSpec, seed: int, summary: Summary
) -> list[Organisation]:
    """8–15 synthetic schools (and kindergartens, a centre of additional education) of the
    district. The same seed gives the same names, so a second run finds them in the registry."""
    fake = Faker("ru_RU")
    fake.seed_instance(7000 + seed)
    rng = random.Random(7000 + seed)
    used_villages: set[str] = set()

    def village() -> str:
        while True:
            name = _village(fake, rng)
            if name not in used_villages:
                used_villages.add(name)
                return name

    def address(place: str) -> str:
        return (
            f"{fake.postcode()}, {district.region}, {district.name}, {place}, "
            f"ул. {fake.street_title()}, д. {rng.randint(1, 60)}"
        )

    def inn() -> str:
        return f"00{rng.randrange(10**8):08d}"  # region code 00: never a real INN

    candidates = []
    for number in range(1, district.schools + 1):
        place = f"с. {village()}"
        basic = number % 4 == 0  # every fourth is a basic (nine-year) school
        long_kind, short_kind = (
            ("Основная общеобразовательная школа", "ООШ")
            if basic
            else ("Средняя общеобразовательная школа", "СОШ")
        )
        candidates.append(
            Organisation(
                full_name=(
                    "Муниципальное бюджетное общеобразовательное учреждение "
                    f"«{long_kind} № {number}» {place}"
                ),
                short_name=f"МБОУ «{short_kind} № {number}» {place}",
                kind=Organisation.Kind.SCHOOL,
                address=address(place),
                district=district.name,
                inn=inn(),
            )
        )
    for number in range(1, district.kindergartens + 1):
        place = f"с. {village()}"
        candidates.append(
            Organisation(
                full_name=(
                    "Муниципальное бюджетное дошкольное образовательное учреждение "
                    f"«Детский сад № {number}» {place}"
                ),
                short_name=f"МБДОУ «Детский сад № {number}» {place}",
                kind=Organisation.Kind.KINDERGARTEN,
                address=address(place),
                district=district.name,
                inn=inn(),
            )
        )
    for _number in range(district.additional):
        candidates.append(
            Organisation(
                full_name=(
                    "Муниципальное бюджетное учреждение дополнительного образования "
                    f"«Дом детского творчества» ({district.name})"
                ),
                short_name=f"МБУ ДО «ДДТ» ({district.name})",
                kind=Organisation.Kind.ADDITIONAL,
                address=address(district.settlement),
                district=district.name,
                inn=inn(),
            )
        )
    return _ensure_organisations(candidates, summary)


# --- Consent ---------------------------------------------------------------------------------


def _consent_texts(context: Context, operator: Organisation, spec: OperatorSpec, purpose: str):
    texts = (
        (
            ConsentKind.PROCESSING,
            content.PROCESSING_TITLE,
            content.processing_consent_text(spec, purpose, platform=operator.operates_platform),
        ),
        (
            ConsentKind.PUBLICATION,
            content.PUBLICATION_TITLE,
            content.publication_consent_text(spec),
        ),
    )
    for kind, title, text in texts:
        if not ConsentText.objects.filter(operator=operator, kind=kind).exists():
            privacy.consent_text_publish(
                actor=context.platform_admin, operator=operator, kind=kind, title=title, text=text
            )


def _registration_consent(context: Context, user: User):
    return privacy.consent_give(
        user=user, operator=context.platform_operator, source=ConsentSource.REGISTRATION
    )


# --- People ----------------------------------------------------------------------------------

_TRANSLIT = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
        "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
        "я": "ya",
    }
)  # fmt: skip


def _latin(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower().translate(_TRANSLIT))


ABOUT = (
    "Педагогический стаж — {years} лет. Интересуюсь проектной деятельностью и цифровыми "
    "образовательными ресурсами.",
    "Работаю в школе {years} лет. Руковожу школьным методическим объединением.",
    "Стаж {years} лет. Готова делиться опытом подготовки к олимпиадам и конкурсам.",
    "В профессии {years} лет. Веду кружок и занимаюсь внеурочной деятельностью.",
    "Педагогический стаж — {years} лет. Наставник молодых педагогов.",
)


def _person(
    context: Context,
    fake: Faker,
    rng: random.Random,
    *,
    email: str,
    organisation: Organisation,
    position: str,
    time_zone: str,
    category: str | None = None,
) -> User:
    if rng.random() < 0.8:
        last, first, middle = (
            fake.last_name_female(),
            fake.first_name_female(),
            fake.middle_name_female(),
        )
    else:
        last, first, middle = fake.last_name_male(), fake.first_name_male(), fake.middle_name_male()
    user = User(
        email=email,
        password=context.password,
        last_name=last,
        first_name=first,
        patronymic=middle,
        email_confirmed_at=context.now,
        organisation=organisation,
        position=position,
        qualification_category=category
        if category is not None
        else rng.choice(
            [
                QualificationCategory.NONE,
                QualificationCategory.COMPLIANCE,
                QualificationCategory.FIRST,
                QualificationCategory.FIRST,
                QualificationCategory.HIGHEST,
            ]
        ),
        about=rng.choice(ABOUT).format(years=rng.randint(3, 35)),
        time_zone=time_zone,
    )
    handle = f"{_latin(last)}.{_latin(first)[:1]}"
    if rng.random() < 0.6:
        user.phone = f"+7 9{rng.randint(0, 99):02d} {rng.randint(0, 999):03d}-{rng.randint(0, 99):02d}-{rng.randint(0, 99):02d}"
        user.phone_visibility = _visibility(rng)
    if rng.random() < 0.7:
        user.contact_email = f"{handle}{rng.randint(1, 99)}@{content.DEMO_DOMAIN}"
        user.contact_email_visibility = _visibility(rng)
    if rng.random() < 0.4:
        user.messenger = f"@{handle.replace('.', '_')}"
        user.messenger_visibility = _visibility(rng)
    return user


def _visibility(rng: random.Random) -> str:
    return rng.choices(
        [Visibility.ONLY_ME, Visibility.MEMBERS, Visibility.EVERYONE], weights=[4, 4, 2]
    )[0]


def _fixed_login(key: str) -> content.FixedLogin:
    return next(login for login in content.FIXED_LOGINS if login.key == key)


def _fixed_person(context: Context, key: str, **fields) -> User:
    """A person with a printed login, outside the generated members of a community. Their
    consents are recorded by _fixed_person_consents once the operator's texts exist."""
    login = _fixed_login(key)
    existing = User.objects.filter(email__iexact=login.email).first()
    if existing is not None:
        return existing
    seed = 9000 + zlib.crc32(key.encode())
    fake = Faker("ru_RU")
    fake.seed_instance(seed)
    user = _person(context, fake, random.Random(seed), email=login.email, **fields)
    user.save()
    context.summary.people += 1
    context.summary.created_logins.append(login.email)
    return user


def _fixed_person_consents(context: Context, user: User) -> None:
    _registration_consent(context, user)
    _publication_consents(context, user, random.Random(zlib.crc32(user.email.encode())))


def _save_people(context: Context, people: list[User], rng: random.Random, subjects: tuple):
    User.objects.bulk_create(people)
    context.summary.people += len(people)
    Through = User.subjects.through
    links = []
    for person in people:
        for name in rng.sample(subjects, k=min(len(subjects), rng.randint(1, 3))):
            links.append(Through(user_id=person.pk, subject_id=context.subjects[name].pk))
    Through.objects.bulk_create(links)
    for person in people:
        _registration_consent(context, person)
        _publication_consents(context, person, rng)


def _publication_consents(context: Context, person: User, rng: random.Random):
    fields = [
        name
        for name in User.CONTACT_FIELDS
        if getattr(person, name) and getattr(person, f"{name}_visibility") == Visibility.EVERYONE
    ]
    if rng.random() < 0.3:
        fields += CARD_FIELDS_TO_PUBLISH
    for name in fields:
        privacy.consent_give(
            user=person,
            operator=context.platform_operator,
            source=ConsentSource.PROFILE,
            kind=ConsentKind.PUBLICATION,
            field=name,
        )


# --- Communities -----------------------------------------------------------------------------

MOTIVATIONS = (
    "Хочу обмениваться опытом с коллегами района и участвовать в мероприятиях сообщества.",
    "Прошу включить меня в сообщество: готов(а) представить свои методические разработки.",
    "Интересуют вебинары и мастер-классы сообщества, хотела бы участвовать в экспертизе.",
    "Наша школа хочет участвовать в совместных проектах сообщества.",
    "",
)


def _community(
    context: Context,
    spec: CommunitySpec,
    *,
    operator: Organisation,
    schools: list[Organisation],
    seed: int,
    first: bool,
):
    now = context.now
    fake = Faker("ru_RU")
    fake.seed_instance(1000 + seed)
    rng = random.Random(1000 + seed)
    community = Community.objects.create(
        slug=spec.slug,
        name=spec.name,
        summary=spec.summary,
        regulation_text=spec.regulation_text,
        goals=spec.goals,
        tasks=spec.tasks,
        member_kind=spec.member_kind,
        member_cap=150,
        join_requires_approval=True,
        rules_of_conduct=spec.rules_of_conduct,
        group_application_days=spec.group_application_days,
        expertise_days=spec.expertise_days,
        operator=operator,
        time_zone=spec.time_zone,
        creation_order_number=spec.creation_order_number,
        creation_order_date=spec.creation_order_date,
        created_by=context.platform_admin,
    )
    context.summary.communities += 1
    by_organisations = spec.member_kind == MemberKind.ORGANISATIONS
    # The guest of the first community keeps its last school free of members.
    member_schools = schools[:-1] if first else schools
    fixed_email_at = (
        {place: _fixed_login(key).email for key, place in FIXED_PLACES.items()} if first else {}
    )

    roles = ROLES_IN_ORDER + [Role.MEMBER] * (spec.members - len(ROLES_IN_ORDER))
    people: list[User] = []
    for place, role in enumerate(roles):
        if role in (Role.ADMINISTRATOR, Role.COORDINATOR) and not by_organisations:
            # The regulations give the running of a community to the methodical service.
            organisation, position = operator, rng.choice(["методист", "старший методист"])
        elif role in (Role.ADMINISTRATOR, Role.COORDINATOR):
            organisation = operator if role == Role.ADMINISTRATOR else member_schools[0]
            position = "заместитель директора по учебно-воспитательной работе"
        else:
            organisation = member_schools[place % len(member_schools)]
            position = rng.choice(spec.positions)
        people.append(
            _person(
                context,
                fake,
                rng,
                email=fixed_email_at.get(
                    place, f"{spec.slug}-{place + 1:02d}@{content.DEMO_DOMAIN}"
                ),
                organisation=organisation,
                position=position,
                time_zone=spec.time_zone,
                category=rng.choice(
                    [QualificationCategory.HIGHEST, QualificationCategory.METHODIST]
                )
                if role == Role.EXPERT
                else None,
            )
        )
    applicants = [
        _person(
            context,
            fake,
            rng,
            email=f"{spec.slug}-applicant-{number}@{content.DEMO_DOMAIN}",
            organisation=rng.choice(member_schools),
            position=rng.choice(spec.positions),
            time_zone=spec.time_zone,
        )
        for number in range(1, spec.pending + 1)
    ]
    _save_people(context, people + applicants, rng, spec.subjects)
    context.summary.created_logins.extend(fixed_email_at.values())

    decider = people[1]  # the coordinator approves; the administrator was placed by the platform
    memberships = []
    for person, role in zip(people, roles, strict=True):
        consent = privacy.consent_give(user=person, operator=operator, source=ConsentSource.JOIN)
        memberships.append(
            Membership(
                community=community,
                user=person,
                organisation=person.organisation if by_organisations else None,
                role=role,
                status=MembershipStatus.ACTIVE,
                rules_accepted_at=now,
                consent=consent,
                decided_at=now,
                decided_by=context.platform_admin if role == Role.ADMINISTRATOR else decider,
            )
        )
    for person in applicants:
        consent = privacy.consent_give(user=person, operator=operator, source=ConsentSource.JOIN)
        memberships.append(
            Membership(
                community=community,
                user=person,
                organisation=person.organisation if by_organisations else None,
                role=Role.MEMBER,
                status=MembershipStatus.PENDING,
                motivation=rng.choice(MOTIVATIONS),
                rules_accepted_at=now,
                consent=consent,
            )
        )
    Membership.objects.bulk_create(memberships)
    context.summary.memberships += len(people)
    context.summary.pending += len(applicants)
    _community_audit(context, community, memberships)
    # Each app that has demo content adds it here, given the active members in role order.
    from pedset.forum.demo import load_forum_demo

    load_forum_demo(community, people)


def _community_audit(context: Context, community: Community, memberships: list[Membership]):
    """The log entries the communities services would have left: creation, requests,
    decisions and role assignments."""
    events = [
        AuditEvent(
            action=AuditEvent.Action.COMMUNITY_CREATED,
            actor=context.platform_admin,
            community=community,
            target_type="communities.community",
            target_id=str(community.pk),
            reason=f"Приказ № {community.creation_order_number} от "
            f"{community.creation_order_date:%d.%m.%Y}",
            data={"demo": True},
        )
    ]
    for membership in memberships:
        target = {"target_type": "communities.membership", "target_id": str(membership.pk)}
        events.append(
            AuditEvent(
                action=AuditEvent.Action.MEMBERSHIP_REQUESTED,
                actor_id=membership.user_id,
                community=community,
                subject_user_id=membership.user_id,
                data={"demo": True},
                **target,
            )
        )
        if membership.status != MembershipStatus.ACTIVE:
            continue
        events.append(
            AuditEvent(
                action=AuditEvent.Action.MEMBERSHIP_APPROVED,
                actor_id=membership.decided_by_id,
                community=community,
                subject_user_id=membership.user_id,
                data={"demo": True},
                **target,
            )
        )
        if membership.role != Role.MEMBER:
            events.append(
                AuditEvent(
                    action=AuditEvent.Action.ROLE_CHANGED,
                    actor=context.platform_admin,
                    community=community,
                    subject_user_id=membership.user_id,
                    data={"from": Role.MEMBER, "to": membership.role, "demo": True},
                    **target,
                )
            )
    AuditEvent.objects.bulk_create(events)
