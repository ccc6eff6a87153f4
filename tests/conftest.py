"""Shared fixtures: the demo network, loaded once per test session, one user per group of
the portal (see base/groups.py), and a small known corner of the network (tests/corner.py)."""

import os
import uuid

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test.utils import override_settings
from django.utils import translation

from base.cache import bump_data_version
from base.groups import ADMINISTRATORS, EDITORS, MANAGERS, NETWORK_EDITORS, STAFF
from tests.corner import Corner

# pytest-django's live server and Playwright's sync API share a thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROLE_GROUPS = {
    "staff": STAFF,
    "editor": EDITORS,
    "network_editor": NETWORK_EDITORS,
    "manager": MANAGERS,
    "administrator": ADMINISTRATORS,
}
NOBODY = "nobody"  # a logged-in user in no group: no permission at all
TEST_PASSWORD = "correct-horse-battery-staple"


# The tests' cache: Redis, as in production, on its own database (TEST_REDIS_URL) and
# under a prefix of this run alone (other runs may share that database).
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
TEST_CACHE_PREFIX = f"test-{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="session", autouse=True)
def test_cache():
    cache_settings = {
        "default": {
            "BACKEND": "base.cache.ResilientRedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": TEST_CACHE_PREFIX,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with override_settings(CACHES=cache_settings):
        yield cache_settings["default"]


@pytest.fixture(autouse=True)
def fresh_figures(test_cache):
    """Each test's writes are rolled back, not undone by a write: figures cached by an
    earlier test are left under an older data version."""
    bump_data_version()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the demo network (rolled back after each test)."""
    with django_db_blocker.unblock():
        call_command("load_demo_network", force=True, verbosity=0)


def make_user(django_user_model, role):
    user = django_user_model.objects.create_user(
        username=f"test-{role}", password=TEST_PASSWORD, first_name=role.title()
    )
    if role == "administrator":
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    return user


@pytest.fixture(autouse=True)
def default_language_afterwards():
    """A request in French leaves French active in the thread; the next test starts in the
    default language (a test reading a message in English would otherwise depend on order)."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def users(db, django_user_model):
    """{"staff": user, "editor": …, "network_editor": …, "manager": …, "administrator": …}."""
    return {role: make_user(django_user_model, role) for role in ROLE_GROUPS}


@pytest.fixture
def client_as(client, users, django_user_model):
    """client_as("editor") -> a test client logged in as that role (None: anonymous;
    "nobody": a user in no group)."""

    def login(role):
        client.logout()
        if role == NOBODY:
            client.force_login(django_user_model.objects.get_or_create(username=f"test-{NOBODY}")[0])
        elif role is not None:
            client.force_login(users[role])
        return client

    return login


@pytest.fixture
def corner(db):
    return Corner()
