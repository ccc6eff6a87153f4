"""The Django admin of the portal, tested from the admin registry: every portal model's
changelist, add and change pages answer 200 for an administrator with a query count
that does not grow with the rows; search, list filters, the "end postings" action,
overlap checks between inline rows, and sensitive personnel data.

Each test builds its own small network (a "bundle" of one record per model, all
related) with plain ORM and service calls, on top of the demo network.
"""

import datetime
import itertools
import string

import pycountry
import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from base.groups import EDITORS, portal_apps
from base.services import save_validated
from network.models import (
    Country,
    Coverage,
    Department,
    DirectorateUnit,
    Embassy,
    Region,
    Section,
    UnitPlacement,
)
from network.services import coverage_start, unit_move
from postings.models import Force, Person, Position, Posting, Rank, Role
from postings.services import posting_open

TODAY = datetime.date.today()
PORTAL_APPS = [config.label for config in portal_apps()]

PORTAL_ADMINS = sorted(
    (
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in PORTAL_APPS
    ),
    key=lambda item: item[0]._meta.label,
)
PORTAL_MODELS = [model for model, _ in PORTAL_ADMINS]


def model_id(model):
    return model._meta.label_lower


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_portal_model_is_in_the_admin():
    from django.apps import apps

    for app_label in PORTAL_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if not model._meta.label.split(".")[1].startswith("Historical"):
                assert model in admin.site._registry, model


# --- Data ------------------------------------------------------------------------------


def _unassigned_codes(width):
    """Letter codes that no real country (nor Kosovo's XK/XKX) uses: never in the demo."""
    taken = {getattr(c, f"alpha_{width}") for c in pycountry.countries} | {"XK", "XKX"}
    return [
        code
        for code in map("".join, itertools.product(string.ascii_uppercase, repeat=width))
        if code not in taken
    ]


FREE_ISO2, FREE_ISO3 = _unassigned_codes(2), _unassigned_codes(3)


class NetworkBuilder:
    """Builds bundles: one record of every portal model, all related to each other."""

    def __init__(self):
        self.countries = itertools.count()
        self.bundles = []

    def country(self, region, label):
        n = next(self.countries)
        return save_validated(
            Country(
                iso2=FREE_ISO2[n],
                iso3=FREE_ISO3[n],
                name_en=f"Admintestland {label}",
                name_fr=f"Terre-admin {label}",
                capital=f"Capital {label}",
                region=region,
            )
        )

    def bundle(self):
        n = len(self.bundles)
        region = save_validated(
            Region(code=f"admin-test-{n}", name_en=f"Admin region {n}", name_fr=f"Région admin {n}", order=90)
        )
        country = self.country(region, n)
        embassy = save_validated(Embassy(country=country, city=f"Admincity{n}"))
        parent = save_validated(
            DirectorateUnit(
                acronym=f"ADMP{n}",
                name_en=f"Admin sub-directorate {n}",
                name_fr=f"Sous-direction admin {n}",
                kind=DirectorateUnit.Kind.SUB_DIRECTORATE,
            )
        )
        unit = save_validated(
            DirectorateUnit(
                acronym=f"ADMU{n}",
                name_en=f"Admin bureau {n}",
                name_fr=f"Bureau admin {n}",
                kind=DirectorateUnit.Kind.BUREAU,
                parent=parent,
            )
        )
        moved = save_validated(
            DirectorateUnit(
                acronym=f"ADMM{n}",
                name_en=f"Admin mission {n}",
                name_fr=f"Mission admin {n}",
                kind=DirectorateUnit.Kind.MISSION,
                parent=parent,
            )
        )
        unit_move(unit=moved, parent=None, day=datetime.date(2020, 1, 1))
        department = save_validated(
            Department(embassy=embassy, supervising_unit=unit, start_date=datetime.date(2000, 1, 1))
        )
        section = save_validated(
            Section(
                department=department,
                country=country,
                city=f"Adminsection{n}",
                start_date=datetime.date(2005, 1, 1),
            )
        )
        coverage = coverage_start(
            department=department, country=country, start_date=datetime.date(2000, 1, 1)
        )
        rank = save_validated(
            Rank(
                force=Force.POLICE,
                name_en=f"Admin rank {n}",
                name_fr=f"Grade admin {n}",
                abbreviation=f"AR{n}",
                seniority=5,
            )
        )
        role = save_validated(
            Role(code=f"admin-role-{n}", name_en=f"Admin role {n}", name_fr=f"Rôle admin {n}", order=90)
        )
        # Positions in each kind of unit, in turn.
        units = {"department": department, "section": section, "central_unit": unit}
        unit_field = list(units)[n % 3]
        position = save_validated(
            Position(
                role=role,
                title=f"Adminpost {n}",
                start_date=datetime.date(2010, 1, 1),
                **{unit_field: units[unit_field]},
            )
        )
        person = save_validated(
            Person(
                service_number=f"ADMSN{n:05d}",
                last_name=f"Adminperson{n}",
                first_name="Camille",
                force=Force.POLICE,
                rank=rank,
                email=f"admin{n}@interieur.example",
            )
        )
        posting = posting_open(person=person, position=position, start_date=datetime.date(2020, 1, 1))
        bundle = {
            Region: region,
            Country: country,
            Embassy: embassy,
            DirectorateUnit: unit,
            Department: department,
            Section: section,
            Coverage: coverage,
            Rank: rank,
            Role: role,
            Position: position,
            Person: person,
            Posting: posting,
            UnitPlacement: moved.placements.get(),
            **self.round_records(n, position, person, posting),
        }
        self.bundles.append(bundle)
        return bundle

    def round_records(self, n, position, person, posting):
        """A decided posting round (its records, as the admin sees them), on a position and
        person of its own, so that the bundle's records stay free to change or delete."""
        from django.contrib.auth import get_user_model

        from rounds.models import Account, Application, Decision, OutgoingMail, Round, VacancyNotice

        unit = {name: getattr(position, name) for name in ("department", "section", "central_unit")}
        position = save_validated(
            Position(
                role=position.role, title=f"Admin round post {n}", start_date=position.start_date, **unit
            )
        )
        person = save_validated(
            Person(
                service_number=f"ADMRN{n:05d}",
                last_name=f"Admincandidate{n}",
                first_name="Claude",
                force=Force.POLICE,
                rank=person.rank,
            )
        )
        posting = save_validated(  # over before the bundle's own postings: no figure of today changes
            Posting(
                person=person,
                position=position,
                start_date=datetime.date(2019, 9, 1),
                expected_end_date=datetime.date(2019, 12, 31),
                end_date=datetime.date(2019, 12, 31),
                end_reason=Posting.EndReason.COMPLETED,
            )
        )

        round = save_validated(
            Round(
                name=f"Admin round {n}",
                applications_open=datetime.date(2019, 6, 1),
                applications_close=datetime.date(2019, 7, 1),
                postings_start=datetime.date(2019, 9, 1),
                postings_end=datetime.date(2020, 6, 30),
                state=Round.State.ARCHIVED,
            )
        )
        notice = save_validated(
            VacancyNotice(
                round=round,
                position=position,
                reason=VacancyNotice.Reason.VACANT,
                available_from=datetime.date(2020, 1, 1),
            )
        )
        application = save_validated(
            Application(
                round=round,
                notice=notice,
                person=person,
                preference=1,
                motivation="Admin test",
                available_from=datetime.date(2020, 1, 1),
                shortlisted=True,
                committee_rank=1,
            )
        )
        decision = save_validated(
            Decision(
                round=round,
                notice=notice,
                application=application,
                person=person,
                posting=posting,
                grounds="Test",
            )
        )
        user = get_user_model().objects.create_user(username=f"admin-bundle-{n}", password="x" * 20)
        account = save_validated(Account(user=user, person=person))
        mail = save_validated(
            OutgoingMail(
                event=OutgoingMail.Event.ROUND_OPENED,
                round=round,
                to=f"admin{n}@interieur.example",
                language="en",
                subject=f"Admin round {n}",
                body="Open.",
            )
        )
        return {
            Round: round,
            VacancyNotice: notice,
            Application: application,
            Decision: decision,
            Account: account,
            OutgoingMail: mail,
        }

    def enrich(self, bundle, rows):
        """Give every record of `bundle` more rows in each of its admin inlines: `rows`
        is a range of row numbers, new on each call (they set names and dates)."""
        n = self.bundles.index(bundle)
        embassy, unit, department = bundle[Embassy], bundle[DirectorateUnit], bundle[Department]
        for j in rows:
            start = datetime.date(1980 + 2 * j, 1, 1)
            old = save_validated(
                Department(
                    embassy=embassy,
                    supervising_unit=unit,
                    start_date=start,
                    end_date=start.replace(month=12, day=31),
                )
            )
            coverage_start(
                department=old, country=bundle[Country], start_date=old.start_date, end_date=old.end_date
            )
            coverage_start(
                department=department,
                country=self.country(bundle[Region], f"{n}-{j}"),
                start_date=department.start_date,
            )
            save_validated(
                Section(
                    department=department,
                    country=bundle[Country],
                    city=f"Extra section {n}-{j}",
                    start_date=department.start_date,
                )
            )
        positions = {}
        for field, parent in (
            ("department", department),
            ("section", bundle[Section]),
            ("central_unit", unit),
        ):
            positions[field] = {
                j: save_validated(
                    Position(
                        role=bundle[Role],
                        title=f"Extra {field} {n}-{j}",
                        start_date=datetime.date(2010, 1, 1),
                        **{field: parent},
                    )
                )
                for j in rows
            }
        for j in rows:
            start, end = datetime.date(2010 + 2 * j, 1, 1), datetime.date(2011 + 2 * j, 12, 31)
            earlier = save_validated(
                Person(
                    service_number=f"ADMSN{n:03d}X{j}",
                    last_name=f"Adminformer{n}x{j}",
                    first_name="Dominique",
                    force=Force.POLICE,
                    rank=bundle[Rank],
                )
            )
            # An earlier holder of the bundle's position; an earlier posting of its person.
            for person, position in (
                (earlier, bundle[Position]),
                (bundle[Person], positions["department"][j]),
            ):
                save_validated(
                    Posting(
                        person=person,
                        position=position,
                        start_date=start,
                        expected_end_date=end,
                        end_date=end,
                        end_reason=Posting.EndReason.COMPLETED,
                    )
                )


@pytest.fixture
def builder(db):
    return NetworkBuilder()


@pytest.fixture
def admin_client(client, users):
    client.force_login(users["administrator"])
    return client


@pytest.fixture
def restricted_user(db, django_user_model):
    """A staff user who may use the admin and edit people, without the sensitive permission."""
    user = django_user_model.objects.create_user(username="test-admin-editor", password="x" * 16)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=EDITORS))
    assert not user.has_perm("postings.view_sensitive_personnel")
    return user


def count_queries(client, url):
    """Queries of one GET of `url`, after a first GET that warms the caches."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response


# --- Every page, from the registry ------------------------------------------------------


@pytest.mark.parametrize("model", PORTAL_MODELS, ids=model_id)
def test_changelist_add_and_change_pages_answer(admin_client, builder, model):
    bundle = builder.bundle()
    assert model in bundle, f"add {model.__name__} to NetworkBuilder.bundle"
    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", bundle[model].pk),
        admin_url(model, "history", bundle[model].pk),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("model", PORTAL_MODELS, ids=model_id)
def test_changelist_query_count_does_not_grow_with_rows(admin_client, builder, model):
    rows = [builder.bundle()[model] for _ in range(2)]
    url = admin_url(model, "changelist") + "?id__in=" + ",".join(str(row.pk) for row in rows)
    few, response = count_queries(admin_client, url)
    assert response.context["cl"].result_count == 2

    rows += [builder.bundle()[model] for _ in range(5)]
    url = admin_url(model, "changelist") + "?id__in=" + ",".join(str(row.pk) for row in rows)
    many, response = count_queries(admin_client, url)
    assert response.context["cl"].result_count == 7
    assert many == few, f"{model.__name__}: {few} queries for 2 rows, {many} for 7"


@pytest.mark.parametrize("model", PORTAL_MODELS, ids=model_id)
def test_change_page_query_count_does_not_grow_with_inline_rows(admin_client, builder, model):
    bundle = builder.bundle()
    url = admin_url(model, "change", bundle[model].pk)
    builder.enrich(bundle, range(0, 1))
    few, response = count_queries(admin_client, url)
    rows_before = [len(inline.formset.initial_forms) for inline in response.context["inline_admin_formsets"]]
    builder.enrich(bundle, range(1, 4))
    many, response = count_queries(admin_client, url)
    rows_after = [len(inline.formset.initial_forms) for inline in response.context["inline_admin_formsets"]]
    assert many == few, (
        f"{model.__name__}: {few} queries with {rows_before} inline rows, {many} with {rows_after}"
    )
    assert all(after >= before + 3 for before, after in zip(rows_before, rows_after, strict=True)), rows_after


@pytest.mark.parametrize("model", PORTAL_MODELS, ids=model_id)
def test_unfiltered_changelist_of_the_demo_is_bounded(admin_client, model):
    queries, response = count_queries(admin_client, admin_url(model, "changelist"))
    assert queries <= 30, f"{model.__name__}: {queries} queries"


def _search_term(model_admin, request, record):
    """The value of the admin's first search field on `record` (following relations)."""
    path = model_admin.get_search_fields(request)[0].lstrip("^=@")
    value = record
    for part in path.split("__"):
        value = getattr(value, part)
    return str(value)


@pytest.mark.parametrize(
    ("model", "model_admin"), PORTAL_ADMINS, ids=lambda item: getattr(item, "__name__", "")
)
def test_search_finds_the_record(admin_client, builder, rf, users, model, model_admin):
    record = builder.bundle()[model]
    request = rf.get("/")
    request.user = users["administrator"]
    term = _search_term(model_admin, request, record)
    response = admin_client.get(admin_url(model, "changelist"), {"q": term})
    assert response.status_code == 200
    assert response.context["cl"].queryset.filter(pk=record.pk).exists(), term
    response = admin_client.get(admin_url(model, "changelist"), {"q": "zzz-no-such-thing-zzz"})
    assert response.context["cl"].result_count == 0


@pytest.mark.parametrize(
    ("model", "model_admin"), PORTAL_ADMINS, ids=lambda item: getattr(item, "__name__", "")
)
def test_every_list_filter_choice_answers(admin_client, builder, model, model_admin):
    builder.bundle()
    changelist = admin_url(model, "changelist")
    response = admin_client.get(changelist)
    for spec in response.context["cl"].filter_specs:
        # The first few choices of each filter, past "All".
        for choice in list(spec.choices(response.context["cl"]))[1:4]:
            filtered = admin_client.get(changelist + choice["query_string"])
            assert filtered.status_code == 200, (spec.title, choice["query_string"])
            assert "?e=1" not in filtered.get("Location", ""), (spec.title, choice["query_string"])


def test_a_bad_filter_value_is_not_a_server_error(admin_client, builder):
    builder.bundle()
    response = admin_client.get(admin_url(Posting, "changelist"), {"department": "abc"})
    assert response.status_code == 302
    assert "e=1" in response["Location"]


def test_active_today_filter(admin_client, builder):
    bundle = builder.bundle()
    ended = builder.bundle()[Posting]
    ended.end_date, ended.end_reason = datetime.date(2021, 1, 1), Posting.EndReason.CURTAILED
    save_validated(ended)
    url = admin_url(Posting, "changelist")
    active = {row.pk for row in admin_client.get(url, {"status": "active"}).context["cl"].queryset}
    over = {row.pk for row in admin_client.get(url, {"status": "ended"}).context["cl"].queryset}
    assert bundle[Posting].pk in active and bundle[Posting].pk not in over
    assert ended.pk in over and ended.pk not in active


def test_department_list_shows_coverage_and_staff_today(admin_client, builder):
    bundle = builder.bundle()
    response = admin_client.get(admin_url(Department, "changelist"), {"id__in": bundle[Department].pk})
    row = response.context["cl"].result_list[0]
    # The bundle covers its own country, and its posting is in the department, a section or centrally.
    assert row.department_countries_covered == 1
    expected_staff = int(bundle[Position].central_unit_id is None)
    assert row.department_staff_with_sections == expected_staff


def test_country_list_shows_who_covers_it_today(admin_client, builder):
    bundle = builder.bundle()
    response = admin_client.get(admin_url(Country, "changelist"), {"id__in": bundle[Country].pk})
    assert "ISD Admincity0" in response.content.decode()


def test_unit_list_shows_its_place_in_the_tree(admin_client, builder):
    bundle = builder.bundle()
    response = admin_client.get(
        admin_url(DirectorateUnit, "changelist"), {"q": bundle[DirectorateUnit].acronym}
    )
    assert "ADMP0 › ADMU0" in response.content.decode()


def test_autocomplete_of_positions_does_not_query_per_result(admin_client, builder):
    url = reverse("admin:autocomplete")
    params = {
        "app_label": "postings",
        "model_name": "posting",
        "field_name": "position",
        "term": "Adminpost",
    }
    builder.bundle(), builder.bundle()
    few, response = count_queries(admin_client, url + "?" + "&".join(f"{k}={v}" for k, v in params.items()))
    assert len(response.json()["results"]) == 2
    for _ in range(5):
        builder.bundle()
    many, response = count_queries(admin_client, url + "?" + "&".join(f"{k}={v}" for k, v in params.items()))
    assert len(response.json()["results"]) == 7
    assert many == few


# --- The "end selected postings" action ----------------------------------------------------


def _action_post(postings, **extra):
    return {
        "action": "end_postings",
        ACTION_CHECKBOX_NAME: [p.pk for p in postings],
        "select_across": "0",
        **extra,
    }


def test_end_postings_action_ends_them_with_history(admin_client, builder, users):
    postings = [builder.bundle()[Posting], builder.bundle()[Posting]]
    url = admin_url(Posting, "changelist")
    page = admin_client.post(url, _action_post(postings))
    assert page.status_code == 200
    assert "admin/postings/posting/end_postings.html" in [t.name for t in page.templates]
    assert page.context["form"]["end_date"].value() == TODAY

    day = datetime.date(2024, 6, 30)
    response = admin_client.post(
        url,
        _action_post(postings, apply="1", end_date=day.isoformat(), end_reason="completed", note="Rotation"),
    )
    assert response.status_code == 302
    for posting in postings:
        posting.refresh_from_db()
        assert (posting.end_date, posting.end_reason) == (day, "completed")
        latest = posting.history.latest("history_date")
        assert latest.history_user == users["administrator"]
        assert latest.history_change_reason == "Rotation"
    assert any("Ended 2 postings" in str(m) for m in get_messages(response.wsgi_request))


def test_end_postings_action_rejects_a_date_before_a_start_and_changes_nothing(admin_client, builder):
    postings = [builder.bundle()[Posting], builder.bundle()[Posting]]
    history_before = Posting.history.count()
    response = admin_client.post(
        admin_url(Posting, "changelist"),
        _action_post(postings, apply="1", end_date="2019-12-31", end_reason="curtailed"),
    )
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Nothing was changed" in text and "ADMINPERSON" in text for text in texts), texts
    for posting in postings:
        posting.refresh_from_db()
        assert posting.end_date is None
    assert Posting.history.count() == history_before


def test_end_postings_action_shows_a_malformed_date_on_its_form(admin_client, builder):
    posting = builder.bundle()[Posting]
    response = admin_client.post(
        admin_url(Posting, "changelist"),
        _action_post([posting], apply="1", end_date="2024-13-45", end_reason="completed"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"]
    posting.refresh_from_db()
    assert posting.end_date is None


# --- Inline rows: validated against each other -----------------------------------------------


def change_form_data(response):
    """The change form in `response` as a browser would post it unchanged."""
    data = {}

    def put(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            data[form.add_prefix(name)] = value

    put(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        put(inline.formset.management_form)
        for form in inline.formset.initial_forms:
            put(form)
    return data


def add_row(data, prefix, **fields):
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)


def test_two_new_posting_rows_may_not_overlap(admin_client, builder):
    bundle = builder.bundle()
    other = builder.bundle()
    position = bundle[Position]
    url = admin_url(Position, "change", position.pk)
    data = change_form_data(admin_client.get(url))
    # Two earlier holders of the position, on overlapping dates.
    add_row(
        data,
        "postings",
        person=other[Person].pk,
        start_date="2012-01-01",
        end_date="2013-12-31",
        end_reason="completed",
    )
    extra = save_validated(
        Person(service_number="ADMSN-EXTRA", last_name="Adminextra", first_name="Alex", force=Force.POLICE)
    )
    add_row(
        data,
        "postings",
        person=extra.pk,
        start_date="2013-06-01",
        end_date="2014-06-30",
        end_reason="completed",
    )
    postings_before = Posting.objects.count()
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "This row overlaps another row of the form" in response.content.decode()
    assert Posting.objects.count() == postings_before


def test_ending_a_posting_and_starting_the_next_in_one_save(admin_client, builder):
    bundle = builder.bundle()
    person, current = bundle[Person], bundle[Posting]
    next_position = builder.bundle()[Position]
    Posting.objects.filter(position=next_position).delete()
    url = admin_url(Person, "change", person.pk)
    data = change_form_data(admin_client.get(url))
    prefix = "postings"
    row = next(
        i for i in range(int(data[f"{prefix}-TOTAL_FORMS"])) if data.get(f"{prefix}-{i}-id") == current.pk
    )
    data[f"{prefix}-{row}-end_date"] = "2024-08-31"
    data[f"{prefix}-{row}-end_reason"] = "completed"
    add_row(data, prefix, position=next_position.pk, start_date="2024-09-01")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    current.refresh_from_db()
    assert current.end_date == datetime.date(2024, 8, 31)
    following = Posting.objects.get(person=person, position=next_position)
    assert following.start_date == datetime.date(2024, 9, 1)
    # A blank expected end takes the role's usual tour.
    assert following.expected_end_date == datetime.date(2027, 8, 31)


def test_a_new_posting_row_still_meets_the_saved_postings(admin_client, builder):
    bundle = builder.bundle()
    person = bundle[Person]
    next_position = builder.bundle()[Position]
    Posting.objects.filter(position=next_position).delete()
    url = admin_url(Person, "change", person.pk)
    data = change_form_data(admin_client.get(url))
    add_row(data, "postings", position=next_position.pk, start_date="2024-09-01")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    # The saved posting is a row of the same form: the message names it.
    errors = str(response.context["errors"])
    assert "overlaps another row of the form" in errors and "Adminpost 0" in errors, errors
    assert not Posting.objects.filter(person=person, position=next_position).exists()


def test_two_new_coverage_rows_for_one_country_may_not_overlap(admin_client, builder):
    bundle = builder.bundle()
    country = builder.country(bundle[Region], "shared")
    url = admin_url(Department, "change", bundle[Department].pk)
    data = change_form_data(admin_client.get(url))
    add_row(data, "coverages", country=country.pk, start_date="2001-01-01", end_date="2003-12-31")
    add_row(data, "coverages", country=country.pk, start_date="2003-01-01")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "This row overlaps another row of the form" in response.content.decode()
    assert not Coverage.objects.filter(country=country).exists()


def test_posting_form_names_the_conflicting_posting(admin_client, builder):
    bundle = builder.bundle()
    other_position = builder.bundle()[Position]
    url = admin_url(Posting, "add")
    postings_before = Posting.objects.count()
    response = admin_client.post(
        url, {"person": bundle[Person].pk, "position": other_position.pk, "start_date": "2023-01-01"}
    )
    assert response.status_code == 200
    errors = str(response.context["errors"])
    assert "already holds" in errors and "Adminpost 0" in errors, errors
    assert Posting.objects.count() == postings_before


# --- Sensitive personnel data -------------------------------------------------------------


def test_administrator_sees_and_searches_service_numbers(admin_client, builder):
    person = builder.bundle()[Person]
    response = admin_client.get(admin_url(Person, "changelist"), {"q": person.service_number})
    assert person.service_number in response.content.decode()
    assert [row.pk for row in response.context["cl"].result_list] == [person.pk]
    assert (
        "service_number"
        in admin_client.get(admin_url(Person, "change", person.pk)).context["adminform"].form.fields
    )


def test_user_without_permission_sees_no_service_number(client, builder, restricted_user):
    person = builder.bundle()[Person]
    client.force_login(restricted_user)
    changelist = client.get(admin_url(Person, "changelist"), {"id__in": person.pk})
    assert changelist.status_code == 200
    assert person.last_name in changelist.content.decode()
    assert person.service_number not in changelist.content.decode()

    change = client.get(admin_url(Person, "change", person.pk))
    assert change.status_code == 200
    assert not set(Person.SENSITIVE_FIELDS) & set(change.context["adminform"].form.fields)
    assert person.service_number not in change.content.decode()

    # Not searchable by service number, in people nor in postings.
    found = client.get(admin_url(Person, "changelist"), {"q": person.service_number})
    assert found.context["cl"].result_count == 0
    found = client.get(admin_url(Posting, "changelist"), {"q": person.service_number})
    assert found.context["cl"].result_count == 0

    # Nor in the history's diffs.
    person.service_number = "ADMSN-NEW-NUMBER"
    save_validated(person)
    history = client.get(admin_url(Person, "history", person.pk))
    assert history.status_code == 200
    assert "ADMSN-NEW-NUMBER" not in history.content.decode()
    assert "ADMSN00000" not in history.content.decode()


def test_user_without_permission_is_told_why_they_cannot_add_a_person(client, restricted_user):
    client.force_login(restricted_user)
    response = client.get(admin_url(Person, "add"))
    assert response.status_code == 302
    assert response["Location"] == admin_url(Person, "changelist")
    assert any("service number" in str(m) for m in get_messages(response.wsgi_request))
    assert client.get(admin_url(Posting, "add")).status_code == 200


def test_site_header(admin_client):
    assert "DCI network portal — administration" in admin_client.get(reverse("admin:index")).content.decode()
