"""The organisation and its geography: regions, countries, embassies, the central
entity, Internal Security Departments and Sections, and which department covers
which country when."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from base.bilingual import BilingualName
from base.contacts import EMAIL, PHONE, ContactField
from base.periods import Period, PeriodQuerySet

# Managers run the coverage report and its exports (declared on Coverage.Meta).
COVERAGE_REPORT_PERMISSION = "network.export_coverage_report"
# Reveals the units' secure lines (UnitContacts.SENSITIVE_FIELDS; declared on Department.Meta).
SECURE_LINE_PERMISSION = "network.view_secure_line"

upper_letters = RegexValidator(r"^[A-Z]+$", _("Use capital letters A–Z only."))


class Region(BilingualName):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    history = HistoricalRecords()
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
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="countries", verbose_name=_("region")
    )

    history = HistoricalRecords()
    SEARCH_FIELDS = ("name_en", "name_fr", "iso2", "iso3", "capital")

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


class Embassy(models.Model):
    """France's embassy in a country."""

    country = models.OneToOneField(
        Country, on_delete=models.PROTECT, related_name="embassy", verbose_name=_("country")
    )
    city = models.CharField(_("city"), max_length=100)
    # Published by every embassy: not need-to-know.
    switchboard = models.CharField(_("embassy switchboard"), max_length=40, blank=True)

    history = HistoricalRecords()
    CONTACT_FIELDS = (ContactField("switchboard", PHONE, ("work", "voice")),)
    SEARCH_FIELDS = ("city", "country__name_en", "country__name_fr", "country__iso2", "country__iso3")

    class Meta:
        ordering = ["country__name_en"]
        verbose_name = _("embassy")
        verbose_name_plural = _("embassies")

    def __str__(self):
        return _("Embassy of France in %(city)s") % {"city": self.city}

    def get_absolute_url(self):
        return reverse("network:embassy_detail", args=[self.pk])


class DirectorateUnit(BilingualName):
    """A unit of the central entity in France, as a tree."""

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

    history = HistoricalRecords()
    SEARCH_FIELDS = ("acronym", "name_en", "name_fr")

    class Meta:
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

    def clean(self):
        super().clean()
        if self.pk is None or self.parent_id is None:
            return
        if self.parent_id == self.pk:
            raise ValidationError({"parent": _("A unit cannot be its own parent unit.")})
        if self in self.parent.ancestors():
            raise ValidationError(
                {
                    "parent": _(
                        "%(unit)s cannot be placed under %(parent)s, which is one of its own sub-units."
                    )
                    % {"unit": self.acronym, "parent": self.parent.acronym}
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

    history = HistoricalRecords()
    SEARCH_FIELDS = (
        "embassy__city",
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
        permissions = [("view_secure_line", _("Can view the secure lines of departments and sections"))]

    def __str__(self):
        return _("ISD %(city)s") % {"city": self.embassy.city}

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
                    % {"city": other.embassy.city, "period": other.period_display}
                ),
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

    history = HistoricalRecords()
    SEARCH_FIELDS = (
        "city",
        "country__name_en",
        "country__name_fr",
        "country__iso2",
        "department__embassy__city",
    )

    class Meta(Period.Meta):
        ordering = ["city"]
        verbose_name = _("internal security section")
        verbose_name_plural = _("internal security sections")

    def __str__(self):
        return _("ISS %(city)s") % {"city": self.city}

    def get_absolute_url(self):
        return reverse("network:section_detail", args=[self.pk])


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

    history = HistoricalRecords()
    SEARCH_FIELDS = (
        "country__name_en",
        "country__name_fr",
        "country__iso2",
        "country__iso3",
        "department__embassy__city",
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
