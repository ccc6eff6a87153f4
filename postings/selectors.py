"""Reads of people, positions and postings as of a date, for the lists and pages.

Counts are figures of the register (postings/figures.py); here are the rows. Each
list's queryset carries what its table shows (a Prefetch of the posting active on the
day, with its place) and a sort key per computed column, so a page costs the same few
queries for 5 rows or 50,000.
"""

from django.db.models import Case, CharField, Exists, F, FilteredRelation, OuterRef, Prefetch, Value, When
from django.db.models.functions import Coalesce

from base.bilingual import local_text, localized_field
from base.periods import active_on_q

from . import figures
from .models import Person, Position, Posting, based_in_q, vacant_q

PLACE_RELATED = (
    "position__role",
    "position__department__embassy__country",
    "position__section__department__embassy",
    "position__section__country",
    "position__central_unit",
)
POSITION_RELATED = ("role", "department__embassy__country", "section__country", "central_unit")


def unit_sort_key(prefix=""):
    """A sortable label of a position's unit: the department's or section's city, or the
    central unit's acronym."""
    return Coalesce(
        local_text("city", f"{prefix}department__embassy__"),
        local_text("city", f"{prefix}section__"),
        f"{prefix}central_unit__acronym",
        output_field=CharField(),
    )


def title_sort_key(prefix=""):
    """A position's title in the active language, to sort by."""
    return local_text("title", prefix)


def country_sort_key(prefix=""):
    name = localized_field("name")
    return Coalesce(
        f"{prefix}department__embassy__country__{name}",
        f"{prefix}section__country__{name}",
        output_field=CharField(),
    )


# --- People ----------------------------------------------------------------------------


def people_on(day):
    """Every person, with `postings_on_day` (the posting active on `day`, or nothing,
    with its position and place) and sort keys of that posting: `posted_role`,
    `posted_unit`, `posted_country`, `posted_until`."""
    # A join, not a subquery per person: a person holds at most one posting on a day (a
    # database rule), so the join adds no row, and a sort on these keys is one hash join.
    return (
        Person.objects.select_related("rank")
        .annotate(posting_of_day=FilteredRelation("postings", condition=active_on_q(day, "postings__")))
        .annotate(
            posted_role=F(f"posting_of_day__position__role__{localized_field('name')}"),
            posted_unit=unit_sort_key("posting_of_day__position__"),
            posted_country=country_sort_key("posting_of_day__position__"),
            posted_until=F("posting_of_day__expected_end_date"),
        )
        .prefetch_related(
            Prefetch(
                "postings",
                queryset=Posting.objects.filter(active_on_q(day)).select_related(*PLACE_RELATED),
                to_attr="postings_on_day",
            )
        )
        .order_by("last_name", "first_name", "pk")
    )


IN_POST_FIGURES = {"abroad": figures.PEOPLE_IN_POST_ABROAD, "central": figures.PEOPLE_IN_POST_IN_FRANCE}


def people_in_post_q(day, where):
    """Q for people in post on `day` `where` ("abroad", "central"), or not in post ("none"):
    the people the figures of the same name count."""
    if where == "none":
        return ~Exists(Posting.objects.active_on(day).filter(person=OuterRef("pk")))
    return Exists(IN_POST_FIGURES[where].rows(day).filter(person=OuterRef("pk")))


def people_posted_q(day, **position_lookups):
    """Q for people whose posting active on `day` is in a position matching the lookups
    ("role", "theme") or based in a `region`, `country` or under a `department`."""
    places = {
        name: position_lookups.pop(name)
        for name in ("region", "country", "department")
        if name in position_lookups
    }
    active = Posting.objects.active_on(day).filter(
        based_in_q("position__", **places),
        person=OuterRef("pk"),
        **{f"position__{key}": value for key, value in position_lookups.items()},
    )
    return Exists(active)


def posting_history_of_person(person):
    return person.postings.select_related(*PLACE_RELATED).order_by("-start_date")


# --- Positions -------------------------------------------------------------------------


def positions_on(day):
    """Every position, with its unit and place, `holdings_on_day` (the posting active on
    `day`, or nothing, with its person) and sort keys: `title_key`, `unit_key`,
    `country_key`, `holder_key`, `open_on_day`."""
    return (
        Position.objects.select_related(
            "role",
            "department__embassy__country",
            "section__department__embassy",
            "section__country",
            "central_unit",
        )
        # A position has at most one holder on a day (a database rule): a join, no extra row.
        .annotate(holding_of_day=FilteredRelation("postings", condition=active_on_q(day, "postings__")))
        .annotate(
            title_key=title_sort_key(),
            unit_key=unit_sort_key(),
            country_key=country_sort_key(),
            holder_key=F("holding_of_day__person__last_name"),
            open_on_day=Case(When(active_on_q(day), then=Value(True)), default=Value(False)),
        )
        .prefetch_related(
            Prefetch(
                "postings",
                queryset=Posting.objects.filter(active_on_q(day)).select_related("person__rank"),
                to_attr="holdings_on_day",
            )
        )
        .order_by("role__order", "title_key", "pk")
    )


def vacancies_on(day):
    """The vacancies on `day`, as `positions_on` lists them."""
    return positions_on(day).filter(vacant_q(day))


def positions_with_holders_on(day):
    """Positions open on `day`, each with `holders`: its postings active on `day`
    (one, or none when the position is vacant), with the person and rank."""
    return (
        Position.objects.active_on(day)
        .select_related("role")
        .prefetch_related(
            Prefetch(
                "postings",
                queryset=Posting.objects.active_on(day).select_related("person__rank"),
                to_attr="holders",
            )
        )
    )


def holders_of_position(position):
    return position.postings.select_related("person__rank").order_by("-start_date")


def holders_history(**position_lookups):
    """Every posting (all periods) in the positions matching `position_lookups`, e.g.
    department=…, newest first: the history of holders of a unit."""
    return (
        Posting.objects.filter(**{f"position__{key}": value for key, value in position_lookups.items()})
        .select_related("person__rank", "position__role")
        .order_by("-start_date", "-pk")
    )


# --- Postings --------------------------------------------------------------------------


def postings_listed():
    """Every posting with its person, position and place, and sort keys `title_key`,
    `unit_key`, `country_key` (the rotation plan orders by unit)."""
    return (
        Posting.objects.select_related("person__rank", *PLACE_RELATED)
        .annotate(
            title_key=title_sort_key("position__"),
            unit_key=unit_sort_key("position__"),
            country_key=country_sort_key("position__"),
        )
        .order_by("-start_date", "pk")
    )


def rotation_plan(day, months, postings=None):
    """Postings running on `day` whose tour is expected to end within `months` months,
    by unit then end of tour: who leaves where, and when. `postings` narrows the
    postings considered (default: all, as `postings_listed`)."""
    postings = postings_listed() if postings is None else postings
    return postings.ending_within(day, months).order_by("unit_key", "expected_end_date", "pk")


def postings_for_country(day, country):
    """The postings that make the country's staff in post on `day` (figure
    `staff_for_country`), with their people and places, by role then name."""
    return (
        figures.STAFF_FOR_COUNTRY.rows(day, country)
        .select_related("person__rank", *PLACE_RELATED)
        .order_by("position__role__order", "person__last_name", "pk")
    )
