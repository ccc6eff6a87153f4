"""People and where they serve: roles, ranks, people, positions (the establishment
table) and postings (a person in a position for a tour of duty)."""

import datetime
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from base.bilingual import BilingualName, LocalText, french_form_field
from base.contacts import EMAIL, PHONE, ContactField
from base.models import attributed_history
from base.periods import Period, PeriodQuerySet, active_on_q, add_months, within
from network.models import Department, DirectorateUnit, Section

# Reveals Person.SENSITIVE_FIELDS (declared on Person.Meta).
SENSITIVE_PERMISSION = "postings.view_sensitive_personnel"


class Force(models.TextChoices):
    POLICE = "police", _("National Police")
    GENDARMERIE = "gendarmerie", _("National Gendarmerie")
    CIVILIAN = "civilian", _("Civilian")


class RequiredForce(models.TextChoices):
    POLICE = "police", _("National Police")
    GENDARMERIE = "gendarmerie", _("National Gendarmerie")
    EITHER = "either", _("Police or gendarmerie")
    ANY = "any", _("Any (civilians included)")

    @classmethod
    def accepting(cls, force):
        """The requirements a member of `force` meets: the one rule of who may hold what."""
        return [required for required, forces in FORCES_ACCEPTED.items() if force in forces]


FORCES_ACCEPTED = {
    RequiredForce.POLICE: {Force.POLICE},
    RequiredForce.GENDARMERIE: {Force.GENDARMERIE},
    RequiredForce.EITHER: {Force.POLICE, Force.GENDARMERIE},
    RequiredForce.ANY: set(Force),
}


def abroad_q(prefix=""):
    """Q for positions (reached through `prefix`, e.g. "position__") abroad: in a
    department or a section. The others are in a central unit, in France."""
    return Q(**{f"{prefix}department__isnull": False}) | Q(**{f"{prefix}section__isnull": False})


def in_france_q(prefix=""):
    return Q(**{f"{prefix}central_unit__isnull": False})


# Where a position abroad is based: its department's embassy's country, or its section's.
BASED_IN_COUNTRY = ("department__embassy__country", "section__country")


def based_in_q(prefix="", *, region=None, country=None, department=None):
    """Q for positions (reached through `prefix`) based in `region` or `country`, or
    under `department` (its own positions and its sections'). Central positions are
    based in no country."""
    q = Q()
    if region is not None:
        q &= reduce(or_, (Q(**{f"{prefix}{path}__region": region}) for path in BASED_IN_COUNTRY))
    if country is not None:
        q &= reduce(or_, (Q(**{f"{prefix}{path}": country}) for path in BASED_IN_COUNTRY))
    if department is not None:
        q &= Q(**{f"{prefix}department": department}) | Q(**{f"{prefix}section__department": department})
    return q


class Rank(BilingualName):
    """A rank (grade) of one force; `seniority` orders ranks across both forces."""

    force = models.CharField(_("force"), max_length=20, choices=Force.choices)
    abbreviation = models.CharField(_("abbreviation"), max_length=20)
    seniority = models.PositiveSmallIntegerField(
        _("seniority"), help_text=_("Higher is more senior; comparable across forces.")
    )

    history = attributed_history()
    SEARCH_FIELDS = ("name_en", "name_fr", "abbreviation")

    class Meta:
        ordering = ["-seniority", "force"]
        verbose_name = _("rank")
        verbose_name_plural = _("ranks")
        constraints = [
            models.UniqueConstraint(fields=["force", "name_en"], name="rank_unique_name_per_force")
        ]

    def __str__(self):
        # "Captain" exists in both forces: say which.
        return f"{self.name} ({self.get_force_display()})"


class Role(BilingualName):
    """What a position does: ISA, deputy, liaison officer… Data, not code."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=20, blank=True)
    heads_department = models.BooleanField(_("heads a department"), default=False)
    abroad = models.BooleanField(_("served abroad"), default=True)
    tour_months = models.PositiveSmallIntegerField(
        _("tour of duty (months)"), default=36, help_text=_("Usual length of a posting.")
    )
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    minimum_rank_seniority = models.PositiveSmallIntegerField(
        _("usual minimum rank seniority"),
        null=True,
        blank=True,
        help_text=_(
            "Opening a posting of someone of a lower rank (see the ranks' seniority), or without "
            "a rank, asks the editor to confirm. Leave empty for roles open to any rank."
        ),
    )

    history = attributed_history()
    SEARCH_FIELDS = ("name_en", "name_fr", "code", "abbreviation")

    class Meta:
        ordering = ["order", "name_en"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def tour_end(self, start_date):
        """The last day of a normal tour of duty in this role starting on `start_date`."""
        return add_months(start_date, self.tour_months) - datetime.timedelta(days=1)


class Person(models.Model):
    """A police officer, gendarme or civilian of the network.

    Names of officers posted abroad and service numbers are sensitive.
    """

    service_number = models.CharField(
        _("service number"), max_length=20, unique=True, help_text=_("Sensitive.")
    )
    last_name = models.CharField(_("last name"), max_length=100, db_index=True)
    first_name = models.CharField(_("first name"), max_length=100)
    force = models.CharField(_("force"), max_length=20, choices=Force.choices, db_index=True)
    rank = models.ForeignKey(
        Rank,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("rank"),
    )
    email = models.EmailField(_("professional e-mail"), blank=True)
    phone = models.CharField(_("professional phone"), max_length=40, blank=True)
    mobile = models.CharField(_("professional mobile"), max_length=40, blank=True, help_text=_("Sensitive."))
    personal_email = models.EmailField(_("personal e-mail"), blank=True)
    personal_phone = models.CharField(_("personal phone"), max_length=40, blank=True)
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("Comma-separated, e.g. English, Spanish.")
    )
    languages_fr = french_form_field(_("languages in French"), max_length=200)
    specialties = models.CharField(
        _("specialties"), max_length=200, blank=True, help_text=_("Comma-separated.")
    )
    specialties_fr = french_form_field(_("specialties in French"), max_length=200)

    history = attributed_history()

    # Need-to-know: shown, searched, exported and diffed only with SENSITIVE_PERMISSION.
    # The professional mobile too: it reaches the officer anywhere, at any hour, including
    # where their posting is protected; colleagues reach them through the professional
    # phone and e-mail, and the embassy switchboard (network.models.Embassy).
    SENSITIVE_FIELDS = ("service_number", "mobile", "personal_email", "personal_phone")
    SENSITIVE_PERMISSION = SENSITIVE_PERMISSION
    # Work contacts, for pages, briefs and contact cards (base/contacts.py); personal ones
    # stay on the person's page for those allowed, never in a brief or an address book.
    CONTACT_FIELDS = (
        ContactField("email", EMAIL),
        ContactField("phone", PHONE, ("work", "voice")),
        ContactField("mobile", PHONE, ("work", "cell")),
    )
    SEARCH_FIELDS = ("last_name", "first_name", "email", "service_number", "personal_email")
    local_languages = LocalText("languages")
    local_specialties = LocalText("specialties")

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        # The people list's default sort (ties by pk), read in order to the page asked for.
        indexes = [models.Index(fields=["last_name", "first_name", "id"], name="person_by_name")]
        permissions = [
            ("view_sensitive_personnel", _("Can view sensitive personnel data")),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("postings:person_detail", args=[self.pk])

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name.upper()}"

    @property
    def display_name(self):
        if self.rank_id:
            return f"{self.rank.abbreviation} {self.full_name}"
        return self.full_name

    def clean(self):
        super().clean()
        if self.rank_id and self.force and self.rank.force != self.force:
            raise ValidationError(
                {
                    "rank": _("%(rank)s is a rank of the %(rank_force)s, not of the %(force)s.")
                    % {
                        "rank": self.rank.name,
                        "rank_force": self.rank.get_force_display(),
                        "force": self.get_force_display(),
                    }
                }
            )


def implausibilities(person, position):
    """What is unusual — not forbidden — about posting `person` to `position`: a rank
    below the role's usual minimum (Role.minimum_rank_seniority), or no rank at all for
    a role that expects one. The editor confirms; the hard rules are Posting.clean's."""
    role = position.role
    minimum = role.minimum_rank_seniority
    if minimum is None or (person.rank_id and person.rank.seniority >= minimum):
        return []
    forces = [person.force] if person.force in (Force.POLICE, Force.GENDARMERIE) else []
    forces = forces or [Force.POLICE, Force.GENDARMERIE]
    lowest = {}
    for rank in Rank.objects.filter(force__in=forces, seniority__gte=minimum).order_by("seniority"):
        lowest.setdefault(rank.force, rank)
    values = {
        "role": role.name,
        "person": person,
        "usual": _(" or ").join(str(lowest[force].name) for force in forces if force in lowest),
    }
    if person.rank_id:
        values["rank"] = person.rank.name
        message = _("The role “%(role)s” is usually held from the rank of %(usual)s; %(person)s is %(rank)s.")
    else:
        message = _("The role “%(role)s” is usually held from the rank of %(usual)s; %(person)s has no rank.")
    return [message % values]


class PositionQuerySet(PeriodQuerySet):
    def vacant_on(self, day):
        """Positions open on `day` that nobody holds on `day`: the vacancies."""
        return self.filter(vacant_q(day))

    def abroad(self):
        return self.filter(abroad_q())


def vacant_q(day):
    """Q for positions open on `day` that nobody holds on `day`: the one definition of a vacancy."""
    held = Posting.objects.filter(active_on_q(day), position=models.OuterRef("pk"))
    return active_on_q(day) & ~models.Exists(held)


class Position(Period):
    """A post in the establishment table of exactly one unit: a central unit, a
    department or a section. A position with no current posting is a vacancy."""

    class Theme(models.TextChoices):
        GENERAL = "general", _("General")
        IMMIGRATION = "immigration", _("Illegal immigration")
        ORGANISED_CRIME = "organised_crime", _("Organised crime")
        DRUGS = "drugs", _("Drug trafficking")
        TERRORISM = "terrorism", _("Counter-terrorism")
        CYBERCRIME = "cybercrime", _("Cybercrime")
        CIVIL_SECURITY = "civil_security", _("Civil security")
        ROAD_SAFETY = "road_safety", _("Road safety")
        TRAINING = "training", _("Training")
        ADMINISTRATION = "administration", _("Administration")

    class CooperationKind(models.TextChoices):
        OPERATIONAL = "operational", _("Operational")
        TECHNICAL = "technical", _("Technical")
        INSTITUTIONAL = "institutional", _("Institutional")

    class ServingBody(models.TextChoices):
        DCI = "dci", _("DCI")
        GENERAL_SECRETARIAT = "sg", _("General Secretariat")
        DGSCGC = "dgscgc", _("Civil security (DGSCGC)")
        DGEF = "dgef", _("Foreigners in France (DGEF)")
        DGCL = "dgcl", _("Local authorities (DGCL)")
        DSR = "dsr", _("Road safety (DSR)")

    central_unit = models.ForeignKey(
        DirectorateUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("central unit"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("department"),
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("section"),
    )
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="positions", verbose_name=_("role"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    title_fr = french_form_field(_("title in French"), max_length=200)
    required_force = models.CharField(
        _("required force"), max_length=20, choices=RequiredForce.choices, default=RequiredForce.EITHER
    )
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices, default=Theme.GENERAL)
    cooperation_kind = models.CharField(
        _("kind of cooperation"),
        max_length=20,
        choices=CooperationKind.choices,
        default=CooperationKind.OPERATIONAL,
    )
    serving_body = models.CharField(
        _("on behalf of"), max_length=20, choices=ServingBody.choices, default=ServingBody.DCI
    )

    history = attributed_history()
    SEARCH_FIELDS = (
        "title",
        "title_fr",
        "role__name_en",
        "role__name_fr",
        "role__abbreviation",
        "department__embassy__city",
        "department__embassy__city_fr",
        "department__embassy__country__name_en",
        "department__embassy__country__name_fr",
        "section__city",
        "section__city_fr",
        "central_unit__acronym",
        "central_unit__name_en",
        "central_unit__name_fr",
    )
    objects = PositionQuerySet.as_manager()
    local_title = LocalText("title")

    class Meta(Period.Meta):
        ordering = ["role__order", "title"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            *Period.Meta.constraints,
            models.CheckConstraint(
                condition=(
                    Q(central_unit__isnull=False, department__isnull=True, section__isnull=True)
                    | Q(central_unit__isnull=True, department__isnull=False, section__isnull=True)
                    | Q(central_unit__isnull=True, department__isnull=True, section__isnull=False)
                ),
                name="position_in_exactly_one_unit",
                violation_error_message=_(
                    "A position belongs to exactly one unit: a central unit, a department or a section."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.label} — {self.unit}"

    @property
    def label(self):
        """Its title in the active language, else its role's name."""
        return self.local_title or self.role.name

    @property
    def unit(self):
        return self.department or self.section or self.central_unit

    @property
    def country(self):
        """Where the position is based (see BASED_IN_COUNTRY); None in the central entity."""
        if self.department_id:
            return self.department.embassy.country
        if self.section_id:
            return self.section.country
        return None

    def get_absolute_url(self):
        return reverse("postings:position_detail", args=[self.pk])

    def accepts_force(self, force):
        return force in FORCES_ACCEPTED[self.required_force]

    # "Exactly one unit" is the check constraint above: full_clean reports it, once.

    def clean(self):
        super().clean()
        unit = self.unit
        if (
            unit is not None
            and self.start_date
            and not within(unit.start_date, unit.end_date, self.start_date, self.end_date)
        ):
            raise ValidationError(
                _("A position must fall within the period of its unit, %(unit)s (%(period)s).")
                % {"unit": unit, "period": unit.period_display}
            )
        if self.pk is not None and self.start_date:
            outside = [
                posting
                for posting in self.postings.select_related("person__rank")
                if not within(self.start_date, self.end_date, posting.start_date, posting.end_date)
            ]
            if outside:
                raise ValidationError(
                    _("Postings would fall outside the position's period; end or move them: %(postings)s.")
                    % {"postings": ", ".join(f"{p.person} ({p.period_display})" for p in outside[:5])}
                )


class PostingQuerySet(PeriodQuerySet):
    def abroad(self):
        return self.filter(abroad_q("position__"))

    def in_france(self):
        return self.filter(in_france_q("position__"))

    def ending_within(self, day, months):
        """Running on `day`, tour expected to end within `months` months of it (inclusive):
        the rotation window, the one definition for the rotation plan, the report and the
        outlook."""
        return self.ending_between(day, day, add_months(day, months))

    def ending_between(self, day, first, last):
        """Running on `day`, tour expected to end between `first` and `last` (inclusive):
        the rotation window between two dates (a posting round's window)."""
        return self.active_on(day).filter(expected_end_date__gte=first, expected_end_date__lte=last)

    def planned(self, day):
        """Postings that start after `day`: decided, not begun (a successor already posted)."""
        return self.filter(start_date__gt=day)

    def with_people_and_places(self):
        return self.select_related(
            "person__rank",
            "position__role",
            "position__department__embassy__country",
            "position__section__country",
            "position__central_unit",
        )


class Posting(Period):
    """A person in a position, from `start_date` to `end_date` (the actual end)."""

    class EndReason(models.TextChoices):
        COMPLETED = "completed", _("Tour completed")
        CURTAILED = "curtailed", _("Curtailed")
        TRANSFERRED = "transferred", _("Transferred to another post")
        RETIRED = "retired", _("Retired")
        POSITION_CLOSED = "position_closed", _("Position closed")
        OTHER = "other", _("Other")

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="postings", verbose_name=_("person")
    )
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="postings", verbose_name=_("position")
    )
    expected_end_date = models.DateField(_("expected end of tour"), null=True, blank=True, db_index=True)
    end_reason = models.CharField(_("end reason"), max_length=20, choices=EndReason.choices, blank=True)

    history = attributed_history()
    # A posting is found by its person or its position; the person's need-to-know fields stay hidden.
    SEARCH_FIELDS = (
        *(f"person__{name}" for name in Person.SEARCH_FIELDS),
        *(f"position__{name}" for name in Position.SEARCH_FIELDS),
    )
    SENSITIVE_FIELDS = tuple(f"person__{name}" for name in Person.SENSITIVE_FIELDS)
    SENSITIVE_PERMISSION = SENSITIVE_PERMISSION
    objects = PostingQuerySet.as_manager()

    class Meta(Period.Meta):
        ordering = ["-start_date"]
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        # "Active on a day" for one position or one person (figures per unit, the posting
        # of the day of a list's rows): one index range, read without the table.
        indexes = [
            models.Index(fields=["position", "start_date", "end_date"], name="posting_position_period"),
            models.Index(fields=["person", "start_date", "end_date"], name="posting_person_period"),
            models.Index(fields=["-start_date", "id"], name="posting_newest_first"),
        ]
        constraints = [
            *Period.Meta.constraints,
            models.CheckConstraint(
                condition=Q(expected_end_date__isnull=True)
                | Q(expected_end_date__gte=models.F("start_date")),
                name="posting_expected_end_after_start",
                violation_error_message=_("The expected end of tour cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | ~Q(end_reason=""),
                name="posting_ended_has_reason",
                violation_error_message=_("An ended posting needs an end reason."),
            ),
        ]

    def __str__(self):
        return _("%(person)s in %(position)s") % {"person": self.person, "position": self.position}

    def get_absolute_url(self):
        return reverse("postings:posting_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.expected_end_date is None and self.start_date and self.position_id:
            # Every posting has an expected end (the rotation plan reads it): a normal tour.
            self.expected_end_date = self.position.role.tour_end(self.start_date)
        errors = {}
        if self.expected_end_date and self.start_date and self.expected_end_date < self.start_date:
            errors["expected_end_date"] = _("The expected end of tour cannot be before the start date.")
        if self.end_date and not self.end_reason:
            errors["end_reason"] = _("Say why the posting ended.")
        if errors:
            raise ValidationError(errors)
        if self.person_id and self.position_id and not self.position.accepts_force(self.person.force):
            raise ValidationError(
                {
                    "person": _("%(position)s requires %(required)s; %(person)s is %(force)s.")
                    % {
                        "position": self.position,
                        "required": self.position.get_required_force_display(),
                        "person": self.person,
                        "force": self.person.get_force_display(),
                    }
                }
            )
        if self.position_id and self.start_date:
            position = self.position
            if self.start_date < position.start_date or (
                position.end_date and (self.end_date is None or self.end_date > position.end_date)
            ):
                raise ValidationError(
                    _("A posting must fall within the position's own period (%(period)s).")
                    % {"period": position.period_display}
                )
        # One person, one posting on a date; one position, one holder on a date.
        self.check_no_overlap(
            Posting.objects.with_people_and_places().filter(
                Q(person_id=self.person_id) | Q(position_id=self.position_id)
            ),
            self.overlap_message,
        )

    def overlap_message(self, other):
        values = {"person": other.person, "position": other.position, "period": other.period_display}
        if other.person_id == self.person_id:
            return _("%(person)s already holds %(position)s %(period)s.") % values
        return _("%(position)s is already held by %(person)s %(period)s.") % values
