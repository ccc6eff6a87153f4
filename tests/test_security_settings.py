"""Login and session hardening, security headers and the production mode.

The production mode (DEBUG off) is checked in subprocesses, with the environment a
deployment would give it, because the settings module reads the environment once.
"""

import datetime
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import TEST_PASSWORD

BASE_DIR = Path(settings.BASE_DIR)
PRODUCTION_HOST = "portal.dci.example"


def production_env(tmp_path, **extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="dci_portal.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS=PRODUCTION_HOST,
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    env.update(extra)
    return env


def run_python(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


# --- production mode -----------------------------------------------------------------


def test_check_deploy_reports_no_issue_in_production_mode(tmp_path):
    env = production_env(tmp_path)
    collected = run_python(["manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    assert collected.returncode == 0, collected.stderr
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output


def test_check_deploy_would_catch_a_weak_production_setting(tmp_path):
    """The check above is meaningful: a weak key or no HSTS is reported."""
    env = production_env(tmp_path, SECRET_KEY="short", SECURE_HSTS_SECONDS="0")
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "security.W009" in output and "security.W004" in output, output


def test_production_mode_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    collected = run_python(["manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    assert collected.returncode == 0, collected.stderr
    # The servers (gunicorn imports wsgi.py; runserver too) and the deployment check refuse…
    for args in (
        ["-c", "import dci_portal.wsgi"],
        ["-c", "import dci_portal.asgi"],
        ["manage.py", "check", "--deploy"],
    ):
        result = run_python(args, env)
        assert result.returncode != 0, args
        assert "SECRET_KEY must be set when DEBUG is off" in result.stdout + result.stderr, args
    # …while commands that need no key still run.
    for args in (["manage.py", "check"], ["manage.py", "makemigrations", "--check", "--dry-run"]):
        result = run_python(args, env)
        assert result.returncode == 0, (args, result.stderr)


PRODUCTION_PROBE = r"""
import json, sys
import django
django.setup()
from django.conf import settings
from django.test import Client

client = Client(HTTP_HOST=sys.argv[1])
health = client.get("/healthz")
plain_login = client.get("/accounts/login/")
login = client.get("/accounts/login/", secure=True)
protected = client.get("/network/countries/", secure=True)
missing = client.get("/no-such-page/", secure=True)
foreign_host = Client(HTTP_HOST="attacker.example").get("/accounts/login/", secure=True)
csrf = login.cookies.get("csrftoken")
print(json.dumps({
    "debug": settings.DEBUG,
    "silenced": list(settings.SILENCED_SYSTEM_CHECKS),
    "health": [health.status_code, health.content.decode()],
    "plain_login": [plain_login.status_code, plain_login.get("Location", "")],
    "login_status": login.status_code,
    "login_headers": dict(login.headers),
    "csrf_cookie": {"secure": csrf["secure"], "httponly": csrf["httponly"], "samesite": csrf["samesite"]},
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "protected": [protected.status_code, protected.get("Location", "")],
    "missing": [missing.status_code, "Traceback" in missing.content.decode()],
    "foreign_host": foreign_host.status_code,
}))
"""


@pytest.fixture(scope="module")
def production_probe(tmp_path_factory):
    """Collect static files and request a few pages with the production settings."""
    tmp_path = tmp_path_factory.mktemp("production")
    env = production_env(tmp_path)
    collected = run_python(["manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    assert collected.returncode == 0, collected.stderr
    result = run_python(["-c", PRODUCTION_PROBE, PRODUCTION_HOST], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_mode_serves_pages_with_secure_headers_and_cookies(production_probe):
    probe = production_probe
    assert probe["debug"] is False
    assert probe["silenced"] == []
    assert probe["login_status"] == 200
    headers = {name.lower(): value for name, value in probe["login_headers"].items()}
    hsts = headers["strict-transport-security"]
    assert "includeSubDomains" in hsts and "preload" in hsts
    assert int(hsts.split("max-age=")[1].split(";")[0]) >= 365 * 24 * 3600
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-content-type-options"] == "nosniff"
    assert probe["csrf_cookie"] == {"secure": True, "httponly": True, "samesite": "Lax"}
    assert probe["session_cookie_secure"] is True


def test_production_mode_redirects_to_https_but_not_the_health_check(production_probe):
    probe = production_probe
    assert probe["plain_login"][0] == 301
    assert probe["plain_login"][1].startswith(f"https://{PRODUCTION_HOST}/")
    # Load balancers probe over plain HTTP.
    assert probe["health"] == [200, '{"status": "ok"}']


def test_production_mode_protects_pages_and_shows_no_debug_information(production_probe):
    probe = production_probe
    assert probe["protected"][0] == 302 and "/accounts/login/" in probe["protected"][1]
    assert probe["missing"] == [404, False]
    assert probe["foreign_host"] == 400


# --- headers ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", [None, "staff"])
def test_pages_carry_the_security_headers(client_as, role):
    client = client_as(role)
    response = client.get(reverse("login") if role is None else reverse("dashboard"))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives["style-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


# --- log-in lockout, password rules, log-out, session expiry --------------------------


def post_login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_repeated_failures_lock_the_account_with_a_clear_message(client, users):
    username = users["staff"].username
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = post_login(client, username, "wrong-password")
        assert response.status_code == 200
        assert response.context["form"].errors
    response = post_login(client, username, "wrong-password")
    assert response.status_code == 429
    text = response.content.decode()
    assert "Too many failed log-in attempts" in text
    assert "one hour" in text
    # Even the right password is refused while locked out.
    response = post_login(client, username, TEST_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_successful_log_in_before_the_limit_resets_the_count(client, users):
    username = users["staff"].username
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        post_login(client, username, "wrong-password")
    response = post_login(client, username, TEST_PASSWORD)
    assert response.status_code == 302
    client.post(reverse("logout"))
    response = post_login(client, username, "wrong-password")
    assert response.status_code == 200


def test_the_admin_log_in_is_throttled_too(client, users):
    username = users["administrator"].username
    url = reverse("admin:login")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(url, {"username": username, "password": "wrong-password"})
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()


@pytest.mark.parametrize(
    "password",
    ["short-1", "password1234", "12345678901234", "test-administrator"],
    ids=["too-short", "common", "numeric", "like-username"],
)
def test_password_validators_reject_weak_passwords(users, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=users["administrator"])


def test_password_validators_accept_a_strong_password(users):
    validate_password("tangerine-Orbit-47-lantern", user=users["administrator"])


def test_logout_needs_a_post(client_as):
    client = client_as("staff")
    response = client.get(reverse("logout"))
    assert response.status_code == 405
    assert client.get(reverse("dashboard")).status_code == 200, "a GET must not log out"
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert client.get(reverse("dashboard")).status_code == 302


def test_session_settings_expire_idle_and_browser_sessions():
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_log_in_sets_a_browser_session_cookie(client, users):
    response = post_login(client, users["staff"].username, TEST_PASSWORD)
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert not cookie["max-age"] and not cookie["expires"], "the cookie must end with the browser"
    assert client.session.get_expiry_age() <= settings.SESSION_COOKIE_AGE


def test_an_expired_session_sends_back_to_the_login_page(client_as):
    client = client_as("staff")
    assert client.get(reverse("dashboard")).status_code == 200
    # Expired through the session store, so its cached copy goes too (sessions are cached_db).
    session = client.session
    session.set_expiry(timezone.now() - datetime.timedelta(seconds=1))
    session.save()
    live = Session.objects.filter(session_key=session.session_key, expire_date__gt=timezone.now())
    assert not live.exists()
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- health check ----------------------------------------------------------------------


def test_health_check_needs_no_login_and_shows_no_data(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies, "the health check must not open a session"


def test_health_check_reports_a_database_failure(client, db):
    with mock.patch("dci_portal.views.connection") as connection:
        connection.cursor.side_effect = OperationalError("database is down")
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
