"""Bilingual data, not just a bilingual interface: on the French pages of the main
journeys, no English form of the network's reference data (position titles, units,
cities, capitals, countries, regions, roles, ranks, languages, specialties) shows —
and on the English pages, no French form. The forms to look for are read from the data
itself: every record's form in the other language that differs from the page's one."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from base.bilingual import LocalText
from network.models import Country, Department, DirectorateUnit, Embassy, Region, Section
from postings.models import Person, Position, Posting, Rank, Role
from rounds.models import Round, VacancyNotice

NAMED = (Region, Country, DirectorateUnit, Role, Rank)  # name_en / name_fr
LOCAL_TEXT = (
    (Country, "capital"),
    (Embassy, "city"),
    (Section, "city"),
    (Position, "title"),
    (Round, "name"),
)
LISTS = ((Person, "languages"), (Person, "specialties"), (VacancyNotice, "languages"))  # comma-separated


def test_every_local_text_field_is_covered_here():
    """A new French form added to a model is added to this test's data too."""
    declared = {
        (model, name)
        for model in (*NAMED, Embassy, Section, Position, Person, Round, VacancyNotice)
        for name, value in vars(model).items()
        if isinstance(value, LocalText)
        for name in [value.field]
    }
    assert declared == set(LOCAL_TEXT) | set(LISTS)


def forms_by_language():
    """{"en": {English forms}, "fr": {French forms}} of every term (a form left empty is
    the English one), with people's names counted in both: proper names."""
    pairs = set()
    for model in NAMED:
        pairs |= set(model.objects.values_list("name_en", "name_fr"))
    for model, field in LOCAL_TEXT:
        pairs |= set(model.objects.values_list(field, f"{field}_fr"))
    for model, field in LISTS:
        for english, french in model.objects.values_list(field, f"{field}_fr"):
            french_terms = french.split(", ") if french else english.split(", ")
            pairs |= set(zip(english.split(", "), french_terms, strict=True))
    pairs = {(en.strip(), (fr or en).strip()) for en, fr in pairs if en.strip()}
    for first, last in Person.objects.values_list("first_name", "last_name"):
        pairs |= {(first, first), (last, last)}
    return {"en": {en for en, _fr in pairs}, "fr": {fr for _en, fr in pairs}}


def pages_forms(language):
    """The page's own forms, and the other language's forms that are not also its own
    ("Guatemala" is a French city name and the English name of the country)."""
    forms = forms_by_language()
    own = forms[language]
    return own, forms["en" if language == "fr" else "fr"] - own


class VisibleText(HTMLParser):
    """The text a reader sees, less scripts, styles and what is marked as being in
    another language (the language menu names English in English: lang="en")."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self, language):
        super().__init__()
        self.language, self.stack, self.hidden_from, self.parts = language, [], None, []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        self.stack.append(tag)
        lang = dict(attrs).get("lang")
        foreign = lang is not None and not lang.startswith(self.language)
        if self.hidden_from is None and (tag in ("script", "style") or foreign):
            self.hidden_from = len(self.stack)

    def handle_endtag(self, tag):
        if tag in self.VOID or tag not in self.stack:
            return
        while self.stack:
            if self.hidden_from is not None and len(self.stack) <= self.hidden_from:
                self.hidden_from = None
            if self.stack.pop() == tag:
                break

    def handle_data(self, data):
        if self.hidden_from is None:
            self.parts.append(data)

    @classmethod
    def of(cls, html, language):
        parser = cls(language)
        parser.feed(html)
        return re.sub(r"\s+", " ", " ".join(parser.parts))


def foreign_forms_on(text, own, foreign):
    """The `foreign` forms found as whole words in `text` once the page's `own` forms are
    taken out ("Assistant" is inside "Assistant(e)"; "Europe" inside "Europe orientale")."""
    for form in sorted(own, key=len, reverse=True):
        text = text.replace(form, " ¤ ")
    return sorted(form for form in foreign if re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text))


def journey_urls():
    """The main journeys, through the Netherlands (The Hague: a city whose name differs),
    and the open posting round."""
    country = Country.objects.get(iso2="NL")
    department = Department.objects.get(embassy__country=country, end_date__isnull=True)
    posting = (
        Posting.objects.filter(position__department=department, end_date__isnull=True).order_by("pk").first()
    )
    section = Section.objects.exclude(city_fr="").order_by("pk").first()
    notice = VacancyNotice.objects.filter(round__state=Round.State.OPEN).order_by("pk").first()
    return [
        reverse("dashboard"),
        reverse("network:country_list"),
        country.get_absolute_url(),
        reverse("network:department_list"),
        department.get_absolute_url(),
        reverse("network:section_list"),
        section.get_absolute_url(),
        reverse("network:embassy_list"),
        reverse("network:unit_list"),
        reverse("postings:person_list"),
        posting.person.get_absolute_url(),
        reverse("postings:position_list"),
        posting.position.get_absolute_url(),
        reverse("postings:posting_list"),
        posting.get_absolute_url(),
        reverse("postings:vacancy_list"),
        reverse("postings:rotation_plan"),
        reverse("reports:coverage"),
        reverse("reports:rotation"),
        reverse("briefs:country_brief", args=[country.iso2]),
        reverse("briefs:department_brief", args=[department.pk]),
        reverse("rounds:round_list"),
        notice.round.get_absolute_url(),
        notice.get_absolute_url(),
        reverse("rounds:notice_candidates", args=[notice.pk]),
    ]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_pages_show_reference_data_in_the_page_language_only(client_as, language):
    own, foreign = pages_forms(language)
    # The data has forms that differ (else this test would prove nothing).
    english = {
        "Internal Security Attaché",
        "The Hague",
        "Netherlands",
        "Dutch",
        "Human trafficking",
        "English",
    }
    french = {
        "Attaché de sécurité intérieure",
        "La Haye",
        "Pays-Bas",
        "néerlandais",
        "Traite des êtres humains",
        "anglais",
    }
    assert english <= (foreign if language == "fr" else own)
    assert french <= (own if language == "fr" else foreign)
    client = client_as("administrator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    found = {}
    for url in journey_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        text = VisibleText.of(response.content.decode(), language)
        if shown := foreign_forms_on(text, own, foreign):
            found[url] = shown
    assert not found


def test_the_check_finds_a_foreign_form():
    """The page check itself: an English title on a French page is caught, a French form
    containing an English word is not, nor what is marked as English."""
    own, foreign = {"Assistant(e)", "La Haye"}, {"Assistant", "The Hague"}
    html = '<p>Assistant(e), SSI La Haye</p><option lang="en">The Hague</option><p>%s</p>'
    assert foreign_forms_on(VisibleText.of(html % "", "fr"), own, foreign) == []
    assert foreign_forms_on(VisibleText.of(html % "SSI The Hague", "fr"), own, foreign) == ["The Hague"]


@pytest.mark.django_db
def test_search_finds_a_city_by_either_form(client_as):
    client = client_as("staff")
    for query in ("la haye", "the hague"):
        response = client.get(reverse("search"), {"q": query})
        assert response.status_code == 200
        assert Embassy.objects.get(country__iso2="NL").get_absolute_url() in response.content.decode(), query


@pytest.mark.django_db
def test_position_label_follows_the_active_language():
    position = Position.objects.filter(title="Internal Security Attaché").exclude(title_fr="").first()
    with translation.override("fr"):
        assert position.label == "Attaché de sécurité intérieure"
        assert "SSI" in str(position.unit)
    with translation.override("en"):
        assert position.label == "Internal Security Attaché"
    position.title_fr = ""
    with translation.override("fr"):
        assert position.label == "Internal Security Attaché"  # no French form: the English one
