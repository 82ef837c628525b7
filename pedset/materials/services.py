"""Every write of the bank of materials, each in one transaction.

A material is written by its authors while it is a draft or returned for revision
(material_create, material_update), submitted for expertise (material_submit, which opens the
review round through pedset.review.services.round_open), withdrawn by its authors or removed
from the bank by a moderator. Each named co-author confirms their participation and the
publication of their name (coauthorship_confirm) or takes themselves off (coauthorship_decline)
before the material can be submitted (152-FZ). Members comment on it and rate it (public expertise); views and
downloads are counted per day. Every searchable change tells the search index after commit;
placement, withdrawal and removal are written to the audit log (G2).

Files are checked by pedset.core.uploads before anything is stored. A file stored by a write
that then fails is deleted again; previews are made after commit by pedset.materials.tasks.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pedset.communities.models import Community
from pedset.communities.services import ActionRefused
from pedset.core import ratelimit
from pedset.core import uploads as core_uploads
from pedset.core.audit import audit_record
from pedset.core.notify import notify
from pedset.core.policies import is_active_user
from pedset.materials import policies, selectors
from pedset.materials.models import (
    Level,
    Licence,
    Material,
    MaterialAuthor,
    MaterialComment,
    MaterialDailyStat,
    MaterialFile,
    MaterialLink,
    MaterialRating,
    MaterialStatus,
    MaterialType,
    Tag,
)
from pedset.search.index import schedule_remove, schedule_update

__all__ = ["ActionRefused"]

logger = logging.getLogger(__name__)

TITLE_MAX = Material._meta.get_field("title").max_length
SUMMARY_MAX = 5000
COMMENT_MAX = 5000
REASON_MAX = 2000
AUTHORS_NOTE_MAX = 5000
TAGS_MAX = 10
TAG_MAX_LENGTH = 40
LINKS_MAX = 10
LINK_URL_MAX = MaterialLink._meta.get_field("url").max_length
LINK_TITLE_MAX = MaterialLink._meta.get_field("title").max_length
COAUTHORS_MAX = 10
# Comments per person per window (public expertise, not a chat).
COMMENT_LIMIT, COMMENT_WINDOW = 10, 60
# Ratings set or changed per person per window: each locks the material's row.
RATING_LIMIT, RATING_WINDOW = 20, 60
# A view or download by the same person counts once a day; the key lives a little longer.
SEEN_TIMEOUT = 60 * 60 * 26
PREVIEW_KINDS = frozenset({"pdf", "jpeg", "png"})

# Video hostings named next to a link; any other http(s) address is accepted as it is.
VIDEO_HOSTS = {
    "rutube.ru": "RUTUBE",
    "vk.com": "VK Видео",
    "vkvideo.ru": "VK Видео",
    "youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "ok.ru": "Одноклассники",
    "dzen.ru": "Дзен",
    "disk.yandex.ru": "Яндекс Диск",
    "cloud.mail.ru": "Облако Mail",
}


@dataclass(frozen=True)
class LinkInput:
    url: str
    title: str = ""


# --- Checks shared with the forms --------------------------------------------------------------


def upload_rules() -> core_uploads.UploadRules:
    return core_uploads.UploadRules(
        kinds=frozenset(core_uploads.KINDS),
        max_bytes=settings.MATERIAL_FILE_MAX_BYTES,
        max_files=settings.MATERIAL_MAX_FILES,
        kind_max_bytes={"mp4": settings.MATERIAL_VIDEO_MAX_BYTES},
        too_many=_too_many_files,
    )


def _too_many_files(limit: int) -> str:
    return ngettext(
        "A material may have at most %(n)s file.",
        "A material may have at most %(n)s files.",
        limit,
    ) % {"n": limit}


def files_help() -> str:
    rules = upload_rules()
    return _(
        "Up to %(n)s files: %(types)s. A document or a picture up to %(size)s, an MP4 video up "
        "to %(video)s. The type is checked by the content of the file, not by its name."
    ) % {
        "n": rules.max_files,
        "types": rules.types_text(),
        "size": filesizeformat(rules.max_bytes),
        "video": filesizeformat(rules.limit_for("mp4")),
    }


def check_files(files) -> list[core_uploads.CheckedUpload]:
    try:
        return core_uploads.check_uploads(files, upload_rules())
    except ValidationError as error:
        raise ActionRefused(" ".join(error.messages)) from None


def _clean_text(value, *, limit: int, missing: str, too_long: str) -> str:
    text = (value or "").replace("\r\n", "\n").strip()
    if not text:
        raise ActionRefused(missing)
    if len(text) > limit:
        raise ActionRefused(too_long % {"max": limit, "n": len(text)})
    return text


def clean_title(value) -> str:
    title = " ".join((value or "").split())
    return _clean_text(
        title,
        limit=TITLE_MAX,
        missing=_("Enter the title of the material."),
        too_long=_("The title is too long: at most %(max)s characters (now %(n)s)."),
    )


def clean_summary(value) -> str:
    return _clean_text(
        value,
        limit=SUMMARY_MAX,
        missing=_("Write the annotation: what the material is and whom it is for."),
        too_long=_("The annotation is too long: at most %(max)s characters (now %(n)s)."),
    )


def clean_comment(value) -> str:
    return _clean_text(
        value,
        limit=COMMENT_MAX,
        missing=_("Write the text of the comment."),
        too_long=_("The comment is too long: at most %(max)s characters (now %(n)s)."),
    )


def clean_reason(value) -> str:
    return _clean_text(
        value,
        limit=REASON_MAX,
        missing=_("State the reason: the author will see it."),
        too_long=_("The reason is too long: at most %(max)s characters (now %(n)s)."),
    )


def clean_authors_note(value) -> str:
    note = (value or "").replace("\r\n", "\n").strip()
    if len(note) > AUTHORS_NOTE_MAX:
        raise ActionRefused(
            _("The note is too long: at most %(max)s characters (now %(n)s).")
            % {"max": AUTHORS_NOTE_MAX, "n": len(note)}
        )
    return note


def _clean_choice(value, choices, message: str) -> str:
    if value not in choices.values:
        raise ActionRefused(message)
    return value


def clean_tags(value: str | Iterable[str] | None) -> list[str]:
    """Tags from «проект, ФГОС;  #биология» → ["проект", "фгос", "биология"]: lower case,
    single spaces, no «#», each once, at most TAGS_MAX of at most TAG_MAX_LENGTH characters."""
    parts = re.split(r"[,;\n]", value) if isinstance(value, str) else list(value or ())
    tags: list[str] = []
    for part in parts:
        tag = " ".join(str(part).replace("#", " ").split()).lower()
        if not tag:
            continue
        if any(unicodedata.category(ch)[0] == "C" for ch in tag):
            raise ActionRefused(_("A tag contains characters that cannot be used."))
        if len(tag) > TAG_MAX_LENGTH:
            raise ActionRefused(
                _("The tag «%(tag)s» is too long: at most %(max)s characters.")
                % {"tag": Truncator(tag).chars(TAG_MAX_LENGTH + 10), "max": TAG_MAX_LENGTH}
            )
        if tag not in tags:
            tags.append(tag)
    if len(tags) > TAGS_MAX:
        raise ActionRefused(
            _("Too many tags: at most %(max)s (now %(n)s).") % {"max": TAGS_MAX, "n": len(tags)}
        )
    return tags


def video_host(url: str) -> str:
    """«RUTUBE», «VK Видео», «YouTube»… for a link to a known hosting, else ""."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.").removeprefix("m.")
    for known, label in VIDEO_HOSTS.items():
        if host == known or host.endswith("." + known):
            return label
    return ""


def clean_links(value: str | Iterable | None) -> list[LinkInput]:
    """Links, one a line: «https://rutube.ru/video/… Урок в 5 классе». Only http and https:
    a link is shown as a link and opened on its own site, never embedded here."""
    if isinstance(value, str):
        items = []
        for line in value.splitlines():
            url, _space, title = line.strip().partition(" ")
            if url:
                items.append(LinkInput(url, title.strip()))
    else:
        items = [
            item
            if isinstance(item, LinkInput)
            else LinkInput(*item)
            if isinstance(item, (tuple, list))
            else LinkInput(str(item))
            for item in value or ()
        ]
    if len(items) > LINKS_MAX:
        raise ActionRefused(
            _("Too many links: at most %(max)s (now %(n)s).") % {"max": LINKS_MAX, "n": len(items)}
        )
    validate = URLValidator(schemes=["http", "https"])
    cleaned: list[LinkInput] = []
    for item in items:
        url = item.url.strip()
        try:
            if len(url) > LINK_URL_MAX:
                raise ValidationError("too long")
            validate(url)
        except ValidationError:
            raise ActionRefused(
                _(
                    "«%(url)s» is not a link that can be used: give a full address beginning "
                    "with https:// or http:// (at most %(max)s characters)."
                )
                % {"url": Truncator(url).chars(80), "max": LINK_URL_MAX}
            ) from None
        title = " ".join(item.title.split())
        if len(title) > LINK_TITLE_MAX:
            raise ActionRefused(
                _("The title of a link is too long: at most %(max)s characters.")
                % {"max": LINK_TITLE_MAX}
            )
        if url not in {link.url for link in cleaned}:
            cleaned.append(LinkInput(url, title))
    return cleaned


def material_url(material: Material) -> str:
    return reverse("materials:detail", args=[material.pk])


def _language_of(user) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


# --- Stored files ------------------------------------------------------------------------------


def _delete_stored(names: Iterable[str]) -> None:
    for name in names:
        if not name:
            continue
        try:
            default_storage.delete(name)
        except OSError:  # pragma: no cover - a file already gone is what we wanted
            logger.warning("could not delete stored file %s", name)


def _delete_after_commit(names: list[str]) -> None:
    names = [name for name in names if name]
    if names:
        transaction.on_commit(partial(_delete_stored, names))


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1 << 20), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _enqueue_preview(file_id: int) -> None:
    from pedset.materials.tasks import make_preview

    try:
        make_preview.enqueue(file_id=file_id)
    except Exception:  # noqa: BLE001 - a preview is a nicety: never break the upload for it
        logger.exception("could not enqueue the preview of material file %s", file_id)


def _store_files(
    material: Material, checked: list[core_uploads.CheckedUpload], *, actor, stored: list[str]
) -> None:
    """Rows and files; ``stored`` collects the storage names so a failed write deletes them."""
    for item in checked:
        row = MaterialFile(
            material=material,
            original_name=item.original_name,
            content_type=item.content_type,
            kind=item.kind,
            size=item.upload.size,
            sha256=_sha256(item.upload),
            round_number=material.round_number + 1,
            uploaded_by=actor,
        )
        item.upload.seek(0)
        row.file.save(core_uploads.storage_name(item), item.upload, save=False)
        stored.append(row.file.name)
        row.save()
        if item.kind in PREVIEW_KINDS:
            transaction.on_commit(partial(_enqueue_preview, row.pk))


def _guarded(write):
    """Runs a write that may store files; when it fails, the files it stored are deleted (the
    rows went with the rolled-back transaction)."""

    def run(**kwargs):
        stored: list[str] = []
        try:
            return write(stored=stored, **kwargs)
        except BaseException:
            _delete_stored(stored)
            raise

    run.__name__ = write.__name__.lstrip("_")
    run.__doc__ = write.__doc__
    return run


# --- Authors, tags, links ----------------------------------------------------------------------


def _clean_coauthors(material: Material, coauthors, *, first_author_id: int) -> list:
    people = [person for person in coauthors or () if person is not None]
    ids = [person.pk for person in people]
    if len(set(ids)) != len(ids):
        raise ActionRefused(_("A co-author is named twice."))
    if first_author_id in ids:
        raise ActionRefused(
            _("The first author is named among the co-authors: name only the other authors.")
        )
    if len(people) > COAUTHORS_MAX:
        raise ActionRefused(_("Too many co-authors: at most %(max)s.") % {"max": COAUTHORS_MAX})
    current = set(material.authors.values_list("user_id", flat=True)) if material.pk else set()
    new_ids = [pk for pk in ids if pk not in current]
    if new_ids:
        allowed = set(
            selectors.coauthor_candidates(material.community)
            .filter(pk__in=new_ids)
            .values_list("pk", flat=True)
        )
        for person in people:
            if person.pk in new_ids and person.pk not in allowed:
                raise ActionRefused(
                    _(
                        "%(name)s cannot be named as a co-author: co-authors are active members "
                        "of the material's community."
                    )
                    % {"name": person.get_full_name()}
                )
    return people


def _set_authors(material: Material, *, actor, first_author_id: int, coauthors: list) -> None:
    """The first author stays first; the co-authors follow in the order given. Each newly named
    co-author is told and has to confirm (coauthorship_confirm) before the material is
    submitted."""
    wanted = [first_author_id] + [person.pk for person in coauthors]
    MaterialAuthor.objects.filter(material=material).exclude(user_id__in=wanted).delete()
    existing = {row.user_id: row for row in MaterialAuthor.objects.filter(material=material)}
    added = []
    for position, user_id in enumerate(wanted):
        row = existing.get(user_id)
        if row is None:
            MaterialAuthor.objects.create(material=material, user_id=user_id, position=position)
            added.append(user_id)
        elif row.position != position:
            MaterialAuthor.objects.filter(pk=row.pk).update(position=position)
    policies.forget_authors(material)
    people = {person.pk: person for person in coauthors}
    for user_id in added:
        if user_id != actor.pk and user_id in people:
            _tell_new_coauthor(people[user_id], material)


def _tell_new_coauthor(person, material: Material) -> None:
    # No name of whoever named them: the link shows the authors to the people who may see them.
    with translation.override(_language_of(person)):
        notify(
            person,
            kind="coauthorship",
            title=Truncator(
                _("You are named a co-author of the material «%(title)s»")
                % {"title": material.title}
            ).chars(300),
            body=_(
                "Open the material's page to confirm your participation and your consent to "
                "publishing your surname, name and patronymic as its co-author, or to decline. "
                "The material can be submitted for expertise after every co-author confirms."
            ),
            url=material_url(material),
        )


def _set_tags(material: Material, names: list[str]) -> None:
    if names:
        Tag.objects.bulk_create([Tag(name=name) for name in names], ignore_conflicts=True)
    material.tags.set(list(Tag.objects.filter(name__in=names)))


def _add_links(material: Material, links: list[LinkInput]) -> None:
    present = {
        link.url for link in MaterialLink.objects.filter(material=material, replaced_at=None)
    }
    new = [link for link in links if link.url not in present]
    if len(present) + len(new) > LINKS_MAX:
        raise ActionRefused(
            _("Too many links: at most %(max)s (now %(n)s).")
            % {"max": LINKS_MAX, "n": len(present) + len(new)}
        )
    MaterialLink.objects.bulk_create(
        MaterialLink(
            material=material,
            url=link.url,
            title=link.title,
            round_number=material.round_number + 1,
        )
        for link in new
    )


def _is_of_unsubmitted_round(item, material: Material) -> bool:
    """Added since the last submission: such a file or link may simply go; older ones stay as
    the history of the revision rounds."""
    return material.round_number == 0 or item.round_number > material.round_number


def _remove_files(material: Material, ids, now) -> None:
    if not ids:
        return
    rows = list(MaterialFile.objects.filter(material=material, pk__in=ids, replaced_at=None))
    if len(rows) != len(set(ids)):
        raise ActionRefused(_("A file to remove is not among the material's current files."))
    names = []
    for row in rows:
        if _is_of_unsubmitted_round(row, material):
            names += [row.file.name, row.preview.name]
            row.delete()
        else:
            row.replaced_at = now
            row.save(update_fields=["replaced_at"])
    _delete_after_commit(names)


def _remove_links(material: Material, ids, now) -> None:
    if not ids:
        return
    rows = list(MaterialLink.objects.filter(material=material, pk__in=ids, replaced_at=None))
    if len(rows) != len(set(ids)):
        raise ActionRefused(_("A link to remove is not among the material's current links."))
    for row in rows:
        if _is_of_unsubmitted_round(row, material):
            row.delete()
        else:
            row.replaced_at = now
            row.save(update_fields=["replaced_at"])


def _check_file_count(material: Material, adding: int) -> None:
    current = MaterialFile.objects.filter(material=material, replaced_at=None).count()
    limit = settings.MATERIAL_MAX_FILES
    if current + adding > limit:
        raise ActionRefused(
            _("A material may have at most %(max)s files at a time (it would have %(n)s).")
            % {"max": limit, "n": current + adding}
        )


def _clean_fields(*, title, summary, material_type, level, licence, subject) -> dict:
    from pedset.accounts.models import Subject

    if subject is not None and not isinstance(subject, Subject):
        subject = Subject.objects.filter(pk=subject).first()
        if subject is None:
            raise ActionRefused(_("Choose the subject from the list."))
    return {
        "title": clean_title(title),
        "summary": clean_summary(summary),
        "material_type": _clean_choice(
            material_type, MaterialType, _("Choose the type of the material from the list.")
        ),
        "level": _clean_choice(level, Level, _("Choose the level of education from the list.")),
        "licence": _clean_choice(licence, Licence, _("Choose the licence from the list.")),
        "subject": subject,
    }


def _locked(material: Material) -> Material:
    locked = (
        Material.objects.select_for_update(of=("self",))
        .select_related("community")
        .get(pk=material.pk)
    )
    return locked


# --- Writing a material ------------------------------------------------------------------------


@transaction.atomic
def _material_create(
    *,
    stored: list[str],
    actor,
    community: Community,
    title: str,
    summary: str,
    material_type: str,
    level: str,
    licence: str,
    subject=None,
    tags: str | Iterable[str] = (),
    coauthors=(),
    links: str | Iterable = (),
    files=(),
) -> Material:
    """A new draft; the actor is its first author."""
    if not policies.can_create_material(actor, community):
        raise PermissionDenied
    fields = _clean_fields(
        title=title,
        summary=summary,
        material_type=material_type,
        level=level,
        licence=licence,
        subject=subject,
    )
    tag_list = clean_tags(tags)
    link_list = clean_links(links)
    checked = check_files(files)
    material = Material(community=community, created_by=actor, **fields)
    people = _clean_coauthors(material, coauthors, first_author_id=actor.pk)
    material.save()
    _set_authors(material, actor=actor, first_author_id=actor.pk, coauthors=people)
    _set_tags(material, tag_list)
    _add_links(material, link_list)
    _store_files(material, checked, actor=actor, stored=stored)
    schedule_update("material", material.pk)
    return material


material_create = _guarded(_material_create)


@transaction.atomic
def _material_update(
    *,
    stored: list[str],
    actor,
    material: Material,
    title: str,
    summary: str,
    material_type: str,
    level: str,
    licence: str,
    subject=None,
    tags: str | Iterable[str] = (),
    coauthors=(),
    links: str | Iterable = (),
    files=(),
    remove_files=(),
    remove_links=(),
) -> Material:
    """Changes a draft or a material returned for revision (by any of its authors). Files and
    links removed in a revision round stay as history with ``replaced_at``."""
    material = _locked(material)
    if not policies.can_edit_material(actor, material):
        raise PermissionDenied
    fields = _clean_fields(
        title=title,
        summary=summary,
        material_type=material_type,
        level=level,
        licence=licence,
        subject=subject,
    )
    tag_list = clean_tags(tags)
    link_list = clean_links(links)
    checked = check_files(files)
    first_author = material.authors.order_by("position", "id").first()
    first_author_id = first_author.user_id if first_author else material.created_by_id
    people = _clean_coauthors(material, coauthors, first_author_id=first_author_id)
    now = timezone.now()
    _remove_files(material, [int(pk) for pk in remove_files or ()], now)
    _remove_links(material, [int(pk) for pk in remove_links or ()], now)
    _check_file_count(material, len(checked))
    for name, value in fields.items():
        setattr(material, name, value)
    material.save()
    _set_authors(material, actor=actor, first_author_id=first_author_id, coauthors=people)
    _set_tags(material, tag_list)
    _add_links(material, link_list)
    _store_files(material, checked, actor=actor, stored=stored)
    schedule_update("material", material.pk)
    return material


material_update = _guarded(_material_update)


def submit_obstacle(material: Material, *, actor=None) -> str | None:
    """What is missing before the material can be submitted (by ``actor``, whose own
    confirmation comes with the consent at submission), or None."""
    has_file = MaterialFile.objects.filter(material=material, replaced_at=None).exists()
    has_link = MaterialLink.objects.filter(material=material, replaced_at=None).exists()
    if not (has_file or has_link):
        return _("Attach at least one file or give a link before submitting the material.")
    unconfirmed = MaterialAuthor.objects.filter(material=material, confirmed_at=None)
    if actor is not None:
        unconfirmed = unconfirmed.exclude(user_id=actor.pk)
    if waiting := unconfirmed.count():
        return _(
            "Co-authors have not yet confirmed their participation: %(n)s. The material can be "
            "submitted after they confirm."
        ) % {"n": waiting}
    return None


@transaction.atomic
def material_submit(
    *, actor, material: Material, authors_note: str = "", authorship_consent: bool = False
):
    """Submits a draft (or a revised material) for expertise: SUBMITTED, the next round, the
    time; then pedset.review.services.round_open opens the round and tells the coordinators.

    The first submission needs the submitter's consent to publishing the authors' names
    (``authorship_consent``, the checkbox of the form); it is recorded once, on the material and
    as the confirmation of the submitter's own authorship. Every other author must have
    confirmed theirs (coauthorship_confirm) before: 152-FZ wants each person's own consent."""
    from pedset.review.services import round_open

    material = _locked(material)
    if not policies.can_submit_material(actor, material):
        if policies.is_author(actor, material) and material.status not in policies.EDITABLE:
            raise ActionRefused(_("The material has been submitted already."))
        raise PermissionDenied
    note = clean_authors_note(authors_note)
    if problem := submit_obstacle(material, actor=actor):
        raise ActionRefused(problem)
    now = timezone.now()
    if authorship_consent and material.authorship_consent_at is None:
        material.authorship_consent_at = now
    # The submitter's own authorship is confirmed by the consent they give here (once).
    own = MaterialAuthor.objects.filter(material=material, user=actor)
    if authorship_consent:
        own.filter(confirmed_at=None).update(confirmed_at=now)
    if material.authorship_consent_at is None or own.filter(confirmed_at=None).exists():
        raise ActionRefused(
            _(
                "Confirm your consent to publishing your surname, name and patronymic as an "
                "author of the material."
            )
        )
    material.status = MaterialStatus.SUBMITTED
    material.round_number += 1
    material.submitted_at = now
    material.save(
        update_fields=[
            "status",
            "round_number",
            "submitted_at",
            "authorship_consent_at",
            "updated_at",
        ]
    )
    audit_record(
        "material_submitted",
        actor=actor,
        community=material.community,
        target=material,
        data={"round": material.round_number},
    )
    schedule_update("material", material.pk)
    round_open(actor=actor, material=material, authors_note=note)
    return material


def _end_expertise(actor, material: Material) -> None:
    """A withdrawn or removed material leaves expertise: its round closes, its experts are told."""
    from pedset.review.services import round_end_on_withdrawal

    round_end_on_withdrawal(actor=actor, material=material)


@transaction.atomic
def material_withdraw(*, actor, material: Material, reason: str = "") -> Material:
    """The authors take the material back before the decision on inclusion."""
    material = _locked(material)
    if not policies.can_withdraw_material(actor, material):
        if policies.is_author(actor, material):
            raise ActionRefused(_("The material can no longer be withdrawn."))
        raise PermissionDenied
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ActionRefused(
            _("The reason is too long: at most %(max)s characters (now %(n)s).")
            % {"max": REASON_MAX, "n": len(reason)}
        )
    material.status = MaterialStatus.WITHDRAWN
    material.withdrawn_at = timezone.now()
    material.save(update_fields=["status", "withdrawn_at", "updated_at"])
    _end_expertise(actor, material)
    audit_record(
        "material_withdrawn",
        actor=actor,
        community=material.community,
        target=material,
        reason=reason,
        data={"round": material.round_number},
    )
    schedule_update("material", material.pk)
    return material


@transaction.atomic
def material_remove(*, actor, material: Material, reason: str) -> Material:
    """A moderator takes a material out of the bank; the authors are told why."""
    material = _locked(material)
    if not policies.can_remove_material(actor, material):
        raise PermissionDenied
    reason = clean_reason(reason)
    material.status = MaterialStatus.WITHDRAWN
    material.withdrawn_at = timezone.now()
    material.removed_by = actor
    material.removal_reason = reason
    material.save(
        update_fields=["status", "withdrawn_at", "removed_by", "removal_reason", "updated_at"]
    )
    _end_expertise(actor, material)
    audit_record(
        "material_removed",
        actor=actor,
        community=material.community,
        target=material,
        reason=reason,
        data={"round": material.round_number},
    )
    for author in MaterialAuthor.objects.filter(material=material).select_related("user"):
        if author.user_id == actor.pk:
            continue
        with translation.override(_language_of(author.user)):
            notify(
                author.user,
                kind="moderation",
                title=Truncator(
                    _("A moderator has removed your material «%(title)s» from the bank")
                    % {"title": material.title}
                ).chars(300),
                body=_("Reason: %(reason)s") % {"reason": reason},
                url=material_url(material),
            )
    schedule_update("material", material.pk)
    return material


@transaction.atomic
def material_delete(*, actor, material: Material) -> None:
    """A draft that was never submitted goes with its files."""
    material = _locked(material)
    if not policies.can_delete_material(actor, material):
        raise PermissionDenied
    names = []
    for row in MaterialFile.objects.filter(material=material):
        names += [row.file.name, row.preview.name]
    pk = material.pk
    material.delete()
    _delete_after_commit(names)
    schedule_remove("material", pk)


# --- Co-authorship: each named author confirms (152-FZ) ----------------------------------------


def _own_row(actor, material: Material) -> MaterialAuthor | None:
    if not is_active_user(actor):
        return None
    return (
        MaterialAuthor.objects.select_for_update()
        .filter(material=material, user_id=actor.pk)
        .first()
    )


def _refuse_coauthorship_answer(actor, material: Material, row) -> None:
    if row is None:
        raise PermissionDenied
    if row.confirmed_at is not None:
        raise ActionRefused(_("You have already confirmed your participation in this material."))
    raise ActionRefused(
        _("The authors of this material can no longer change: it is not a draft or in revision.")
    )


@transaction.atomic
def coauthorship_confirm(*, actor, material: Material) -> MaterialAuthor:
    """A named author confirms being an author and consents to their surname, name and
    patronymic being published with the material (its page, the order, the cabinet)."""
    material = _locked(material)
    row = _own_row(actor, material)
    if not policies.can_confirm_coauthorship(actor, material):
        _refuse_coauthorship_answer(actor, material, row)
    row.confirmed_at = timezone.now()
    row.save(update_fields=["confirmed_at"])
    policies.forget_authors(material)
    audit_record(
        "coauthorship_confirmed",
        actor=actor,
        community=material.community,
        target=material,
        subject_user=actor,
        data={"position": row.position},
    )
    return row


@transaction.atomic
def coauthorship_decline(*, actor, material: Material, reason: str = "") -> None:
    """A named co-author takes themselves off the authors; the first author is told (by the
    link to the material: no name of the co-author in the stored notice)."""
    material = _locked(material)
    row = _own_row(actor, material)
    if not policies.can_decline_coauthorship(actor, material):
        if row is not None and row.position == 0:
            raise ActionRefused(
                _("The first author does not decline: delete the draft or withdraw it instead.")
            )
        if row is not None and row.confirmed_at is not None:
            raise ActionRefused(
                _(
                    "You have already confirmed your participation: the authors can take you "
                    "off the co-authors while the material is a draft or in revision."
                )
            )
        _refuse_coauthorship_answer(actor, material, row)
    reason = (reason or "").replace("\r\n", "\n").strip()
    if len(reason) > REASON_MAX:
        raise ActionRefused(
            _("The reason is too long: at most %(max)s characters (now %(n)s).")
            % {"max": REASON_MAX, "n": len(reason)}
        )
    position = row.position
    row.delete()
    MaterialAuthor.objects.filter(material=material, position__gt=position).update(
        position=F("position") - 1
    )
    policies.forget_authors(material)
    audit_record(
        "coauthorship_declined",
        actor=actor,
        community=material.community,
        target=material,
        subject_user=actor,
        reason=reason,
        data={"position": position},
    )
    first = MaterialAuthor.objects.filter(material=material).select_related("user").first()
    if first is not None:
        with translation.override(_language_of(first.user)):
            notify(
                first.user,
                kind="coauthorship",
                title=Truncator(
                    _("A co-author has declined to take part in the material «%(title)s»")
                    % {"title": material.title}
                ).chars(300),
                body=_("Reason: %(reason)s") % {"reason": reason} if reason else "",
                url=material_url(material),
            )
    schedule_update("material", material.pk)


# --- Public expertise: comments and ratings ----------------------------------------------------


def comment_obstacle(user, material: Material) -> str | None:
    """Why the person cannot comment, in words, or None when they can."""
    from pedset.core.policies import community_role
    from pedset.moderation.policies import is_suspended

    if policies.can_comment_material(user, material):
        return None
    community = material.community
    if not is_active_user(user):
        return _("Log in to comment.")
    if material.status not in policies.DISCUSSED:
        return _("This material is not open for discussion.")
    if community.is_closed:
        return _("The community is closed: nothing new can be written in it.")
    if community_role(user, community) is None:
        return _("Only active members of the community comment on its materials.")
    if is_suspended(user, community):
        return _("You are suspended in this community and cannot write in it for now.")
    return _("You cannot comment on this material.")


def _check_comment_rate(actor) -> None:
    minutes = ratelimit.take(
        "material-comment", str(actor.pk), limit=COMMENT_LIMIT, window=COMMENT_WINDOW
    )
    if minutes:
        raise ActionRefused(
            ngettext(
                "You comment too often. Try again in %(n)s minute.",
                "You comment too often. Try again in %(n)s minutes.",
                minutes,
            )
            % {"n": minutes}
        )


def comment_url(comment: MaterialComment) -> str:
    return f"{material_url(comment.material)}#comment-{comment.pk}"


@transaction.atomic
def comment_create(*, actor, material: Material, body: str) -> MaterialComment:
    """A comment of public expertise; the material's authors are told (not the commenter)."""
    if not policies.can_comment_material(actor, material):
        raise ActionRefused(comment_obstacle(actor, material) or _("You cannot comment here."))
    body = clean_comment(body)
    _check_comment_rate(actor)
    comment = MaterialComment.objects.create(material=material, author=actor, body=body)
    Material.objects.filter(pk=material.pk).update(comments_count=F("comments_count") + 1)
    authors = MaterialAuthor.objects.filter(material=material).exclude(user=actor)
    for author in authors.select_related("user"):
        with translation.override(_language_of(author.user)):
            # No commenter's name and no text in the stored notice: the link shows them live.
            notify(
                author.user,
                kind="material_comment",
                title=Truncator(
                    _("A new comment on your material «%(title)s»") % {"title": material.title}
                ).chars(300),
                url=comment_url(comment),
            )
    return comment


def _locked_comment(comment: MaterialComment) -> MaterialComment:
    return (
        MaterialComment.objects.select_for_update(of=("self",))
        .select_related("material__community", "author")
        .get(pk=comment.pk)
    )


@transaction.atomic
def comment_edit(*, actor, comment: MaterialComment, body: str) -> MaterialComment:
    """The author corrects the comment within policies.COMMENT_EDIT_WINDOW."""
    comment = _locked_comment(comment)
    if not policies.can_edit_material_comment(actor, comment):
        raise ActionRefused(
            _(
                "The comment can no longer be changed: it can be corrected within an hour of "
                "writing, while it is shown."
            )
        )
    body = clean_comment(body)
    if body == comment.body:
        raise ActionRefused(_("The text has not changed."))
    comment.body = body
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    return comment


def _tell_comment_author(comment: MaterialComment, actor, title: str, reason: str) -> None:
    author = comment.author
    if author.pk == actor.pk:
        return
    notify(
        author,
        kind="moderation",
        title=Truncator(title).chars(300),
        body=_("Reason: %(reason)s") % {"reason": reason},
        url=comment_url(comment),
    )


@transaction.atomic
def comment_hide(*, actor, comment: MaterialComment, reason: str) -> MaterialComment:
    """Readers see «Скрыто модератором: <причина>»; the author sees the text and the reason."""
    comment = _locked_comment(comment)
    material = comment.material
    if not policies.can_hide_material_comment(actor, comment):
        raise PermissionDenied
    reason = clean_reason(reason)
    if comment.is_hidden:
        raise ActionRefused(_("The comment is hidden already."))
    comment.hidden_at, comment.hidden_by, comment.hidden_reason = timezone.now(), actor, reason
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    Material.objects.filter(pk=material.pk, comments_count__gt=0).update(
        comments_count=F("comments_count") - 1
    )
    audit_record(
        "material_comment_hidden",
        actor=actor,
        community=material.community,
        target=comment,
        subject_user=comment.author,
        reason=reason,
        data={"material": material.pk},
    )
    with translation.override(_language_of(comment.author)):
        _tell_comment_author(
            comment,
            actor,
            _("A moderator has hidden your comment on the material «%(title)s»")
            % {"title": material.title},
            reason,
        )
    return comment


@transaction.atomic
def comment_restore(*, actor, comment: MaterialComment, reason: str) -> MaterialComment:
    comment = _locked_comment(comment)
    material = comment.material
    if not policies.can_hide_material_comment(actor, comment):
        raise PermissionDenied
    reason = clean_reason(reason)
    if not comment.is_hidden:
        raise ActionRefused(_("The comment is not hidden."))
    comment.hidden_at = comment.hidden_by = None
    comment.hidden_reason = ""
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    Material.objects.filter(pk=material.pk).update(comments_count=F("comments_count") + 1)
    audit_record(
        "material_comment_restored",
        actor=actor,
        community=material.community,
        target=comment,
        subject_user=comment.author,
        reason=reason,
        data={"material": material.pk},
    )
    with translation.override(_language_of(comment.author)):
        _tell_comment_author(
            comment,
            actor,
            _("A moderator has restored your comment on the material «%(title)s»")
            % {"title": material.title},
            reason,
        )
    return comment


def clean_score(value) -> int:
    try:
        score = int(str(value).strip())
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise ActionRefused(_("Choose a rating from 1 to 5."))
    return score


@transaction.atomic
def rating_set(*, actor, material: Material, score) -> MaterialRating:
    """One rating per person, changeable; never by the material's authors. The material's row
    is locked so the sum and the count stay exact when two people rate at once."""
    material = _locked(material)
    if not policies.can_rate_material(actor, material):
        if policies.is_author(actor, material):
            raise ActionRefused(_("Authors do not rate their own material."))
        raise ActionRefused(comment_obstacle(actor, material) or _("You cannot rate this."))
    score = clean_score(score)
    minutes = ratelimit.take(
        "material-rating", str(actor.pk), limit=RATING_LIMIT, window=RATING_WINDOW
    )
    if minutes:
        raise ActionRefused(
            ngettext(
                "You rate too often. Try again in %(n)s minute.",
                "You rate too often. Try again in %(n)s minutes.",
                minutes,
            )
            % {"n": minutes}
        )
    rating = MaterialRating.objects.filter(material=material, user=actor).first()
    if rating is None:
        rating = MaterialRating.objects.create(material=material, user=actor, score=score)
        Material.objects.filter(pk=material.pk).update(
            rating_sum=F("rating_sum") + score, rating_count=F("rating_count") + 1
        )
    elif rating.score != score:
        Material.objects.filter(pk=material.pk).update(
            rating_sum=F("rating_sum") + score - rating.score
        )
        rating.score = score
        rating.save(update_fields=["score", "updated_at"])
    return rating


# --- Views and downloads -----------------------------------------------------------------------


def _first_time_today(what: str, pk: int, day, viewer: str) -> bool:
    """True once per (what, object, day, person). The cache key is a keyed hash: no person's
    identifier is kept, and the database holds only the counts."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{what}:{pk}:{day.isoformat()}:{viewer}".encode(), "sha256"
    ).hexdigest()[:40]
    return cache.add(f"material-seen:{digest}", 1, timeout=SEEN_TIMEOUT)


def _bump_daily(material_id: int, day, field: str) -> None:
    """An upsert with F() that is safe when two requests count at once, on PostgreSQL and on
    SQLite: update; if there was no row, insert in a savepoint; if another request inserted it
    meanwhile (unique constraint), update again."""
    stats = MaterialDailyStat.objects.filter(material_id=material_id, day=day)
    if stats.update(**{field: F(field) + 1}):
        return
    try:
        with transaction.atomic():
            MaterialDailyStat.objects.create(material_id=material_id, day=day, **{field: 1})
    except IntegrityError:
        stats.update(**{field: F(field) + 1})


@transaction.atomic
def material_view_count(*, material: Material, viewer: str) -> bool:
    """Counts a view of the material's page by ``viewer`` (an opaque key: a session or a person)
    once a day. Returns whether it was counted."""
    day = selectors.community_today(material.community)
    if not _first_time_today("view", material.pk, day, viewer):
        return False
    _bump_daily(material.pk, day, "views")
    Material.objects.filter(pk=material.pk).update(views_count=F("views_count") + 1)
    return True


@transaction.atomic
def material_download_count(*, material_file: MaterialFile, viewer: str) -> bool:
    """Counts a download of one file by ``viewer`` once a day, for its material."""
    material = material_file.material
    day = selectors.community_today(material.community)
    if not _first_time_today("download", material_file.pk, day, viewer):
        return False
    _bump_daily(material.pk, day, "downloads")
    Material.objects.filter(pk=material.pk).update(downloads_count=F("downloads_count") + 1)
    return True
