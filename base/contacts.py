"""Contact details with need-to-know: what a reader may see of a record's phone numbers
and e-mail addresses, in one place for pages, briefs, contact cards and the API.

A model lists its contact fields in `CONTACT_FIELDS` (ContactField: name, kind, uses).
A contact field that is also in the model's `SENSITIVE_FIELDS` is shown only to users
holding its `SENSITIVE_PERMISSION` (base/access.py); everyone else never gets it.
"""

import re
from dataclasses import dataclass

from .access import hidden_fields

EMAIL, PHONE = "email", "phone"


@dataclass(frozen=True)
class ContactField:
    name: str
    kind: str  # EMAIL or PHONE
    uses: tuple = ("work",)  # what it is for, in vCard TYPE words: work, cell, voice…


@dataclass(frozen=True)
class Contact:
    name: str  # the model field
    kind: str
    uses: tuple
    label: str  # the field's verbose name, in the active language
    value: str
    sensitive: bool

    @property
    def uri(self):
        return f"mailto:{self.value}" if self.kind == EMAIL else tel_uri(self.value)


def tel_uri(number):
    """An RFC 3966 `tel:` URI: "+33 1 53 69 00 00" -> "tel:+33-1-53-69-00-00"."""
    kept = re.sub(r"[^\d+ ]", "", number).strip()
    return "tel:" + re.sub(r" +", "-", kept)


def contact_fields(user, model):
    """The ContactFields of `model` that `user` may see."""
    hidden = hidden_fields(user, model)
    return [field for field in getattr(model, "CONTACT_FIELDS", ()) if field.name not in hidden]


def contacts_of(obj, user, fields=None):
    """The non-empty contact details of `obj` that `user` may see, in declared order.
    `fields`: contact_fields(user, type(obj)) computed once for many records."""
    model = type(obj)
    fields = contact_fields(user, model) if fields is None else fields
    sensitive = set(getattr(model, "SENSITIVE_FIELDS", ()))
    contacts = []
    for field in fields:
        value = getattr(obj, field.name, "")
        if value:
            contacts.append(
                Contact(
                    name=field.name,
                    kind=field.kind,
                    uses=field.uses,
                    label=model._meta.get_field(field.name).verbose_name,
                    value=value,
                    sensitive=field.name in sensitive,
                )
            )
    return contacts
