"""A posting round in a real browser: a manager opens a round from the notices the register
proposes; two members of staff apply to the same notice (one also to a second); the
manager shortlists and decides; the planned posting is on the network from its start
date; the candidates got their e-mails (on the test SMTP server); a third member of staff
sees neither application."""

import datetime
import json
import re
import time

import pytest

from tests.browser.conftest import BROWSER_PASSWORD, accessibility_violations

pytestmark = pytest.mark.browser
TODAY = datetime.date.today()
ROUND = "Browser journey round"
STAFF = ("amelie", "benoit", "chloe")

SETUP = f"""
import datetime, json
from django.contrib.auth.models import Group, User
from postings.models import Force, Posting
from rounds import services
from rounds.models import Application
today = datetime.date.today()
planned = Posting.objects.planned(today).values("person")
applied = Application.objects.values("person")
postings = (
    Posting.objects.active_on(today).in_france()
    .filter(person__force=Force.POLICE, person__rank__isnull=False)
    .filter(start_date__lt=today - datetime.timedelta(days=800))
    .exclude(person__in=planned).exclude(person__in=applied).exclude(person__account__isnull=False)
    .select_related("person").order_by("person__service_number")
)
found = {{}}
for name, posting in zip({STAFF!r}, postings):
    user, _ = User.objects.get_or_create(username=f"round-{{name}}")
    user.set_password({BROWSER_PASSWORD!r}); user.email = f"{{name}}@browser.example"; user.save()
    user.groups.set([Group.objects.get(name="Staff")])
    services.account_link(user=user, person=posting.person)
    found[name] = posting.person.last_name.upper()
print(json.dumps(found))
"""


@pytest.fixture(scope="module")
def candidates(portal_url, portal_shell):
    """Three members of staff, logins linked to police officers in post in France: {name: LAST NAME}."""
    output = portal_shell(SETUP)
    found = json.loads(output.strip().splitlines()[-1])
    assert set(found) == set(STAFF), output
    return found


def wait_for_mail(mailbox, address, count, timeout=20):
    """The portal sends in a background thread after each change: wait for it."""
    deadline = time.monotonic() + timeout
    while len(mailbox.to(address)) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    return mailbox.subjects(address)


def test_a_posting_round_from_notice_to_planned_posting(page_as, candidates, mailbox, axe):
    # --- the manager opens a round from the register's proposals ---------------------------
    manager = page_as("manager")
    manager.get_by_role("button", name="People & postings").click()
    manager.get_by_role("link", name="Posting rounds").click()
    manager.get_by_role("link", name="Add").click()
    manager.get_by_label(re.compile(r"^\s*Name\W*$")).fill(ROUND)  # not "Name in French"
    manager.get_by_label("Applications open on").fill(TODAY.isoformat())
    manager.get_by_label("Applications close on").fill((TODAY + datetime.timedelta(days=20)).isoformat())
    manager.get_by_label("Postings start from").fill((TODAY + datetime.timedelta(days=200)).isoformat())
    manager.get_by_label("Postings start by").fill((TODAY + datetime.timedelta(days=420)).isoformat())
    manager.get_by_label("Minimum time in current post (months)").fill("12")
    manager.get_by_role("button", name="Save").click()
    manager.wait_for_url(re.compile(r"/rounds/\d+/$"))
    round_url = manager.url
    manager.get_by_role("link", name="Add notices from the register").click()
    rows = manager.locator("#proposals tbody tr").filter(
        has_text=re.compile(r"National Police\s*$|Police or gendarmerie\s*$|Any \(civilians included\)\s*$")
    )
    assert rows.count() >= 2, "the register proposes positions a police officer can hold"
    offered = [rows.nth(i).locator("th").inner_text().strip() for i in range(2)]
    for i in range(2):
        rows.nth(i).get_by_role("checkbox").check()
    manager.get_by_role("button", name="Add the selected notices").click()
    manager.wait_for_url(round_url)
    assert manager.locator("#notices tbody tr").count() == 2
    manager.get_by_label("Move the round").select_option(label="Open the round to applications")
    manager.get_by_label("Why (kept in the history)").fill("Annual round")
    manager.get_by_role("button", name="Move", exact=True).click()
    assert manager.get_by_role("heading", level=1).filter(has_text="Open for applications").is_visible()
    assert accessibility_violations(axe, manager) == []

    # --- two members of staff apply, one of them twice -------------------------------------
    def apply(name, notice_index, motivation):
        staff = page_as("staff", username=f"round-{name}")
        staff.goto(round_url)
        staff.locator("#notices tbody tr").nth(notice_index).get_by_role(
            "link", name=re.compile("^Apply")
        ).click()
        staff.get_by_label("Motivation").fill(motivation)
        staff.get_by_role("button", name="Send my application").click()
        staff.wait_for_url(re.compile(r"/rounds/notices/\d+/$"))
        assert staff.locator(".alert-success").is_visible()
        return staff

    amelie = apply("amelie", 0, "Ten years of cooperation with partner services.")
    assert accessibility_violations(axe, amelie) == []
    apply("amelie", 1, "Second choice.")
    apply("benoit", 0, "Fluent in the local language.")
    amelie.goto(round_url)
    mine = amelie.get_by_role("region", name="Your applications in this round")
    assert mine.get_by_role("listitem").count() == 2

    # --- the manager closes, shortlists and decides ----------------------------------------
    manager.goto(round_url)
    manager.get_by_label("Move the round").select_option(label="Close applications")
    manager.get_by_role("button", name="Move", exact=True).click()
    manager.locator("#notices tbody tr").first.locator("td").nth(6).get_by_role("link").click()
    manager.wait_for_url(re.compile(r"/candidates/$"))
    table = manager.locator("#candidates")
    assert (
        candidates["amelie"] in table.inner_text().upper()
        and candidates["benoit"] in table.inner_text().upper()
    )
    for name, rank in (("amelie", "1"), ("benoit", "2")):
        row = table.locator("tbody tr").filter(has_text=re.compile(candidates[name], re.I))
        row.get_by_role("checkbox").check()
        row.get_by_role("combobox").select_option(rank)
    manager.get_by_role("button", name="Save the shortlist").click()
    assert manager.locator(".alert-success").is_visible()
    assert accessibility_violations(axe, manager) == []
    manager.get_by_role("link", name="Record the decision").click()
    manager.get_by_label("Selected candidate").select_option(index=1)  # the committee's first
    start = manager.get_by_label("Start of the posting").input_value()
    manager.get_by_label("Grounds for the decision").fill("Experience and languages")
    manager.get_by_role("button", name="Record the decision").click()
    manager.wait_for_url(re.compile(r"/rounds/notices/\d+/$"))
    assert "Decision recorded" in manager.locator(".alert-success").inner_text()

    # --- the planned posting is on the network from its start date -------------------------
    assert manager.get_by_role("link", name="The planned posting").is_visible()
    facts = manager.get_by_role("region", name="The notice")
    assert offered[0] in facts.inner_text()
    position_url = facts.get_by_role("link").first.get_attribute("href")
    manager.goto(f"{position_url}?as_of={start}")
    assert candidates["amelie"] in manager.locator("#holder-on-day").inner_text().upper()
    day_before = (datetime.date.fromisoformat(start) - datetime.timedelta(days=1)).isoformat()
    manager.goto(f"{position_url}?as_of={day_before}")
    assert candidates["amelie"] not in manager.locator("#holder-on-day").inner_text().upper()

    # --- the candidates got their e-mails ----------------------------------------------------
    amelie_mail = wait_for_mail(mailbox, "amelie@browser.example", 4)
    assert sum(s.startswith("Application received") for s in amelie_mail) == 2
    assert any(s.startswith("You are selected") for s in amelie_mail)
    assert any(s.startswith("Posting round open") for s in amelie_mail)
    benoit_mail = wait_for_mail(mailbox, "benoit@browser.example", 3)
    assert any(s.startswith("Application received") for s in benoit_mail)
    assert any(s.startswith("Decision on your application") for s in benoit_mail)

    # --- a third member of staff sees neither application ----------------------------------
    chloe = page_as("staff", username="round-chloe")
    chloe.goto(round_url)
    text = chloe.locator("main").inner_text().upper()
    assert candidates["amelie"] not in text and candidates["benoit"] not in text
    notice_url = chloe.locator("#notices tbody tr").first.get_by_role("link").first.get_attribute("href")
    chloe.goto(notice_url)
    text = chloe.locator("main").inner_text().upper()
    assert candidates["amelie"] not in text and candidates["benoit"] not in text
    response = chloe.goto(f"{notice_url}candidates/")
    assert response.status == 403
    chloe.goto("/rounds/mine/")
    assert "You have not applied in any round." in chloe.locator("main").inner_text()
