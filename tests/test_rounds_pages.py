"""The pages of posting rounds: a member of staff applies for themselves and sees only
their own applications; Managers run the round, shortlist and decide; Editors only look;
the committee's workbook; bounded queries."""

import io

import openpyxl
import pytest
from django.urls import reverse

from rounds import services
from rounds.models import Application, Decision, Round
from tests.html_forms import edit_form
from tests.page_checks import assert_queries_do_not_grow
from tests.rounds_world import DAY, TODAY, WINDOW_END, WINDOW_START, apply, make_round, make_world, notice_of
from tests.url_pages import all_pages

State = Round.State
MARKER = "Motivation-marker-7Q4"


@pytest.fixture
def world(db, django_user_model):
    return make_world(django_user_model)


def login(client, user):
    client.force_login(user)
    return client


def page_text(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            " ".join(str(cell) for cell in row if cell is not None)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return content.decode("utf-8", errors="replace")


# --- applying, for oneself ------------------------------------------------------------------


def test_staff_apply_through_the_page_for_themselves_only(client, world):
    round = make_round(world)
    notice = notice_of(round, world.ending)
    login(client, world.users["alice"])
    url = reverse("rounds:notice_apply", args=[notice.pk])
    form = edit_form(client.get(url))
    assert "person" not in form.names, "nobody chooses whom they apply for"
    data = form.data(motivation="Fluent in the language.", available_from=notice.available_from.isoformat())
    data["person"] = str(world.bruno.pk)  # ignored
    response = client.post(url, data)
    assert response.status_code == 302
    application = Application.objects.get(notice=notice)
    assert application.person == world.alice
    # The round page lists it under "Your applications"; withdrawing it works from the page.
    html = client.get(round.get_absolute_url()).content.decode()
    assert (
        "Your applications in this round" in html
        and reverse("rounds:notice_withdraw", args=[notice.pk]) in html
    )
    response = client.post(reverse("rounds:notice_withdraw", args=[notice.pk]), {"reason": "Family"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert "Family" in application.history.first().history_change_reason


def test_a_refused_application_says_why_and_writes_nothing(client, world):
    round = make_round(world)
    notice = notice_of(round, world.vacant)  # police only
    login(client, world.users["gaston"])
    url = reverse("rounds:notice_apply", args=[notice.pk])
    form = edit_form(client.get(url))
    response = client.post(
        url, form.data(motivation="Please.", available_from=notice.available_from.isoformat())
    )
    assert response.status_code == 200
    assert "open to National Police" in response.content.decode()
    assert not Application.objects.filter(notice=notice).exists()


def test_a_login_without_a_person_is_told_so(client, world):
    round = make_round(world)
    login(client, world.users["carla"])
    html = client.get(round.get_absolute_url()).content.decode()
    assert "not linked to a person" in html
    notice = notice_of(round, world.ending)
    url = reverse("rounds:notice_apply", args=[notice.pk])
    form = edit_form(client.get(url))
    response = client.post(url, form.data(motivation="x", available_from=notice.available_from.isoformat()))
    assert response.status_code == 200 and "not linked to a person" in response.content.decode()


# --- applications are need-to-know ----------------------------------------------------------


def test_nobody_but_the_candidate_and_the_managers_sees_an_application(client, client_as, world, users):
    round = make_round(world)
    notice = notice_of(round, world.ending)
    apply(world, "alice", notice, motivation=MARKER)
    name = world.alice.last_name.upper()
    urls = [
        page.url()
        for page in all_pages()
        if not page.is_admin and not page.params and page.name not in {"logout", "set_language", "healthz"}
    ]
    urls += [f"{reverse('rounds:round_list')}?_export=csv"]
    urls += [
        reverse(name, args=[pk])
        for name, pk in (
            ("rounds:round_detail", round.pk),
            ("rounds:notice_detail", notice.pk),
            ("rounds:notice_candidates", notice.pk),
            ("rounds:round_export", round.pk),
            ("rounds:notice_apply", notice.pk),
            ("rounds:notice_history", notice.pk),
            ("rounds:round_history", round.pk),
        )
    ]
    for who in ("bruno", "staff", "editor"):
        session = login(client, world.users["bruno"]) if who == "bruno" else client_as(who)
        for url in urls:
            response = session.get(url)
            if response.status_code in {302, 403, 404, 405}:
                continue
            assert response.status_code == 200, (who, url, response.status_code)
            text = page_text(response)
            assert MARKER not in text, f"{who} sees the motivation on {url}"
            if "rounds" in url:
                assert name not in text.upper(), f"{who} sees the candidate on {url}"
    for who in ("staff", "editor"):
        assert client_as(who).get(reverse("rounds:notice_candidates", args=[notice.pk])).status_code == 403
        assert client_as(who).get(reverse("rounds:round_export", args=[round.pk])).status_code == 403
    manager = client_as("manager")
    assert MARKER in manager.get(reverse("rounds:notice_candidates", args=[notice.pk])).content.decode()
    assert MARKER in page_text(manager.get(reverse("rounds:round_export", args=[round.pk])))
    own = login(client, world.users["alice"])
    assert MARKER in own.get(notice.get_absolute_url()).content.decode()


# --- the manager runs the round ----------------------------------------------------------------


def test_a_manager_runs_a_round_from_the_pages(client_as, world, users):
    manager = client_as("manager")
    response = manager.post(
        reverse("rounds:round_add"),
        {
            "name": "Pages round",
            "applications_open": TODAY.isoformat(),
            "applications_close": (TODAY + 20 * DAY).isoformat(),
            "postings_start": WINDOW_START.isoformat(),
            "postings_end": WINDOW_END.isoformat(),
            "max_applications": "3",
            "min_months_in_post": "12",
        },
    )
    assert response.status_code == 302
    round = Round.objects.get(name="Pages round")
    proposals_url = reverse("rounds:round_proposals", args=[round.pk])
    html = manager.get(proposals_url).content.decode()
    for position in (world.ending, world.vacant, world.new):
        assert f'name="positions" value="{position.pk}"' in html, "proposed from the register"
    response = manager.post(proposals_url, {"positions": [str(world.ending.pk), str(world.vacant.pk)]})
    assert response.status_code == 302
    assert set(round.notices.values_list("position", flat=True)) == {world.ending.pk, world.vacant.pk}
    response = manager.post(
        reverse("rounds:round_move", args=[round.pk]), {"to": "open", "reason": "On time"}
    )
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.state == State.OPEN
    notice = notice_of(round, world.ending)
    alice, bruno = apply(world, "alice", notice), apply(world, "bruno", notice)
    manager.post(reverse("rounds:round_move", args=[round.pk]), {"to": "closed"})
    candidates_url = reverse("rounds:notice_candidates", args=[notice.pk])
    html = manager.get(candidates_url).content.decode()
    assert world.alice.last_name.upper() in html and world.bruno.last_name.upper() in html
    response = manager.post(
        candidates_url,
        {
            f"shortlisted_{alice.pk}": "on",
            f"rank_{alice.pk}": "1",
            f"shortlisted_{bruno.pk}": "on",
            f"rank_{bruno.pk}": "2",
        },
    )
    assert response.status_code == 302
    decide_url = reverse("rounds:notice_decide", args=[notice.pk])
    form = edit_form(manager.get(decide_url))
    response = manager.post(decide_url, form.data(application=str(alice.pk), grounds="Best fit"))
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = Decision.objects.get(notice=notice)
    assert decision.person == world.alice and decision.decided_by == users["manager"]
    # Deciding again is refused with a message naming the decision.
    response = manager.post(decide_url, form.data(application=str(bruno.pk), grounds="Second thoughts"))
    assert response.status_code == 200
    assert "already decided" in response.content.decode()


def test_editors_see_rounds_but_do_not_run_them(client_as, world):
    round = make_round(world)
    notice = notice_of(round, world.ending)
    editor = client_as("editor")
    assert editor.get(round.get_absolute_url()).status_code == 200
    assert editor.get(notice.get_absolute_url()).status_code == 200
    for url in (
        reverse("rounds:round_move", args=[round.pk]),
        reverse("rounds:round_edit", args=[round.pk]),
        reverse("rounds:notice_decide", args=[notice.pk]),
        reverse("rounds:notice_candidates", args=[notice.pk]),
    ):
        assert editor.post(url, {"to": "closed"}).status_code == 403
    round.refresh_from_db()
    assert round.state == State.OPEN


# --- the committee's workbook -------------------------------------------------------------------


def test_the_committee_workbook_has_notices_applications_and_decisions(client_as, world):
    round = make_round(world)
    notice = notice_of(round, world.ending)
    alice = apply(world, "alice", notice, motivation='=HYPERLINK("http://attacker.example","x")')
    services.round_move(round=round, to=State.CLOSED)
    services.applications_shortlist(notice=notice, choices={alice.pk: (True, 1)})
    services.notice_decide(
        notice=notice, application=alice, start_date=notice.available_from, grounds="+ the best"
    )
    response = client_as("manager").get(reverse("rounds:round_export", args=[round.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Notices", "Applications", "Decisions"]
    cells = [
        cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
    ]
    texts = [cell for cell in cells if isinstance(cell, str)]
    assert not any(text.startswith(("=", "+")) for text in texts), "no cell runs as a formula"
    assert '\'=HYPERLINK("http://attacker.example","x")' in texts and "'+ the best" in texts
    notices = list(workbook["Notices"].iter_rows(values_only=True))
    assert len(notices) == 1 + round.notices.count()


# --- bounded queries ----------------------------------------------------------------------------


def test_the_round_and_candidates_pages_cost_the_same_for_more_rows(
    client_as, world, django_assert_max_num_queries
):
    round = make_round(world, positions=[world.ending], max_applications=3)
    notice = notice_of(round, world.ending)
    apply(world, "alice", notice)
    client = client_as("manager")

    def more():
        apply(world, "bruno", notice)
        apply(world, "gaston", notice)
        services.round_update(round=round)

    for url in (round.get_absolute_url(), reverse("rounds:notice_candidates", args=[notice.pk])):
        assert_queries_do_not_grow(client, url, more, django_assert_max_num_queries)
        Application.objects.filter(person__in=[world.bruno, world.gaston]).delete()
