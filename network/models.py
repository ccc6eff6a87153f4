"""The organisation and its geography: regions, countries, embassies, the central
entity, Internal Security Departments and Sections, and which department covers
which country when."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from base.bilingual import BilingualName, LocalText, french_form_field
from base.contacts import EMAIL, PHONE, ContactField
from base.models import attributed_history
from base.periods import Lifespan, Period, PeriodQuerySet, within

# Create, change, close, reopen and move the network's embassies, departments, sections
# and central units in the portal (declared on Department.Meta); apart from the
# permissions of postings, so that who reorganises the network is a separate choice.
EDIT_NETWORK_PERMISSION = "network.edit_network"

# Managers run the coverage report and its exports (declared on Coverage.Meta).
COVERAGE_REPORT_PERMISSION = "network.export_coverage_report"
# Reveals the units' secure lines (UnitContacts.SENSITIVE_FIELDS; declared on Department.Meta).
SECURE_LINE_PERMISSION = "network.view_secure_line"

upper_letters = RegexValidator(r"^[A-Z]+$", _("Use capital letters A–Z only."))


class Region(BilingualName):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    history = attributed_history()
    # What the quick searches of lists, the global search and the admin match.
    SEARCH_FIELDS = ("name_en", "name_fr", "code")

    class Meta:
        ordering = ["order", "name_en"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def get_absolute_url(self):
        return reverse("network:country_list") + f"?region={self.pk}"


class Country(BilingualName):
    iso2 = models.CharField(_("ISO alpha-2 code"), max_length=2, unique=True, validators=[upper_letters])
    iso3 = models.CharField(_("ISO alpha-3 code"), max_length=3, unique=True, validators=[upper_letters])
    iso_numeric = models.CharField(_("ISO numeric code"), max_length=3, blank=True)
    capital = models.CharField(_("capital"), max_length=100, blank=True)
    capital_fr = french_form_field(_("capital in French"), max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="countries", verbose_name=_("region")
    )

    history = attributed_history()
    SEARCH_FIELDS = ("name_en", "name_fr", "iso2", "iso3", "capital", "capital_fr")
    local_capital = LocalText("capital")

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(condition=models.Q(iso2__regex=r"^[A-Z]{2}$"), name="country_iso2_format"),
            models.CheckConstraint(condition=models.Q(iso3__regex=r"^[A-Z]{3}$"), name="country_iso3_format"),
        ]

    def get_absolute_url(self):
        return reverse("network:country_detail", args=[self.iso2])


class Embassy(Lifespan):
    """France's embassy in a country, open from its opening date (empty: before the
    records begin) to its closing date; its departments fall within those dates."""

    country = models.OneToOneField(
        Country, on_delete=models.PROTECT, related_name="embassy", verbose_name=_("country")
    )
    city = models.CharField(_("city"), max_length=100)
    city_fr = french_form_field(_("city in French"), max_length=100)
    # Published by every embassy: not need-to-know.
    switchboard = models.CharField(_("embassy switchboard"), max_length=40, blank=True)

    history = attributed_history()
    CONTACT_FIELDS = (ContactField("switchboard", PHONE, ("work", "voice")),)
    SEARCH_FIELDS = (
        "city",
        "city_fr",
        "country__name_en",
        "country__name_fr",
        "country__iso2",
        "country__iso3",
    )
    local_city = LocalText("city")

    class Meta(Lifespan.Meta):
        ordering = ["country__name_en"]
        verbose_name = _("embassy")
        verbose_name_plural = _("embassies")

    def __str__(self):
        return _("Embassy of France in %(city)s") % {"city": self.local_city}

    def get_absolute_url(self):
        return reverse("network:embassy_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.pk is None or not (self.start_date or self.end_date):
            return
        outside = [
            department
            for department in Department.objects.filter(embassy_id=self.pk).select_related("embassy")
            if not self.covers_period(department.start_date, department.end_date)
        ]
        if outside:
            raise ValidationError(
                _("%(departments)s would fall outside the embassy's dates; close or change them first.")
                % {"departments": ", ".join(f"{d} ({d.period_display})" for d in outside)}
            )


class DirectorateUnit(BilingualName, Lifespan):
    """A unit of the central entity in France, as a tree that changes over time.

    `parent` is the unit's place from its latest move on (from its opening when it never
    moved); where it sat before each move is a UnitPlacement. The tree on a day
    (`parents_on`) places each unit by the placement running on that day, else by its
    `parent`, so moving a unit never changes the tree shown for earlier days.
    """

    class Kind(models.TextChoices):
        DIRECTORATE = "directorate", _("Directorate")
        SUB_DIRECTORATE = "sub_directorate", _("Sub-directorate")
        DIVISION = "division", _("Division")
        BUREAU = "bureau", _("Bureau")
        WATCH_CENTRE = "watch_centre", _("Watch centre")
        MISSION = "mission", _("Mission")

    acronym = models.CharField(_("acronym"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )

    history = attributed_history()
    SEARCH_FIELDS = ("acronym", "name_en", "name_fr")

    class Meta(Lifespan.Meta):
        ordering = ["acronym"]
        verbose_name = _("central unit")
        verbose_name_plural = _("central units")

    def __str__(self):
        return f"{self.acronym} — {self.name}"

    def get_absolute_url(self):
        return reverse("network:unit_detail", args=[self.pk])

    def ancestors(self):
        """The units above this one, nearest first (one query per level; trees are shallow)."""
        seen, unit = [], self.parent
        while unit is not None and unit not in seen:
            seen.append(unit)
            unit = unit.parent
        return seen

    def placed_since(self):
        """The day `parent` took effect: the day after the latest placement, None when
        the unit never moved (then it is its place from the opening)."""
        if self.pk is None:
            return None
        last = self.placements.order_by("-until").values_list("until", flat=True).first()
        return last + datetime.timedelta(days=1) if last else None

    def clean(self):
        super().clean()
        if self.parent_id is not None:
            self.check_parent()
        if self.pk is not None and self.end_date is not None:
            self.check_nothing_left_after(self.end_date)

    def check_parent(self):
        if self.parent_id == self.pk:
            raise ValidationError({"parent": _("A unit cannot be its own parent unit.")})
        parent, since = self.parent, self.placed_since() or self.start_date
        if parent.start_date and (since is None or since < parent.start_date):
            raise ValidationError(
                {
                    "parent": _("%(parent)s opens only on %(day)s.")
                    % {"parent": parent.acronym, "day": date_format(parent.start_date)}
                }
            )
        if parent.end_date and (self.end_date is None or self.end_date > parent.end_date):
            raise ValidationError(
                {
                    "parent": _("%(parent)s closes after %(day)s: a unit cannot stay under a closed unit.")
                    % {"parent": parent.acronym, "day": date_format(parent.end_date)}
                }
            )
        if self.pk is not None:
            self.check_no_cycle()

    def check_no_cycle(self):
        """Refuse a parent under which the unit would sit below itself on any day from
        the day its `parent` takes effect (other units' later moves included)."""
        placements = list(
            UnitPlacement.objects.order_by("until").values_list("unit_id", "parent_id", "until")
        )
        latest = dict(DirectorateUnit.objects.values_list("pk", "parent_id"))
        latest[self.pk] = self.parent_id
        since = self.placed_since() or datetime.date.min
        days = {since} | {
            end + datetime.timedelta(days=1) for _unit, _parent, end in placements if end >= since
        }
        for day in sorted(days):
            parents = parents_on(day, latest, placements)
            unit, seen = parents.get(self.pk), set()
            while unit is not None and unit not in seen:
                if unit == self.pk:
                    message = _(
                        "%(unit)s cannot be placed under %(parent)s, which is one of its own sub-units."
                    )
                    values = {"unit": self.acronym, "parent": self.parent.acronym}
                    raise ValidationError({"parent": message % values})
                seen.add(unit)
                unit = parents.get(unit)

    def check_nothing_left_after(self, day):
        """A unit closing after `day` leaves no open sub-unit and supervises no open
        department after it (their place or supervisor changes first)."""
        after = day + datetime.timedelta(days=1)
        latest = dict(DirectorateUnit.objects.filter(end_date__isnull=True).values_list("pk", "parent_id"))
        latest.update(DirectorateUnit.objects.filter(end_date__gt=day).values_list("pk", "parent_id"))
        placements = list(
            UnitPlacement.objects.filter(unit__in=latest, until__gte=after)
            .order_by("until")
            .values_list("unit_id", "parent_id", "until")
        )
        under = {unit for unit, parent in latest.items() if parent == self.pk}
        under |= {unit for unit, parent, _end in placements if parent == self.pk}
        problems = []
        if under:
            names = (
                DirectorateUnit.objects.filter(pk__in=under)
                .order_by("acronym")
                .values_list("acronym", flat=True)
            )
            problems.append(_("sub-units: %(units)s") % {"units": ", ".join(names)})
        supervised = Department.objects.filter(supervising_unit_id=self.pk).overlapping(after, None)
        if supervised.exists():
            names = supervised.select_related("embassy").order_by("embassy__city")
            problems.append(
                _("supervised departments: %(departments)s") % {"departments": ", ".join(map(str, names))}
            )
        if problems:
            raise ValidationError(
                _("%(unit)s still has, after %(day)s, %(what)s. Move them first.")
                % {"unit": self.acronym, "day": date_format(day), "what": "; ".join(map(str, problems))}
            )


def parents_on(day, latest, placements):
    """{unit pk: parent pk} on `day`. `latest`: {unit pk: its `parent` pk}; `placements`:
    (unit pk, parent pk, end date) sorted by end date. The first placement of a unit
    ending on or after `day` is where it sat that day; without one, its `parent`."""
    parents = dict(latest)
    placed = set()
    for unit, parent, end in placements:
        if end >= day and unit not in placed and unit in parents:
            parents[unit] = parent
            placed.add(unit)
    return parents


class UnitPlacement(models.Model):
    """Where a central unit sat before a move: under `parent` (none: at the top of the
    tree) until the day `until`, inclusive, from the end of its previous placement. Written
    by `network.services.unit_move`; the unit's own `parent` is its place after it."""

    unit = models.ForeignKey(
        DirectorateUnit, on_delete=models.PROTECT, related_name="placements", verbose_name=_("central unit")
    )
    parent = models.ForeignKey(
        DirectorateUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("parent unit"),
    )
    until = models.DateField(_("until"), db_index=True)

    history = attributed_history()

    class Meta:
        ordering = ["unit", "until"]
        verbose_name = _("earlier place of a central unit")
        verbose_name_plural = _("earlier places of central units")
        constraints = [models.UniqueConstraint(fields=["unit", "until"], name="unit_placement_one_per_day")]

    def __str__(self):
        return _("%(unit)s under %(parent)s until %(day)s") % {
            "unit": self.unit.acronym,
            "parent": self.parent.acronym if self.parent_id else "—",
            "day": date_format(self.until),
        }

    def clean(self):
        super().clean()
        if not (self.unit_id and self.until):
            return
        unit = self.unit
        moved_on = self.until + datetime.timedelta(days=1)
        if unit.start_date and moved_on <= unit.start_date:
            raise ValidationError(
                {
                    "until": _("%(unit)s opens on %(day)s: a move comes after it.")
                    % {"unit": unit.acronym, "day": date_format(unit.start_date)}
                }
            )
        if unit.end_date and moved_on > unit.end_date:
            raise ValidationError(
                {
                    "until": _("%(unit)s closes after %(day)s.")
                    % {"unit": unit.acronym, "day": date_format(unit.end_date)}
                }
            )
        last = (
            UnitPlacement.objects.filter(unit_id=self.unit_id).exclude(pk=self.pk).order_by("-until").first()
        )
        if last is not None and last.until >= self.until:
            raise ValidationError(
                {
                    "until": _("%(unit)s was last moved on %(day)s: a new move must come after it.")
                    % {"unit": unit.acronym, "day": date_format(last.until + datetime.timedelta(days=1))}
                }
            )


class UnitContacts(models.Model):
    """How to reach a department or a section. The office phone and the functional
    mailbox are the directory's purpose: every reader sees them. A secure line is
    need-to-know: its number, and even its existence, tell an adversary which posts
    hold one; only holders of SECURE_LINE_PERMISSION see it, on every page, export,
    search and in the API (base/access.py)."""

    phone = models.CharField(_("office phone"), max_length=40, blank=True)
    email = models.EmailField(_("functional e-mail"), blank=True)
    secure_line = models.CharField(
        _("secure line"), max_length=40, blank=True, help_text=_("Need-to-know: shown only to those allowed.")
    )

    SENSITIVE_FIELDS = ("secure_line",)
    SENSITIVE_PERMISSION = SECURE_LINE_PERMISSION
    CONTACT_FIELDS = (
        ContactField("phone", PHONE, ("work", "voice")),
        ContactField("email", EMAIL),
        ContactField("secure_line", PHONE, ("work", "voice")),
    )

    class Meta:
        abstract = True


class DepartmentQuerySet(PeriodQuerySet):
    def with_place(self):
        return self.select_related("embassy__country__region", "supervising_unit")


class Department(UnitContacts, Period):
    """Internal Security Department (ISD, French SSI), inside one embassy.

    A department that closes and later reopens is a new record for the new period.
    """

    embassy = models.ForeignKey(
        Embassy, on_delete=models.PROTECT, related_name="departments", verbose_name=_("embassy")
    )
    supervising_unit = models.ForeignKey(
        DirectorateUnit,
        on_delete=models.PROTECT,
        related_name="supervised_departments",
        verbose_name=_("supervising central unit"),
    )
    notes = models.TextField(_("notes"), blank=True)

    history = attributed_history()
    SEARCH_FIELDS = (
        "embassy__city",
        "embassy__city_fr",
        "embassy__country__name_en",
        "embassy__country__name_fr",
        "embassy__country__iso2",
        "embassy__country__iso3",
        "supervising_unit__acronym",
    )
    objects = DepartmentQuerySet.as_manager()

    class Meta(Period.Meta):
        ordering = ["embassy__city", "-start_date"]
        verbose_name = _("internal security department")
        verbose_name_plural = _("internal security departments")
        permissions = [
            ("edit_network", _("Can edit the network")),
            ("view_secure_line", _("Can view the secure lines of departments and sections")),
        ]

    def __str__(self):
        return _("ISD %(city)s") % {"city": self.embassy.local_city}

    def get_absolute_url(self):
        return reverse("network:department_detail", args=[self.pk])

    @property
    def country(self):
        return self.embassy.country

    def clean(self):
        super().clean()
        if self.embassy_id:
            self.check_no_overlap(
                Department.objects.filter(embassy_id=self.embassy_id),
                lambda other: (
                    _("The embassy in %(city)s already has a department %(period)s.")
                    % {"city": other.embassy.local_city, "period": other.period_display}
                ),
            )
            embassy = self.embassy
            if self.start_date and not embassy.covers_period(self.start_date, self.end_date):
                raise ValidationError(
                    _("A department must fall within its embassy's dates (%(period)s).")
                    % {"period": embassy.period_display}
                )
        if self.pk is not None and self.start_date:
            self.check_records_within()

    def check_records_within(self):
        """Its coverages and sections fall within the department's period (a closing
        date hands them over or closes them first: see directory/services.py)."""
        start, end = self.start_date, self.end_date
        outside = [
            record
            for records in (
                self.coverages.select_related("country", "department__embassy"),
                self.sections.all(),
            )
            for record in records
            if not within(start, end, record.start_date, record.end_date)
        ]
        if outside:
            raise ValidationError(
                _("%(records)s would fall outside the department's period; end or hand them over first.")
                % {"records": ", ".join(f"{record} ({record.period_display})" for record in outside[:5])}
            )


class Section(UnitContacts, Period):
    """Internal Security Section (ISS): a smaller unit attached to a department."""

    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="sections", verbose_name=_("department")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="sections", verbose_name=_("country")
    )
    city = models.CharField(_("city"), max_length=100)
    city_fr = french_form_field(_("city in French"), max_length=100)

    history = attributed_history()
    SEARCH_FIELDS = (
        "city",
        "city_fr",
        "country__name_en",
        "country__name_fr",
        "country__iso2",
        "department__embassy__city",
        "department__embassy__city_fr",
    )
    local_city = LocalText("city")

    class Meta(Period.Meta):
        ordering = ["city"]
        verbose_name = _("internal security section")
        verbose_name_plural = _("internal security sections")

    def __str__(self):
        return _("ISS %(city)s") % {"city": self.local_city}

    def get_absolute_url(self):
        return reverse("network:section_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.department_id and self.start_date:
            department = self.department
            if not within(department.start_date, department.end_date, self.start_date, self.end_date):
                raise ValidationError(
                    _("A section must fall within its department's period (%(period)s).")
                    % {"period": department.period_display}
                )


def resident_q(prefix=""):
    """Q for coverages (reached through `prefix`) of the department's own host country."""
    return Q(**{f"{prefix}country_id": models.F(f"{prefix}department__embassy__country_id")})


class CoverageQuerySet(PeriodQuerySet):
    """A coverage is resident when the covered country hosts the department's embassy,
    non-resident ("compétence régionale") otherwise: the one definition of both."""

    def resident(self):
        return self.filter(resident_q())

    def non_resident(self):
        return self.exclude(resident_q())


class Coverage(Period):
    """A department covers a country for a period. Resident when the country hosts
    the department's embassy, non-resident ("compétence régionale") otherwise."""

    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="coverages", verbose_name=_("department")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="coverages", verbose_name=_("country")
    )

    history = attributed_history()
    SEARCH_FIELDS = (
        "country__name_en",
        "country__name_fr",
        "country__iso2",
        "country__iso3",
        "department__embassy__city",
        "department__embassy__city_fr",
    )
    objects = CoverageQuerySet.as_manager()

    class Meta(Period.Meta):
        ordering = ["country__name_en", "-start_date"]
        verbose_name = _("coverage")
        verbose_name_plural = _("coverages")
        permissions = [("export_coverage_report", _("Can export country coverage reports"))]

    def __str__(self):
        return _("%(country)s covered by %(department)s") % {
            "country": self.country,
            "department": self.department,
        }

    @property
    def is_resident(self):
        return self.country_id == self.department.embassy.country_id

    def get_absolute_url(self):
        return self.country.get_absolute_url()

    def clean(self):
        super().clean()
        if self.country_id:
            self.check_no_overlap(
                Coverage.objects.filter(country_id=self.country_id).select_related(
                    "department__embassy", "country"
                ),
                lambda other: (
                    _("%(country)s is already covered by %(department)s %(period)s.")
                    % {
                        "country": other.country,
                        "department": other.department,
                        "period": other.period_display,
                    }
                ),
            )
        if self.department_id and self.start_date:
            dept = self.department
            if self.start_date < dept.start_date or (
                dept.end_date and (self.end_date is None or self.end_date > dept.end_date)
            ):
                raise ValidationError(
                    _("A coverage must fall within the department's own period (%(period)s).")
                    % {"period": dept.period_display}
                )
