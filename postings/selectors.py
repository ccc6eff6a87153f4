"""Reads of people, positions and postings as of a date."""

from django.db.models import Exists, OuterRef, Q

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
    held = Posting.objects.filter(active_on_q(day), position=OuterRef("pk"))
    return positions_open_on(day).filter(~Exists(held))


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
