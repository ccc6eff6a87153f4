"""The French catalogue: complete, faithful to its placeholders, compiled, and used.

The portal ships one catalogue, dci_portal/locale/fr/LC_MESSAGES/django.po, and its
compiled django.mo (committed: a machine without GNU gettext still serves French).
scripts/update_translations.sh refreshes both after UI strings change.
"""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

LOCALE_DIR = Path(settings.BASE_DIR) / "dci_portal" / "locale" / "fr" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"
FIX = "Run scripts/update_translations.sh and translate the entries it lists."


# --- A minimal .po reader (polib is not a dependency) ----------------------------------------


def unquote(text):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), text)


def read_po(path):
    """The catalogue's live entries: dicts of msgctxt/msgid/msgid_plural/msgstr/msgstr[n]
    plus `flags`. Obsolete entries (#~) are left out; the header (msgid "") is kept."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        entry, key = {"flags": set()}, None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry = None
                break
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line):
                key = match.group(1)
                entry[key] = unquote(match.group(2))
            elif line.startswith('"') and key:
                entry[key] += unquote(line[1:-1])
        if entry is not None and "msgid" in entry:
            entries.append(entry)
    return entries


def translations(entry):
    """[(source, translation), …]: one pair, or one per plural form."""
    if "msgid_plural" not in entry:
        return [(entry["msgid"], entry.get("msgstr", ""))]
    forms = sorted(key for key in entry if key.startswith("msgstr["))
    return [(entry["msgid"] if form == "msgstr[0]" else entry["msgid_plural"], entry[form]) for form in forms]


def label(entry):
    return f"{entry['msgctxt']}|{entry['msgid']}" if "msgctxt" in entry else entry["msgid"]


ENTRIES = read_po(PO_FILE)
MESSAGES = [entry for entry in ENTRIES if entry["msgid"]]
PYTHON_FORMAT = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")
BRACE_FORMAT = re.compile(r"\{(\w*)\}")


# --- The catalogue ----------------------------------------------------------------------------


def test_the_catalogue_is_french_with_french_plural_forms():
    header = ENTRIES[0]
    assert header["msgid"] == ""
    assert "Language: fr\n" in header["msgstr"]
    assert "Plural-Forms: nplurals=2; plural=(n > 1);" in header["msgstr"]
    assert len(MESSAGES) > 300, "the catalogue lost its messages"


def test_every_message_has_a_translation_and_none_is_fuzzy():
    untranslated = [label(e) for e in MESSAGES if any(not text for _, text in translations(e))]
    fuzzy = [label(e) for e in MESSAGES if "fuzzy" in e["flags"]]
    assert not untranslated, f"Untranslated: {untranslated}. {FIX}"
    # Django ignores fuzzy entries at run time: a fuzzy guess shows the English text.
    assert not fuzzy, f"Fuzzy (check, fix, remove the flag): {fuzzy}. {FIX}"


def test_every_plural_message_has_both_french_forms():
    plurals = [e for e in MESSAGES if "msgid_plural" in e]
    assert plurals
    for entry in plurals:
        assert {"msgstr[0]", "msgstr[1]"} <= set(entry), label(entry)


def test_translations_keep_the_placeholders():
    for entry in MESSAGES:
        for source, translated in translations(entry):
            if "python-format" in entry["flags"]:
                expected, found = set(PYTHON_FORMAT.findall(source)), set(PYTHON_FORMAT.findall(translated))
                if "msgid_plural" in entry and source == entry["msgid"]:
                    # French singular ("Cette affectation…") may leave the count out.
                    assert found <= expected | set(PYTHON_FORMAT.findall(entry["msgid_plural"])), label(entry)
                else:
                    assert found == expected, f"{label(entry)!r} → {translated!r}"
            if "python-brace-format" in entry["flags"]:
                expected, found = set(BRACE_FORMAT.findall(source)), set(BRACE_FORMAT.findall(translated))
                assert found == expected, f"{label(entry)!r} → {translated!r}"


def test_the_compiled_catalogue_matches_the_po_file():
    """django.mo holds exactly the .po's translations (so it was compiled after the last edit)."""
    with MO_FILE.open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    expected = {}
    for entry in MESSAGES:
        key = f"{entry['msgctxt']}\x04{entry['msgid']}" if "msgctxt" in entry else entry["msgid"]
        if "msgid_plural" in entry:
            for index, (_, text) in enumerate(translations(entry)):
                expected[(key, index)] = text
        else:
            expected[key] = entry["msgstr"]
    compiled = {key: value for key, value in catalog.items() if key != ""}
    stale = sorted(str(key) for key in expected.keys() ^ compiled.keys())
    assert not stale, f"django.mo and django.po differ on {stale[:10]}. {FIX}"
    changed = sorted(str(key) for key in expected if compiled[key] != expected[key])
    assert not changed, f"django.mo has other translations for {changed[:10]}. {FIX}"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="makemessages needs GNU gettext")
def test_every_marked_string_of_the_code_is_in_the_catalogue(tmp_path):
    """makemessages, run on a copy of the project, finds no string missing from the .po."""
    root = Path(settings.BASE_DIR)
    packages = [
        path.name for path in root.iterdir() if (path / "__init__.py").exists() and path.name != "tests"
    ]
    for name in (*packages, "templates"):
        shutil.copytree(root / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(root / "manage.py", tmp_path)
    po_copy = tmp_path / PO_FILE.relative_to(root)
    po_copy.unlink()  # a fresh extraction, not a merge
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--ignore=.venv"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "dci_portal.settings"},
        check=True,
        capture_output=True,
    )
    extracted = {label(e) for e in read_po(po_copy) if e["msgid"]}
    assert len(extracted) > 300, "makemessages found almost nothing: is the copy complete?"
    missing = sorted(extracted - {label(e) for e in MESSAGES})
    assert not missing, f"Marked in the code but not in django.po: {missing}. {FIX}"


# --- Pages in French --------------------------------------------------------------------------


@pytest.fixture
def french(client_as):
    """A staff member's client whose language is French (the language switcher's cookie)."""
    client = client_as("staff")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    return client


def nav_labels(html):
    nav = re.search(r'<nav class="navbar.*?</nav>', html, re.S).group(0)
    return {re.sub(r"\s+", " ", text).strip() for text in re.findall(r"<a [^>]*>(.*?)</a>", nav, re.S)}


@pytest.mark.django_db
def test_the_language_switcher_sets_french(client_as):
    client = client_as("staff")
    response = client.post(reverse("set_language"), {"language": "fr", "next": reverse("dashboard")})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    html = client.get(reverse("dashboard")).content.decode()
    assert '<html lang="fr">' in html
    assert "Tableau de bord" in html


@pytest.mark.django_db
def test_pages_in_french_show_french_navigation(french):
    html = french.get(reverse("dashboard")).content.decode()
    labels = nav_labels(html)
    assert {"Tableau de bord", "Pays", "Services (SSI)", "Ambassades", "Personnels", "Affectations"} <= labels
    assert not labels & {"Dashboard", "Countries", "Departments", "People", "Postings"}
    assert "Se déconnecter" in html and "Réseau au" in html


@pytest.mark.django_db
def test_country_pages_in_french_show_french_country_names(french):
    detail = french.get(reverse("network:country_detail", args=["DE"])).content.decode()
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", detail, re.S).group(1)
    assert heading.strip().startswith("Allemagne")
    assert "Germany" not in detail

    listing = french.get(reverse("network:country_list") + "?q=allemagne").content.decode()
    assert "Allemagne" in listing and "Germany" not in listing


@pytest.mark.django_db
def test_the_same_pages_in_english_stay_english(client_as):
    client = client_as("staff")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert {"Dashboard", "Countries"} <= nav_labels(client.get(reverse("dashboard")).content.decode())
    detail = client.get(reverse("network:country_detail", args=["DE"])).content.decode()
    assert re.search(r"<h1[^>]*>\s*Germany", detail)


@pytest.mark.django_db
def test_country_choices_in_french_are_sorted_by_their_french_names(french):
    """The people list's country filter: "Allemagne" (Germany) before "Belgique" (Belgium)."""
    html = french.get(reverse("postings:person_list")).content.decode()
    select = re.search(r'<select name="country".*?</select>', html, re.S).group(0)
    options = re.findall(r"<option value=\"\d+\"[^>]*>(.*?)</option>", select)
    assert options.index("Allemagne") < options.index("Belgique") < options.index("Espagne")


@pytest.mark.django_db
def test_choices_built_at_import_are_translated_per_request(french):
    """The rotation plan's "3 months" choice is built when the module loads, in English."""
    html = french.get(reverse("postings:rotation_plan")).content.decode()
    assert "3 mois" in html and "3 months" not in html
