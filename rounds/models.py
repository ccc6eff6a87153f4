"""The posting round: a vacancy notice for each position the round offers, the
applications of staff to those notices, and the committee's decisions, each of which
becomes a planned posting of the register.

A round moves draft → open → closed → decided → archived (TRANSITIONS; a closed round
may be reopened). Who moved it, when and why is in its history; the moves are services
(rounds/services.py).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from base.bilingual import LocalText, french_form_field, localized_field
from base.models import attributed_history
from postings.models import FORCES_ACCEPTED, Person, Position, Posting, RequiredForce

# Who may see the candidates and the committee's work (Managers; need-to-know for Staff).
APPLICATIONS_PERMISSION = "rounds.view_application"
DECIDE_PERMISSION = "rounds.add_decision"
EXPORT_PERMISSION = "rounds.export_round"
APPLY_PERMISSION = "rounds.apply_to_round"


class Round(models.Model):
    """A posting round, e.g. "Summer 2027 round": the window in which staff apply and
    the window in which the postings it fills start."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for applications")
        CLOSED = "closed", _("Closed, in selection")
        DECIDED = "decided", _("Decided")
        ARCHIVED = "archived", _("Archived")

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_fr = french_form_field(_("name in French"), max_length=200)
    applications_open = models.DateField(_("applications open on"))
    applications_close = models.DateField(_("applications close on"))
    postings_start = models.DateField(
        _("postings start from"), help_text=_("First day of the window in which the postings start.")
    )
    postings_end = models.DateField(
        _("postings start by"), help_text=_("Last day of the window in which the postings start.")
    )
    max_applications = models.PositiveSmallIntegerField(
        _("applications per candidate"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("How many notices of the round one person may apply to."),
    )
    min_months_in_post = models.PositiveSmallIntegerField(
        _("minimum time in current post (months)"),
        default=24,
        validators=[MaxValueValidator(120)],
        help_text=_("A candidate must have served this long in their current post when the new one starts."),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)

    history = attributed_history()
    SEARCH_FIELDS = ("name", "name_fr")
    local_name = LocalText("name")

    class Meta:
        ordering = ["-postings_start", "name"]
        verbose_name = _("posting round")
        verbose_name_plural = _("posting rounds")
        permissions = [("export_round", _("Can export a posting round for the committee"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(applications_close__gte=F("applications_open")),
                name="round_applications_close_after_open",
                violation_error_message=_("Applications cannot close before they open."),
            ),
            models.CheckConstraint(
                condition=Q(postings_end__gte=F("postings_start")),
                name="round_postings_window_in_order",
                violation_error_message=_("The postings window cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(postings_start__gt=F("applications_close")),
                name="round_postings_after_applications",
                violation_error_message=_("The postings must start after applications close."),
            ),
        ]

    def __str__(self):
        return self.local_name

    def get_absolute_url(self):
        return reverse("rounds:round_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.state == self.State.OPEN

    @property
    def applications_window(self):
        return _("from %(start)s to %(end)s") % {
            "start": date_format(self.applications_open),
            "end": date_format(self.applications_close),
        }

    @property
    def postings_window(self):
        return _("from %(start)s to %(end)s") % {
            "start": date_format(self.postings_start),
            "end": date_format(self.postings_end),
        }

    def next_states(self):
        return TRANSITIONS[self.state]


State = Round.State
# The moves a round can make, from each state (services.round_move refuses the others).
TRANSITIONS = {
    State.DRAFT: (State.OPEN,),
    State.OPEN: (State.CLOSED,),
    State.CLOSED: (State.OPEN, State.DECIDED),
    State.DECIDED: (State.ARCHIVED,),
    State.ARCHIVED: (),
}
# Who sees the round's state change as what: the button a manager presses.
MOVE_LABELS = {
    (State.DRAFT, State.OPEN): _("Open the round to applications"),
    (State.OPEN, State.CLOSED): _("Close applications"),
    (State.CLOSED, State.OPEN): _("Reopen applications"),
    (State.CLOSED, State.DECIDED): _("Mark the round as decided"),
    (State.DECIDED, State.ARCHIVED): _("Archive the round"),
}


class VacancyNotice(models.Model):
    """A position a round offers, with what it asks of candidates."""

    class Reason(models.TextChoices):
        TOUR_ENDING = "tour_ending", _("Holder's tour ends")
        VACANT = "vacant", _("Vacant")
        NEW_POSITION = "new_position", _("New position")

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="notices", verbose_name=_("round")
    )
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="vacancy_notices", verbose_name=_("position")
    )
    reason = models.CharField(_("why it is offered"), max_length=20, choices=Reason.choices)
    outgoing_posting = models.ForeignKey(
        Posting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("outgoing holder's posting"),
    )
    available_from = models.DateField(_("available from"), help_text=_("When the new holder can start."))
    required_force = models.CharField(
        _("required force"), max_length=20, choices=RequiredForce.choices, default=RequiredForce.EITHER
    )
    min_seniority = models.PositiveSmallIntegerField(
        _("lowest rank"), null=True, blank=True, help_text=_("Candidates of a lower rank cannot apply.")
    )
    max_seniority = models.PositiveSmallIntegerField(
        _("highest rank"), null=True, blank=True, help_text=_("Candidates of a higher rank cannot apply.")
    )
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("Comma-separated, e.g. English, Spanish.")
    )
    languages_fr = french_form_field(_("languages in French"), max_length=200)
    description_en = models.TextField(_("description (English)"), max_length=4000, blank=True)
    description_fr = models.TextField(_("description (French)"), max_length=4000, blank=True)

    history = attributed_history()
    # The notices the portal lets managers change: those of a round in preparation.
    EDITABLE = Q(round__state="draft")

    class Meta:
        ordering = ["available_from", "pk"]
        verbose_name = _("vacancy notice")
        verbose_name_plural = _("vacancy notices")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "position"],
                name="notice_one_per_position_per_round",
                violation_error_message=_("This round already offers that position."),
            ),
            models.CheckConstraint(
                condition=Q(min_seniority__isnull=True)
                | Q(max_seniority__isnull=True)
                | Q(max_seniority__gte=F("min_seniority")),
                name="notice_rank_band_in_order",
                violation_error_message=_("The highest rank cannot be below the lowest rank."),
            ),
        ]

    def __str__(self):
        return str(self.position)

    def get_absolute_url(self):
        return reverse("rounds:notice_detail", args=[self.pk])

    local_languages = LocalText("languages")

    @property
    def description(self):
        return getattr(self, localized_field("description")) or self.description_en or self.description_fr

    def accepts_force(self, force):
        return force in FORCES_ACCEPTED[self.required_force]

    def clean(self):
        super().clean()
        if self.position_id and self.required_force:
            position = self.position
            if not FORCES_ACCEPTED[self.required_force] <= FORCES_ACCEPTED[position.required_force]:
                raise ValidationError(
                    {
                        "required_force": _(
                            "%(position)s requires %(required)s: the notice cannot accept more than that."
                        )
                        % {"position": position, "required": position.get_required_force_display()}
                    }
                )
            if self.available_from and position.end_date and position.end_date < self.available_from:
                raise ValidationError(
                    {
                        "available_from": _("%(position)s closes on %(end)s, before it would be available.")
                        % {"position": position, "end": date_format(position.end_date)}
                    }
                )


class Application(models.Model):
    """A member of staff's application to a notice: their ranking of it among their
    choices in the round, a short motivation and when they can start."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="applications", verbose_name=_("round")
    )
    notice = models.ForeignKey(
        VacancyNotice, on_delete=models.CASCADE, related_name="applications", verbose_name=_("notice")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="round_applications", verbose_name=_("candidate")
    )
    preference = models.PositiveSmallIntegerField(
        _("candidate's ranking"), validators=[MinValueValidator(1)], help_text=_("1 is the first choice.")
    )
    motivation = models.TextField(_("motivation"), max_length=2000)
    available_from = models.DateField(_("available from"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    shortlisted = models.BooleanField(_("shortlisted"), default=False)
    committee_rank = models.PositiveSmallIntegerField(
        _("committee's ranking"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    history = attributed_history()

    class Meta:
        ordering = ["round", "person", "preference"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        permissions = [("apply_to_round", _("Can apply to vacancy notices, for oneself"))]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "person"],
                name="application_one_per_notice_per_person",
                violation_error_message=_("This person has already applied to this notice."),
            ),
        ]

    def __str__(self):
        return _("%(person)s for %(notice)s") % {"person": self.person, "notice": self.notice}

    @property
    def is_active(self):
        return self.status == self.Status.SUBMITTED

    def clean(self):
        super().clean()
        if self.notice_id and self.round_id and self.notice.round_id != self.round_id:
            raise ValidationError(_("An application belongs to the round of its notice."))


class Decision(models.Model):
    """The committee's choice for a notice: one candidate, posted to the position by a
    planned posting of the register (created by services.notice_decide)."""

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("round")
    )
    # One decision per notice, one selection per person per round: database rules, so two
    # managers deciding at the same moment cannot both succeed.
    notice = models.OneToOneField(
        VacancyNotice, on_delete=models.PROTECT, related_name="decision", verbose_name=_("notice")
    )
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="decision", verbose_name=_("application")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="round_decisions", verbose_name=_("selected candidate")
    )
    posting = models.OneToOneField(
        Posting, on_delete=models.PROTECT, related_name="round_decision", verbose_name=_("planned posting")
    )
    grounds = models.TextField(_("grounds"), max_length=2000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    history = attributed_history()

    class Meta:
        ordering = ["round", "notice"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"],
                name="decision_one_selection_per_person_per_round",
                violation_error_message=_(
                    "This candidate is already selected for another notice of the round."
                ),
            ),
        ]

    def __str__(self):
        return _("%(person)s selected for %(notice)s") % {"person": self.person, "notice": self.notice}

    def clean(self):
        super().clean()
        application = self.application if self.application_id else None
        if application and (
            application.notice_id != self.notice_id
            or application.person_id != self.person_id
            or application.round_id != self.round_id
        ):
            raise ValidationError(_("A decision selects an application to its own notice."))


class Account(models.Model):
    """A login's link to the person of the register it belongs to (whose applications it
    makes), and the language of the e-mails it receives."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="portal_account",
        verbose_name=_("user"),
    )
    person = models.OneToOneField(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account",
        verbose_name=_("person"),
    )
    language = models.CharField(
        _("language of e-mails"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Blank: the portal's default language."),
    )

    history = attributed_history()

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self):
        return self.user.get_username()

    @property
    def mail_language(self):
        return self.language or settings.LANGUAGE_CODE


class OutgoingMail(models.Model):
    """An e-mail the portal has to send: written, in its recipient's language, in the
    transaction of the change it reports; sent after that transaction commits; a failed
    sending is retried by `manage.py send_pending_mail`."""

    class Event(models.TextChoices):
        ROUND_OPENED = "round_opened", _("Round opened")
        APPLICATION_RECEIVED = "application_received", _("Application received")
        APPLICATION_WITHDRAWN = "application_withdrawn", _("Application withdrawn")
        DECISION = "decision", _("Decision")

    event = models.CharField(_("event"), max_length=30, choices=Event.choices)
    round = models.ForeignKey(
        Round, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("round")
    )
    to = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    history = attributed_history()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")

    def __str__(self):
        return f"{self.to}: {self.subject}"
