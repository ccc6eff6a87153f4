"""Sign-in with the ministry's directory, against a real OpenLDAP server (Debian's slapd,
started here on a loopback port: tests/directory_server.py): the account made at the
first sign-in from the directory's names and e-mail, the portal groups mapped from the
directory's, a person removed from a directory group losing the permission at the next
sign-in, local accounts kept, and the lock-out counting directory failures as local ones."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from base.groups import ADMINISTRATORS, MANAGERS, STAFF
from dci_portal.ldap_settings import BACKEND, group_map, ldap_settings
from tests import directory_server as ds
from tests.conftest import TEST_PASSWORD
from tests.mailserver import free_port

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture(scope="module")
def directory(tmp_path_factory):
    if not ds.available():
        pytest.skip("Debian's slapd and ldap-utils are not installed (make test-tools installs them)")
    with ds.directory_server(tmp_path_factory.mktemp("slapd")) as directory:
        yield directory


def use_directory(settings, environment):
    """The settings the portal would read from `environment`."""
    for name, value in ldap_settings(environment).items():
        setattr(settings, name, value)
    backends = list(django_settings.AUTHENTICATION_BACKENDS)
    settings.AUTHENTICATION_BACKENDS = [backends[0], BACKEND, *backends[1:]]


@pytest.fixture
def signed_in_with_directory(directory, settings):
    use_directory(settings, directory.environment())
    return directory


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def groups_of(username):
    return set(User.objects.get(username=username).groups.values_list("name", flat=True))


def test_the_first_sign_in_makes_the_account_from_the_directory(client, signed_in_with_directory):
    assert not User.objects.filter(username="alice").exists()
    response = sign_in(client, "alice", ds.PASSWORDS["alice"])
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    alice = User.objects.get(username="alice")
    assert (alice.first_name, alice.last_name, alice.email) == ds.PEOPLE_NAMES["alice"]
    assert not alice.has_usable_password(), "the directory checks the password, not the portal"
    assert groups_of("alice") == {STAFF, MANAGERS}
    assert client.get(reverse("dashboard")).status_code == 200


def test_directory_groups_map_to_portal_groups(client, signed_in_with_directory):
    sign_in(client, "carole", ds.PASSWORDS["carole"])
    carole = User.objects.get(username="carole")
    assert groups_of("carole") == {ADMINISTRATORS} and carole.is_staff
    assert client.get(reverse("admin:index")).status_code == 200

    client.post(reverse("logout"))
    sign_in(client, "dora", ds.PASSWORDS["dora"])
    assert groups_of("dora") == set(), "in no mapped group: signed in, with no permission"
    assert client.get(reverse("postings:person_list")).status_code == 403


def test_removed_from_a_directory_group_loses_the_permission_at_the_next_sign_in(
    client, signed_in_with_directory
):
    directory = signed_in_with_directory
    sign_in(client, "alice", ds.PASSWORDS["alice"])
    assert User.objects.get(username="alice").has_perm("rounds.add_round")
    assert client.get(reverse("rounds:round_add")).status_code == 200
    client.post(reverse("logout"))

    directory.remove_member("dci-managers", "alice")
    try:
        sign_in(client, "alice", ds.PASSWORDS["alice"])
        assert groups_of("alice") == {STAFF}
        assert not User.objects.get(username="alice").has_perm("rounds.add_round")
        assert client.get(reverse("rounds:round_add")).status_code == 403
    finally:
        directory.add_member("dci-managers", "alice")


def test_the_directory_names_and_e_mail_win_over_local_edits(client, signed_in_with_directory):
    sign_in(client, "bruno", ds.PASSWORDS["bruno"])
    User.objects.filter(username="bruno").update(email="old@elsewhere.test", last_name="Old")
    client.post(reverse("logout"))
    sign_in(client, "bruno", ds.PASSWORDS["bruno"])
    bruno = User.objects.get(username="bruno")
    assert (bruno.last_name, bruno.email) == ds.PEOPLE_NAMES["bruno"][1:]


def test_local_accounts_still_sign_in_for_break_glass(client, users, directory, settings):
    use_directory(settings, directory.environment())
    assert sign_in(client, users["administrator"].username, TEST_PASSWORD).status_code == 302
    client.post(reverse("logout"))
    # The directory down: local accounts still sign in; directory accounts are refused, no error.
    use_directory(
        settings, directory.environment(LDAP_SERVER_URI=f"ldap://127.0.0.1:{free_port()}", LDAP_TIMEOUT="2")
    )
    assert sign_in(client, users["administrator"].username, TEST_PASSWORD).status_code == 302
    client.post(reverse("logout"))
    refused = sign_in(client, "alice", ds.PASSWORDS["alice"])
    assert refused.status_code == 200 and refused.context["form"].errors


@pytest.mark.parametrize("who", ["directory", "local"])
def test_wrong_passwords_lock_out_a_directory_account_as_a_local_one(
    client, users, signed_in_with_directory, who
):
    username, password = (
        ("alice", ds.PASSWORDS["alice"]) if who == "directory" else (users["staff"].username, TEST_PASSWORD)
    )
    for _attempt in range(django_settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, username, "wrong-password")
        assert response.status_code == 200 and response.context["form"].errors
    assert sign_in(client, username, "wrong-password").status_code == 429
    locked = sign_in(client, username, password)
    assert locked.status_code == 429, "even the right password, while locked out"
    assert "_auth_user_id" not in client.session


def test_the_directory_is_off_without_its_variables():
    assert ldap_settings({}) == {}
    assert BACKEND not in django_settings.AUTHENTICATION_BACKENDS


def test_a_malformed_configuration_is_refused_at_start_up():
    with pytest.raises(ImproperlyConfigured):
        group_map("cn=staff,ou=groups,dc=ministry,dc=test")  # no portal group
    with pytest.raises(ImproperlyConfigured):
        ldap_settings({"LDAP_SERVER_URI": "ldap://127.0.0.1"})  # where are the people?
    with pytest.raises(ImproperlyConfigured):
        ldap_settings(
            {
                "LDAP_SERVER_URI": "ldap://x",
                "LDAP_USER_SEARCH_BASE": "ou=p",
                "LDAP_GROUP_MAP": "cn=a,ou=g=Staff",
            }
        )
    assert group_map(" CN=Staff,OU=Groups,DC=x = Staff ; ") == {"cn=staff,ou=groups,dc=x": "Staff"}


def test_the_environment_alone_turns_the_directory_on(directory):
    """The settings module itself, in a fresh process, from the LDAP_* variables."""
    code = (
        "import json; from django.conf import settings; print(json.dumps("
        "[settings.AUTHENTICATION_BACKENDS, settings.AUTH_LDAP_SERVER_URI, settings.LDAP_GROUP_MAP]))"
    )
    env = {**os.environ, **directory.environment(), "DJANGO_SETTINGS_MODULE": "dci_portal.test_settings"}
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    backends, uri, mapping = json.loads(done.stdout.strip().splitlines()[-1])
    assert backends == [
        "axes.backends.AxesStandaloneBackend",
        BACKEND,
        "django.contrib.auth.backends.ModelBackend",
    ]
    assert uri == directory.uri
    assert mapping[ds.group_dn("dci-admins")] == ADMINISTRATORS
