"""Deployment (issue 12, defect 9): every environment variable the settings read is
documented in the README; HSTS's subdomains and preload are configurable; a production
server whose static files were not collected refuses to start with a clear message."""

import re
from pathlib import Path

from django.conf import settings

from tests.test_security_settings import production_env, run_python

BASE_DIR = Path(settings.BASE_DIR)
README = (BASE_DIR / "README.md").read_text()
SETTINGS = (BASE_DIR / "dci_portal" / "settings.py").read_text()


def variables_read_by_the_settings():
    found = set(re.findall(r'os\.environ(?:\.get)?[\[(]\s*"([A-Z_]+)"', SETTINGS))
    found |= set(re.findall(r'env_(?:bool|list)\("([A-Z_]+)"', SETTINGS))
    if "dj_database_url.config(" in SETTINGS:
        found.add("DATABASE_URL")
    return found


def test_every_environment_variable_is_in_the_readme_table():
    variables = variables_read_by_the_settings()
    assert {"DATABASE_URL", "SECRET_KEY", "AXES_IPWARE_PROXY_COUNT", "SECURE_HSTS_PRELOAD"} <= variables
    table_rows = [line for line in README.splitlines() if line.startswith("| `")]
    documented = {name for line in table_rows for name in re.findall(r"`([A-Z_]+)`", line.split("|")[1])}
    assert variables <= documented, sorted(variables - documented)


def test_the_readme_says_how_to_deploy():
    for needed in (
        "collectstatic",
        "createsuperuser",
        "client_max_body_size",
        "CSRF_TRUSTED_ORIGINS",
        "X-Forwarded-For",
        "X-Forwarded-Proto",
    ):
        assert needed in README, needed


def test_a_server_refuses_to_start_without_collected_static_files(tmp_path):
    env = production_env(tmp_path)
    check = run_python(["manage.py", "check", "--deploy"], env)
    assert check.returncode != 0
    assert "base.E001" in check.stderr and "collectstatic" in check.stderr
    # What gunicorn does: import the WSGI application.
    start = run_python(["-c", "import dci_portal.wsgi"], env)
    assert start.returncode != 0
    assert "The static files have not been collected" in start.stderr
    assert "manage.py collectstatic" in start.stderr
    # Collected: the server starts.
    assert run_python(["manage.py", "collectstatic", "--noinput", "-v", "0"], env).returncode == 0
    assert run_python(["-c", "import dci_portal.wsgi"], env).returncode == 0


def test_development_mode_needs_no_collected_static_files(tmp_path):
    env = production_env(tmp_path, DEBUG="1")
    assert run_python(["-c", "import dci_portal.wsgi"], env).returncode == 0


PROBE = "import django; django.setup(); from django.conf import settings as s; " + (
    "print(s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.AXES_IPWARE_PROXY_COUNT)"
)


def test_hsts_subdomains_and_preload_are_configurable(tmp_path):
    default = run_python(["-c", PROBE], production_env(tmp_path))
    assert default.stdout.split() == ["True", "True", "0"], default.stderr
    changed = run_python(
        ["-c", PROBE],
        production_env(
            tmp_path, SECURE_HSTS_INCLUDE_SUBDOMAINS="0", SECURE_HSTS_PRELOAD="0", AXES_IPWARE_PROXY_COUNT="1"
        ),
    )
    assert changed.stdout.split() == ["False", "False", "1"], changed.stderr
