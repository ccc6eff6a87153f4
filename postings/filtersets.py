"""Filters of the people, position and posting lists. Filters about "where" and "now"
read the posting or position as it stood on the page's as-of date (`request.as_of`)."""

import django_filters
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from base.filtersets import YES_NO, PortalFilterSet, StatusFilterSet, TypeaheadFilter
from base.forms import DateInput
from base.periods import active_on_q
from base.search import fold
from network import choosers as network_choosers
from network.models import Region

from . import choosers, figures, selectors
from .forms import RankChoiceField
from .models import (
    Force,
    Person,
    Position,
    Posting,
    Rank,
    RequiredForce,
    Role,
    abroad_q,
    based_in_q,
    in_france_q,
    vacant_q,
)


class RankFilter(django_filters.ModelChoiceFilter):
    field_class = RankChoiceField


def department_filter(**kwargs):
    return TypeaheadFilter(chooser=network_choosers.DEPARTMENTS, label=_("Department"), **kwargs)


def country_filter(**kwargs):
    return TypeaheadFilter(chooser=network_choosers.COUNTRIES, label=_("Country"), **kwargs)


class PersonFilterSet(PortalFilterSet):
    force = django_filters.ChoiceFilter(choices=Force.choices, label=_("Force"))
    rank = RankFilter(queryset=Rank.objects.all(), label=_("Rank"))
    in_post = django_filters.ChoiceFilter(
        choices=(
            ("abroad", _("Abroad")),
            ("central", _("In the central entity")),
            ("none", _("Not in post")),
        ),
        method="filter_posting",
        label=_("In post on the date"),
    )
    role = django_filters.ModelChoiceFilter(
        queryset=Role.objects.all(), method="filter_posting", label=_("Role")
    )
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), method="filter_posting", label=_("Region")
    )
    country = country_filter(method="filter_posting")
    department = department_filter(method="filter_posting")
    theme = django_filters.ChoiceFilter(
        choices=Position.Theme.choices, method="filter_posting", label=_("Theme")
    )
    languages = django_filters.CharFilter(method="filter_skill", label=_("Speaks"), max_length=100)
    specialties = django_filters.CharFilter(method="filter_skill", label=_("Specialty"), max_length=100)

    class Meta:
        model = Person
        fields = [
            "q",
            "in_post",
            "force",
            "rank",
            "role",
            "region",
            "country",
            "department",
            "theme",
            "languages",
            "specialties",
        ]

    def filter_skill(self, queryset, name, value):
        """A language or specialty typed in French or English, case and accents aside."""
        text = fold(value.strip())
        if not text:
            return queryset
        return queryset.filter(
            Q(**{f"{name}__fold__contains": text}) | Q(**{f"{name}_fr__fold__contains": text})
        )

    def filter_posting(self, queryset, name, value):
        """Role, place, theme and "in post" are those of the posting active on the date."""
        if not value:
            return queryset
        if name == "in_post":
            return queryset.filter(selectors.people_in_post_q(self.day, value))
        return queryset.filter(selectors.people_posted_q(self.day, **{name: value}))


UNIT_KINDS = (
    ("abroad", _("Abroad (department or section)")),
    ("department", _("Department")),
    ("section", _("Section")),
    ("central", _("Central unit")),
)


def unit_kind_q(kind, prefix=""):
    if kind == "abroad":
        return abroad_q(prefix)
    if kind == "central":
        return in_france_q(prefix)
    return Q(**{f"{prefix}{kind}__isnull": False})


class PlaceFilterSet(PortalFilterSet):
    """Where a position is (reached through `position_prefix`): its region, country or
    department (see based_in_q), or the kind of its unit."""

    position_prefix = ""

    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), method="filter_place", label=_("Region")
    )
    country = country_filter(method="filter_place")
    department = department_filter(method="filter_place")
    unit_kind = django_filters.ChoiceFilter(
        choices=UNIT_KINDS, method="filter_unit_kind", label=_("Kind of unit")
    )

    def filter_place(self, queryset, name, value):
        return queryset.filter(based_in_q(self.position_prefix, **{name: value})) if value else queryset

    def filter_unit_kind(self, queryset, name, value):
        return queryset.filter(unit_kind_q(value, self.position_prefix)) if value else queryset


class PositionFilterSet(PlaceFilterSet, StatusFilterSet):
    defaults = {"status": StatusFilterSet.ALL}
    role = django_filters.ModelChoiceFilter(queryset=Role.objects.all(), label=_("Role"))
    theme = django_filters.ChoiceFilter(choices=Position.Theme.choices, label=_("Theme"))
    required_force = django_filters.ChoiceFilter(choices=RequiredForce.choices, label=_("Required force"))
    cooperation_kind = django_filters.ChoiceFilter(
        choices=Position.CooperationKind.choices, label=_("Kind of cooperation")
    )
    serving_body = django_filters.ChoiceFilter(choices=Position.ServingBody.choices, label=_("On behalf of"))
    vacant = django_filters.ChoiceFilter(
        choices=YES_NO, method="filter_vacant", label=_("Vacant on the date")
    )

    class Meta:
        model = Position
        fields = [
            "q",
            "status",
            "vacant",
            "role",
            "theme",
            "region",
            "country",
            "department",
            "unit_kind",
            "required_force",
            "cooperation_kind",
            "serving_body",
        ]

    def filter_vacant(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(vacant_q(self.day))
        if value == "no":
            return queryset.exclude(vacant_q(self.day))
        return queryset


class VacancyFilterSet(PositionFilterSet):
    """The vacancies list is already "open and vacant on the date"."""

    status = None
    vacant = None

    class Meta(PositionFilterSet.Meta):
        fields = [name for name in PositionFilterSet.Meta.fields if name not in ("status", "vacant")]


class PostingPlaceFilterSet(PlaceFilterSet):
    """Who and where: shared by the postings list and the rotation plan."""

    position_prefix = "position__"

    person = TypeaheadFilter(chooser=choosers.PEOPLE, field_name="person", label=_("Person"))
    force = django_filters.ChoiceFilter(field_name="person__force", choices=Force.choices, label=_("Force"))
    role = django_filters.ModelChoiceFilter(
        field_name="position__role", queryset=Role.objects.all(), label=_("Role")
    )


ACTIVE_ON_DATE, ALL_POSTINGS = "on", "all"


class PostingFilterSet(PostingPlaceFilterSet):
    defaults = {"active": ACTIVE_ON_DATE}

    active = django_filters.ChoiceFilter(
        choices=((ACTIVE_ON_DATE, _("Active on a date")), (ALL_POSTINGS, _("All, whatever the dates"))),
        empty_label=None,
        method="filter_nothing",
        label=_("Show"),
    )
    active_on = django_filters.DateFilter(
        method="filter_nothing",
        widget=DateInput,
        label=_("Active on"),
        help_text=_("Leave blank for the date at the top of the page."),
    )
    started_after = django_filters.DateFilter(
        field_name="start_date", lookup_expr="gte", widget=DateInput, label=_("Started on or after")
    )
    started_before = django_filters.DateFilter(
        field_name="start_date", lookup_expr="lte", widget=DateInput, label=_("Started on or before")
    )
    ending_before = django_filters.DateFilter(
        field_name="expected_end_date",
        lookup_expr="lte",
        widget=DateInput,
        label=_("Tour ending on or before"),
    )
    end_reason = django_filters.ChoiceFilter(choices=Posting.EndReason.choices, label=_("End reason"))

    class Meta:
        model = Posting
        fields = [
            "q",
            "active",
            "active_on",
            "started_after",
            "started_before",
            "ending_before",
            "person",
            "force",
            "role",
            "region",
            "country",
            "department",
            "unit_kind",
            "end_reason",
        ]

    def filter_nothing(self, queryset, name, value):
        return queryset  # applied together in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if data.get("active") == ALL_POSTINGS:
            return queryset
        return queryset.filter(active_on_q(data.get("active_on") or self.day))


DEFAULT_ROTATION_MONTHS = figures.ENDING_MONTHS


def months_label(months):
    return ngettext("%(months)d month", "%(months)d months", months) % {"months": months}


# `ngettext_lazy(...) % value` translates at once (here: at import, in English); this
# waits for the request's language.
months_label_lazy = lazy(months_label, str)


class RotationPlanFilterSet(PostingPlaceFilterSet):
    defaults = {"months": str(DEFAULT_ROTATION_MONTHS)}

    months = django_filters.ChoiceFilter(
        choices=[(str(months), months_label_lazy(months)) for months in figures.ROTATION_WINDOWS],
        empty_label=None,
        method="filter_nothing",
        label=_("Tours ending within"),
    )

    class Meta:
        model = Posting
        fields = ["q", "months", "person", "force", "role", "region", "country", "department", "unit_kind"]

    def filter_nothing(self, queryset, name, value):
        return queryset  # the window is applied in filter_queryset, with its default

    @property
    def window_months(self):
        value = self.form.cleaned_data.get("months") if self.form.is_valid() else None
        return int(value) if value else DEFAULT_ROTATION_MONTHS

    def filter_queryset(self, queryset):
        return selectors.rotation_plan(self.day, self.window_months, super().filter_queryset(queryset))
