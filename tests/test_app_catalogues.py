"""The French catalogues the feature apps keep beside their code (briefs/locale,
api/locale): complete, faithful to their placeholders, compiled, and used. The
portal's own catalogue is checked by test_translations.py."""

import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.test_translations import PO_FILE, PYTHON_FORMAT, label, read_po, translations

CATALOGUES = sorted(
    path for path in Path(settings.BASE_DIR).glob("*/locale/fr/LC_MESSAGES/django.po") if path != PO_FILE
)


def test_the_feature_apps_keep_their_catalogues():
    assert {path.parts[-5] for path in CATALOGUES} >= {"briefs", "api"}


@pytest.mark.parametrize("po_file", CATALOGUES, ids=lambda path: path.parts[-5])
def test_an_app_catalogue_is_complete_and_compiled(po_file):
    entries = read_po(po_file)
    assert "Plural-Forms: nplurals=2; plural=(n > 1);" in entries[0]["msgstr"]
    messages = [entry for entry in entries if entry["msgid"]]
    assert messages
    assert not [label(e) for e in messages if any(not text for _, text in translations(e))]
    assert not [label(e) for e in messages if "fuzzy" in e["flags"]]
    for entry in messages:
        for source, translated in translations(entry):
            if "python-format" in entry["flags"] and source == entry.get("msgid_plural", source):
                assert set(PYTHON_FORMAT.findall(translated)) == set(PYTHON_FORMAT.findall(source)), label(
                    entry
                )
    with po_file.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    for entry in messages:
        key = entry["msgid"]
        if "msgid_plural" in entry:
            assert [compiled[(key, i)] for i in range(2)] == [text for _, text in translations(entry)], key
        else:
            assert compiled[key] == entry["msgstr"], f"{key!r}: the .mo is older than the .po"


@pytest.mark.django_db
def test_the_brief_and_the_api_pages_in_french(client_as):
    client = client_as("staff")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = client.get(reverse("briefs:country_brief", args=["NP"])).content.decode()
    assert "Fiche pays" in html and "Diffusion restreinte" in html and "Qui appeler" in html
    assert "Who to call" not in html
    html = client.get(reverse("api:tokens")).content.decode()
    assert "Mes jetons d’API" in html and "Créer le jeton" in html
