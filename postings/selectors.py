"""Reads of people, positions and postings as of a date."""

from django.db.models import Case, CharField, Exists, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from network.bilingual import localized_field
from network.periods import active_on_q

from .models import Person, Position, Posting

ABROAD = Q(department__isnull=False) | Q(section__isnull=False)


def postings_active_on(day):
    return Posting.objects.active_on(day).with_people_and_places()


def postings_abroad_active_on(day):
    return postings_active_on(day).filter(
        Q(position__department__isnull=False) | Q(position__section__isnull=False)
    )


def people_in_post_abroad_on(day):
    return Person.objects.filter(Exists(postings_abroad_active_on(day).filter(person=OuterRef("pk"))))


def people_in_post_centrally_on(day):
    return Person.objects.filter(
        Exists(postings_active_on(day).filter(person=OuterRef("pk"), position__central_unit__isnull=False))
    )


def positions_open_on(day):
    return Position.objects.active_on(day)


def vacant_positions_on(day):
    """Positions open on `day` that nobody holds on `day`."""
    return Position.objects.vacant_on(day)


def vacant_positions_abroad_on(day):
    return vacant_positions_on(day).filter(ABROAD)


def current_posting_of(person, day):
    return postings_active_on(day).filter(person=person).first()


def postings_ending_between(start, end):
    """Postings whose tour is expected to end in [start, end] and that are still running on `start`:
    the rotation plan."""
    return (
        postings_active_on(start)
        .filter(expected_end_date__gte=start, expected_end_date__lte=end)
        .order_by("expected_end_date")
    )


# --- The browser directory: lists and detail pages as of a date ------------------------
#
# Each list's queryset carries what its table shows (a Prefetch of the posting active on
# the day, with its place) and a sort key per computed column (a Subquery or a Coalesce),
# so a page costs the same few queries for 5 rows or 50,000.

PLACE_RELATED = (
    "position__role",
    "position__department__embassy__country",
    "position__section__department__embassy",
    "position__section__country",
    "position__central_unit",
)


def place_q(prefix="", *, region=None, country=None, department=None):
    """Q for positions (reached through `prefix`, e.g. "position__") in `region`, in
    `country` or under `department` (its own positions and its sections'). Central
    positions are in no country."""
    q = Q()
    if region is not None:
        q &= Q(**{f"{prefix}department__embassy__country__region": region}) | Q(
            **{f"{prefix}section__country__region": region}
        )
    if country is not None:
        q &= Q(**{f"{prefix}department__embassy__country": country}) | Q(
            **{f"{prefix}section__country": country}
        )
    if department is not None:
        q &= Q(**{f"{prefix}department": department}) | Q(**{f"{prefix}section__department": department})
    return q


def unit_sort_key(prefix=""):
    """A sortable label of a position's unit: the department's or section's city, or the
    central unit's acronym."""
    return Coalesce(
        f"{prefix}department__embassy__city",
        f"{prefix}section__city",
        f"{prefix}central_unit__acronym",
        output_field=CharField(),
    )


def country_sort_key(prefix=""):
    name = localized_field("name")
    return Coalesce(
        f"{prefix}department__embassy__country__{name}",
        f"{prefix}section__country__{name}",
        output_field=CharField(),
    )


def people_on(day):
    """Every person, with `postings_on_day` (the posting active on `day`, or nothing,
    with its position and place) and sort keys of that posting: `posted_role`,
    `posted_unit`, `posted_country`, `posted_until`."""
    current = Posting.objects.filter(active_on_q(day), person=OuterRef("pk")).order_by("-start_date")
    return (
        Person.objects.select_related("rank")
        .annotate(
            posted_role=Subquery(current.values(f"position__role__{localized_field('name')}")[:1]),
            posted_unit=Subquery(current.annotate(key=unit_sort_key("position__")).values("key")[:1]),
            posted_country=Subquery(current.annotate(key=country_sort_key("position__")).values("key")[:1]),
            posted_until=Subquery(current.values("expected_end_date")[:1]),
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


def people_posted_on(day, *, where=None, region=None, country=None, department=None, **position_lookups):
    """Q for people whose posting active on `day` matches: `where` is "abroad",
    "central" or "none" (not in post); `region`/`country`/`department` as in place_q;
    `position_lookups` are lookups on the position ("role", "theme")."""
    active = Posting.objects.filter(active_on_q(day), person=OuterRef("pk"))
    if where == "none":
        return ~Exists(active)
    if where == "abroad":
        active = active.filter(Q(position__department__isnull=False) | Q(position__section__isnull=False))
    elif where == "central":
        active = active.filter(position__central_unit__isnull=False)
    active = active.filter(
        place_q("position__", region=region, country=country, department=department),
        **{f"position__{key}": value for key, value in position_lookups.items()},
    )
    return Exists(active)


def positions_on(day):
    """Every position, with its unit and place, `holdings_on_day` (the posting active on
    `day`, or nothing, with its person) and sort keys: `unit_key`, `country_key`,
    `holder_key`, `open_on_day`."""
    held = Posting.objects.filter(active_on_q(day), position=OuterRef("pk"))
    return (
        Position.objects.select_related(
            "role",
            "department__embassy__country",
            "section__department__embassy",
            "section__country",
            "central_unit",
        )
        .annotate(
            unit_key=unit_sort_key(),
            country_key=country_sort_key(),
            holder_key=Subquery(held.values("person__last_name")[:1]),
            open_on_day=Case(When(active_on_q(day), then=Value(True)), default=Value(False)),
        )
        .prefetch_related(
            Prefetch(
                "postings",
                queryset=Posting.objects.filter(active_on_q(day)).select_related("person__rank"),
                to_attr="holdings_on_day",
            )
        )
        .order_by("role__order", "title", "pk")
    )


def vacant_on_q(day):
    """Q for positions open on `day` that nobody holds on `day` (see vacant_positions_on)."""
    held = Posting.objects.filter(active_on_q(day), position=OuterRef("pk"))
    return active_on_q(day) & ~Exists(held)


def postings_listed():
    """Every posting with its person, position and place, and sort keys `unit_key`,
    `country_key` (the rotation plan orders by unit)."""
    return (
        Posting.objects.select_related("person__rank", *PLACE_RELATED)
        .annotate(unit_key=unit_sort_key("position__"), country_key=country_sort_key("position__"))
        .order_by("-start_date", "pk")
    )


def rotation_plan(day, months, postings=None):
    """Postings running on `day` whose tour is expected to end within `months` months,
    by unit then end of tour: who leaves where, and when. `postings` narrows the
    postings considered (default: all, as `postings_listed`)."""
    from .services import add_months

    postings = postings_listed() if postings is None else postings
    return postings.filter(
        active_on_q(day), expected_end_date__gte=day, expected_end_date__lte=add_months(day, months)
    ).order_by("unit_key", "expected_end_date", "pk")


def posting_history_of_person(person):
    return person.postings.select_related(*PLACE_RELATED).order_by("-start_date")


def holders_of_position(position):
    return position.postings.select_related("person__rank").order_by("-start_date")


def postings_abroad_ending_between(start, end):
    """`postings_ending_between`, for positions abroad only (departments and sections)."""
    return postings_ending_between(start, end).filter(
        Q(position__department__isnull=False) | Q(position__section__isnull=False)
    )
