"""Every write to the registry of educational organisations."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from pedset.core.audit import audit_record
from pedset.core.models import AuditEvent
from pedset.organisations import importers, policies
from pedset.organisations.importers import ImportRefused, RowError
from pedset.organisations.models import Organisation

# Names looked up per query: well under SQLite's limit of bound parameters.
LOOKUP_BATCH = 500
EDITABLE_FIELDS = (
    "full_name",
    "short_name",
    "kind",
    "address",
    "district",
    "inn",
    "is_active",
    "operates_platform",
)


class ImportRejected(Exception):
    """Some rows are bad: the report lists each one; nothing was written."""

    def __init__(self, errors: list[RowError], rows: int):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors
        self.rows = rows

    @property
    def bad_rows(self) -> int:
        return len({error.row for error in self.errors})


@dataclass
class ImportResult:
    rows: int
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: int = 0


def _check_may_manage(actor, *, changes_operator: bool) -> None:
    if not policies.can_manage_organisations(actor):
        raise PermissionDenied
    if changes_operator and not policies.can_designate_platform_operator(actor):
        raise PermissionDenied


@transaction.atomic
def organisation_create(*, actor, data: dict, request=None) -> Organisation:
    """A new organisation from cleaned form data (see forms.OrganisationForm)."""
    _check_may_manage(actor, changes_operator=bool(data.get("operates_platform")))
    organisation = Organisation(**{name: data[name] for name in EDITABLE_FIELDS if name in data})
    organisation.save()
    audit_record(
        AuditEvent.Action.ORGANISATION_CHANGED,
        actor=actor,
        target=organisation,
        data={
            "created": True,
            "fields": {name: getattr(organisation, name) for name in EDITABLE_FIELDS},
        },
        request=request,
    )
    return organisation


@transaction.atomic
def organisation_update(*, actor, organisation: Organisation, data: dict, request=None):
    """Changes the given fields; the audit log keeps each change as [old, new]."""
    _check_may_manage(
        actor,
        changes_operator=data.get("operates_platform", organisation.operates_platform)
        != organisation.operates_platform,
    )
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changes = {}
    for name in EDITABLE_FIELDS:
        if name in data and getattr(organisation, name) != data[name]:
            changes[name] = [getattr(organisation, name), data[name]]
            setattr(organisation, name, data[name])
    if not changes:
        return organisation
    organisation.save()
    audit_record(
        AuditEvent.Action.ORGANISATION_CHANGED,
        actor=actor,
        target=organisation,
        data={"changes": changes},
        request=request,
    )
    return organisation


def organisations_import(*, actor, uploaded_file, request=None) -> ImportResult:
    """Adds the file's new organisations and updates those already in the registry.

    An organisation is "already in the registry" when its full name matches one there (ignoring
    case, quotes and spaces); its short name, type, address and district are then replaced by
    the file's, and its INN too when the file gives one. Any bad row, a broken file or a
    concurrent change refuses the whole file: nothing is written.
    """
    if not policies.can_manage_organisations(actor):
        raise PermissionDenied
    table = importers.read_table(uploaded_file)  # ImportRefused
    checked, errors = importers.check_rows(table.rows)
    if errors:
        raise ImportRejected(errors, rows=len(table.rows))
    try:
        with transaction.atomic():
            result = _write_rows(checked)
            audit_record(
                AuditEvent.Action.ORGANISATIONS_IMPORTED,
                actor=actor,
                data={
                    "file": getattr(uploaded_file, "name", ""),
                    "format": table.format,
                    "rows": result.rows,
                    "created": len(result.created),
                    "updated": len(result.updated),
                    "unchanged": result.unchanged,
                    "created_ids": result.created,
                    "updated_ids": result.updated,
                },
                request=request,
            )
    except IntegrityError as error:
        # Another import or an edit added one of these names at the same moment.
        raise ImportRefused(
            _("The registry changed while the file was being loaded. Upload the file again.")
        ) from error
    return result


def _write_rows(rows: list[importers.CheckedRow]) -> ImportResult:
    result = ImportResult(rows=len(rows))
    keys = [row.name_key for row in rows]
    existing = {}
    for start in range(0, len(keys), LOOKUP_BATCH):
        for organisation in Organisation.objects.select_for_update().filter(
            name_key__in=keys[start : start + LOOKUP_BATCH]
        ):
            existing[organisation.name_key] = organisation
    to_create: list[Organisation] = []
    to_update: list[Organisation] = []
    for row in rows:
        values = {
            "short_name": row.short_name,
            "kind": row.kind,
            "address": row.address,
            "district": row.district,
        }
        if row.inn:
            values["inn"] = row.inn
        organisation = existing.get(row.name_key)
        if organisation is None:
            organisation = Organisation(full_name=row.full_name, **values)
            organisation.refresh_keys()
            to_create.append(organisation)
            continue
        if all(getattr(organisation, name) == value for name, value in values.items()):
            result.unchanged += 1
            continue
        for name, value in values.items():
            setattr(organisation, name, value)
        organisation.refresh_keys()
        to_update.append(organisation)
    created = Organisation.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Organisation.objects.bulk_update(
            to_update,
            ["short_name", "kind", "address", "district", "inn", "search_text"],
            batch_size=500,
        )
    result.updated = [organisation.pk for organisation in to_update]
    result.created = [organisation.pk for organisation in created]
    return result
