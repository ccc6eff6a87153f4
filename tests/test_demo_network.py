"""The demo network (loaded once per session by conftest) and the scale generator."""

import datetime
import io
import re

import pycountry
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Q

from demo import checks, scale
from demo.users import DEMO_PASSWORD, DEMO_USERS
from network import selectors as network
from network.figures import SECTIONS_OPEN
from network.models import Country, Coverage, Department, DirectorateUnit, Section
from postings import figures
from postings.models import Force, Person, Position, Posting, Rank, Role
from postings.selectors import people_in_post_q
from tests.figures import network_figures

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
D = datetime.date
DEMO_MODELS = [
    "network.Region",
    "network.Country",
    "network.Embassy",
    "network.DirectorateUnit",
    "network.Department",
    "network.Section",
    "network.Coverage",
    "postings.Role",
    "postings.Rank",
    "postings.Person",
    "postings.Position",
    "postings.Posting",
    "rounds.Round",
    "rounds.VacancyNotice",
    "rounds.Application",
    "rounds.Decision",
    "rounds.Account",
    "rounds.OutgoingMail",
]


def covering_city(iso2, day=TODAY):
    coverage = network.coverage_of_country_on(Country.objects.get(iso2=iso2), day)
    return coverage.department.embassy.city if coverage else None


# --- the dashboard's figures -------------------------------------------------------


def test_dashboard_figures_are_those_of_the_directorate():
    figures = network_figures(TODAY)
    assert figures["departments_open"] == 76
    assert figures["embassies_with_department"] == 76
    assert figures["countries_covered"] == 157
    assert figures["people_in_post_abroad"] == 300
    assert figures["vacancies_abroad"] > 0
    assert figures["sections_open"] > 0
    assert figures["people_in_post_in_france"] > 0


def test_load_prints_its_figures_computed_from_the_database():
    out = io.StringIO()
    call_command("load_demo_network", force=True, stdout=out)
    text = out.getvalue()
    assert re.search(r"departments open\s+76\b", text)
    assert re.search(r"countries covered\s+157\b", text)
    assert re.search(r"people in post abroad\s+300\b", text)
    assert "demo-admin" in text and DEMO_PASSWORD in text


# --- geography ---------------------------------------------------------------------


def test_every_iso_country_is_in_the_register_with_its_codes():
    expected = {(c.alpha_2, c.alpha_3, c.numeric) for c in pycountry.countries}
    assert set(Country.objects.values_list("iso2", "iso3", "iso_numeric")) == expected
    assert not Country.objects.filter(Q(name_fr="") | Q(name_en="")).exists()


@pytest.mark.parametrize(
    "iso2, name_en, name_fr, capital",
    [
        ("RU", "Russia", "Russie", "Moscow"),
        ("BO", "Bolivia", "Bolivie", "Sucre"),
        ("IR", "Iran", "Iran", "Tehran"),
        ("DE", "Germany", "Allemagne", "Berlin"),
        ("NP", "Nepal", "Népal", "Kathmandu"),
        ("KR", "South Korea", "Corée du Sud", "Seoul"),
    ],
)
def test_countries_have_short_names_in_both_languages_and_capitals(iso2, name_en, name_fr, capital):
    country = Country.objects.get(iso2=iso2)
    assert (country.name_en, country.name_fr, country.capital) == (name_en, name_fr, capital)


def test_embassies_are_in_the_cities_of_france_s_embassies():
    assert Department.objects.active_on(TODAY).filter(embassy__city="Tel Aviv").exists()
    assert Department.objects.active_on(TODAY).filter(embassy__city="Abidjan").exists()


# --- coverage ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "city, countries",
    [
        ("New Delhi", ["IN", "NP", "LK", "MV", "BD"]),
        ("Madrid", ["ES", "AD"]),
        ("Belgrade", ["RS", "ME"]),
        ("Vilnius", ["LT", "LV", "EE"]),
        ("Zagreb", ["HR"]),
    ],
)
def test_regional_coverage_today(city, countries):
    assert {iso2: covering_city(iso2) for iso2 in countries} == dict.fromkeys(countries, city)


def test_riga_department_existed_from_1992_to_2015():
    riga = Department.objects.get(embassy__city="Riga")
    assert (riga.start_date.year, riga.end_date.year) == (1992, 2015)
    assert not riga.is_active_on(TODAY)
    assert covering_city("LV", D(2010, 1, 1)) == "Riga"
    assert covering_city("LV", D(2018, 6, 1)) not in (None, "Riga", "Vilnius")  # covered by others between
    vilnius = Department.objects.get(embassy__city="Vilnius")
    assert vilnius.start_date.year == 2022


@pytest.mark.parametrize(
    "iso2, before, day, now",
    [
        ("LY", "Tunis", D(2016, 1, 1), "Tripoli"),
        ("MD", "Kyiv", D(2020, 1, 1), "Bucharest"),
        ("AF", "Kabul", D(2019, 1, 1), "Islamabad"),
        ("VE", "Caracas", D(2015, 1, 1), "Bogotá"),
        ("SY", "Damascus", D(2010, 1, 1), "Beirut"),
    ],
)
def test_coverage_moved_between_departments(iso2, before, day, now):
    assert covering_city(iso2, day) == before
    assert covering_city(iso2) == now


def test_some_departments_closed_and_one_reopened():
    closed = Department.objects.filter(end_date__lt=TODAY)
    assert closed.count() >= 3
    tripoli = Department.objects.filter(embassy__city="Tripoli").order_by("start_date")
    assert len(tripoli) == 2 and tripoli[0].end_date < tripoli[1].start_date and tripoli[1].end_date is None


def test_sections_are_attached_to_departments_some_where_no_department_is():
    sections = SECTIONS_OPEN.rows(TODAY).select_related("country")
    hosts = set(network.departments_open_on(TODAY).values_list("embassy__country__iso2", flat=True))
    assert any(section.country.iso2 not in hosts for section in sections)
    kathmandu = Section.objects.get(city="Kathmandu")
    assert kathmandu.department.embassy.city == "New Delhi"
    assert Section.objects.filter(end_date__lt=TODAY).exists()


def test_zagreb_hosts_a_regional_isa_for_the_western_balkans():
    position = Position.objects.get(department__embassy__city="Zagreb", role__code="regional-isa")
    assert "Western Balkans" in position.title
    assert Posting.objects.active_on(TODAY).filter(position=position).exists()


# --- organisation --------------------------------------------------------------------


def test_central_entity_is_a_tree_with_a_watch_centre():
    root = DirectorateUnit.objects.get(parent__isnull=True)
    assert root.kind == DirectorateUnit.Kind.DIRECTORATE
    sub_directorates = root.children.filter(kind=DirectorateUnit.Kind.SUB_DIRECTORATE)
    assert sub_directorates.count() >= 4
    assert all(sd.children.filter(kind=DirectorateUnit.Kind.BUREAU).exists() for sd in sub_directorates)
    assert root.children.filter(kind=DirectorateUnit.Kind.WATCH_CENTRE).exists()
    assert Department.objects.filter(supervising_unit__kind=DirectorateUnit.Kind.BUREAU).count() == (
        Department.objects.count()
    )


def test_roles_are_data_in_both_languages():
    roles = {role.code: role for role in Role.objects.all()}
    assert roles["isa"].heads_department and roles["isa"].name_fr == "Attaché de sécurité intérieure"
    assert roles["deputy-isa"].name_fr == "ASI adjoint"
    assert roles["regional-isa"].name_fr == "ASI régional"
    assert roles["volunteer"].tour_months == 24
    assert not roles["director"].abroad
    assert sum(role.heads_department for role in roles.values()) == 1


def test_ranks_of_both_forces_compare_by_seniority():
    rank = {(r.force, r.name_fr): r.seniority for r in Rank.objects.all()}
    assert rank[(Force.GENDARMERIE, "Colonel")] > rank[(Force.POLICE, "Commandant")]
    assert rank[(Force.POLICE, "Commissaire divisionnaire")] > rank[(Force.GENDARMERIE, "Capitaine")]
    assert rank[(Force.POLICE, "Gardien de la paix")] < rank[(Force.GENDARMERIE, "Adjudant")]


def test_every_open_department_has_an_isa_in_post():
    isa_held = Posting.objects.active_on(TODAY).filter(position__role__heads_department=True)
    headed = set(isa_held.values_list("position__department", flat=True))
    assert headed == set(network.departments_open_on(TODAY).values_list("pk", flat=True))


# --- people and postings -------------------------------------------------------------


def test_people_abroad_come_from_both_forces_and_a_few_civilians():
    abroad = Person.objects.filter(people_in_post_q(TODAY, "abroad"))
    police = abroad.filter(force=Force.POLICE).count()
    gendarmes = abroad.filter(force=Force.GENDARMERIE).count()
    civilians = abroad.filter(force=Force.CIVILIAN).count()
    assert 0.4 < police / (police + gendarmes) < 0.6
    assert 0 < civilians < police / 2
    assert not abroad.filter(pk__in=Person.objects.filter(people_in_post_q(TODAY, "central"))).exists()
    assert not abroad.filter(force__in=[Force.POLICE, Force.GENDARMERIE], rank__isnull=True).exists()


def test_people_have_professional_contacts_and_some_sensitive_data():
    people = Person.objects.all()
    pattern = re.compile(r"^[a-z-]+\.[a-z-]+@(gendarmerie\.)?interieur\.gouv\.fr$")
    assert all(pattern.match(email) for email in people.values_list("email", flat=True))
    assert people.exclude(personal_phone="").exists() and people.filter(personal_phone="").exists()
    assert not people.filter(Q(languages="") | Q(specialties="") | Q(phone="")).exists()


def test_several_years_of_history_with_rotation():
    ended = Posting.objects.filter(end_date__lt=TODAY)
    assert ended.filter(start_date__lte=TODAY - datetime.timedelta(days=8 * 365)).exists()
    reasons = set(ended.values_list("end_reason", flat=True))
    assert {
        Posting.EndReason.COMPLETED,
        Posting.EndReason.CURTAILED,
        Posting.EndReason.TRANSFERRED,
    } <= reasons
    rotated = Person.objects.filter(postings__end_date__lt=TODAY).filter(
        pk__in=Person.objects.filter(people_in_post_q(TODAY, "abroad"))
    )
    assert rotated.distinct().count() > 30
    # Someone who left a department abroad now works in France, and vice versa.
    assert (
        Person.objects.filter(people_in_post_q(TODAY, "central"))
        .filter(postings__position__department__isnull=False, postings__end_date__lt=TODAY)
        .exists()
    )
    assert Posting.objects.ending_within(TODAY, 6).count() > 10


def test_vacancies_include_positions_never_filled_and_positions_left_empty():
    vacant = figures.VACANCIES_ABROAD.rows(TODAY)
    assert vacant.filter(postings__isnull=False).exists()
    assert vacant.filter(postings__isnull=True).exists()


# --- invariants ------------------------------------------------------------------------


def test_every_model_rule_holds_on_all_the_data():
    assert checks.violations() == {}


def test_records_pass_full_clean():
    """The model's own validation, on every dated network record and a sample of the rest."""
    for model in (Department, Coverage, Section):
        for record in model.objects.all():
            record.full_clean()
    for queryset in (
        Person.objects.order_by("pk"),
        Position.objects.order_by("pk"),
        Posting.objects.order_by("pk"),
    ):
        for record in queryset[::10]:
            record.full_clean()


def test_checks_find_a_broken_rule():
    """The checks are not vacuous: a rule no database constraint guards, broken behind the models' back."""
    gendarme_rank = Rank.objects.filter(force=Force.GENDARMERIE).first()
    Person.objects.filter(pk=Person.objects.filter(force=Force.POLICE).order_by("pk")[0].pk).update(
        rank=gendarme_rank
    )
    assert checks.violations() == {"rank of another force": 1}


# --- idempotence, history, safety ------------------------------------------------------


def counts():
    numbers = {}
    for label in DEMO_MODELS:
        model = apps.get_model(label)
        numbers[label] = model.objects.count()
        numbers[f"{label} history"] = model.history.count()
    numbers["users"] = get_user_model().objects.count()
    return numbers


def test_second_run_changes_nothing():
    before = counts()
    snapshot = list(Posting.objects.order_by("pk").values_list("pk", "person_id", "start_date", "end_date"))
    out = io.StringIO()
    call_command("load_demo_network", force=True, stdout=out)
    assert counts() == before
    assert (
        list(Posting.objects.order_by("pk").values_list("pk", "person_id", "start_date", "end_date"))
        == snapshot
    )
    assert "written: nothing" in out.getvalue()


def test_every_record_has_its_history_from_the_command():
    for label in DEMO_MODELS:
        model = apps.get_model(label)
        history = model.history.filter(history_change_reason="load_demo_network", history_type="+")
        assert history.values("id").distinct().count() == model.objects.count(), label


def test_run_on_another_day_moves_the_dates_and_keeps_the_figures():
    later = TODAY + datetime.timedelta(days=45)
    call_command("load_demo_network", force=True, date=later, verbosity=0)
    figures = network_figures(later)
    assert (figures["departments_open"], figures["countries_covered"], figures["people_in_post_abroad"]) == (
        76,
        157,
        300,
    )
    assert checks.violations() == {}


@pytest.mark.parametrize("command", ["load_demo_network", "generate_scale_network"])
def test_refuses_without_force_when_debug_is_off(settings, command):
    settings.DEBUG = False
    before = Posting.objects.count()
    with pytest.raises(CommandError, match="--force"):
        call_command(command, verbosity=0)
    assert Posting.objects.count() == before


def test_demo_logins_one_per_group():
    User = get_user_model()
    for username, (group, _first, _last) in DEMO_USERS.items():
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert user.check_password(DEMO_PASSWORD)
        assert user.is_staff == (username == "demo-admin")


# --- the posting rounds ------------------------------------------------------------------


def test_an_open_round_with_notices_and_applications_from_eligible_staff():
    from rounds.eligibility import eligibility_problems
    from rounds.models import Application, Round

    open_round = Round.objects.get(state=Round.State.OPEN)
    assert open_round.applications_open <= TODAY <= open_round.applications_close
    notices = list(open_round.notices.select_related("position", "round"))
    assert len(notices) >= 5 and {n.reason for n in notices} >= {"tour_ending", "vacant"}
    applications = list(
        Application.objects.filter(round=open_round).select_related("person__rank", "notice__round")
    )
    assert len(applications) >= len(notices)
    for application in applications:
        assert eligibility_problems(application.person, application.notice, day=TODAY) == []
    per_person = {}
    for application in applications:
        per_person.setdefault(application.person_id, []).append(application.preference)
    for preferences in per_person.values():
        assert sorted(preferences) == list(range(1, len(preferences) + 1))
        assert len(preferences) <= open_round.max_applications


def test_last_year_s_round_was_decided_for_postings_that_have_begun():
    from rounds.models import Decision, Round

    archived = Round.objects.get(state=Round.State.ARCHIVED)
    decisions = list(Decision.objects.filter(round=archived).select_related("posting", "notice"))
    assert decisions
    for decision in decisions:
        assert decision.posting.position_id == decision.notice.position_id
        assert archived.postings_start <= decision.posting.start_date <= min(archived.postings_end, TODAY)
        assert decision.person_id == decision.posting.person_id


def test_the_demo_logins_are_linked_to_demo_people():
    from rounds.models import Account, Application, Round

    accounts = {a.user.username: a for a in Account.objects.select_related("user", "person")}
    assert set(DEMO_USERS) <= set(accounts)
    assert len({accounts[name].person_id for name in DEMO_USERS}) == len(DEMO_USERS)
    staff = accounts["demo-staff"].person
    assert Application.objects.filter(person=staff, round__state=Round.State.OPEN).exists(), (
        "the staff login sees its own applications"
    )


# --- the scale generator ---------------------------------------------------------------


def scale_rows():
    scale_postings, _positions, _people = scale.scale_data()
    return list(
        scale_postings.order_by("person__service_number", "start_date").values_list(
            "person__service_number", "position__title", "start_date", "end_date"
        )
    )


def test_scale_generator_multiplies_people_and_history_validly():
    base = Person.objects.filter(people_in_post_q(TODAY, "abroad")).count()
    demo_postings = Posting.objects.count()
    call_command("generate_scale_network", factor=2, force=True, verbosity=0)
    scale_postings, positions, people = scale.scale_data()
    assert people.count() == positions.count() == 2 * base
    assert 5 * people.count() < scale_postings.count() < 8 * people.count()
    assert Posting.objects.count() == demo_postings + scale_postings.count()
    assert checks.violations() == {}
    # Most scale people are in post today, all abroad; the demo's figures of geography stay.
    figures = network_figures(TODAY)
    assert figures["people_in_post_abroad"] > base + people.count() // 2
    assert figures["departments_open"] == 76
    # Deterministic, and a second run replaces the first.
    first = scale_rows()
    call_command("generate_scale_network", factor=2, force=True, verbosity=0)
    assert scale_rows() == first
