"""Editing the network in the browser (issue 15): embassies, departments, sections and
central units opened, changed, moved and closed by Network editors, through the
services, dated, all or nothing, with one reason in the history of every record.

Each change is checked on the days around it: before its date the portal shows what
it showed before (the register's figures and the pages), from its date on it shows the
change, and every figure a page marks agrees with the register on each of those days.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from base.figures import REGISTER
from directory import services
from directory.selectors import central_unit_tree_on, closure_of_department
from network import figures as network_figures
from network import services as network_services
from network.models import Coverage, Department, DirectorateUnit, Embassy, Section, UnitPlacement
from postings import figures as postings_figures
from postings.models import Position, Posting, Role
from reports.coverage import coverage_report
from tests.figures import figure_marks, marks_disagreeing
from tests.figures import network_figures as all_network_figures
from tests.test_bad_input import fingerprint
from tests.url_pages import all_pages

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
TODAY = datetime.date.today()
LAST_DAY = TODAY + datetime.timedelta(days=20)  # the closures' last day
REASON = "Reorganisation of the South Asia network (decision 2026-15)"

EDIT_PAGES = (
    "network:department_add",
    "network:department_edit",
    "network:department_close",
    "network:department_reopen",
    "network:section_add",
    "network:section_edit",
    "network:section_close",
    "network:embassy_add",
    "network:embassy_edit",
    "network:embassy_close",
    "network:unit_add",
    "network:unit_edit",
    "network:unit_move",
    "network:unit_close",
)


def main_of(response):
    """The page's main content, to say why a form was not accepted."""
    html = response.content.decode()
    return html[html.find("<main") : html.find("</main>")]


def department(city):
    return Department.objects.active_on(TODAY).select_related("embassy__country").get(embassy__city=city)


def unit(acronym):
    return DirectorateUnit.objects.get(acronym=acronym)


def tree_parents(day):
    """{acronym: parent acronym} of the tree the page's selector builds on `day`."""
    found = {}

    def walk(units, parent):
        for item in units:
            found[item.acronym] = parent
            walk(item.subunits, item.acronym)

    walk(central_unit_tree_on(day), None)
    return found


def history_reasons_since(models, mark):
    """{reason} of the history records written after `mark` (a history_id per model)."""
    return {
        record.history_change_reason
        for model in models
        for record in model.history.filter(history_id__gt=mark[model])
    }


def history_marks(models):
    return {
        model: model.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0
        for model in models
    }


CHANGED_MODELS = (Department, Section, Coverage, Position, Posting, DirectorateUnit, UnitPlacement, Embassy)


# --- Who may edit the network ------------------------------------------------------------


def test_every_edit_page_is_routed_and_asks_for_the_network_permission():
    pages = {page.name: page for page in all_pages() if page.name in EDIT_PAGES}
    assert set(pages) == set(EDIT_PAGES)
    for page in pages.values():
        assert page.required_permissions() == ("network.edit_network",), page


@pytest.mark.parametrize("name", EDIT_PAGES)
def test_only_network_editors_and_administrators_open_the_edit_pages(users, name):
    """The role matrix (test_access_matrix.py) walks them too; here, explicitly: 403
    for Staff, posting Editors and Managers, by GET and POST, and nothing changes."""
    page = next(page for page in all_pages() if page.name == name)
    url = page.url()
    clients = {role: Client() for role in users}
    for role, client in clients.items():
        client.force_login(users[role])
    before = fingerprint()
    for role in ("staff", "editor", "manager"):
        client = clients[role]
        assert client.get(url).status_code == 403, (role, url)
        assert client.post(url, {"end_date": LAST_DAY, "reason": "x"}).status_code == 403, (role, url)
    assert fingerprint() == before
    for role in ("network_editor", "administrator"):
        assert clients[role].get(url).status_code == 200, (role, url)


def test_network_editors_do_not_edit_postings(users):
    user = users["network_editor"]
    assert user.has_perm("network.edit_network")
    assert not user.has_perm("postings.change_posting")
    assert not users["editor"].has_perm("network.edit_network")
    assert not user.is_staff  # not an admin user


@pytest.mark.parametrize(("role", "sees"), [("staff", False), ("editor", False), ("network_editor", True)])
def test_edit_buttons_only_for_network_editors(client_as, role, sees):
    html = client_as(role).get(department("New Delhi").get_absolute_url()).content.decode()
    close_url = reverse("network:department_close", args=[department("New Delhi").pk])
    assert (close_url in html) == sees
    html = client_as(role).get(reverse("network:department_list")).content.decode()
    assert (reverse("network:department_add") in html) == sees


# --- Closing a department ------------------------------------------------------------------


def close_new_delhi(receiver, **choices):
    delhi = department("New Delhi")
    closure = closure_of_department(delhi, LAST_DAY)
    return (
        delhi,
        closure,
        services.department_close(
            department=delhi,
            end_date=LAST_DAY,
            coverages={coverage.pk: receiver for coverage in closure.coverages},
            reason=REASON,
            **choices,
        ),
    )


def test_closing_a_department_hands_its_coverage_over_and_ends_its_postings(users):
    islamabad = department("Islamabad")
    delhi = department("New Delhi")
    covered = {coverage.country_id for coverage in delhi.coverages.active_on(LAST_DAY)}
    running = closure_of_department(delhi, LAST_DAY)
    assert covered and running.postings and running.sections, "New Delhi covers, employs and has a section"
    before = {day: all_network_figures(day) for day in (LAST_DAY, LAST_DAY + DAY)}
    marks = history_marks(CHANGED_MODELS)

    services.department_close(
        department=delhi,
        end_date=LAST_DAY,
        coverages={coverage.pk: islamabad for coverage in running.coverages},
        user=users["network_editor"],
        reason=REASON,
    )

    delhi.refresh_from_db()
    assert delhi.end_date == LAST_DAY
    for country in covered:
        assert Coverage.objects.active_on(LAST_DAY).get(country=country).department == delhi
        assert Coverage.objects.active_on(LAST_DAY + DAY).get(country=country).department == islamabad
    for posting in Posting.objects.filter(pk__in=[posting.pk for posting in running.postings]):
        assert (posting.end_date, posting.end_reason) == (LAST_DAY, Posting.EndReason.POSITION_CLOSED)
    assert not Position.objects.filter(department=delhi).active_on(LAST_DAY + DAY).exists()
    assert not Section.objects.filter(department=delhi).active_on(LAST_DAY + DAY).exists()

    after = {day: all_network_figures(day) for day in (LAST_DAY, LAST_DAY + DAY)}
    assert after[LAST_DAY] == before[LAST_DAY], "the last day shows the network as before"
    moved = after[LAST_DAY + DAY]
    assert moved["departments_open"] == before[LAST_DAY + DAY]["departments_open"] - 1
    assert moved["countries_covered"] == before[LAST_DAY + DAY]["countries_covered"], "all handed over"
    assert moved["sections_open"] == before[LAST_DAY + DAY]["sections_open"] - len(running.sections)
    assert moved["people_in_post_abroad"] == before[LAST_DAY + DAY]["people_in_post_abroad"] - len(
        running.postings
    )
    # One reason on the history of every record the closure changed, by its editor.
    assert history_reasons_since(CHANGED_MODELS, marks) == {REASON}
    assert {record.history_user for record in Posting.history.filter(history_id__gt=marks[Posting])} == {
        users["network_editor"]
    }


def network_state(day):
    """Everything that is true of the network on `day`: who covers what, which
    departments, sections and positions are open, who holds what, the tree, and the
    figures of the register (every owner's)."""
    return {
        "coverage": dict(Coverage.objects.active_on(day).values_list("country_id", "department_id")),
        "departments": set(Department.objects.active_on(day).values_list("pk", flat=True)),
        "sections": set(Section.objects.active_on(day).values_list("pk", "department_id")),
        "positions": set(Position.objects.active_on(day).values_list("pk", flat=True)),
        "postings": set(Posting.objects.active_on(day).values_list("person_id", "position_id")),
        "tree": tree_parents(day),
        "figures": {
            key: figure.by_owner(day) if figure.of else figure.count(day) for key, figure in REGISTER.items()
        },
    }


def test_a_closure_never_changes_what_earlier_days_show(client_as):
    """The network on every day up to the last one is the same after the closure, and
    so are the figures the pages show. (Lists of periods — a country's coverage history,
    the period of a coverage — do show the new end dates.)"""
    delhi = department("New Delhi")
    client = client_as("staff")
    urls = (
        delhi.get_absolute_url(),
        reverse("network:country_detail", args=["NP"]),
        reverse("network:department_list"),
        reverse("network:section_list"),
        reverse("dashboard"),
    )
    days = (TODAY, LAST_DAY)

    def shown():
        return {
            day: (
                network_state(day),
                [figure_marks(client.get(url, {"as_of": day.isoformat()}).content.decode()) for url in urls],
            )
            for day in days
        }

    before = shown()
    close_new_delhi(department("Islamabad"))
    assert shown() == before
    assert network_state(LAST_DAY + DAY)["coverage"] != before[LAST_DAY][0]["coverage"]


def test_a_closure_refused_halfway_changes_nothing(client_as):
    """Two postings moved to the same vacancy: the second move is refused after the
    coverage, the first posting and others have been changed in the transaction; the
    page says why and the database is byte for byte as before."""
    delhi = department("New Delhi")
    closure = closure_of_department(delhi, LAST_DAY)
    vacancy = (
        Position.objects.vacant_on(LAST_DAY + DAY)
        .exclude(department=delhi)
        .exclude(section__department=delhi)
    )
    vacancy = vacancy.order_by("pk").first()
    first, second = closure.postings[:2]
    client = client_as("network_editor")
    url = reverse("network:department_close", args=[delhi.pk])
    data = {
        "end_date": LAST_DAY.isoformat(),
        "shown_for": LAST_DAY.isoformat(),
        "reason": REASON,
        **{f"coverage_{coverage.pk}": department("Islamabad").pk for coverage in closure.coverages},
        f"posting_{first.pk}": vacancy.pk,
        f"posting_{second.pk}": vacancy.pk,
    }
    before = fingerprint()
    response = client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="closure-errors"' in text and "already held" in text, "the page names the conflict"
    assert fingerprint() == before

    # The service says the same, and writes nothing either.
    with pytest.raises(ValidationError):
        services.department_close(
            department=delhi,
            end_date=LAST_DAY,
            postings={first.pk: vacancy, second.pk: vacancy},
            reason=REASON,
        )
    assert fingerprint() == before


def test_the_close_page_lists_what_the_closure_touches_and_does_it(client_as):
    delhi = department("New Delhi")
    islamabad = department("Islamabad")
    closure = closure_of_department(delhi, LAST_DAY)
    client = client_as("network_editor")
    url = reverse("network:department_close", args=[delhi.pk])
    response = client.get(url, {"end_date": LAST_DAY.isoformat()})
    text = response.content.decode()
    for record in (*closure.coverages, *closure.sections, *closure.postings):
        assert f"_{record.pk}" in text
    for posting in closure.postings:
        assert str(posting.person) in text
    assert not marks_disagreeing(text, LAST_DAY)

    # A new date first shows its own list: nothing is written.
    before = fingerprint()
    response = client.post(url, {"end_date": (LAST_DAY + DAY).isoformat(), "shown_for": LAST_DAY.isoformat()})
    assert response.status_code == 200 and fingerprint() == before

    section = closure.sections[0]
    moved = next(posting for posting in closure.postings if posting.position.section_id is None)
    vacancy = (
        Position.objects.vacant_on(LAST_DAY + DAY)
        .filter(required_force__in=["either", "any", moved.person.force])
        .exclude(department=delhi)
        .exclude(section__department=delhi)
        .order_by("pk")
        .first()
    )
    data = {
        "end_date": LAST_DAY.isoformat(),
        "shown_for": LAST_DAY.isoformat(),
        "reason": REASON,
        **{f"coverage_{coverage.pk}": islamabad.pk for coverage in closure.coverages},
        f"section_{section.pk}": islamabad.pk,
        f"posting_{moved.pk}": vacancy.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 302, main_of(response)
    # The section goes on under Islamabad, with its positions and holders.
    carried = Section.objects.get(department=islamabad, city=section.city, start_date=LAST_DAY + DAY)
    section_holders = {p.person_id for p in closure.postings if p.position.section_id == section.pk}
    assert section_holders
    assert (
        set(
            Posting.objects.active_on(LAST_DAY + DAY)
            .filter(position__section=carried)
            .values_list("person_id", flat=True)
        )
        == section_holders
    )
    # The moved posting goes on in the vacancy from the next day, keeping its tour's end.
    follow = Posting.objects.get(person=moved.person, start_date=LAST_DAY + DAY)
    assert follow.position == vacancy
    assert follow.expected_end_date == moved.expected_end_date
    for day in (LAST_DAY, LAST_DAY + DAY):
        for page_url in (delhi.get_absolute_url(), islamabad.get_absolute_url(), carried.get_absolute_url()):
            html = client.get(page_url, {"as_of": day.isoformat()}).content.decode()
            assert not marks_disagreeing(html, day), (page_url, day)


def test_a_closure_is_refused_while_records_begin_after_the_last_day():
    delhi = department("New Delhi")
    later = Position.objects.create(
        department=delhi, role=Role.objects.first(), start_date=LAST_DAY + 5 * DAY
    )
    before = fingerprint()
    with pytest.raises(ValidationError, match="begin after"):
        services.department_close(department=delhi, end_date=LAST_DAY, reason=REASON)
    assert fingerprint() == before
    later.delete()


@pytest.mark.parametrize("day", [LAST_DAY - DAY, LAST_DAY, LAST_DAY + DAY])
def test_dashboard_and_coverage_report_agree_around_a_closure(client_as, day):
    close_new_delhi(department("Islamabad"))
    client = client_as("manager")
    html = client.get(reverse("dashboard"), {"as_of": day.isoformat()}).content.decode()
    assert not marks_disagreeing(html, day)
    report = coverage_report(day)
    assert report.totals.departments == network_figures.DEPARTMENTS_OPEN.count(day)
    assert report.totals.countries_covered == network_figures.COUNTRIES_COVERED.count(day)
    assert report.totals.people == postings_figures.PEOPLE_IN_POST_ABROAD.count(day)
    assert report.totals.vacancies == postings_figures.VACANCIES_ABROAD.count(day)
    assert report.totals.sections == network_figures.SECTIONS_OPEN.count(day)
    page = client.get(reverse("reports:coverage"), {"as_of": day.isoformat()}).content.decode()
    assert f'data-total="countries_covered">{report.totals.countries_covered}<' in page
    assert f'data-total="departments">{report.totals.departments}<' in page


# --- Reopening -------------------------------------------------------------------------------


def test_reopening_keeps_the_earlier_period_on_the_same_page(client_as):
    delhi, _closure, _closed = close_new_delhi(department("Islamabad"))
    reopened_on = LAST_DAY + 30 * DAY
    former_positions = Position.objects.active_on(LAST_DAY).filter(department=delhi).count()
    client = client_as("network_editor")
    response = client.post(
        reverse("network:department_reopen", args=[delhi.pk]),
        {
            "supervising_unit": delhi.supervising_unit_id,
            "start_date": reopened_on.isoformat(),
            "cover_host": "on",
            "copy_positions": "on",
            "reason": "Reopening in New Delhi",
        },
    )
    assert response.status_code == 302, main_of(response)
    new = Department.objects.get(embassy=delhi.embassy, start_date=reopened_on)
    assert response.url.startswith(new.get_absolute_url())
    assert Coverage.objects.active_on(reopened_on).get(country=delhi.embassy.country).department == new
    assert Coverage.objects.active_on(reopened_on - DAY).get(
        country=delhi.embassy.country
    ).department == department("Islamabad")
    assert Position.objects.filter(department=new, start_date=reopened_on).count() == former_positions
    html = client.get(new.get_absolute_url()).content.decode()
    periods = html[html.index('id="department-periods"') :]
    assert delhi.get_absolute_url() in periods and delhi.period_display in periods
    html = client.get(delhi.embassy.get_absolute_url()).content.decode()
    assert delhi.get_absolute_url() in html and new.get_absolute_url() in html
    # Each day shows the department of its period, the figures agreeing with the register.
    for day, shown in ((LAST_DAY, delhi), (reopened_on - DAY, None), (reopened_on, new)):
        assert REGISTER["departments_open"].count(day) == Department.objects.active_on(day).count()
        assert set(Department.objects.active_on(day).filter(embassy=delhi.embassy)) == (
            {shown} if shown else set()
        )
        for page in (delhi, new):
            html = client.get(page.get_absolute_url(), {"as_of": day.isoformat()}).content.decode()
            assert not marks_disagreeing(html, day)


def test_reopening_over_an_open_department_is_refused(client_as):
    delhi = department("New Delhi")
    client = client_as("network_editor")
    before = fingerprint()
    response = client.post(
        reverse("network:department_reopen", args=[delhi.pk]),
        {"supervising_unit": delhi.supervising_unit_id, "start_date": LAST_DAY.isoformat(), "reason": "x"},
    )
    assert response.status_code == 200
    assert "already has a department" in response.content.decode()
    assert fingerprint() == before


# --- Central units -----------------------------------------------------------------------------


def test_moving_a_unit_changes_the_tree_from_its_day_on(client_as):
    moved, old_parent, new_parent = unit("BAEM"), unit("BAEM").parent, unit("SDCO")
    day = TODAY + 10 * DAY
    assert old_parent != new_parent
    client = client_as("network_editor")
    response = client.post(
        reverse("network:unit_move", args=[moved.pk]),
        {"parent": new_parent.pk, "day": day.isoformat(), "reason": "New organisation chart"},
    )
    assert response.status_code == 302, main_of(response)
    assert tree_parents(day - DAY)["BAEM"] == old_parent.acronym
    assert tree_parents(day)["BAEM"] == "SDCO"
    for as_of, parent in ((day - DAY, old_parent), (day, new_parent)):
        html = client.get(moved.get_absolute_url(), {"as_of": as_of.isoformat()}).content.decode()
        shown = html[html.index('id="parent-on-day"') :][:400]
        assert parent.acronym in shown
        tree = client.get(reverse("network:unit_list"), {"as_of": as_of.isoformat()}).content.decode()
        node = tree[tree.index(f'data-unit="{parent.acronym}"') :]
        assert 'data-unit="BAEM"' in node[: node.find("</ul>\n</li>") if "</ul>\n</li>" in node else None]
        html = client.get(parent.get_absolute_url(), {"as_of": as_of.isoformat()}).content.decode()
        assert not marks_disagreeing(html, as_of)
    assert (
        UnitPlacement.objects.get(unit=moved).history.first().history_change_reason
        == "New organisation chart"
    )


def test_a_move_that_makes_a_cycle_is_refused(client_as):
    top, below = unit("SDS"), unit("BAEM")
    assert below.parent == top
    client = client_as("network_editor")
    before = fingerprint()
    response = client.post(
        reverse("network:unit_move", args=[top.pk]),
        {"parent": below.pk, "day": TODAY.isoformat(), "reason": "x"},
    )
    assert response.status_code == 200
    assert "one of its own sub-units" in response.content.decode()
    assert fingerprint() == before


def test_a_cycle_on_a_later_day_is_refused_too():
    """BAEM leaves SDS for SDCO in a month; SDS may then go under BAEM — but not before."""
    baem, sds, sdco = unit("BAEM"), unit("SDS"), unit("SDCO")
    month = TODAY + 30 * DAY
    network_services.unit_move(unit=baem, parent=sdco, day=month, reason="x")
    with pytest.raises(ValidationError, match="sub-units"):
        network_services.unit_move(unit=sds, parent=baem, day=TODAY + DAY, reason="x")
    network_services.unit_move(unit=sds, parent=baem, day=month + DAY, reason="x")
    assert tree_parents(month + DAY)["SDS"] == "BAEM"
    assert tree_parents(month)["SDS"] == "DCI"


def test_moves_come_in_date_order():
    baem = unit("BAEM")
    network_services.unit_move(unit=baem, parent=unit("SDCO"), day=TODAY + 10 * DAY, reason="x")
    with pytest.raises(ValidationError, match="last moved"):
        network_services.unit_move(unit=baem, parent=unit("SDCT"), day=TODAY + 5 * DAY, reason="x")


def test_a_new_unit_appears_from_its_opening_day(client_as):
    client = client_as("network_editor")
    opens = TODAY + 3 * DAY
    response = client.post(
        reverse("network:unit_add"),
        {
            "acronym": "BQZX",
            "name_en": "Quiz bureau",
            "name_fr": "Bureau quiz",
            "kind": "bureau",
            "parent": unit("SDCO").pk,
            "start_date": opens.isoformat(),
        },
    )
    assert response.status_code == 302, main_of(response)
    assert "BQZX" not in tree_parents(opens - DAY)
    assert tree_parents(opens)["BQZX"] == "SDCO"


def test_closing_a_unit_with_sub_units_is_refused_and_with_none_ends_its_postings(users):
    before = fingerprint()
    with pytest.raises(ValidationError, match="sub-units"):
        services.unit_close(unit=unit("SDS"), end_date=LAST_DAY, reason=REASON)
    assert fingerprint() == before
    closing = unit("BAEM")
    running = Posting.objects.filter(position__central_unit=closing).overlapping(LAST_DAY + DAY, None).count()
    services.unit_close(unit=closing, end_date=LAST_DAY, user=users["network_editor"], reason=REASON)
    assert "BAEM" in tree_parents(LAST_DAY) and "BAEM" not in tree_parents(LAST_DAY + DAY)
    assert (
        running
        and not Posting.objects.filter(position__central_unit=closing)
        .overlapping(LAST_DAY + DAY, None)
        .exists()
    )


# --- Sections -------------------------------------------------------------------------------


def test_opening_a_section_in_another_country_with_its_positions(client_as):
    madrid = department("Madrid")
    portugal = Embassy.objects.get(country__iso2="PT").country
    opens = TODAY + 7 * DAY
    role = Role.objects.get(code="liaison-officer")
    client = client_as("network_editor")
    before = {day: all_network_figures(day) for day in (opens - DAY, opens)}
    response = client.post(
        reverse("network:section_add"),
        {
            "department": madrid.pk,
            "country": portugal.pk,
            "city": "Porto",
            "start_date": opens.isoformat(),
            "reason": "Porto harbour",
            "positions-TOTAL_FORMS": "3",
            "positions-INITIAL_FORMS": "0",
            "positions-0-role": role.pk,
            "positions-0-title": "Liaison officer (drugs)",
            "positions-0-required_force": "either",
            "positions-0-theme": "drugs",
            "positions-1-role": role.pk,
            "positions-1-title": "Liaison officer (immigration)",
            "positions-1-required_force": "gendarmerie",
            "positions-1-theme": "immigration",
            # An empty row, as the browser sends it: ignored.
            "positions-2-role": "",
            "positions-2-title": "",
            "positions-2-required_force": "either",
            "positions-2-theme": "general",
        },
    )
    assert response.status_code == 302, main_of(response)
    section = Section.objects.get(city="Porto")
    assert (section.department, section.country, section.start_date) == (madrid, portugal, opens)
    assert section.positions.count() == 2
    assert all_network_figures(opens - DAY) == before[opens - DAY]
    after = all_network_figures(opens)
    assert after["sections_open"] == before[opens]["sections_open"] + 1
    assert after["vacancies_abroad"] == before[opens]["vacancies_abroad"] + 2
    assert postings_figures.VACANCIES_FOR_COUNTRY.count(opens, portugal) >= 2
    for day in (opens - DAY, opens):
        for url in (
            madrid.get_absolute_url(),
            section.get_absolute_url(),
            portugal.get_absolute_url(),
            reverse("dashboard"),
        ):
            html = client.get(url, {"as_of": day.isoformat()}).content.decode()
            assert not marks_disagreeing(html, day), (url, day)


def test_a_section_outside_its_department_period_is_refused(client_as):
    riga = Department.objects.get(embassy__city="Riga")
    client = client_as("network_editor")
    before = fingerprint()
    response = client.post(
        reverse("network:section_add"),
        {
            "department": riga.pk,
            "country": riga.embassy.country_id,
            "city": "Daugavpils",
            "start_date": TODAY.isoformat(),
            "positions-TOTAL_FORMS": "0",
            "positions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "within its department" in response.content.decode()
    assert fingerprint() == before


# --- Embassies --------------------------------------------------------------------------------


def test_an_embassy_closes_only_after_its_departments(client_as):
    delhi = department("New Delhi")
    client = client_as("network_editor")
    url = reverse("network:embassy_close", args=[delhi.embassy_id])
    before = fingerprint()
    response = client.post(url, {"end_date": LAST_DAY.isoformat(), "reason": REASON})
    assert response.status_code == 200 and "outside the embassy" in response.content.decode()
    assert fingerprint() == before
    close_new_delhi(department("Islamabad"))
    response = client.post(url, {"end_date": LAST_DAY.isoformat(), "reason": REASON})
    assert response.status_code == 302
    embassies = reverse("network:embassy_list")
    for day, listed in ((LAST_DAY, True), (LAST_DAY + DAY, False)):
        html = client.get(embassies, {"as_of": day.isoformat(), "q": "New Delhi"}).content.decode()
        assert (delhi.embassy.get_absolute_url() in html) == listed


def test_a_new_embassy_is_listed_from_its_opening_day(client_as):
    from network.models import Country

    country = Country.objects.filter(embassy__isnull=True).order_by("pk").first()
    opens = TODAY + 5 * DAY
    client = client_as("network_editor")
    response = client.post(
        reverse("network:embassy_add"),
        {"country": country.pk, "city": "Quizville", "start_date": opens.isoformat()},
    )
    assert response.status_code == 302, main_of(response)
    for day, listed in ((opens - DAY, False), (opens, True)):
        html = client.get(
            reverse("network:embassy_list"), {"as_of": day.isoformat(), "q": "Quizville"}
        ).content.decode()
        assert (Embassy.objects.get(city="Quizville").get_absolute_url() in html) == listed
