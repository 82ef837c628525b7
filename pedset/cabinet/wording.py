"""What the order on inclusion and the publication certificate say.

Official documents are printed in Russian whatever the language of the person who pressed the
button, so every text here is built under ``translation.override("ru")`` from English msgids
of this app's catalogue. Names of people are never declined: the order names the authors in
the nominative after a colon or in parentheses, as clerks do when a name cannot be declined
reliably (hyphenated, foreign or very long names).
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from pedset.documents.content import DocumentContent, Signature

ORDER_LANGUAGE = "ru"


def local_date(community, moment: datetime.datetime | datetime.date) -> datetime.date:
    """The calendar day of a moment in the community's time zone (the date printed)."""
    if isinstance(moment, datetime.datetime):
        return moment.astimezone(zoneinfo.ZoneInfo(community.time_zone)).date()
    return moment


def format_date(day: datetime.date) -> str:
    # ГОСТ Р 7.0.97-2016 п. 5.16: the date in Arabic numerals, DD.MM.YYYY.
    return day.strftime("%d.%m.%Y")


def initials_and_surname(user) -> str:
    """«М. П. Иванова» — the signature's form (ГОСТ Р 7.0.97-2016 п. 5.23)."""
    initials = " ".join(f"{p[0]}." for p in (user.first_name, user.patronymic) if p)
    return f"{initials} {user.last_name}".strip()


def material_type_accusative(material_type: str) -> str:
    """The type of a material as it follows «Включить в виртуальный методический кабинет»."""
    forms = {
        "methodical": pgettext("include in the cabinet (accusative)", "methodical development"),
        "lesson_plan": pgettext(
            "include in the cabinet (accusative)", "lesson plan (technological map)"
        ),
        "program": pgettext("include in the cabinet (accusative)", "work programme"),
        "project": pgettext("include in the cabinet (accusative)", "project"),
        "lesson_video": pgettext(
            "include in the cabinet (accusative)", "video recording of a lesson (activity)"
        ),
        "kim": pgettext("include in the cabinet (accusative)", "assessment materials (КИМ)"),
        "assessment_sheet": pgettext("include in the cabinet (accusative)", "assessment sheet"),
        "presentation": pgettext("include in the cabinet (accusative)", "presentation"),
        "experience": pgettext(
            "include in the cabinet (accusative)", "description of teaching experience"
        ),
    }
    return forms.get(material_type, pgettext("include in the cabinet (accusative)", "material"))


def author_with_organisation(user) -> str:
    name = user.get_full_name()
    organisation = user.organisation.short_name if user.organisation_id else ""
    return f"{name}, {organisation}" if organisation else name


def signature_for(decision, community) -> Signature:
    from pedset.review.models import DecidedAs

    person = decision.decided_by
    if decision.decided_as == DecidedAs.COUNCIL:
        position = _("Chair of the council of the virtual methodical cabinet")
    else:
        position = _("Coordinator of the network community «%(community)s»") % {
            "community": community.name
        }
    return Signature(position=position, name=initials_and_surname(person) if person else "")


def _expert_conclusions_clause(conclusion_days: list[datetime.date]) -> str:
    if not conclusion_days:
        return ""
    # One date per day, however many experts concluded that day; the number says how many.
    dates = ", ".join(format_date(day) for day in sorted(set(conclusion_days)))
    if len(conclusion_days) == 1:
        return _("the positive expert conclusion of %(dates)s") % {"dates": dates}
    return _("the positive expert conclusions of %(dates)s") % {"dates": dates}


def _decision_clause(decision, decision_day: datetime.date) -> str:
    from pedset.review.models import DecidedAs

    if decision.decided_as == DecidedAs.COUNCIL:
        return _("the decision of the council of the virtual methodical cabinet of %(date)s") % {
            "date": format_date(decision_day)
        }
    return _("the decision of the coordinator of the network community of %(date)s") % {
        "date": format_date(decision_day)
    }


def order_content(
    *,
    community,
    material,
    authors: list,
    decision,
    conclusion_days: list[datetime.date],
) -> DocumentContent:
    """The order «О включении материалов в виртуальный методический кабинет»."""
    with translation.override(ORDER_LANGUAGE):
        decision_day = local_date(community, decision.decided_at)
        conclusions = _expert_conclusions_clause(conclusion_days)
        basis = {
            "community": community.name,
            "order_date": format_date(community.creation_order_date),
            "order_number": community.creation_order_number,
            "conclusions": conclusions,
            "decision": _decision_clause(decision, decision_day),
        }
        if conclusions:
            preamble = (
                _(
                    "In accordance with the Regulation on the network community «%(community)s» "
                    "(order of %(order_date)s No. %(order_number)s), on the basis of %(conclusions)s "
                    "and %(decision)s,"
                )
                % basis
            )
        else:
            preamble = (
                _(
                    "In accordance with the Regulation on the network community «%(community)s» "
                    "(order of %(order_date)s No. %(order_number)s), on the basis of %(decision)s,"
                )
                % basis
            )
        authors_list = "; ".join(author_with_organisation(user) for user in authors)
        authors_label = (
            pgettext("in an order", "author")
            if len(authors) == 1
            else pgettext("in an order", "authors")
        )
        items = [
            _(
                "Include in the virtual methodical cabinet %(type)s «%(title)s» "
                "(%(label)s: %(authors)s)."
            )
            % {
                "type": material_type_accusative(material.material_type),
                "title": material.title,
                "label": authors_label,
                "authors": authors_list,
            },
            _(
                "Fix the authorship of the material «%(title)s» to the authors named in item 1 "
                "of this order."
            )
            % {"title": material.title},
            _("Issue certificates of publication to the authors.")
            if len(authors) > 1
            else _("Issue a certificate of publication to the author."),
        ]
        if decision.recommend_for_publication:
            items.append(
                _(
                    "Recommend the material «%(title)s» for publication in regional and federal "
                    "editions and for presentation at research-to-practice conferences."
                )
                % {"title": material.title}
            )
        items.append(_("I reserve control over the execution of this order."))
        return DocumentContent(
            heading=_("ORDER"),
            title=order_title(),
            paragraphs=(preamble,),
            operative_word=_("I ORDER:"),
            items=tuple(items),
            signature=signature_for(decision, community),
            extra={
                "material_id": material.pk,
                "material_title": material.title,
                "authors": [user.get_full_name() for user in authors],
                "decision_date": decision_day.isoformat(),
                "recommended_for_publication": bool(decision.recommend_for_publication),
            },
        )


def order_title() -> str:
    with translation.override(ORDER_LANGUAGE):
        return _("On the inclusion of materials in the virtual methodical cabinet")


def certificate_title(material) -> str:
    """The registry's title of a certificate (the printed one names the holder and the material)."""
    with translation.override(ORDER_LANGUAGE):
        title = _("Certificate of publication of the material «%(title)s»") % {
            "title": material.title
        }
    return title[:500]


def certificate_content(
    *, community, material, author, authors: list, order, decision, material_link: str
) -> DocumentContent:
    """The publication certificate of one author (regulation 004 1.9: authorship is fixed).

    Laid out as an award by the documents app: the heading, the holder's name (the document's
    recipient_name), the paragraphs, then the material's title in quotes."""
    from pedset.materials.models import MaterialType

    with translation.override(ORDER_LANGUAGE):
        order_day = local_date(community, order.issued_at)
        material_type = (
            str(MaterialType(material.material_type).label)
            if material.material_type in MaterialType.values
            else material.material_type
        )
        coauthors = [user.get_full_name() for user in authors if user.pk != author.pk]
        about = (
            _("%(type)s; co-authors: %(names)s")
            % {"type": material_type, "names": ", ".join(coauthors)}
            if coauthors
            else material_type
        )
        paragraphs = []
        if author.organisation_id:
            paragraphs.append(author.organisation.short_name)
        paragraphs.append(
            _(
                "is the author of the material (%(about)s) included in the virtual methodical "
                "cabinet of the network community «%(community)s» by the order of %(order_date)s "
                "No. %(order_number)s:"
            )
            % {
                "about": about,
                "community": community.name,
                "order_date": format_date(order_day),
                "order_number": order.number,
            }
        )
        return DocumentContent(
            heading=_("CERTIFICATE OF PUBLICATION"),
            title=material.title,
            paragraphs=tuple(paragraphs),
            signature=signature_for(decision, community),
            extra={
                "material_id": material.pk,
                "material_title": material.title,
                "material_url": material_link,
                "order_number": order.number,
                "order_date": order_day.isoformat(),
                "holder": author.get_full_name(),
            },
        )
