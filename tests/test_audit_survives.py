"""Who made a change survives the deletion of their account (issue 12, defect 3), and
the admin deactivates accounts rather than deleting them."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.test import RequestFactory

from base.history import who_made
from postings.models import Person
from tests.html_forms import edit_form
from tests.url_pages import page_named

pytestmark = pytest.mark.django_db
NEW_PHONE = "+33 1 40 07 61 61"


def edit_person_as(client, person):
    url = page_named("postings:person_edit").url(pk=person.pk)
    form = edit_form(client.get(url))
    response = client.post(url, form.data(phone=NEW_PHONE))
    assert response.status_code == 302


def test_a_change_keeps_its_authors_name_when_the_account_is_deleted(client_as, users):
    editor = users["editor"]
    editor.first_name, editor.last_name = "Aline", "Martin"
    editor.save()
    person = Person.objects.order_by("pk").first()
    edit_person_as(client_as("editor"), person)
    record = person.history.order_by("-history_date", "-history_id").first()
    assert record.history_user_name == "Aline Martin"

    editor.delete()
    record.refresh_from_db()
    assert record.history_user_id is None
    assert record.history_user_name == "Aline Martin"

    # The portal's history page and recent changes name her, not "system".
    client = client_as("staff")
    history = client.get(page_named("postings:person_history").url(pk=person.pk)).content.decode()
    assert "Aline Martin (account deleted)" in history
    changes = client.get(page_named("recent_changes").url()).content.decode()
    assert "Aline Martin (account deleted)" in changes
    # So does the admin's history of the record.
    admin = client_as("administrator")
    admin_history = admin.get(page_named("admin:postings_person_history").url(object_id=person.pk))
    assert "Aline Martin (account deleted)" in admin_history.content.decode()


def test_a_deleted_account_never_reads_as_system(client_as, users):
    person = Person.objects.order_by("pk").last()
    edit_person_as(client_as("editor"), person)
    users["editor"].delete()
    record = person.history.order_by("-history_date", "-history_id").first()
    assert who_made(record) != "system"
    assert "account deleted" in who_made(record)


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root-admin", password="x" * 16)


def test_the_admin_deactivates_accounts(client, superuser, users):
    client.force_login(superuser)
    staff = users["staff"]
    response = client.post(
        page_named("admin:auth_user_changelist").url(),
        {"action": "deactivate", "_selected_action": [staff.pk, superuser.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 account deactivated" in response.content.decode()
    staff.refresh_from_db()
    superuser.refresh_from_db()
    assert staff.is_active is False
    assert superuser.is_active is True, "one's own account is not deactivated"


def test_only_a_superuser_may_delete_an_account(client, users, superuser):
    user_admin = admin.site._registry[User]
    request = RequestFactory().get("/")
    manager = users["administrator"]
    manager.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="auth", codename__in=["change_user", "delete_user", "view_user"]
        )
    )
    request.user = User.objects.get(pk=manager.pk)
    assert user_admin.has_change_permission(request)
    assert not user_admin.has_delete_permission(request)
    assert "deactivate" in user_admin.get_actions(request)
    assert "delete_selected" not in user_admin.get_actions(request)
    request.user = superuser
    assert user_admin.has_delete_permission(request)
