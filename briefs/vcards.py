"""Contact cards: vCard 4.0 (RFC 6350) for a person or a whole team, written with vobject.

A card holds the work contact details the reader may see (base/contacts.py), the unit,
position and role on the day, and the languages: never a service number, a personal
contact or a need-to-know number its reader could not see on the pages.
"""

import uuid

import vobject
from django.utils import timezone
from django.utils.translation import gettext as _

from base.contacts import EMAIL, contact_fields, contacts_of
from postings.models import Person

# Cards of one person keep one UID across downloads, so address books update, not duplicate.
UID_NAMESPACE = uuid.UUID("6f1d2c8e-3b7a-5e4f-9a10-2d8c4b6e0f13")
MEDIA_TYPE = "text/vcard; charset=utf-8"


def person_card(person, user, posting=None, *, fields=None):
    """The vCard of `person`, in post in `posting` (or None), as `user` may see it."""
    card = vobject.vCard()
    card.add("version").value = "4.0"
    card.add("kind").value = "individual"
    card.add("uid").value = f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, f'person/{person.pk}')}"
    card.add("fn").value = person.display_name
    card.add("n").value = vobject.vcard.Name(
        family=person.last_name,
        given=person.first_name,
        prefix=person.rank.abbreviation if person.rank_id else "",
    )
    organisation = [_("International Cooperation Directorate (DCI)")]
    if posting is not None:
        position = posting.position
        organisation.append(str(position.unit))
        card.add("title").value = position.label
        card.add("role").value = position.role.name
        city = (
            position.department.embassy.local_city
            if position.department_id
            else getattr(position.section, "local_city", "")
        )
        if position.country is not None:
            address = card.add("adr")
            address.value = vobject.vcard.Address(city=city, country=str(position.country))
            address.params["TYPE"] = ["work"]
    card.add("org").value = organisation
    fields = contact_fields(user, Person) if fields is None else fields
    for contact in contacts_of(person, user, fields):
        if contact.kind == EMAIL:
            item = card.add("email")
            item.value = contact.value
        else:
            item = card.add("tel")
            item.value = contact.uri
            item.params["VALUE"] = ["uri"]
        item.params["TYPE"] = list(contact.uses)
    if person.languages:
        card.add("note").value = _("Languages: %(languages)s") % {"languages": person.languages}
    card.add("rev").value = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    return card


def team_cards(postings, user):
    """One card per posting's person, in the team's order."""
    fields = contact_fields(user, Person)
    return [person_card(posting.person, user, posting, fields=fields) for posting in postings]


def serialize(cards):
    """One .vcf file holding every card (CRLF line ends, lines folded at 75 octets)."""
    return "".join(card.serialize() for card in cards).encode("utf-8")
