"""The model rules, checked on the whole database in a few queries.

The demo and scale generators write thousands of rows in bulk rather than one by one
through the service layer; these set-wise queries prove, before their transaction
commits, that every rule of the models' `clean` holds for every row (the load is
rolled back otherwise)."""

import datetime
from functools import reduce
from operator import or_

from django.db.models import DateField, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce

from network.models import Coverage, Department, Section
from postings.models import Force, Person, Position, Posting, RequiredForce

FOREVER = Value(datetime.date.max, output_field=DateField())


def overlapping(model, field):
    """Rows of `model` sharing at least one day with another row of the same `field`."""
    others = (
        model.objects.filter(**{field: OuterRef(field)})
        .exclude(pk=OuterRef("pk"))
        .filter(start_date__lte=Coalesce(OuterRef("end_date"), FOREVER))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("start_date")))
    )
    return model.objects.filter(Exists(others))


def outside(queryset, parent):
    """Rows of `queryset` not inside the period of their `parent` (a dated FK)."""
    return queryset.filter(
        Q(start_date__lt=F(f"{parent}__start_date"))
        | Q(**{f"{parent}__end_date__isnull": False})
        & (Q(end_date__isnull=True) | Q(end_date__gt=F(f"{parent}__end_date")))
    )


def wrong_force():
    """Postings whose person's force the position does not accept (RequiredForce.accepting)."""
    return Posting.objects.filter(
        reduce(
            or_,
            (
                Q(person__force=force) & ~Q(position__required_force__in=RequiredForce.accepting(force))
                for force in Force
            ),
        )
    )


def violations():
    """{rule: number of rows breaking it}, for the rules that are broken (empty when all hold)."""
    checks = {
        "two departments in one embassy on a date": overlapping(Department, "embassy"),
        "two departments covering one country on a date": overlapping(Coverage, "country"),
        "two postings of one person on a date": overlapping(Posting, "person"),
        "two holders of one position on a date": overlapping(Posting, "position"),
        "coverage outside its department's period": outside(Coverage.objects.all(), "department"),
        "posting outside its position's period": outside(Posting.objects.all(), "position"),
        "rank of another force": Person.objects.filter(rank__isnull=False).exclude(rank__force=F("force")),
        "person of a force the position does not accept": wrong_force(),
        "ended posting without a reason": Posting.objects.filter(end_date__isnull=False, end_reason=""),
        "expected end before the start": Posting.objects.filter(expected_end_date__lt=F("start_date")),
        "position in no unit or several": Position.objects.exclude(
            Q(central_unit__isnull=False, department__isnull=True, section__isnull=True)
            | Q(central_unit__isnull=True, department__isnull=False, section__isnull=True)
            | Q(central_unit__isnull=True, department__isnull=True, section__isnull=False)
        ),
    }
    for model in (Department, Section, Coverage, Position, Posting):
        checks[f"{model._meta.verbose_name} ending before it starts"] = model.objects.filter(
            end_date__lt=F("start_date")
        )
    found = {rule: queryset.count() for rule, queryset in checks.items()}
    return {rule: count for rule, count in found.items() if count}
