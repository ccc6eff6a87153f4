"""The posting rounds' own French catalogue (rounds/locale): complete, faithful to its
placeholders, compiled, and used by the pages and the e-mails. Same checks as the
project's catalogue (tests/test_translations.py), on the app's."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.test_translations import BRACE_FORMAT, PYTHON_FORMAT, label, read_po, translations

LOCALE_DIR = Path(settings.BASE_DIR) / "rounds" / "locale" / "fr" / "LC_MESSAGES"
PO_FILE, MO_FILE = LOCALE_DIR / "django.po", LOCALE_DIR / "django.mo"
FIX = "Run scripts/update_translations.sh and translate the entries it lists in rounds/locale."
ENTRIES = read_po(PO_FILE)
MESSAGES = [entry for entry in ENTRIES if entry["msgid"]]


def test_the_catalogue_is_french_and_complete():
    assert "Language: fr\n" in ENTRIES[0]["msgstr"]
    assert "Plural-Forms: nplurals=2; plural=(n > 1);" in ENTRIES[0]["msgstr"]
    assert len(MESSAGES) > 200
    untranslated = [label(e) for e in MESSAGES if any(not text for _, text in translations(e))]
    fuzzy = [label(e) for e in MESSAGES if "fuzzy" in e["flags"]]
    assert not untranslated, f"Untranslated: {untranslated}. {FIX}"
    assert not fuzzy, f"Fuzzy: {fuzzy}. {FIX}"


def test_translations_keep_the_placeholders():
    for entry in MESSAGES:
        for source, translated in translations(entry):
            if "python-format" in entry["flags"]:
                expected, found = set(PYTHON_FORMAT.findall(source)), set(PYTHON_FORMAT.findall(translated))
                if "msgid_plural" in entry and source == entry["msgid"]:
                    assert found <= expected | set(PYTHON_FORMAT.findall(entry["msgid_plural"])), label(entry)
                else:
                    assert found == expected, f"{label(entry)!r} → {translated!r}"
            if "python-brace-format" in entry["flags"]:
                assert set(BRACE_FORMAT.findall(source)) == set(BRACE_FORMAT.findall(translated)), label(
                    entry
                )


def test_the_compiled_catalogue_matches_the_po_file():
    with MO_FILE.open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    expected = {}
    for entry in MESSAGES:
        if "msgid_plural" in entry:
            for index, (_, text) in enumerate(translations(entry)):
                expected[(entry["msgid"], index)] = text
        else:
            expected[entry["msgid"]] = entry["msgstr"]
    compiled = {key: value for key, value in catalog.items() if key != ""}
    assert compiled == expected, FIX


@pytest.mark.skipif(not shutil.which("xgettext"), reason="makemessages needs GNU gettext")
def test_every_marked_string_of_the_app_is_in_its_catalogue(tmp_path):
    root = Path(settings.BASE_DIR)
    packages = [
        path.name for path in root.iterdir() if (path / "__init__.py").exists() and path.name != "tests"
    ]
    for name in (*packages, "templates"):
        shutil.copytree(root / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(root / "manage.py", tmp_path)
    copy = tmp_path / PO_FILE.relative_to(root)
    copy.unlink()  # a fresh extraction of the app's strings
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--ignore=.venv"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "dci_portal.settings"},
        check=True,
        capture_output=True,
    )
    extracted = {label(e) for e in read_po(copy) if e["msgid"]}
    assert len(extracted) > 200
    missing = sorted(extracted - {label(e) for e in MESSAGES})
    assert not missing, f"Marked in rounds/ but not in its catalogue: {missing}. {FIX}"


@pytest.mark.django_db
def test_round_pages_in_french(client_as):
    from rounds.models import Round

    client = client_as("staff")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    round = Round.objects.filter(state=Round.State.OPEN).order_by("pk").first()
    html = client.get(reverse("rounds:round_detail", args=[round.pk])).content.decode()
    assert "Avis de vacance" in html and "Ouverte aux candidatures" in html
    assert "Vacancy notices" not in html
    assert "Campagnes de mobilité" in client.get(reverse("rounds:round_list")).content.decode()
