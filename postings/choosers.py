"""People and positions picked by typing (base/choosers.py): too many to list, so
without JavaScript their selects come with a "Find" box."""

from base.choosers import Chooser

from .models import Person, Position


def person_label(person):
    """Last name first, with rank and force; never the need-to-know service number."""
    rank = f"{person.rank.abbreviation}, " if person.rank_id else ""
    return f"{person.last_name.upper()} {person.first_name} ({rank}{person.get_force_display()})"


def position_label(position):
    return f"{position} ({position.period_display})"


PEOPLE = Chooser(
    "postings:person_choices",
    queryset=lambda: Person.objects.select_related("rank"),
    label=person_label,
    finder=True,
    limit=50,
)
POSITIONS = Chooser(
    "postings:position_choices",
    queryset=lambda: Position.objects.select_related(
        "role", "department__embassy", "section", "central_unit"
    ).order_by("role__order", "title", "pk"),
    label=position_label,
    dated=True,
    finder=True,
    limit=50,
)
