"""A database outage (issue 12, defect 7): every page answers a 503 in the portal's
layout and the user's language, with Retry-After; /healthz answers 503 whoever asks.

The database is made unreachable for one test client only: its requests run in a thread
whose connection points at a closed port (PostgreSQL) or at a file that cannot exist
(SQLite). Nothing is restarted."""

import socket
import threading

import pytest
from django.db import connections
from django.test import Client

from base.errors import RETRY_AFTER_SECONDS

pytestmark = pytest.mark.django_db


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # free once closed: nothing listens there


def while_the_database_is_down(client, url, method="get", **extra):
    """The response to `client` GET (or `method`) `url`, its database unreachable."""
    result = {}

    def request():
        connection = connections["default"]  # this thread's own
        unreachable = dict(connection.settings_dict)
        if connection.vendor == "sqlite":
            unreachable["NAME"] = "/nonexistent-directory/portal.sqlite3"
        else:
            unreachable.update(HOST="127.0.0.1", PORT=str(closed_port()))
        connection.settings_dict = unreachable
        try:
            result["response"] = getattr(client, method)(url, **extra)
        except Exception as error:  # noqa: BLE001 - the test shows it
            result["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=request)
    thread.start()
    thread.join(timeout=60)
    assert "error" not in result, result.get("error")
    return result["response"]


def signed_in_client(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", ["/", "/network/countries/", "/postings/people/?q=dupont", "/admin/"])
def test_pages_answer_a_friendly_503_with_retry_after(users, url):
    response = while_the_database_is_down(signed_in_client(users["staff"]), url)
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    text = response.content.decode()
    assert "The portal is briefly unavailable" in text
    assert 'class="navbar' in text and "International Cooperation Directorate" in text  # the layout
    assert "Server Error" not in text


def test_the_outage_page_is_in_the_users_language(users):
    client = signed_in_client(users["staff"])
    response = while_the_database_is_down(client, "/network/countries/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 503
    assert "Le portail est momentanément indisponible" in response.content.decode()


def test_signing_in_answers_503_too():
    client = Client(raise_request_exception=False)
    response = while_the_database_is_down(
        client, "/accounts/login/", method="post", data={"username": "someone", "password": "x" * 12}
    )
    assert response.status_code == 503
    assert "The portal is briefly unavailable" in response.content.decode()


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_the_health_check_answers_503_whoever_asks(users, signed_in):
    client = signed_in_client(users["administrator"]) if signed_in else Client(raise_request_exception=False)
    response = while_the_database_is_down(client, "/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)


def test_the_same_pages_answer_once_the_database_is_back(users):
    client = signed_in_client(users["staff"])
    assert client.get("/network/countries/").status_code == 200
    assert client.get("/healthz").status_code == 200
