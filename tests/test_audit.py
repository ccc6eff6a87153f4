"""The audit trail: every change is in History with who made it and which fields
changed — through the portal's pages, the admin, its actions and commands — and
History is readable by Staff."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.core.management.base import BaseCommand
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalChanges

from base import views as generic
from base.audit import AuditedCommand, attributed_to, current_attribution
from base.services import save_validated
from postings.models import Person, Posting
from tests.html_forms import edit_form
from tests.url_pages import all_pages, page_named, pages_of

PORTAL_APPS = ("network", "postings")
# Non-sensitive fields an editor may change on a person, in order of preference.
PERSON_FIELDS = ("phone", "languages", "specialties")
NEW_VALUE = "+33 1 40 07 60 60"


def historical_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, HistoricalChanges) and model._meta.app_label in PORTAL_APPS
    ]


def latest_record(obj):
    return obj.history.order_by("-history_date", "-history_id").first()


def changed_fields(record):
    previous = record.prev_record
    assert previous is not None, "a change must have a previous record to compare with"
    return {change.field for change in record.diff_against(previous).changes}


def first_page(cls, model):
    pages = pages_of(cls, model=model)
    return pages[0] if pages else None


def history_page_of(model):
    return first_page(generic.ObjectHistoryView, model)


def a_person():
    return Person.objects.order_by("pk").first()


def an_open_posting():
    today = datetime.date.today()
    return Posting.objects.filter(end_date__isnull=True, start_date__lt=today).order_by("pk").first()


def assert_history_page_shows(client, obj, *texts):
    page = history_page_of(type(obj))
    assert page is not None, f"no History page for {type(obj).__name__}"
    response = client.get(page.url(**{page.params[0]: obj.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    for text in texts:
        assert str(text) in html, f"{text!r} not on the History page of {obj}"


# --- edits through the portal's pages and the admin -----------------------------------


@pytest.mark.skipif(first_page(generic.ObjectEditView, Person) is None, reason="no edit page for people yet")
def test_an_edit_in_the_portal_is_in_history_with_the_user_and_the_field(client_as, users):
    person = a_person()
    page = first_page(generic.ObjectEditView, Person)
    client = client_as("editor")
    url = page.url(**{page.params[0]: person.pk})
    form = edit_form(client.get(url))
    field = next(name for name in PERSON_FIELDS if name in form.names)
    response = client.post(url, form.data(**{field: NEW_VALUE}))
    assert response.status_code == 302, response.context["form"].errors if response.context else response

    record = latest_record(person)
    assert record.history_user == users["editor"]
    assert record.history_type == "~"
    assert changed_fields(record) == {field}

    label = str(Person._meta.get_field(field).verbose_name)
    assert_history_page_shows(client_as("staff"), person, "Editor", label[:1].upper() + label[1:], NEW_VALUE)


def test_an_edit_in_the_admin_is_in_history_with_the_user_and_the_field(client_as, users):
    person = a_person()
    client = client_as("administrator")
    url = page_named("admin:postings_person_change").url(object_id=person.pk)
    form = edit_form(client.get(url))
    field = next(name for name in PERSON_FIELDS if name in form.names)
    response = client.post(url, form.data(**{field: NEW_VALUE}))
    assert response.status_code == 302, response.context["adminform"].form.errors

    record = latest_record(person)
    assert record.history_user == users["administrator"]
    assert changed_fields(record) == {field}
    # The admin's own History of the person shows the change and who made it.
    history_url = page_named("admin:postings_person_history").url(object_id=person.pk)
    html = client.get(history_url).content.decode()
    assert "Administrator" in html and NEW_VALUE in html


@pytest.mark.skipif(
    "end_postings" not in getattr(admin.site._registry.get(Posting), "actions", ()),
    reason="the postings admin has no 'end postings' action",
)
def test_an_admin_action_is_in_history_with_the_user(client_as, users):
    posting = an_open_posting()
    client = client_as("administrator")
    response = client.post(
        page_named("admin:postings_posting_changelist").url(),
        {
            "action": "end_postings",
            "_selected_action": [posting.pk],
            "apply": "1",
            "end_date": datetime.date.today().isoformat(),
            "end_reason": Posting.EndReason.COMPLETED,
            "note": "End of the exercise",
        },
    )
    assert response.status_code == 302
    record = latest_record(posting)
    assert record.history_user == users["administrator"]
    assert changed_fields(record) == {"end_date", "end_reason"}
    assert record.history_change_reason == "End of the exercise"


def test_a_deletion_in_the_admin_is_in_history_with_the_user(client_as, users):
    posting = an_open_posting()
    pk = posting.pk
    client = client_as("administrator")
    response = client.post(
        page_named("admin:postings_posting_changelist").url(),
        {"action": "delete_selected", "_selected_action": [pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Posting.objects.filter(pk=pk).exists()
    record = Posting.history.filter(id=pk).order_by("-history_date", "-history_id").first()
    assert record.history_type == "-"
    assert record.history_user == users["administrator"]


# --- changes without a user: commands, scripts -----------------------------------------


def test_no_history_record_is_left_unattributed(db):
    """The demo network (loaded by a command) and everything since: each record has a
    user or says what made the change."""
    for model in historical_models():
        blank = model.objects.filter(history_user__isnull=True).filter(
            history_change_reason__isnull=True
        ) | model.objects.filter(history_user__isnull=True, history_change_reason="")
        assert not blank.exists(), f"{model.__name__}: {blank.count()} records say neither who nor what"


def test_the_demo_command_signs_what_it_writes(db):
    for model in historical_models():
        records = model.objects.filter(history_user__isnull=True)
        if records.exists():
            assert records.filter(history_change_reason__contains="load_demo_network").exists(), model


class RenameCommand(BaseCommand):
    """A command that changes a person without saying who it is."""

    def handle(self, *args, **options):
        person = a_person()
        person.languages = "English, Portuguese"
        person.save()


class SignedRenameCommand(AuditedCommand, RenameCommand):
    pass


def test_a_change_made_by_a_command_is_attributed_to_it(db):
    call_command(RenameCommand())
    record = latest_record(a_person())
    assert record.history_user is None
    assert record.history_change_reason == "command: test_audit"


def test_a_command_may_sign_its_changes_explicitly(db):
    call_command(SignedRenameCommand())
    assert latest_record(a_person()).history_change_reason == "command: test_audit"


def test_a_script_signs_its_changes_with_attributed_to(db):
    person = a_person()
    person.languages = "English, Arabic"
    with attributed_to("import: people-2024.csv"):
        save_validated(person)
    assert latest_record(person).history_change_reason == "import: people-2024.csv"


def test_a_change_outside_any_command_names_the_process(db):
    person = a_person()
    person.languages = "English, Russian"
    save_validated(person)
    reason = latest_record(person).history_change_reason
    assert reason == current_attribution()
    assert reason.startswith(("process: ", "command: ")) and reason.split(": ", 1)[1]


def test_a_stated_reason_is_kept(users):
    person = a_person()
    person.languages = "English, German"
    save_validated(person, reason="Annual review")
    assert latest_record(person).history_change_reason == "Annual review"


# --- History is readable by Staff, in the portal and the admin -------------------------


def test_every_object_page_has_a_history_page():
    detail_models = {page.model for page in pages_of(generic.ObjectDetailView)}
    history_models = {page.model for page in pages_of(generic.ObjectHistoryView)}
    assert detail_models, "no object page found"
    assert detail_models <= history_models, f"without History: {detail_models - history_models}"


@pytest.mark.parametrize("page", pages_of(generic.ObjectHistoryView), ids=str)
def test_staff_read_history_pages(client_as, page):
    obj = page.sample_object()
    response = client_as("staff").get(page.url())
    assert response.status_code == 200
    html = response.content.decode()
    record = latest_record(obj)
    who = record.history_user.get_full_name() if record.history_user else record.history_change_reason
    assert who in html


def test_every_portal_model_has_history_in_the_admin():
    registered = {
        model: model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in PORTAL_APPS
    }
    assert registered
    without = [
        model.__name__
        for model, model_admin in registered.items()
        if not isinstance(model_admin, SimpleHistoryAdmin)
    ]
    assert not without, f"admin without simple_history's History: {without}"
    for model in registered:
        assert hasattr(model, "history"), f"{model.__name__} keeps no history"


# --- every edit page, in the portal and in the admin -------------------------------------

# Free-text fields an edit may change without breaking a rule, in order of preference.
EDITABLE_TEXT_FIELDS = ("notes", "title", "languages", "specialties", "phone", "capital", "city", "name_en")
EDITED_MODELS = {"person", "position", "posting", "coverage"}


def admin_change_pages():
    return [
        page
        for page in all_pages()
        if page.is_admin
        and page.name
        and page.name.endswith("_change")
        and page.model is not None
        and page.model._meta.app_label in PORTAL_APPS
    ]


def edit_pages():
    return pages_of(generic.ObjectEditView) + admin_change_pages()


def change_for(form, obj):
    """A change the model's rules accept: a free-text field, else a dated record's
    expected end moved by a day, else an open record ended today."""
    field = next(
        (name for name in EDITABLE_TEXT_FIELDS if form.kinds.get(name) in {"text", "textarea"}), None
    )
    if field is not None:
        return {field: f"{dict(form.fields).get(field, '')[:80]} (edited)".strip()}
    if form.kinds.get("expected_end_date") == "date" and getattr(obj, "expected_end_date", None):
        return {"expected_end_date": (obj.expected_end_date + datetime.timedelta(days=1)).isoformat()}
    if "end_date" in form.kinds and getattr(obj, "end_date", False) is None:
        change = {"end_date": datetime.date.today().isoformat()}
        if "end_reason" in form.kinds:
            change["end_reason"] = Posting.EndReason.COMPLETED
        return change
    return None


def object_to_edit(model):
    """An open record (it can still be ended or extended), else the first one."""
    today = datetime.date.today()
    queryset = model._default_manager.order_by("pk")
    if hasattr(model, "EDITABLE"):  # the records the portal lets one change (a notice of a draft round)
        queryset = queryset.filter(model.EDITABLE)
    if hasattr(model, "end_date"):
        open_records = queryset.filter(end_date__isnull=True, start_date__lt=today)
        if hasattr(model, "expected_end_date"):
            open_records = open_records.filter(expected_end_date__gt=today)
        return open_records.first() or queryset.first()
    return queryset.first()


@pytest.mark.parametrize("page", edit_pages(), ids=str)
def test_every_edit_page_records_the_user_and_the_changed_fields(client_as, users, page):
    obj = object_to_edit(page.model)
    role = "editor" if not page.is_admin and page.model._meta.model_name in EDITED_MODELS else "administrator"
    client = client_as(role)
    url = page.url(**{page.params[0]: obj.pk})
    form = edit_form(client.get(url))
    change = change_for(form, obj)
    if change is None:
        pytest.skip(f"{page}: no change that the rules surely accept")
    response = client.post(url, form.data(**change))
    assert response.status_code == 302, (
        f"{page}: the edit was refused: "
        f"{response.context.get('form', response.context.get('adminform')) if response.context else ''}"
    )
    record = latest_record(type(obj).objects.get(pk=obj.pk))
    assert record.history_user == users[role]
    assert changed_fields(record) == set(change)
