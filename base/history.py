"""History that reads like a sentence: who changed what, when and why, with the
fields' labels and the values as the pages show them — a choice's label, not its code
("Curtailed"), "—" for nothing, dates in the language's format, the name of a related
record, not its id — and need-to-know fields only for those allowed to see them.

`describe` turns django-simple-history records (of one model or of several) into
entries; names of related records are read in one query per model, never per row.
`recent_changes` lists the records of every history model of the portal's apps that a
user may view, newest first, in one query (a UNION) per page.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib import admin
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.template.defaultfilters import date as format_date
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .access import hidden_fields, model_permission
from .bilingual import field_label
from .groups import portal_apps

NOTHING = "—"
ACTIONS = {
    "+": pgettext_lazy("history", "Created"),
    "~": pgettext_lazy("history", "Changed"),
    "-": pgettext_lazy("history", "Deleted"),
}
# Fields every record has that say nothing to a reader.
NOT_SHOWN = {"id"}


@dataclass
class Change:
    label: str
    old: str
    new: str

    @property
    def kind(self):
        """ "set" (there was nothing), "cleared" (there is nothing now) or "changed"."""
        if self.old == NOTHING:
            return "set"
        if self.new == NOTHING:
            return "cleared"
        return "changed"


@dataclass
class Entry:
    record: object
    model: type
    action: str
    who: str
    reason: str
    changes: list = field(default_factory=list)
    object_label: str = ""
    object_url: str = ""

    @property
    def when(self):
        return self.record.history_date

    @property
    def kind_label(self):
        return self.model._meta.verbose_name


def who_made(record):
    """The user's name, or — for changes made without one — what made them (a command)."""
    user = record.history_user
    if user is not None:
        return user.get_full_name() or user.get_username()
    name = getattr(record, "history_user_name", "")
    if name:  # the account has been deleted since
        return _("%(name)s (account deleted)") % {"name": name}
    return record.history_change_reason or str(_("system"))


def label_relations(model):
    """The relations `str()` of a `model` record reads, as its admin declares them."""
    model_admin = admin.site._registry.get(model)
    return tuple(getattr(model_admin, "str_select_related", ()))


def names_of(model, pks):
    """{pk: record} of the records of `model` that still exist, in one query."""
    if not pks:
        return {}
    return model._default_manager.select_related(*label_relations(model)).in_bulk(sorted(pks))


def shown_fields(model, user):
    hidden = set(hidden_fields(user, model))
    return [f for f in model._meta.concrete_fields if f.name not in hidden and f.name not in NOT_SHOWN]


def raw_changes(record, previous, fields):
    """[(field, old, new)] between `previous` and `record` (values as stored; ids for
    foreign keys); for a creation, the values it was created with."""
    if record.history_type == "+":
        values = [(f, getattr(record, f.attname)) for f in fields]
        return [(f, None, value) for f, value in values if value not in (None, "")]
    if record.history_type == "-" or previous is None:
        return []
    return [
        (f, getattr(previous, f.attname), getattr(record, f.attname))
        for f in fields
        if getattr(previous, f.attname) != getattr(record, f.attname)
    ]


def display(field_, value, related):
    """`value` of `field_` as a page shows it (see the module's docstring)."""
    if value is None or value == "":
        return NOTHING
    if field_.is_relation:
        obj = related.get((field_.related_model, value))
        if obj is None:
            return str(
                _("%(record)s no. %(id)s (deleted)")
                % {"record": field_.related_model._meta.verbose_name, "id": value}
            )
        return str(obj)
    if field_.choices:
        return str(dict(field_.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime.datetime):
        return format_date(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return format_date(value, "DATE_FORMAT")
    return str(value)


def describe(pairs, *, user, with_objects=False):
    """Entries for `pairs` [(record, previous record or None)], in their order.
    `with_objects`: also name and link each record's object (records of several models)."""
    pending, wanted = [], defaultdict(set)
    for record, previous in pairs:
        model = record.instance_type
        changes = raw_changes(record, previous, shown_fields(model, user))
        for f, old, new in changes:
            if f.is_relation:
                wanted[f.related_model].update(v for v in (old, new) if v is not None)
        if with_objects:
            wanted[model].add(record.id)
        pending.append((record, model, changes))
    found = {}
    for model, pks in wanted.items():
        for pk, obj in names_of(model, pks).items():
            found[(model, pk)] = obj
    entries = []
    for record, model, changes in pending:
        by_a_user = record.history_user_id or getattr(record, "history_user_name", "")
        reason = record.history_change_reason if by_a_user else ""
        entry = Entry(
            record=record,
            model=model,
            action=str(ACTIONS.get(record.history_type, record.history_type)),
            who=who_made(record),
            reason=reason or "",
            changes=[
                Change(
                    label=field_label(model, f),
                    old=display(f, old, found),
                    new=display(f, new, found),
                )
                for f, old, new in changes
            ],
        )
        if with_objects:
            live = found.get((model, record.id))
            entry.object_label = str(live) if live is not None else deleted_label(record, model)
            entry.object_url = (
                live.get_absolute_url() if live is not None and hasattr(live, "get_absolute_url") else ""
            )
        entries.append(entry)
    return entries


def deleted_label(record, model):
    if not label_relations(model):
        try:
            return str(record.instance)
        except Exception:  # noqa: BLE001 - a record whose name cannot be rebuilt is named by its id
            pass
    return str(_("%(record)s no. %(id)s") % {"record": model._meta.verbose_name, "id": record.id})


# --- recent changes across the portal -------------------------------------------------


def history_models(user):
    """The models with history, in the portal's apps, whose records `user` may view."""
    found = []
    for config in portal_apps():
        for model in config.get_models():
            if getattr(model, "history", None) is None or not hasattr(model.history, "model"):
                continue
            if user.has_perm(model_permission(model, "view")):
                found.append(model)
    return found


def recent_changes(tracked, *, user_id=None, since=None, until=None):
    """[(model label, history_id)] of every change to `tracked` models, newest first: a
    queryset of one UNION, to slice a page from (and count)."""
    parts = []
    for model in tracked:
        records = model.history.model._default_manager.order_by()
        if user_id is not None:
            records = records.filter(history_user_id=user_id)
        if since is not None:
            records = records.filter(history_date__date__gte=since)
        if until is not None:
            records = records.filter(history_date__date__lte=until)
        parts.append(
            records.annotate(
                history_kind=Value(model._meta.label, output_field=models.CharField())
            ).values_list("history_date", "history_id", "history_kind")
        )
    if not parts:
        return None
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return union.order_by("-history_date", "-history_id")


def records_of(rows):
    """[(record, previous record)] for `rows` [(date, history_id, model label)], in their
    order: two queries per model on the page, whatever the number of rows."""
    by_model = defaultdict(list)
    for _date, history_id, label in rows:
        by_model[label].append(history_id)
    loaded = {}
    for label, ids in by_model.items():
        historical = _tracked(label).history.model
        manager = historical._default_manager
        older = manager.filter(id=OuterRef("id")).filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        records = (
            manager.filter(history_id__in=ids)
            .select_related("history_user")
            .annotate(
                previous_id=Subquery(older.order_by("-history_date", "-history_id").values("history_id")[:1])
            )
        )
        records = list(records)
        previous = manager.in_bulk([r.previous_id for r in records if r.previous_id])
        for record in records:
            loaded[(label, record.history_id)] = (record, previous.get(record.previous_id))
    return [loaded[(label, history_id)] for _date, history_id, label in rows if (label, history_id) in loaded]


def _tracked(label):
    from django.apps import apps

    return apps.get_model(label)
