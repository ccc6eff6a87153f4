"""Browser tests: Playwright drives Debian's Chromium against a real portal server.

The server runs in its own process on its own database (a fresh SQLite file, or a fresh
PostgreSQL database next to the one in DATABASE_URL), migrated and loaded with the demo
network once per session, so the browser sees exactly what `make run` serves.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import dj_database_url
import pytest
import redis

from tests.mailserver import smtp_server

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
BROWSER_PASSWORD = "browser-test-password-42"
ROLES = ("staff", "editor", "network_editor", "manager", "administrator")

pytestmark = pytest.mark.browser


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_database_url(tmp_path_factory):
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith(("postgres://", "postgresql://")):
        import psycopg2

        settings = dj_database_url.parse(configured)
        name = f"{settings['NAME']}_browser"
        admin = psycopg2.connect(
            dbname="postgres",
            user=settings["USER"],
            password=settings["PASSWORD"],
            host=settings["HOST"],
            port=settings["PORT"] or 5432,
        )
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        admin.close()
        return configured.rsplit("/", 1)[0] + f"/{name}"
    return f"sqlite:///{tmp_path_factory.mktemp('browser') / 'portal.sqlite3'}"


MANAGE = [sys.executable, str(ROOT / "manage.py")]
# The servers' Redis (cache and background queue): a database of their own, emptied first.
BROWSER_REDIS_URL = os.environ.get("BROWSER_REDIS_URL", "redis://127.0.0.1:6379/10")


@pytest.fixture(scope="session")
def mailbox():
    """The SMTP server the portal server sends its e-mails to (tests/mailserver.py)."""
    with smtp_server() as (received, port):
        received.port = port
        yield received


@pytest.fixture(scope="session")
def portal_env(tmp_path_factory, mailbox):
    """The environment of the portal servers: their database, migrated, with the demo
    network and one user per role (and a superuser), and the test SMTP server."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dci_portal.settings",
        "DEBUG": "1",
        "DATABASE_URL": _server_database_url(tmp_path_factory),
        "AXES_FAILURE_LIMIT": "1000",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mailbox.port),
        "REDIS_URL": BROWSER_REDIS_URL,
    }
    redis.Redis.from_url(BROWSER_REDIS_URL).flushdb()
    for command in (["migrate", "--noinput", "-v", "0"], ["load_demo_network", "-v", "0"]):
        subprocess.run([*MANAGE, *command], env=env, check=True, cwd=ROOT)
    create_users = (
        "from django.contrib.auth.models import Group, User\n"
        "from tests.conftest import ROLE_GROUPS\n"
        f"for role in {ROLES!r}:\n"
        "    user, _ = User.objects.get_or_create(username=f'browser-{role}')\n"
        f"    user.set_password({BROWSER_PASSWORD!r}); user.is_staff = role == 'administrator'; user.save()\n"
        "    user.groups.set([Group.objects.get(name=ROLE_GROUPS[role])])\n"
        "root, _ = User.objects.get_or_create(username='browser-superuser', first_name='Super')\n"
        f"root.is_staff = root.is_superuser = True; root.set_password({BROWSER_PASSWORD!r}); root.save()\n"
    )
    subprocess.run([*MANAGE, "shell", "-c", create_users], env=env, check=True, cwd=ROOT)
    return env


@pytest.fixture(scope="session")
def portal_shell(portal_env):
    """portal_shell(code) runs Python `code` in `manage.py shell` on the servers' database."""

    def run(code):
        return subprocess.run(
            [*MANAGE, "shell", "-c", code],
            env=portal_env,
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout

    return run


def _serve(env, tmp_path_factory):
    """Start a portal server with `env`; returns (url, stop)."""
    port = _free_port()
    # The server's request log goes to a file: a pipe nobody reads would fill and block it.
    log_path = tmp_path_factory.mktemp("browser-log") / "server.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed by stop()
    server = subprocess.Popen(
        [*MANAGE, "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                tail = log_path.read_text()[-2000:]
                raise RuntimeError(f"the portal server did not start: {tail}") from None
            time.sleep(0.3)

    def stop():
        server.terminate()
        server.wait(timeout=10)
        log.close()

    return url, stop


@pytest.fixture(scope="session")
def portal_worker(portal_env, tmp_path_factory):
    """A worker of the background queue beside the servers, as `make run` starts one (the
    posting rounds' e-mails are sent by it)."""
    log = open(tmp_path_factory.mktemp("worker-log") / "worker.log", "w")  # noqa: SIM115 - closed below
    worker = subprocess.Popen(
        [*MANAGE, "rqworker", "default"], env=portal_env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
    )
    yield worker
    worker.terminate()
    worker.wait(timeout=20)
    log.close()


@pytest.fixture(scope="session")
def portal_url(portal_env, portal_worker, tmp_path_factory):
    """Base URL of a portal server (development mode, as `make run` serves it)."""
    url, stop = _serve(portal_env, tmp_path_factory)
    yield url
    stop()


@pytest.fixture(scope="session")
def production_portal_url(portal_env, tmp_path_factory):
    """The same portal in production mode (DEBUG off: the portal's own error pages,
    collected static files), over plain HTTP on the loopback."""
    env = {
        **portal_env,
        "DEBUG": "0",
        "SECRET_KEY": "browser-tests-only-" + "x" * 40,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(tmp_path_factory.mktemp("static")),
    }
    subprocess.run([*MANAGE, "collectstatic", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)
    url, stop = _serve(env, tmp_path_factory)
    yield url
    stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def logged_in_context(browser, portal_url, role, language="en"):
    """A browser context (own cookies) logged in as `role` ("superuser" too), in `language`,
    under the portal's real Content-Security-Policy."""
    context = browser.new_context(base_url=portal_url)
    context.add_cookies([{"name": "django_language", "value": language, "url": portal_url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(f"browser-{role}")
    page.locator("#id_password").fill(BROWSER_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{portal_url}/")
    return context, page


@pytest.fixture
def page_as(browser, portal_url):
    """page_as("editor") -> a logged-in Playwright page (its own context: own cookies);
    `username` logs in another user of the server with the same password."""
    contexts = []

    def open_page(role, locale="en-GB", username=None, viewport=None):
        # axe-core is injected as a script: let it past the portal's strict CSP.
        options = {"viewport": viewport} if viewport else {}
        context = browser.new_context(base_url=portal_url, bypass_csp=True, locale=locale, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username or f"browser-{role}")
        page.get_by_label("Password").fill(BROWSER_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{portal_url}/")
        return page

    yield open_page
    for context in contexts:
        context.close()


def switch_to_french(page):
    """Choose French with the header's language form, as a user does."""
    page.get_by_label("Language").select_option("fr")
    page.locator("form[action$='/i18n/setlang/'] button").click()
    page.wait_for_load_state()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def accessibility_violations(axe, page):
    """axe-core's WCAG 2.1 AA violations on the page, as readable lines."""
    results = axe.run(page, options=WCAG_21_AA)
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes: "
        f"{', '.join(node['target'][0] for node in violation['nodes'][:3])})"
        for violation in results.response["violations"]
    ]
