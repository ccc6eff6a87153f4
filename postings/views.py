"""Pages of people, positions and postings, on the page's as-of date. Each view is a
declaration on the portal's generic views; reads come from selectors, writes go through
services (the same ones the admin uses)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from base import breadcrumbs
from base import views as generic
from base.access import can_view_sensitive
from base.contacts import contacts_of
from base.periods import add_months

from . import choosers, filtersets, forms, selectors, services, tables
from .models import Person, Position, Posting


class DetailLinksMixin:
    """Edit, delete and history links of a detail page (shown to those allowed)."""

    url_prefix = None

    def get_context_data(self, **kwargs):
        pk = self.object.pk
        kwargs.setdefault("edit_url", reverse(f"postings:{self.url_prefix}_edit", args=[pk]))
        kwargs.setdefault("delete_url", reverse(f"postings:{self.url_prefix}_delete", args=[pk]))
        kwargs.setdefault("history_url", reverse(f"postings:{self.url_prefix}_history", args=[pk]))
        kwargs.setdefault("can_add_posting", self.request.user.has_perm("postings.add_posting"))
        return super().get_context_data(**kwargs)


class ListMixin:
    """The list's "Add" link, and the table's columns that say nothing on this list."""

    add_url_name = None
    table_exclude = ()

    def get_table_kwargs(self):
        kwargs = super().get_table_kwargs()
        kwargs["exclude"] = (*kwargs.get("exclude", ()), *self.table_exclude)
        return kwargs

    def get_context_data(self, **kwargs):
        kwargs.setdefault("add_url", reverse(self.add_url_name))
        return super().get_context_data(**kwargs)


# --- People ---------------------------------------------------------------------------


class PersonListView(ListMixin, generic.ObjectListView):
    model = Person
    filterset_class = filtersets.PersonFilterSet
    table_class = tables.PersonTable
    add_url_name = "postings:person_add"

    def get_queryset(self):
        return selectors.people_on(self.request.as_of)


class PersonDetailView(DetailLinksMixin, generic.ObjectDetailView):
    model = Person
    queryset = Person.objects.select_related("rank")
    template_name = "postings/person_detail.html"
    url_prefix = "person"

    def get_context_data(self, **kwargs):
        day = self.request.as_of
        history = list(selectors.posting_history_of_person(self.object))
        return super().get_context_data(
            postings=history,
            current_posting=next((posting for posting in history if posting.is_active_on(day)), None),
            post_person_url=f"{reverse('postings:posting_add')}?person={self.object.pk}",
            contacts=contacts_of(self.object, self.request.user),
            **kwargs,
        )


class PersonFormMixin:
    model = Person
    form_class = forms.PersonForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "can_view_sensitive": can_view_sensitive(self.request.user, Person),
        }

    def get_context_data(self, **kwargs):
        kwargs.setdefault("cancel_url", reverse("postings:person_list"))
        return super().get_context_data(**kwargs)


class PersonCreateView(PersonFormMixin, generic.ObjectCreateView):
    pass


class PersonEditView(PersonFormMixin, generic.ObjectEditView):
    queryset = Person.objects.select_related("rank")


class PersonDeleteView(generic.ObjectDeleteView):
    model = Person
    queryset = Person.objects.select_related("rank")
    list_url_name = "postings:person_list"


class PersonHistoryView(generic.ObjectHistoryView):
    model = Person
    queryset = Person.objects.select_related("rank")


# --- Positions ------------------------------------------------------------------------

POSITION_RELATED = selectors.POSITION_RELATED


class PositionListView(ListMixin, generic.ObjectListView):
    model = Position
    filterset_class = filtersets.PositionFilterSet
    table_class = tables.PositionTable
    add_url_name = "postings:position_add"

    def get_queryset(self):
        return selectors.positions_on(self.request.as_of)


class VacancyListView(PositionListView):
    filterset_class = filtersets.VacancyFilterSet
    title = _("Vacancies")
    table_exclude = ("holder", "status")  # all vacant, all open

    def get_queryset(self):
        return selectors.vacancies_on(self.request.as_of)

    def get_table_kwargs(self):
        kwargs = super().get_table_kwargs()
        if self.request.user.has_perm("postings.add_posting"):
            kwargs["extra_columns"] = [("post_someone", tables.PostSomeoneColumn())]
        return kwargs

    def get_export_filename(self, export_format):
        return f"vacancies-{self.request.as_of.isoformat()}.{export_format}"


class PositionDetailView(DetailLinksMixin, generic.ObjectDetailView):
    model = Position
    queryset = Position.objects.select_related(*POSITION_RELATED, "section__department__embassy")
    template_name = "postings/position_detail.html"
    url_prefix = "position"

    def get_context_data(self, **kwargs):
        day = self.request.as_of
        holders = list(selectors.holders_of_position(self.object))
        holding = next((posting for posting in holders if posting.is_active_on(day)), None)
        return super().get_context_data(
            holders=holders,
            holding_on_day=holding,
            is_open_on_day=self.object.is_active_on(day),
            is_vacant_on_day=self.object.is_active_on(day) and holding is None,
            country=self.object.country,
            fill_url=f"{reverse('postings:posting_add')}?position={self.object.pk}",
            **kwargs,
        )


class PositionFormMixin:
    model = Position
    form_class = forms.PositionForm

    def get_context_data(self, **kwargs):
        kwargs.setdefault("cancel_url", reverse("postings:position_list"))
        return super().get_context_data(**kwargs)


class PositionCreateView(PositionFormMixin, generic.ObjectCreateView):
    pass


class PositionEditView(PositionFormMixin, generic.ObjectEditView):
    queryset = Position.objects.select_related(*POSITION_RELATED)


class PositionDeleteView(generic.ObjectDeleteView):
    model = Position
    queryset = Position.objects.select_related(*POSITION_RELATED)
    list_url_name = "postings:position_list"


class PositionHistoryView(generic.ObjectHistoryView):
    model = Position
    queryset = Position.objects.select_related(*POSITION_RELATED)


# --- Postings -------------------------------------------------------------------------

POSTING_RELATED = ("person__rank", *selectors.PLACE_RELATED)


class PostingListView(ListMixin, generic.ObjectListView):
    model = Posting
    filterset_class = filtersets.PostingFilterSet
    table_class = tables.PostingTable
    add_url_name = "postings:posting_add"

    def get_queryset(self):
        return selectors.postings_listed()


class RotationPlanView(PostingListView):
    filterset_class = filtersets.RotationPlanFilterSet
    template_name = "postings/rotation_plan.html"
    title = _("Rotation plan")
    table_exclude = ("end_date", "end_reason")  # all still running

    def get_context_data(self, **kwargs):
        months = self.filterset.window_months
        return super().get_context_data(months=months, until=add_months(self.request.as_of, months), **kwargs)

    def get_export_filename(self, export_format):
        return f"rotation-plan-{self.request.as_of.isoformat()}.{export_format}"


class PostingDetailView(DetailLinksMixin, generic.ObjectDetailView):
    model = Posting
    queryset = Posting.objects.select_related(*POSTING_RELATED)
    template_name = "postings/posting_detail.html"
    url_prefix = "posting"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            end_url=reverse("postings:posting_end", args=[self.object.pk]),
            active_on_day=self.object.is_active_on(self.request.as_of),
            country=self.object.position.country,
            **kwargs,
        )


class PostingCreateView(generic.ObjectCreateView):
    """Open a posting, choosing the person and the position by typing; "Post someone
    here" and "Post this person" pre-fill them (`?position=`, `?person=`), the start
    defaults to the as-of date. An implausible posting is shown again with its warnings
    and is saved once the editor confirms them for that person and position."""

    model = Posting
    form_class = forms.PostingOpenForm
    template_name = "postings/posting_open.html"

    def get_initial(self):
        initial = {"start_date": self.request.as_of}
        for name in ("person", "position"):
            value = self.request.GET.get(name, "")
            if value.isdigit() and len(value) < 19:
                initial[name] = int(value)
        return initial

    def get_context_data(self, **kwargs):
        kwargs.setdefault("cancel_url", reverse("postings:posting_list"))
        return super().get_context_data(**kwargs)

    @staticmethod
    def pair(data):
        return f"{data['person'].pk}:{data['position'].pk}"

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.ImplausiblePosting as question:
            form.ask_to_confirm(question.warnings)
            form.confirmed_pair = self.pair(form.cleaned_data)
            return self.form_invalid(form)

    def save_object(self, form):
        data = form.cleaned_data
        confirmed = data["confirm"] and self.request.POST.get("confirmed_pair") == self.pair(data)
        return services.posting_open(
            person=data["person"],
            position=data["position"],
            start_date=data["start_date"],
            expected_end_date=data["expected_end_date"],
            user=self.request.user,
            confirmed=confirmed,
        )


class PostingEditView(generic.ObjectEditView):
    """Change the dates of a posting."""

    model = Posting
    queryset = Posting.objects.select_related(*POSTING_RELATED)
    form_class = forms.PostingDatesForm

    def save_object(self, form):
        return services.posting_update(
            posting=form.instance,
            user=self.request.user,
            **{name: form.cleaned_data[name] for name in form.fields},
        )


class PostingEndView(generic.ObjectEditView):
    """End a posting on a date, for a reason."""

    model = Posting
    queryset = Posting.objects.select_related(*POSTING_RELATED)
    form_class = forms.PostingEndForm
    template_name = "postings/posting_end.html"
    breadcrumb_action = breadcrumbs.END
    success_message = _("“%(object)s” ended.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "default_end_date": self.request.as_of}

    def save_object(self, form):
        data = form.cleaned_data
        return services.posting_end(
            posting=form.instance,
            end_date=data["end_date"],
            end_reason=data["end_reason"],
            user=self.request.user,
            reason=data["note"],
        )


class PostingDeleteView(generic.ObjectDeleteView):
    model = Posting
    queryset = Posting.objects.select_related(*POSTING_RELATED)
    list_url_name = "postings:posting_list"


class PostingHistoryView(generic.ObjectHistoryView):
    model = Posting
    queryset = Posting.objects.select_related(*POSTING_RELATED)


# --- Typeahead choosers (base/choosers.py) ---------------------------------------------


class PersonChoicesView(generic.TypeaheadView):
    chooser = choosers.PEOPLE


class PositionChoicesView(generic.TypeaheadView):
    chooser = choosers.POSITIONS
