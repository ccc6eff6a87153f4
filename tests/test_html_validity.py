"""Valid HTML: the Nu HTML checker (vnu.jar, from npm's vnu-jar package, run by Debian's
Java) finds no error on the main pages, in English and French, and on the error pages.

The pages are rendered with the test client and checked in one run of the checker
(starting Java is the slow part). `make test` installs Java and the checker; elsewhere the
test is skipped with a message saying how to get them.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.main_pages import main_page_urls

VNU_JAR = Path(
    os.environ.get("VNU_JAR", Path(settings.BASE_DIR) / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar")
)


def checker():
    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        pytest.skip(
            f"The Nu HTML checker needs java and {VNU_JAR} (`make vnu` installs both; `make test` runs it)."
        )
    return [java, "-Xss8m", "-jar", str(VNU_JAR)]


def nu_errors(files):
    """The checker's errors for `files`, one readable line each."""
    run = subprocess.run(
        [*checker(), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
        f" [{m.get('extract', '').strip()[:80]}]"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]


def save(tmp_path, name, response, status=200):
    assert response.status_code == status, (name, response.status_code)
    path = tmp_path / f"{len(list(tmp_path.iterdir())):03d}-{name}.html"
    path.write_bytes(response.content)
    return path


def slug(url):
    return url.strip("/").replace("/", "_").replace("?", "_").replace("=", "-") or "dashboard"


@pytest.mark.django_db
def test_the_main_pages_are_valid_html(client_as, tmp_path):
    checker()  # skip before rendering anything when the checker is missing
    files = []
    client = client_as("administrator")
    for language in ("en", "fr"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url in main_page_urls():
            files.append(save(tmp_path, f"{language}-{slug(url)}", client.get(url)))
        files.append(save(tmp_path, f"{language}-404", client.get("/no-such-page/"), status=404))
    staff = client_as("staff")
    files.append(save(tmp_path, "403", staff.get(reverse("reports:coverage")), status=403))
    files.append(save(tmp_path, "staff-people", staff.get(reverse("postings:person_list"))))
    staff.logout()
    files.append(save(tmp_path, "login", staff.get(reverse("login"))))
    assert len(files) > 40
    assert nu_errors(files) == []


def test_the_checker_finds_errors(tmp_path):
    """The check can fail: a page with hx-* attributes and a stray end tag is reported."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head>'
        '<body><div hx-get="/x">x</span></div></body></html>'
    )
    errors = nu_errors([page])
    assert any("hx-get" in error for error in errors)
    assert any("span" in error for error in errors)
