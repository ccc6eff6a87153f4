"""The production guard (issue 12, defect 2): development mode is asked for explicitly,
and the demo commands refuse a database that holds anything but the demo."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from demo.guard import foreign_data
from postings.models import Person, Posting
from tests import factories

pytestmark = pytest.mark.django_db
BASE_DIR = Path(settings.BASE_DIR)


def test_manage_py_does_not_turn_debug_on_without_a_secret_key(tmp_path):
    """Before: with no SECRET_KEY in the shell, manage.py set DEBUG=1 by itself, so
    `DATABASE_URL=<production> manage.py load_demo_network` loaded the demo."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'production.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "manage.py", "load_demo_network"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DEBUG is off" in result.stderr
    assert "demo-admin" not in result.stdout


def test_the_makefile_asks_for_development_mode_explicitly():
    makefile = (BASE_DIR / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    commands = [line.strip() for line in run.splitlines() if "manage.py" in line]
    assert commands and all(line.startswith("DEBUG=1 ") for line in commands), commands


def test_the_demo_database_holds_nothing_else():
    assert foreign_data() == []


def test_the_demo_refuses_a_database_with_other_accounts_even_with_force(django_user_model):
    django_user_model.objects.create_user(username="a.martin", password="x" * 16)
    before = Posting.objects.count()
    with pytest.raises(CommandError, match=r"may be a production database.*a\.martin"):
        call_command("load_demo_network", force=True, verbosity=0)
    assert Posting.objects.count() == before


def test_the_demo_refuses_a_database_with_records_it_did_not_write():
    factories.PersonFactory()  # a record with a history line the demo did not write
    before = Person.objects.count()
    for command in ("load_demo_network", "generate_scale_network"):
        with pytest.raises(CommandError, match="change\\(s\\) to people not made by the demo"):
            call_command(command, force=True, verbosity=0)
    assert Person.objects.count() == before


def test_the_demo_still_reloads_over_itself():
    out = io.StringIO()
    call_command("load_demo_network", force=True, stdout=out)
    assert "written: nothing" in out.getvalue()
