"""The one way the portal writes a record: validate once, then save with its history.

Every write of every app ends here — browser forms, the admin (its forms, inlines and
bulk actions), the spreadsheet import, management commands — through the named
services of each app (`posting_open`, `coverage_start`…), which call `save_validated`.

A form that has already run the model's validation (the admin's) marks the record
(`mark_validated`): it remembers the state it was validated in, and `save_validated`
does not validate it again unless it has changed since. So each write validates
exactly once, whoever starts it.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils.translation import gettext as _

# PostgreSQL: two inserts checking one exclusion constraint can wait on each other;
# the server then aborts one of them as a deadlock (or a serialization failure).
WRITE_CONFLICT_CODES = {"40P01", "40001"}


def is_write_conflict(error):
    return getattr(error.__cause__, "pgcode", None) in WRITE_CONFLICT_CODES


def _state(instance):
    return tuple(getattr(instance, field.attname) for field in instance._meta.concrete_fields)


def loaded_relations(instance):
    """The foreign keys whose record was read with `instance` (select_related, or set
    from a record in hand): it exists, so validating the key need not read it again."""
    names = set()
    for field in instance._meta.concrete_fields:
        if field.many_to_one and field.is_cached(instance):
            related = field.get_cached_value(instance)
            if related is not None and related.pk == getattr(instance, field.attname):
                names.add(field.name)
    return names


def validate(instance, *, exclude=(), constraints=False):
    """Run the model's rules (`full_clean`: its fields and its `clean`) and remember the
    state validated. Check and unique constraints are left to the database, which
    enforces them on save: `save_validated` then explains the refusal with a full
    validation, constraints included (most of them are also rules of the model's
    `clean`, with a message on the field)."""
    instance.full_clean(exclude={*exclude, *loaded_relations(instance)}, validate_constraints=constraints)
    mark_validated(instance)


def mark_validated(instance):
    """Remember that `instance`, as it stands, passed the model's rules (a model form
    ran them): saving it unchanged will not run them again."""
    instance._validated_state = _state(instance)


def is_validated(instance):
    return getattr(instance, "_validated_state", None) == _state(instance)


def attribute(instance, *, user=None, reason=""):
    """Attribute the history record the next save writes to `user`, with `reason`."""
    if user is not None and getattr(user, "is_authenticated", False):
        instance._history_user = user
    if reason:
        instance._change_reason = reason


def save_validated(instance, *, user=None, reason="", history=True):
    """Validate `instance` unless it was validated as it stands, then save it with its
    history attributed to `user` and `reason`. Raises ValidationError, nothing saved.
    `history=False`: the caller writes the history records itself, in bulk (an import)."""
    if not is_validated(instance):
        validate(instance)
    attribute(instance, user=user, reason=reason)
    try:
        with transaction.atomic():
            if history:
                instance.save()
            else:
                instance.save_without_historical_record()
    except (IntegrityError, OperationalError) as error:
        if isinstance(error, OperationalError) and not is_write_conflict(error):
            raise
        # Another editor saved a conflicting record between our check and our write
        # (PostgreSQL's exclusion constraints caught it): explain it the same way.
        instance.full_clean()
        raise ValidationError(
            _("This change conflicts with a record saved at the same moment; reload and try again.")
        ) from None
    finally:
        instance._validated_state = None
    return instance


def delete_attributed(instance, *, user=None, reason=""):
    """Delete `instance`, its history record attributed to `user` and `reason`."""
    attribute(instance, user=user, reason=reason)
    instance.delete()
