"""Application servers hold no state: two gunicorn instances of the portal on loopback
ports, one PostgreSQL database and one Redis, as behind a load balancer. A session
started on one is valid on the other; a write through one is seen through the other at
once; a figure cached by both is invalidated on both by that write.

PostgreSQL only (the instances need a database server; SQLite is one file of one
machine). The instances use a database of their own, made for the test and dropped
after it, with the demo network."""

import datetime
import html
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
import redis
from django.db import connection

from tests.conftest import TEST_REDIS_URL

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "two-instances-password"

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(name):
    settings = connection.settings_dict
    user = urllib.parse.quote(settings["USER"] or "")
    password = f":{urllib.parse.quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    return f"postgres://{user}{password}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)


class Browser:
    """One user's browser: its cookies go to either instance (cookies ignore ports)."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, url):
        with self.opener.open(url, timeout=30) as response:
            return response.geturl(), response.read().decode()

    def post_form(self, url, fields):
        """GET the form's page, then POST `fields` with its CSRF token."""
        _, page = self.get(url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        request = urllib.request.Request(url, data=data, headers={"Referer": url})
        with self.opener.open(request, timeout=30) as response:
            return response.geturl(), response.read().decode()


def figure_on(page, key):
    return int(
        re.search(rf'data-figure="{key}">([\d\s\u202f\xa0,]+)<', page).group(1).replace(",", "").strip()
    )


@pytest.fixture
def two_instances(db):
    name = f"{connection.settings_dict['NAME']}_two_instances"
    prefix = f"two-{uuid.uuid4().hex[:10]}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(name),
        "REDIS_URL": TEST_REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "DEBUG": "1",
        "SECRET_KEY": "two-instances-secret-key-of-this-test-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "ROUNDS_MAIL_IN_BACKGROUND": "0",
    }
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    servers = []
    try:
        manage(env, "migrate", "--noinput")
        manage(
            env,
            "shell",
            "-c",
            "from django.contrib.auth.models import User; from django.core.management import call_command; "
            "call_command('load_demo_network', force=True, verbosity=0); "
            f"User.objects.create_superuser('two', 'two@example.invalid', '{PASSWORD}')",
        )
        for _ in range(2):
            port = free_port()
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "dci_portal.wsgi",
                    "--workers",
                    "1",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=env,
            )
            servers.append((server, f"http://127.0.0.1:{port}"))
        for server, base in servers:
            for _ in range(150):
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=1).read()
                    break
                except OSError:
                    assert server.poll() is None, "gunicorn stopped"
                    time.sleep(0.2)
        yield [base for _, base in servers], env, prefix
    finally:
        for server, _ in servers:
            server.terminate()
        for server, _ in servers:
            server.wait(timeout=30)
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        store = redis.Redis.from_url(TEST_REDIS_URL)
        keys = list(store.scan_iter(f"{prefix}:*"))
        if keys:
            store.delete(*keys)


def test_two_instances_share_sessions_writes_and_cached_figures(two_instances):
    (first, second), env, prefix = two_instances
    browser = Browser()

    # A session started on the first instance is valid on the second.
    landed, _ = browser.post_form(f"{first}/accounts/login/", {"username": "two", "password": PASSWORD})
    assert urllib.parse.urlparse(landed).path == "/"
    landed, dashboard = browser.get(f"{second}/")
    assert urllib.parse.urlparse(landed).path == "/", "the second instance asked to log in again"

    # Both show, and cache, the same figure.
    key = "people_in_post_abroad"
    before = figure_on(dashboard, key)
    assert figure_on(browser.get(f"{first}/")[1], key) == before
    store = redis.Redis.from_url(TEST_REDIS_URL)
    assert any(key in k.decode() for k in store.scan_iter(f"{prefix}:*figure:*")), "the figure was not cached"

    # A posting abroad running today, ended yesterday through the second instance…
    import psycopg2

    today = datetime.date.today()
    with psycopg2.connect(env["DATABASE_URL"]) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT p.id FROM postings_posting p JOIN postings_position o ON o.id = p.position_id "
            "WHERE p.end_date IS NULL AND p.start_date < %s AND o.central_unit_id IS NULL "
            "ORDER BY p.id LIMIT 1",
            [today],
        )
        (posting,) = cursor.fetchone()
    db.close()
    page = f"/postings/postings/{posting}/"
    assert "Retired" not in html.unescape(browser.get(f"{first}{page}")[1])
    landed, _ = browser.post_form(
        f"{second}{page}end/",
        {"end_date": (today - datetime.timedelta(days=1)).isoformat(), "end_reason": "retired", "note": ""},
    )
    assert urllib.parse.urlparse(landed).path == page, "the posting was not ended"

    # …is seen through the first at once, and the cached figure changed on both.
    assert "Retired" in html.unescape(browser.get(f"{first}{page}")[1])
    assert figure_on(browser.get(f"{first}/")[1], key) == before - 1
    assert figure_on(browser.get(f"{second}/")[1], key) == before - 1
