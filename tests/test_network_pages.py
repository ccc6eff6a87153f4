"""What is proper to each page of the network (countries, departments, sections, embassies,
central units, coverage): its filters, its figures, the as-of date, the coverage forms'
rules. What every page shares — access, queries, CSV, htmx, sorting, bad filters, the
forms' happy path and buttons — is generated per model in tests/test_pages.py.

The corner of the network the tests build (tests/corner.py) is named "Qzx…", so a quick
search (`q=Qzx`) puts exactly it on the page, whatever the demo network holds.
"""

import datetime

import pytest
from django.urls import reverse

from directory import selectors
from network.models import Coverage, Department, DirectorateUnit, Section
from tests import factories
from tests.corner import MARK, OPENED
from tests.figures import network_figures
from tests.view_tests import csv_table, links_to

D = datetime.date

pytestmark = pytest.mark.django_db


# --- Filters, on the page's date ----------------------------------------------------------


def listed(client, name, query):
    """The records a list shows with `query`."""
    response = client.get(f"{reverse(name)}?{query}&per_page=250")
    assert response.status_code == 200
    return list(response.context["table"].data)


def test_country_filters(client_as, corner):
    """Home hosts the department, which covers the neighbour too, where its section is."""
    client = client_as("staff")
    non_resident = corner.neighbour
    uncovered = corner.new_country()
    home = corner.country

    def countries(query):
        return set(listed(client, "network:country_list", f"q={MARK}&{query}"))

    assert countries("covered=yes") == {home, non_resident}
    assert countries("covered=no") == {uncovered}
    assert countries("residence=non_resident") == {non_resident}
    assert countries("residence=resident") == {home}
    assert countries("has_section=yes") == {non_resident}
    assert countries(f"department={corner.department.pk}") == {home, non_resident}
    assert set(listed(client, "network:country_list", f"region={corner.region.pk}&covered=no")) == {uncovered}


def test_department_list_shows_open_departments_with_their_figures(client_as, corner):
    client = client_as("staff")
    closed = corner.new_department(end_date=D(2010, 12, 31))
    corner.post(department=corner.department)
    factories.PositionFactory(department=corner.department, role=corner.role, start_date=OPENED)
    (row,) = listed(client, "network:department_list", f"q={MARK}")
    assert row == corner.department
    figures = (row.department_countries_covered, row.department_staff_with_sections)
    assert (*figures, row.department_vacancies_with_sections) == (2, 1, 1)  # home and neighbour
    assert listed(client, "network:department_list", f"q={MARK}&status=closed") == [closed]
    assert len(listed(client, "network:department_list", f"q={MARK}&status=all")) == 2
    # On a day when both were open.
    assert len(listed(client, "network:department_list", f"q={MARK}&as_of=2005-06-01")) == 2


def test_department_figures_add_up_to_the_dashboard(client_as):
    """Staff and vacancies of every department, its sections included, are the
    dashboard's people in post abroad and vacancies abroad (the demo network, today)."""
    today = datetime.date.today()
    figures = network_figures(today)
    departments = list(selectors.departments_listed_on(today))
    assert sum(d.department_staff_with_sections for d in departments) == figures["people_in_post_abroad"]
    assert sum(d.department_vacancies_with_sections for d in departments) == figures["vacancies_abroad"]
    assert sum(d.department_countries_covered for d in departments) == figures["countries_covered"]


# --- As of a date in the past ----------------------------------------------------------------


@pytest.fixture
def handover(corner):
    """A country covered by department A (2005–2014), then by department B (from 2015)."""
    country = corner.new_country("handover")
    first = corner.new_department(start_date=D(2005, 1, 1))
    second = corner.new_department(start_date=D(2015, 1, 1))
    factories.CoverageFactory(
        department=first, country=country, start_date=D(2005, 1, 1), end_date=D(2014, 12, 31)
    )
    factories.CoverageFactory(department=second, country=country, start_date=D(2015, 1, 1))
    person = corner.post(department=first)
    return country, first, second, person


def text_of(response, element_id):
    content = response.content.decode()
    start = content.index(f'id="{element_id}"')
    return content[start : content.index("</", content.index(">", start) + 1) + 200]


def test_country_page_shows_the_coverage_of_its_date(client_as, handover):
    country, first, second, _person = handover
    client = client_as("staff")
    url = reverse("network:country_detail", args=[country.iso2])
    past = client.get(f"{url}?as_of=2010-06-01")
    assert str(first) in text_of(past, "coverage-on-day")
    assert f"{first.get_absolute_url()}?as_of=2010-06-01" in past.content.decode()
    today = client.get(url)
    assert str(second) in text_of(today, "coverage-on-day")
    assert past.context["coverage"].department == first
    assert today.context["coverage"].department == second
    assert len(today.context["coverage_history"]) == 2
    before = client.get(f"{url}?as_of=2001-01-01")
    assert before.context["coverage"] is None


def test_country_list_and_department_page_follow_the_date(client_as, handover):
    country, first, second, person = handover
    client = client_as("staff")
    (row,) = listed(client, "network:country_list", f"q={country.name_en}&as_of=2010-06-01")
    assert row.coverage_on_day[0].department == first
    assert row.staff_for_country == 0  # the person came in 2020
    (row,) = listed(client, "network:country_list", f"q={country.name_en}")
    assert row.coverage_on_day[0].department == second
    assert row.staff_for_country == 0  # the person is in the first department, which no longer covers it
    department_page = client.get(first.get_absolute_url() + "?as_of=2010-06-01")
    assert [c.country for c in department_page.context["coverages"]] == [country]
    assert list(client.get(first.get_absolute_url()).context["coverages"]) == []
    holders = client.get(first.get_absolute_url()).context["positions"]
    assert [posting.person for position in holders for posting in position.holders] == [person]


def test_people_covering_a_country_are_its_department_and_sections(client_as, corner):
    client = client_as("staff")
    in_department = corner.post(department=corner.department)
    in_section = corner.post(section=corner.new_section(corner.department, corner.country))
    elsewhere = corner.post(department=corner.new_department())
    response = client.get(corner.country.get_absolute_url())
    people = [posting.person for posting in response.context["postings"]]
    assert set(people) == {in_department, in_section}
    assert elsewhere not in people
    (row,) = listed(client, "network:country_list", f"q={corner.country.name_en}")
    assert row.staff_for_country == 2


# --- The central units' tree ---------------------------------------------------------------


def test_unit_tree_exports_one_row_per_position(client_as, corner):
    units = [
        factories.DirectorateUnitFactory(acronym=f"QZX{corner.number()}", parent=corner.unit)
        for _ in range(3)
    ]
    for unit in units:
        corner.post(central_unit=unit)
    header, rows = csv_table(client_as("staff").get(reverse("network:unit_list") + "?_export=csv"))
    assert header[:2] == ["Level", "Unit"]
    ours = [row for row in rows if row[4] == corner.unit.acronym]
    assert [row[1] for row in ours] == [unit.acronym for unit in units]
    (level,) = {row[0] for row in rows if row[1] == corner.unit.acronym}
    assert {row[0] for row in ours} == {str(int(level) + 1)}
    assert all(row[7].startswith("Cdt Camille QZXPERSON") for row in ours)


def test_unit_tree_nests_units_with_their_people(client_as, corner):
    child = factories.DirectorateUnitFactory(acronym="QZXCHILD", parent=corner.unit)
    person = corner.post(central_unit=child)
    vacant = factories.PositionFactory(
        department=None, central_unit=child, role=corner.role, title="Qzx vacant desk", start_date=OPENED
    )
    response = client_as("staff").get(reverse("network:unit_list"))
    (ours,) = [unit for unit in response.context["roots"] if unit == corner.unit]
    assert ours.subunits == [child]
    (shown,) = ours.subunits
    assert {position.pk: [p.person for p in position.holders] for position in shown.open_positions} == {
        person.postings.get().position_id: [person],
        vacant.pk: [],
    }
    assert DirectorateUnit.objects.filter(parent=None).count() == len(response.context["roots"])


# --- Country and department pages ------------------------------------------------------------


def test_country_urls_accept_lower_case_codes(client_as, corner):
    response = client_as("staff").get(reverse("network:country_detail", args=[corner.country.iso2.lower()]))
    assert response.status_code == 200
    assert response.context["object"] == corner.country


def test_country_names_follow_the_language(client_as, corner):
    client = client_as("staff")
    url = reverse("network:country_list") + f"?q={MARK}"
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"{corner.country.name_fr}</a>" in french
    assert f"{corner.country.name_en}</a>" in english
    assert corner.country.name_fr not in english


def test_sections_on_the_department_page(client_as, corner):
    closed = Section.objects.create(
        department=corner.department,
        country=corner.country,
        city="Qzxclosed",
        start_date=OPENED,
        end_date=D(2005, 1, 1),
    )
    response = client_as("staff").get(corner.department.get_absolute_url())
    sections = {section: section.open_on_day for section in response.context["sections"]}
    assert sections == {corner.section: True, closed: False}
    assert Department.objects.get(pk=corner.department.pk).sections.count() == 2


# --- Editing coverage ------------------------------------------------------------------------


def coverage_form(department, country, start, end=""):
    return {
        "department": department.pk,
        "country": country.pk,
        "start_date": start.isoformat(),
        "end_date": end and end.isoformat(),
    }


def test_the_add_form_is_prefilled_from_the_country_page(client_as, corner):
    country = corner.new_country()
    client = client_as("editor")
    page = client.get(country.get_absolute_url()).content.decode()
    add_url = f"{reverse('network:coverage_add')}?country={country.pk}"
    assert links_to(page, add_url)
    assert client.get(add_url).context["form"].initial["country"] == country.pk


def test_overlapping_coverage_names_the_department_and_writes_nothing(client_as, corner):
    client = client_as("editor")
    other = corner.new_department()
    before = Coverage.objects.count()
    response = client.post(
        reverse("network:coverage_add"), coverage_form(other, corner.country, D(2020, 1, 1))
    )
    assert response.status_code == 200
    assert f"is already covered by {corner.department}" in response.content.decode()
    assert Coverage.objects.count() == before


def test_coverage_field_errors_are_next_to_their_field(client_as, corner):
    response = client_as("editor").post(
        reverse("network:coverage_add"),
        {"department": corner.department.pk, "country": "", "start_date": "x"},
    )
    form = response.context["form"]
    assert set(form.errors) == {"country", "start_date"}
    assert (
        'id="error_1_id_country"' in response.content.decode()
        or "invalid-feedback" in response.content.decode()
    )


def test_a_coverage_cannot_end_before_it_started(client_as, corner):
    coverage = corner.coverage
    response = client_as("editor").post(
        reverse("network:coverage_end", args=[coverage.pk]), {"end_date": "1999-01-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"]
    coverage.refresh_from_db()
    assert coverage.end_date is None


def test_the_country_page_links_the_history_of_its_coverage(client_as, corner):
    page = client_as("staff").get(corner.country.get_absolute_url()).content.decode()
    assert links_to(page, reverse("network:coverage_history", args=[corner.coverage.pk]))
