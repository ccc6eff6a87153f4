"""Contact details on people and units, with need-to-know (base/contacts.py).

Work phone and e-mail, department and section lines and mailboxes, the embassy
switchboard: every reader. A professional mobile (Person.SENSITIVE_FIELDS) and a
secure line (UnitContacts.SENSITIVE_FIELDS): only holders of the model's permission,
on every page, export, search and API answer — the walk over every page below finds
any secure line shown to someone without the permission, as test_sensitive_data does
for personnel data.
"""

import re

import pytest
from django.urls import reverse

from base.contacts import contacts_of, tel_uri
from base.services import save_validated
from network.models import SECURE_LINE_PERMISSION, Department, Embassy, Section
from postings.models import Person
from tests.test_sensitive_data import scanned_pages, text_of, urls_of

pytestmark = pytest.mark.django_db

WITHOUT_PERMISSION = ("staff", "editor", "manager")


def digits(text):
    return re.sub(r"\D", "", text)


@pytest.fixture
def department():
    department = Department.objects.active_on().exclude(secure_line="").exclude(phone="").first()
    assert department is not None, "the demo gives some departments a secure line"
    return department


@pytest.fixture
def person():
    return (
        Person.objects.exclude(mobile="")
        .exclude(personal_email="")
        .filter(postings__end_date__isnull=True)
        .first()
    )


def test_the_demo_has_contact_details_and_need_to_know_ones():
    assert not Embassy.objects.filter(switchboard="").exists()
    assert Department.objects.exclude(secure_line="").exists()
    assert Department.objects.filter(secure_line="").exists(), "not every post has a secure line"
    assert Section.objects.exclude(phone="").exists()
    assert Person.objects.exclude(mobile="").exists()


def test_contacts_of_leaves_out_what_the_reader_may_not_see(users, department, person):
    staff, administrator = users["staff"], users["administrator"]
    assert not staff.has_perm(SECURE_LINE_PERMISSION) and administrator.has_perm(SECURE_LINE_PERMISSION)
    assert [c.name for c in contacts_of(department, staff)] == ["phone", "email"]
    assert [c.name for c in contacts_of(department, administrator)] == ["phone", "email", "secure_line"]
    assert "mobile" not in [c.name for c in contacts_of(person, staff)]
    mobile = next(c for c in contacts_of(person, administrator) if c.name == "mobile")
    assert mobile.sensitive and mobile.uri == tel_uri(person.mobile)
    assert "personal_email" not in [c.name for c in contacts_of(person, administrator)], "work contacts only"


def test_tel_uris_follow_rfc_3966():
    assert tel_uri("+33 1 53 69 00 00") == "tel:+33-1-53-69-00-00"
    assert tel_uri(" +977 (1) 441-2332 ") == "tel:+977-1-4412332"


@pytest.mark.parametrize("role", [*WITHOUT_PERMISSION, "administrator"])
def test_unit_pages_show_contacts_and_the_secure_line_only_to_those_allowed(client_as, department, role):
    section = Section.objects.active_on().first()
    section.secure_line = "+33 1 86 95 77 01"
    save_validated(section, reason="test")
    client = client_as(role)
    html = client.get(department.get_absolute_url()).content.decode()
    assert department.phone in html and department.email in html
    assert department.embassy.switchboard in html
    assert (department.secure_line in html) == (role == "administrator")
    html = client.get(section.get_absolute_url()).content.decode()
    assert (section.secure_line in html) == (role == "administrator")
    html = client.get(department.embassy.get_absolute_url()).content.decode()
    assert department.embassy.switchboard in html


@pytest.mark.parametrize("role", [*WITHOUT_PERMISSION, "administrator"])
def test_the_person_page_shows_the_mobile_only_to_those_allowed(client_as, person, role):
    html = client_as(role).get(person.get_absolute_url()).content.decode()
    assert person.email in html and person.phone in html
    assert (person.mobile in html) == (role == "administrator")


def test_the_person_form_edits_the_mobile_only_for_those_allowed(client_as, person):
    url = reverse("postings:person_edit", args=[person.pk])
    assert 'name="mobile"' not in client_as("editor").get(url).content.decode()
    assert 'name="mobile"' in client_as("administrator").get(url).content.decode()


def test_the_admin_hides_secure_lines_from_those_without_the_permission(
    client, django_user_model, department
):
    from django.contrib.auth.models import Group

    from base.groups import EDITORS

    user = django_user_model.objects.create_user(username="admin-editor", password="x" * 20, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    user.user_permissions.add(
        *Group.objects.get(name="Administrators")
        .permissions.exclude(codename="view_secure_line")
        .filter(content_type__app_label="network")
    )
    client.force_login(user)
    html = client.get(reverse("admin:network_department_change", args=[department.pk])).content.decode()
    assert 'name="phone"' in html
    assert 'name="secure_line"' not in html and department.secure_line not in html


@pytest.mark.parametrize("page", scanned_pages(), ids=str)
def test_no_page_shows_a_secure_line_without_the_permission(client_as, person, page):
    secure_lines = {
        digits(number)
        for model in (Department, Section)
        for number in model.objects.exclude(secure_line="").values_list("secure_line", flat=True)
    }
    assert secure_lines
    for role in WITHOUT_PERMISSION:
        client = client_as(role)
        for url in urls_of(page, person):
            response = client.get(url)
            if response.status_code in {302, 403, 404, 405}:
                continue
            assert response.status_code == 200, f"{role} {url}: {response.status_code}"
            found = {digits(m) for m in re.findall(r"\+?\d[\d .\-]{5,}\d", text_of(response))} & secure_lines
            assert not found, f"{role} sees the secure line(s) {sorted(found)[:3]} on {url}"
