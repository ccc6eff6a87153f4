"""Lock-outs (issue 12, defect 5): the Administrators group sees and clears them in the
admin; behind proxies, they key on the client's address, trusting X-Forwarded-For only
as far as the configured number of proxies."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse

from base.proxies import client_ip
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.2"


def fail_until_locked(client, username, **extra):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("login"), {"username": username, "password": "wrong"}, **extra)
    assert response.status_code == 429
    return response


def test_an_administrator_sees_and_clears_a_lock_out_in_the_admin(client, users):
    locked = users["staff"]
    fail_until_locked(Client(), locked.username)
    attempt = AccessAttempt.objects.get(username=locked.username)

    admin = users["administrator"]
    assert not admin.is_superuser
    client.force_login(admin)
    listing = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200
    assert locked.username in listing.content.decode()
    assert client.get(reverse("admin:index")).content.decode().count("axes/accessattempt/") >= 1

    response = client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert not AccessAttempt.objects.filter(username=locked.username).exists()
    # Unlocked: the right password signs in again.
    unlocked = Client()
    response = unlocked.post(reverse("login"), {"username": locked.username, "password": TEST_PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("role", ["staff", "editor", "network_editor", "manager"])
def test_other_groups_cannot_see_lock_outs(client_as, role):
    response = client_as(role).get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code in {302, 403}


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    "count, remote, forwarded, expected",
    [
        (0, "198.51.100.9", "203.0.113.1", "198.51.100.9"),  # no proxy: the header is anyone's
        (1, PROXY, "203.0.113.1", "203.0.113.1"),
        (1, PROXY, "6.6.6.6, 203.0.113.1", "203.0.113.1"),  # the client's own entry is not trusted
        (2, PROXY, "6.6.6.6, 203.0.113.1, 10.0.0.1", "203.0.113.1"),
        (2, PROXY, "203.0.113.1", PROXY),  # fewer entries than proxies: only the peer is known
        (1, PROXY, "not-an-address", PROXY),
        (1, PROXY, None, PROXY),
    ],
)
def test_the_client_address_trusts_only_the_configured_proxies(settings, count, remote, forwarded, expected):
    settings.AXES_IPWARE_PROXY_COUNT = count
    assert client_ip(request_from(remote, forwarded)) == expected


def test_behind_a_proxy_a_lock_out_is_one_clients_not_everyones(settings, users):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    username = users["staff"].username
    fail_until_locked(Client(), username, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.1")
    # Another client through the same proxy, same username: not locked out.
    response = Client().post(
        reverse("login"),
        {"username": username, "password": TEST_PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.2",
    )
    assert response.status_code == 302
    # The locked client cannot dodge it by forging the header: the proxy appends its address.
    response = Client().post(
        reverse("login"),
        {"username": username, "password": TEST_PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="192.0.2.50, 203.0.113.1",
    )
    assert response.status_code == 429
