"""Personal data stays out of caches, sessions end, and everyone may change their
password (issue 12, defect 8)."""

import time

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from base.middleware import SIGNED_IN_AT
from postings.models import Person
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def assert_not_cached(response, url):
    cache_control = response.get("Cache-Control", "")
    assert "no-store" in cache_control and "private" in cache_control, f"{url}: {cache_control!r}"


def test_pages_and_exports_with_personal_data_are_not_stored_by_caches(client_as):
    client = client_as("administrator")
    person = Person.objects.order_by("pk").first()
    urls = [
        reverse("dashboard"),
        reverse("postings:person_list"),
        reverse("postings:person_list") + "?_export=csv",
        reverse("postings:person_detail", args=[person.pk]),
        reverse("briefs:person_vcard", args=[person.pk]),
        reverse("reports:coverage_csv"),
        reverse("reports:coverage_xlsx"),
        "/api/people/",
        reverse("admin:postings_person_changelist"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_not_cached(response, url)


def test_a_session_ends_at_its_absolute_lifetime_however_active(client_as):
    client = client_as("staff")
    assert client.get(reverse("dashboard")).status_code == 200
    session = client.session
    assert session[SIGNED_IN_AT] <= time.time()
    # Active all along (each request renews the idle limit), but signed in long ago.
    session[SIGNED_IN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get(reverse("postings:person_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert SESSION_KEY not in client.session


def test_a_session_within_its_absolute_lifetime_goes_on(client_as):
    client = client_as("staff")
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS + 60
    session.save()
    assert client.get(reverse("dashboard")).status_code == 200


def test_the_absolute_lifetime_is_shorter_than_a_day_and_longer_than_the_idle_one():
    assert settings.SESSION_COOKIE_AGE < settings.SESSION_ABSOLUTE_SECONDS <= 24 * 60 * 60


@pytest.mark.parametrize("role", ["staff", "editor", "network_editor", "manager", "administrator"])
def test_every_user_can_change_their_password_from_the_user_menu(client, users, role):
    user = users[role]
    client.force_login(user)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("password_change")}"' in dashboard
    page = client.get(reverse("password_change"))
    assert page.status_code == 200
    new = "Another-long-passphrase-2031"
    response = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    user.refresh_from_db()
    assert user.check_password(new)
    assert client.get(reverse("dashboard")).status_code == 200, "the session stays open"


def test_changing_the_password_needs_the_old_one_and_a_strong_new_one(client_as, users):
    client = client_as("staff")
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"old_password", "new_password2"}
    users["staff"].refresh_from_db()
    assert users["staff"].check_password(TEST_PASSWORD)


def test_the_password_page_needs_a_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
