"""The portal's pages, one short class per model: each combines the view-test mixins of
tests/view_tests.py (list, detail, history, add, edit, end, delete) and declares only its
data — its URLs, the object of its pages, how to add n rows they show, what to enter in
its forms — on the small corner of the network of tests/corner.py. What is proper to
one page is tested beside it (tests/test_network_pages.py, tests/test_postings_pages.py,
tests/test_postings_editing.py).

A routed page that no class here declares, and that is not in TESTED_ELSEWHERE, fails
test_every_page_has_view_tests: a new page is declared in a few lines.
"""

import datetime

import pytest
from django.urls import include, path
from django.views.generic import TemplateView

from network.models import Country, Coverage, Department, DirectorateUnit, Embassy, Section
from postings.models import Force, Person, Position, Posting
from tests import factories
from tests.corner import MARK, OPENED
from tests.url_pages import all_pages
from tests.view_tests import (
    CreateViewTests,
    DeleteViewTests,
    DetailViewTests,
    EditViewTests,
    EndViewTests,
    HistoryViewTests,
    ListViewTests,
    TreeViewTests,
)

D = datetime.date
pytestmark = pytest.mark.django_db


# --- The network ---------------------------------------------------------------------------


class TestCountryPages(ListViewTests, DetailViewTests, HistoryViewTests):
    model = Country
    urls = "network:country"
    url_key = "iso2"
    csv_filter = "sort=-name"
    history_field = "capital"

    def target(self, corner):
        return corner.country

    def add_rows(self, corner, n):
        return corner.covered_countries(n)

    def add_detail_rows(self, corner, n):
        """People in post, sections of other departments, past coverage."""
        people = [corner.post(department=corner.department) for _ in range(n)]
        sections = [corner.new_section(corner.new_department(), corner.country) for _ in range(n)]
        for section in sections:
            corner.post(section=section)
        past = [corner.past_coverage(corner.country).department for _ in range(n)]
        return people + sections + past


class TestDepartmentPages(ListViewTests, DetailViewTests, HistoryViewTests):
    model = Department
    urls = "network:department"
    csv_filter = "sort=-city"
    history_field = "notes"

    def target(self, corner):
        return corner.department

    def add_rows(self, corner, n):
        """Departments, each covering its country, with a person in post and a vacancy."""
        departments = [corner.new_department() for _ in range(n)]
        for department in departments:
            factories.CoverageFactory(department=department, country=department.country, start_date=OPENED)
            corner.post(department=department)
            factories.PositionFactory(department=department, role=corner.role, start_date=OPENED)
        return departments

    def add_detail_rows(self, corner, n):
        """People in post (with a predecessor each) and countries covered."""
        people = [corner.post(department=corner.department, past=True) for _ in range(n)]
        return people + corner.covered_countries(n)


class TestSectionPages(ListViewTests, DetailViewTests, HistoryViewTests):
    model = Section
    urls = "network:section"
    csv_filter = "sort=-city"
    history_field = "city"

    def target(self, corner):
        return corner.section

    def add_rows(self, corner, n):
        sections = [corner.new_section(corner.department, corner.country) for _ in range(n)]
        for section in sections:
            corner.post(section=section)
        return sections

    def add_detail_rows(self, corner, n):
        return [corner.post(section=corner.section, past=True) for _ in range(n)]


class TestEmbassyPages(ListViewTests, DetailViewTests, HistoryViewTests):
    model = Embassy
    urls = "network:embassy"
    csv_filter = "sort=-city"
    history_field = "city"

    def target(self, corner):
        return corner.embassy

    def add_rows(self, corner, n):
        return [corner.new_department().embassy for _ in range(n)]

    def add_detail_rows(self, corner, n):
        """Departments the embassy had in the past, a month each."""
        departments = []
        for _ in range(n):
            start, end = corner.past_month()
            departments.append(
                factories.DepartmentFactory(
                    embassy=corner.embassy, supervising_unit=corner.unit, start_date=start, end_date=end
                )
            )
        return departments


class TestCentralUnitPages(TreeViewTests, DetailViewTests, HistoryViewTests):
    model = DirectorateUnit
    urls = "network:unit"
    history_field = "name_en"

    def target(self, corner):
        return corner.unit

    def add_rows(self, corner, n):
        """Units under the corner's, each with a person in post."""
        units = [
            factories.DirectorateUnitFactory(acronym=f"{MARK.upper()}{corner.number()}", parent=corner.unit)
            for _ in range(n)
        ]
        return units + [corner.post(central_unit=unit) for unit in units]

    def add_detail_rows(self, corner, n):
        """People in post (with a predecessor each), departments supervised, subunits."""
        people = [corner.post(central_unit=corner.unit, past=True) for _ in range(n)]
        supervised = [corner.new_department(supervising_unit=corner.unit) for _ in range(n)]
        subunits = [
            factories.DirectorateUnitFactory(acronym=f"{MARK.upper()}{corner.number()}", parent=corner.unit)
            for _ in range(n)
        ]
        return people + supervised + subunits


class TestCoveragePages(
    ListViewTests, HistoryViewTests, CreateViewTests, EditViewTests, EndViewTests, DeleteViewTests
):
    model = Coverage
    urls = "network:coverage"
    list_query = "status=all"
    csv_filter = "sort=-country"

    def target(self, corner):
        return corner.coverage

    def add_rows(self, corner, n):
        return corner.covered_countries(n)

    def change(self, corner, obj, n):
        for _ in range(n):
            obj.end_date = D(2030, 1, 1) + datetime.timedelta(days=corner.number())
            obj.save()
        return []  # dates: the entries are counted

    def create_data(self, corner):
        return {
            "department": corner.department.pk,
            "country": corner.new_country().pk,
            "start_date": "2024-01-01",
            "end_date": "",
        }

    def edit_changes(self, corner, obj):
        return {"start_date": "2001-01-01"}

    def end_changes(self, corner, obj):
        return {"end_date": "2030-06-30"}

    def deleted_url(self, obj):
        return obj.country.get_absolute_url()

    def button_pages(self, corner, obj):
        """Coverage has no page of its own: it is on its country's page and the list."""
        actions = ["add", "edit", "end", "delete"]
        return {self.read_url("list", None, f"q={MARK}"): actions, obj.country.get_absolute_url(): actions}


# --- People, positions and postings --------------------------------------------------------


class TestPersonPages(
    ListViewTests,
    DetailViewTests,
    HistoryViewTests,
    CreateViewTests,
    EditViewTests,
    DeleteViewTests,
):
    model = Person
    urls = "postings:person"
    query_roles = ("staff", "administrator")  # administrators see need-to-know columns and fields
    csv_filter = "in_post=abroad&sort=-name"
    history_field = "specialties"

    def target(self, corner):
        return corner.held.person

    def add_rows(self, corner, n):
        return corner.add_people(n)

    def add_detail_rows(self, corner, n):
        """Past postings, one after another."""
        postings = corner.ended_postings(n, person=self.target(corner))
        return [posting.position for posting in postings]

    def create_data(self, corner):
        return {
            "last_name": f"{MARK}nouveau",
            "first_name": "Léa",
            "force": Force.POLICE,
            "rank": corner.rank.pk,
            "service_number": "QZX-77",
            "email": "lea.qzxnouveau@interieur.gouv.fr",
            "personal_phone": "+33 6 11 22 33 44",
            "languages": "English, Arabic",
        }

    def edit_changes(self, corner, obj):
        return {"languages": "Russian", "specialties": "Cybercrime"}

    def deletable(self, corner):
        """A person never posted (one with postings is kept: test_postings_editing)."""
        return factories.PersonFactory(last_name=f"{MARK}leaving", force=Force.POLICE, rank=corner.rank)


class TestPositionPages(
    ListViewTests,
    DetailViewTests,
    HistoryViewTests,
    CreateViewTests,
    EditViewTests,
    DeleteViewTests,
):
    model = Position
    urls = "postings:position"
    csv_filter = "vacant=no&sort=unit"
    history_field = "title"

    def target(self, corner):
        return corner.held.position

    def add_rows(self, corner, n):
        return [person.position_title for person in corner.add_people(n)]

    def add_detail_rows(self, corner, n):
        """Past holders, one after another."""
        return [posting.person for posting in corner.ended_postings(n, position=self.target(corner))]

    def create_data(self, corner):
        return {
            "role": corner.role.pk,
            "title": f"{MARK} new post",
            "department": corner.department.pk,
            "required_force": "either",
            "theme": "drugs",
            "cooperation_kind": "operational",
            "serving_body": "dci",
            "start_date": "2021-01-01",
        }

    def edit_changes(self, corner, obj):
        return {"title": f"{MARK} retitled", "theme": "terrorism"}

    def deletable(self, corner):
        """A position never held (postings protect the others)."""
        return corner.new_position("department", f"{MARK} closing post")


class TestVacancyPages(ListViewTests):
    model = Position
    urls = "postings:vacancy"
    csv_filter = "sort=-position"

    def add_rows(self, corner, n):
        return [corner.new_position("department", f"{MARK}vacancy{corner.number():03d}") for _ in range(n)]


class TestPostingPages(
    ListViewTests,
    DetailViewTests,
    HistoryViewTests,
    CreateViewTests,
    EditViewTests,
    EndViewTests,
    DeleteViewTests,
):
    model = Posting
    urls = "postings:posting"
    csv_filter = "ending_before=2021-09-01"

    def target(self, corner):
        return corner.held

    def add_rows(self, corner, n):
        return [person for person in corner.add_people(n) if person.kind != "none"]

    def add_detail_rows(self, corner, n):
        """The page shows one posting: more people elsewhere must cost nothing."""
        corner.add_people(n)
        return []

    def change(self, corner, obj, n):
        for _ in range(n):
            obj.expected_end_date = D(2023, 1, 1) + datetime.timedelta(days=corner.number())
            obj.save()
        return []  # dates: the entries are counted

    def create_data(self, corner):
        person = factories.PersonFactory(last_name=f"{MARK}newcomer", force=Force.GENDARMERIE, rank=None)
        position = corner.new_position("department", f"{MARK} open post")
        return {
            "person": person.pk,
            "position": position.pk,
            "start_date": "2021-09-01",
            "expected_end_date": "2023-08-31",
        }

    def edit_changes(self, corner, obj):
        return {"expected_end_date": "2023-06-30"}

    def end_changes(self, corner, obj):
        return {"end_date": "2021-06-30", "end_reason": Posting.EndReason.CURTAILED}


class TestRotationPlanPages(ListViewTests):
    model = Posting
    url_names = {"list": "postings:rotation_plan"}
    csv_filter = "months=3"

    def add_rows(self, corner, n):
        return [person for person in corner.add_people(n) if person.tour_end]


# --- Every page is declared --------------------------------------------------------------

# Pages whose tests are not generated here, and where they are.
TESTED_ELSEWHERE = {
    "dashboard": "test_search_dashboard.py",
    "search": "test_search_dashboard.py",
    "reports:index": "test_access_matrix.py (a redirect to the coverage report)",
    "reports:coverage": "test_coverage_report.py",
    "reports:coverage_csv": "test_coverage_report.py, test_exports.py",
    "reports:coverage_xlsx": "test_coverage_report.py, test_exports.py",
    "reports:coverage_json": "test_coverage_report.py",
    "reports:coverage_map": "test_coverage_report.py",
    "reports:rotation": "test_coverage_report.py",
    "imports:template": "test_import_export.py",
    "login": "test_security_settings.py, the browser journeys",
    "logout": "test_security_settings.py",
    "set_language": "test_translations.py",
    "healthz": "test_security_settings.py, test_database_outage.py",
    "password_change": "test_private_pages_and_sessions.py",
    # Background jobs: each user's own (404 for others), tested with a real worker.
    "jobs:list": "test_jobs.py",
    "jobs:detail": "test_jobs.py",
    "jobs:status": "test_jobs.py",
    "jobs:result": "test_jobs.py",
    "jobs:export": "test_jobs.py",
}
# Endpoints that are not HTML pages, tested with their own walkers (role matrix, need-to-know,
# query counts at 10 and 500 rows, schema): the API and the briefs' PDF and vCards.
TESTED_ELSEWHERE |= dict.fromkeys(
    (
        *(
            f"api:{kind}_{view}"
            for kind in (
                "central_units",
                "countries",
                "coverages",
                "departments",
                "embassies",
                "people",
                "positions",
                "postings",
                "regions",
                "sections",
            )
            for view in ("list", "detail")
        ),
        "api:coverage_report",
        "api:docs",
        "api:schema",
        "api:tokens",
    ),
    "test_api.py (every endpoint for every group)",
)
TESTED_ELSEWHERE |= dict.fromkeys(
    (
        "briefs:country_brief",
        "briefs:country_brief_pdf",
        "briefs:country_team_vcf",
        "briefs:department_brief",
        "briefs:department_brief_pdf",
        "briefs:department_team_vcf",
        "briefs:person_vcard",
    ),
    "test_briefs.py, test_contacts.py, tests/browser/test_briefs.py",
)
# Posting rounds: a workflow (draft → open → closed → decided) whose pages act on the round's
# state; tested page by page with the role matrix, query counts and the journey in the browser.
TESTED_ELSEWHERE |= {
    f"rounds:{name}": "test_rounds_pages.py, test_rounds.py, tests/browser/test_rounds_journey.py"
    for name in (
        "my_applications",
        "notice_apply",
        "notice_candidates",
        "notice_decide",
        "notice_delete",
        "notice_detail",
        "notice_edit",
        "notice_history",
        "notice_withdraw",
        "round_add",
        "round_detail",
        "round_edit",
        "round_export",
        "round_history",
        "round_list",
        "round_move",
        "round_proposals",
    )
}
# The network's guided changes (closing, reopening, moving, opening): their forms touch
# several records at once and are tested case by case, with the role matrix.
TESTED_ELSEWHERE |= {
    f"network:{name}": "test_network_editing.py, tests/browser/test_network_editing.py"
    for name in (
        "department_add",
        "department_close",
        "department_edit",
        "department_reopen",
        "embassy_add",
        "embassy_close",
        "embassy_edit",
        "section_add",
        "section_close",
        "section_edit",
        "unit_add",
        "unit_close",
        "unit_edit",
        "unit_move",
    )
}
# The typeahead choosers answer JSON to the form fields; they are walked endpoint by
# endpoint (login, permission, bounded answers, need-to-know, query counts). The page of
# recent changes is tested with the wording of its history rows.
TESTED_ELSEWHERE |= dict.fromkeys(
    (
        "network:country_choices",
        "network:department_choices",
        "network:section_choices",
        "network:unit_choices",
        "postings:person_choices",
        "postings:position_choices",
    ),
    "test_typeahead.py",
)
TESTED_ELSEWHERE["recent_changes"] = "test_history_wording.py"
PAGE_CLASSES = [
    cls for cls in list(globals().values()) if isinstance(cls, type) and cls.__name__.startswith("Test")
]
DECLARED = set().union(*(cls.declared_pages() for cls in PAGE_CLASSES))


def pages_without_view_tests(urlconf=None):
    routed = {page.name for page in all_pages(urlconf) if page.name and not page.is_admin}
    return routed - DECLARED - set(TESTED_ELSEWHERE)


def test_every_page_has_view_tests():
    """Every routed, named page outside the admin is declared by a class above or listed
    in TESTED_ELSEWHERE (with no stale entry either way)."""
    routed = {page.name for page in all_pages() if page.name and not page.is_admin}
    assert DECLARED - routed == set(), "declared but not routed"
    assert set(TESTED_ELSEWHERE) - routed == set(), "listed in TESTED_ELSEWHERE but not routed"
    assert DECLARED & set(TESTED_ELSEWHERE) == set(), "declared here and listed as tested elsewhere"
    missing = pages_without_view_tests()
    assert missing == set(), (
        f"pages without view tests: declare them in tests/test_pages.py: {sorted(missing)}"
    )


class ThrowawayUrls:
    urlpatterns = [
        path("", include("dci_portal.urls")),
        path("throwaway/", TemplateView.as_view(template_name="base.html"), name="throwaway"),
    ]


def test_a_new_page_without_view_tests_is_found():
    assert pages_without_view_tests(ThrowawayUrls) == {"throwaway"}
