"""Filters of the people, position and posting lists. Filters about "where" and "now"
read the posting or position as it stood on the page's as-of date (`request.as_of`)."""

import datetime

import django_filters
from django.http import QueryDict
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dci_portal.access import SENSITIVE_PERMISSION
from dci_portal.filtersets import PortalFilterSet
from dci_portal.forms import DateInput
from network.filtersets import countries  # sorted by the name shown, in the active language
from network.models import Department, Region
from network.periods import active_on_q

from . import selectors
from .forms import DepartmentChoiceField, RankChoiceField
from .models import Force, Person, Position, Posting, Rank, RequiredForce, Role

YES_NO = (("yes", _("Yes")), ("no", _("No")))


class DepartmentFilter(django_filters.ModelChoiceFilter):
    field_class = DepartmentChoiceField


class RankFilter(django_filters.ModelChoiceFilter):
    field_class = RankChoiceField


def department_filter(**kwargs):
    return DepartmentFilter(
        queryset=Department.objects.select_related("embassy"), label=_("Department"), **kwargs
    )


class AsOfFilterSet(PortalFilterSet):
    """Always bound, so that filters with a default (`defaults`, the as-of date) apply
    on a bare URL and the form shows the default it applies."""

    defaults: dict = {}

    def __init__(self, data=None, *args, **kwargs):
        data = QueryDict(mutable=True) if data is None else data.copy()
        for name, value in self.defaults.items():
            data.setdefault(name, value)
        super().__init__(data, *args, **kwargs)

    @property
    def day(self):
        return getattr(self.request, "as_of", None) or datetime.date.today()


class PersonFilterSet(AsOfFilterSet):
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
    country = django_filters.ModelChoiceFilter(
        queryset=countries, method="filter_posting", label=_("Country")
    )
    department = department_filter(method="filter_posting")
    theme = django_filters.ChoiceFilter(
        choices=Position.Theme.choices, method="filter_posting", label=_("Theme")
    )
    languages = django_filters.CharFilter(lookup_expr="icontains", label=_("Speaks"), max_length=100)
    specialties = django_filters.CharFilter(lookup_expr="icontains", label=_("Specialty"), max_length=100)

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

    @property
    def search_fields(self):
        # Service numbers are need-to-know: searchable only by those who may see them.
        user = getattr(self.request, "user", None)
        if user is not None and user.has_perm(SENSITIVE_PERMISSION):
            return ("last_name", "first_name", "service_number")
        return ("last_name", "first_name")

    def filter_posting(self, queryset, name, value):
        """Role, place, theme and "in post" are those of the posting active on the date."""
        if not value:
            return queryset
        if name == "in_post":
            return queryset.filter(selectors.people_posted_on(self.day, where=value))
        return queryset.filter(selectors.people_posted_on(self.day, **{name: value}))


class PositionFilterSet(AsOfFilterSet):
    search_fields = (
        "title",
        "role__name_en",
        "role__name_fr",
        "department__embassy__city",
        "section__city",
        "central_unit__acronym",
        "central_unit__name_en",
        "central_unit__name_fr",
    )

    role = django_filters.ModelChoiceFilter(queryset=Role.objects.all(), label=_("Role"))
    theme = django_filters.ChoiceFilter(choices=Position.Theme.choices, label=_("Theme"))
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), method="filter_place", label=_("Region")
    )
    country = django_filters.ModelChoiceFilter(queryset=countries, method="filter_place", label=_("Country"))
    department = department_filter(method="filter_place")
    unit_kind = django_filters.ChoiceFilter(
        choices=(
            ("abroad", _("Abroad (department or section)")),
            ("department", _("Department")),
            ("section", _("Section")),
            ("central", _("Central unit")),
        ),
        method="filter_unit_kind",
        label=_("Kind of unit"),
    )
    required_force = django_filters.ChoiceFilter(choices=RequiredForce.choices, label=_("Required force"))
    cooperation_kind = django_filters.ChoiceFilter(
        choices=Position.CooperationKind.choices, label=_("Kind of cooperation")
    )
    serving_body = django_filters.ChoiceFilter(choices=Position.ServingBody.choices, label=_("On behalf of"))
    status = django_filters.ChoiceFilter(
        choices=(("open", _("Open on the date")), ("closed", _("Closed on the date"))),
        method="filter_status",
        label=_("Status"),
    )
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

    def filter_place(self, queryset, name, value):
        return queryset.filter(selectors.place_q(**{name: value})) if value else queryset

    def filter_unit_kind(self, queryset, name, value):
        if value == "abroad":
            return queryset.filter(selectors.ABROAD)
        field = {"central": "central_unit", "department": "department", "section": "section"}.get(value)
        return queryset.filter(**{f"{field}__isnull": False}) if field else queryset

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(active_on_q(self.day))
        if value == "closed":
            return queryset.exclude(active_on_q(self.day))
        return queryset

    def filter_vacant(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(selectors.vacant_on_q(self.day))
        if value == "no":
            return queryset.exclude(selectors.vacant_on_q(self.day))
        return queryset


class VacancyFilterSet(PositionFilterSet):
    """The vacancies list is already "open and vacant on the date"."""

    status = None
    vacant = None

    class Meta(PositionFilterSet.Meta):
        fields = [name for name in PositionFilterSet.Meta.fields if name not in ("status", "vacant")]


class PostingPlaceFilterSet(AsOfFilterSet):
    """Who and where: shared by the postings list and the rotation plan."""

    search_fields = (
        "person__last_name",
        "person__first_name",
        "position__title",
        "position__role__name_en",
        "position__role__name_fr",
        "position__department__embassy__city",
        "position__section__city",
        "position__central_unit__acronym",
    )

    force = django_filters.ChoiceFilter(field_name="person__force", choices=Force.choices, label=_("Force"))
    role = django_filters.ModelChoiceFilter(
        field_name="position__role", queryset=Role.objects.all(), label=_("Role")
    )
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), method="filter_place", label=_("Region")
    )
    country = django_filters.ModelChoiceFilter(queryset=countries, method="filter_place", label=_("Country"))
    department = department_filter(method="filter_place")

    def filter_place(self, queryset, name, value):
        return queryset.filter(selectors.place_q("position__", **{name: value})) if value else queryset


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
            "force",
            "role",
            "region",
            "country",
            "department",
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


ROTATION_MONTHS = (3, 6, 12)
DEFAULT_ROTATION_MONTHS = 6


def months_label(months):
    return ngettext("%(months)d month", "%(months)d months", months) % {"months": months}


# `ngettext_lazy(...) % value` translates at once (here: at import, in English); this
# waits for the request's language.
months_label_lazy = lazy(months_label, str)


class RotationPlanFilterSet(PostingPlaceFilterSet):
    defaults = {"months": str(DEFAULT_ROTATION_MONTHS)}

    months = django_filters.ChoiceFilter(
        choices=[(str(months), months_label_lazy(months)) for months in ROTATION_MONTHS],
        empty_label=None,
        method="filter_nothing",
        label=_("Tours ending within"),
    )

    class Meta:
        model = Posting
        fields = ["q", "months", "force", "role", "region", "country", "department"]

    def filter_nothing(self, queryset, name, value):
        return queryset  # the window is applied in filter_queryset, with its default

    @property
    def window_months(self):
        value = self.form.cleaned_data.get("months") if self.form.is_valid() else None
        return int(value) if value else DEFAULT_ROTATION_MONTHS

    def filter_queryset(self, queryset):
        return selectors.rotation_plan(self.day, self.window_months, super().filter_queryset(queryset))
