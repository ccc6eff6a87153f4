"""Pages of posting rounds. Reads come from selectors, writes go through services; each
page declares the permission it needs (derived from its model, or named), so the role
matrix covers it: every member of staff sees rounds and applies for themselves; Managers
run rounds, see the candidates and decide; Editors see rounds and notices only."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import FormView
from django.views.generic.detail import SingleObjectMixin

from base import views as generic
from base.access import ModelPermissionMixin
from base.exports import record_export
from base.views import apply_validation_error

from . import exports, filtersets, forms, selectors, services, tables
from .models import (
    APPLICATIONS_PERMISSION,
    APPLY_PERMISSION,
    DECIDE_PERMISSION,
    EXPORT_PERMISSION,
    Application,
    Round,
    VacancyNotice,
)


class ObjectFormView(ModelPermissionMixin, SingleObjectMixin, FormView):
    """A form about one record whose submission calls a service (`perform`); a rule the
    service refuses comes back on the form, and nothing is written."""

    template_name = "rounds/object_form.html"
    success_message = None
    title = None
    submit_label = gettext_lazy("Save")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            result = self.perform(form)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message % {"object": result or self.object})
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("title", self.title)
        kwargs.setdefault("submit_label", self.submit_label)
        kwargs.setdefault("cancel_url", self.object.get_absolute_url())
        return super().get_context_data(**kwargs)


# --- rounds ------------------------------------------------------------------------------


class RoundListView(generic.ObjectListView):
    model = Round
    filterset_class = filtersets.RoundFilterSet
    table_class = tables.RoundTable
    template_name = "rounds/round_list.html"
    shared_fragments = False  # the applications column follows who asks

    def sees_candidates(self):
        return self.request.user.has_perm(APPLICATIONS_PERMISSION)

    def get_queryset(self):
        return selectors.rounds_listed(with_applications=self.sees_candidates())

    def get_table_kwargs(self):
        kwargs = super().get_table_kwargs()
        if not self.sees_candidates():
            kwargs["exclude"] = (*kwargs.get("exclude", ()), "applications")
        return kwargs

    def get_context_data(self, **kwargs):
        kwargs.setdefault("add_url", reverse("rounds:round_add"))
        return super().get_context_data(**kwargs)


class RoundDetailView(generic.ObjectDetailView):
    model = Round
    template_name = "rounds/round_detail.html"

    def get_context_data(self, **kwargs):
        user, round = self.request.user, self.object
        sees_candidates = user.has_perm(APPLICATIONS_PERMISSION)
        person = services.person_of(user)
        own = list(selectors.applications_of(person, round)) if person else []
        can_move = user.has_perm("rounds.change_round") and bool(round.next_states())
        return super().get_context_data(
            notices=selectors.with_rank_bands(selectors.notices_of(round, with_candidates=sees_candidates)),
            sees_candidates=sees_candidates,
            can_decide=user.has_perm(DECIDE_PERMISSION),
            can_export=user.has_perm(EXPORT_PERMISSION),
            can_add_notice=user.has_perm("rounds.add_vacancynotice") and round.state == Round.State.DRAFT,
            can_apply=user.has_perm(APPLY_PERMISSION),
            person=person,
            own_applications=own,
            applied_notices={a.notice_id: a for a in own if a.is_active},
            move_form=forms.MoveForm(round=round) if can_move else None,
            state_changes=selectors.state_changes(round),
            edit_url=reverse("rounds:round_edit", args=[round.pk]),
            history_url=reverse("rounds:round_history", args=[round.pk]),
            **kwargs,
        )


class RoundCreateView(generic.ObjectCreateView):
    model = Round
    form_class = forms.RoundForm

    def get_initial(self):
        today = datetime.date.today()
        return {
            "applications_open": today,
            "applications_close": today + datetime.timedelta(days=28),
            "postings_start": today + datetime.timedelta(days=120),
            "postings_end": today + datetime.timedelta(days=300),
        }

    def save_object(self, form):
        return services.round_create(user=self.request.user, **form.cleaned_data)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("cancel_url", reverse("rounds:round_list"))
        return super().get_context_data(**kwargs)


class RoundEditView(generic.ObjectEditView):
    model = Round
    form_class = forms.RoundForm

    def save_object(self, form):
        return services.round_update(
            round=form.instance,
            user=self.request.user,
            **{name: form.cleaned_data[name] for name in form.fields},
        )


class RoundHistoryView(generic.ObjectHistoryView):
    model = Round


class RoundMoveView(ObjectFormView):
    """Move a round along draft → open → closed → decided → archived."""

    model = Round
    permission_action = "change"
    form_class = forms.MoveForm
    title = gettext_lazy("Move the round")
    submit_label = gettext_lazy("Move")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "round": self.object}

    def perform(self, form):
        services.round_move(
            round=self.object,
            to=form.cleaned_data["to"],
            user=self.request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            self.request,
            _("“%(round)s” is now: %(state)s.")
            % {"round": self.object, "state": self.object.get_state_display()},
        )


class ProposalsView(ObjectFormView):
    """The notices the register proposes for a draft round; the manager picks those to publish."""

    model = Round
    permission_required = ("rounds.add_vacancynotice",)
    form_class = forms.ProposalsForm
    template_name = "rounds/proposals.html"

    @cached_property
    def proposals(self):
        return selectors.proposals(self.object) if self.object.state == Round.State.DRAFT else []

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "proposals": self.proposals}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            proposals=self.proposals, is_draft=self.object.state == Round.State.DRAFT, **kwargs
        )

    def perform(self, form):
        created = services.notices_create(round=self.object, proposals=form.chosen(), user=self.request.user)
        count = len(created)
        messages.success(
            self.request,
            ngettext(
                "%(count)s notice added to “%(round)s”.", "%(count)s notices added to “%(round)s”.", count
            )
            % {"count": count, "round": self.object},
        )


class RoundExportView(ModelPermissionMixin, SingleObjectMixin, View):
    """The round's notices, applications and decisions as an XLSX workbook for the
    committee: Managers (and Administrators) only — it names the candidates."""

    model = Round
    permission_required = (EXPORT_PERMISSION, APPLICATIONS_PERMISSION)

    def get(self, request, *args, **kwargs):
        round = self.get_object()
        response = HttpResponse(exports.round_workbook(round), content_type=exports.XLSX_TYPE)
        record_export(
            user=request.user,
            kind=f"posting round: {round}"[:100],
            file_format="xlsx",
            filters={"round": round.pk},
            rows=round.notices.count(),
        )
        response["Content-Disposition"] = f'attachment; filename="{exports.filename(round)}"'
        return response


# --- notices -----------------------------------------------------------------------------


class NoticeMixin:
    """Pages of one notice: with its round, position and place, and its rank band in words."""

    model = VacancyNotice

    def get_queryset(self):
        return selectors.notice_detail()

    def get_object(self, queryset=None):
        return selectors.with_rank_bands([super().get_object(queryset)])[0]


class NoticeDetailView(NoticeMixin, generic.ObjectDetailView):
    template_name = "rounds/notice_detail.html"

    def get_context_data(self, **kwargs):
        user, notice = self.request.user, self.object
        person = services.person_of(user)
        application = (
            Application.objects.filter(notice=notice, person=person).first() if person is not None else None
        )
        sees_candidates = user.has_perm(APPLICATIONS_PERMISSION)
        decision = (
            getattr(notice, "decision", None)
            if sees_candidates or user.has_perm("rounds.view_decision")
            else None
        )
        return super().get_context_data(
            round=notice.round,
            person=person,
            application=application,
            applies=user.has_perm(APPLY_PERMISSION),
            can_apply=user.has_perm(APPLY_PERMISSION) and notice.round.is_open,
            sees_candidates=sees_candidates,
            can_decide=user.has_perm(DECIDE_PERMISSION) and notice.round.state == Round.State.CLOSED,
            decision=decision,
            is_draft=notice.round.state == Round.State.DRAFT,
            edit_url=reverse("rounds:notice_edit", args=[notice.pk]),
            delete_url=reverse("rounds:notice_delete", args=[notice.pk]),
            history_url=reverse("rounds:notice_history", args=[notice.pk]),
            **kwargs,
        )


class NoticeEditView(NoticeMixin, generic.ObjectEditView):
    form_class = forms.NoticeForm

    def save_object(self, form):
        return services.notice_update(
            notice=form.instance,
            user=self.request.user,
            **{name: form.cleaned_data[name] for name in form.fields},
        )


class NoticeDeleteView(NoticeMixin, generic.ObjectDeleteView):
    def get_success_url(self):
        return self.object.round.get_absolute_url()

    def form_valid(self, form):
        label, round = str(self.object), self.object.round
        try:
            services.notice_delete(notice=self.object, user=self.request.user)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(self.request, _("“%(object)s” was deleted.") % {"object": label})
        return HttpResponseRedirect(round.get_absolute_url())


class NoticeHistoryView(NoticeMixin, generic.ObjectHistoryView):
    """Who changed the notice, when and why."""


# --- applying, for oneself ---------------------------------------------------------------


class OwnApplicationMixin(NoticeMixin):
    """Pages where a member of staff acts on their own application to a notice: the
    application is always the user's own (their person), never anyone else's."""

    permission_required = (APPLY_PERMISSION,)

    def get_context_data(self, **kwargs):
        self.person = services.person_of(self.request.user)
        return super().get_context_data(
            person=self.person, notice=self.object, round=self.object.round, **kwargs
        )

    def own_application(self):
        person = services.person_of(self.request.user)
        if person is None:
            return None
        return Application.objects.filter(notice=self.object, person=person).first()


class ApplyView(OwnApplicationMixin, ObjectFormView):
    form_class = forms.ApplicationForm
    template_name = "rounds/apply.html"
    submit_label = gettext_lazy("Send my application")
    success_message = gettext_lazy("Your application was received: %(object)s.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "max_applications": self.object.round.max_applications}

    def get_initial(self):
        application = self.own_application()
        if application is not None and application.is_active:
            return {
                "preference": application.preference,
                "motivation": application.motivation,
                "available_from": application.available_from,
            }
        person = services.person_of(self.request.user)
        taken = (
            Application.objects.filter(
                round=self.object.round, person=person, status=Application.Status.SUBMITTED
            ).count()
            if person
            else 0
        )
        return {
            "preference": min(taken + 1, self.object.round.max_applications),
            "available_from": self.object.available_from,
        }

    def get_context_data(self, **kwargs):
        application = self.own_application()
        return super().get_context_data(
            application=application if application and application.is_active else None, **kwargs
        )

    def perform(self, form):
        return services.application_submit(user=self.request.user, notice=self.object, **form.cleaned_data)


class WithdrawView(OwnApplicationMixin, ObjectFormView):
    form_class = forms.ConfirmForm
    template_name = "rounds/withdraw.html"
    submit_label = gettext_lazy("Withdraw my application")
    success_message = gettext_lazy("Your application was withdrawn: %(object)s.")

    def get_context_data(self, **kwargs):
        application = self.own_application()
        return super().get_context_data(has_application=bool(application and application.is_active), **kwargs)

    def perform(self, form):
        return services.application_withdraw(
            user=self.request.user, notice=self.object, reason=form.cleaned_data["reason"]
        )


class MyApplicationsView(ModelPermissionMixin, FormView):
    """A member of staff's own applications, in every round, and the language of their e-mails."""

    model = Application
    permission_required = (APPLY_PERMISSION,)
    form_class = forms.LanguageForm
    template_name = "rounds/my_applications.html"

    def get_initial(self):
        account = getattr(self.request.user, "portal_account", None)
        return {"language": account.language if account else ""}

    def get_context_data(self, **kwargs):
        person = services.person_of(self.request.user)
        return super().get_context_data(
            person=person,
            applications=selectors.applications_of(person) if person else [],
            **kwargs,
        )

    def form_valid(self, form):
        services.account_set_language(user=self.request.user, language=form.cleaned_data["language"])
        messages.success(self.request, _("Your e-mail language was saved."))
        return HttpResponseRedirect(reverse("rounds:my_applications"))


# --- selection (Managers) ----------------------------------------------------------------


class CandidatesView(NoticeMixin, ObjectFormView):
    """A notice's candidates with what the committee weighs; the shortlist and its ranking."""

    permission_required = (APPLICATIONS_PERMISSION, "rounds.change_application")
    form_class = forms.ShortlistForm
    template_name = "rounds/candidates.html"
    submit_label = gettext_lazy("Save the shortlist")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "applications": selectors.candidates_of(self.object)}

    def get_success_url(self):
        return reverse("rounds:notice_candidates", args=[self.object.pk])

    def get_context_data(self, **kwargs):
        notice = self.object
        return super().get_context_data(
            notice=notice,
            round=notice.round,
            decision=getattr(notice, "decision", None),
            can_decide=self.request.user.has_perm(DECIDE_PERMISSION)
            and notice.round.state == Round.State.CLOSED,
            can_shortlist=notice.round.state in (Round.State.OPEN, Round.State.CLOSED),
            **kwargs,
        )

    def perform(self, form):
        services.applications_shortlist(notice=self.object, choices=form.choices(), user=self.request.user)
        messages.success(self.request, _("The shortlist was saved."))


class DecideView(NoticeMixin, ObjectFormView):
    permission_required = (DECIDE_PERMISSION,)
    form_class = forms.DecideForm
    template_name = "rounds/decide.html"
    submit_label = gettext_lazy("Record the decision")
    success_message = gettext_lazy("Decision recorded: %(object)s.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "notice": self.object}

    def get_initial(self):
        notice = self.object
        round = notice.round
        start = min(max(notice.available_from, round.postings_start), round.postings_end)
        return {"start_date": start}

    def get_context_data(self, **kwargs):
        notice = self.object
        return super().get_context_data(
            notice=notice, round=notice.round, decision=getattr(notice, "decision", None), **kwargs
        )

    def perform(self, form):
        data = form.cleaned_data
        return services.notice_decide(
            notice=self.object,
            application=data["application"],
            start_date=data["start_date"],
            expected_end_date=data["expected_end_date"],
            grounds=data["grounds"],
            user=self.request.user,
        )
