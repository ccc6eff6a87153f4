"""Who may open which page: every URL pattern of the project, found by walking the URL
configuration (tests/url_pages.py), is requested anonymously and as each role.

Expected outcomes come from the issue's role matrix, keyed on the permission the view
declares — never from a list of pages:

- anonymous: a redirect to the login page (or 401), except the explicit public pages;
- Staff view; Editors edit people, positions, postings and coverage; Network editors
  edit the network (embassies, departments, sections, central units: issue 15);
  Managers export reports; Administrators do everything and are the only ones let
  into the admin;
- a role that may not: 403 on portal pages, a redirect to the admin login in the admin.

A page whose view declares no permission must be open to every logged-in user; a new
page without protection makes this module fail (see the throwaway-view tests).
"""

import pytest
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import override_settings
from django.urls import include, path, reverse
from django.views import View

from tests.url_pages import all_pages

ROLES = ("staff", "editor", "network_editor", "manager", "administrator")

# The only pages open without logging in (static files are served by whitenoise
# before URL routing; the language switch needs a login like every page).
PUBLIC_PAGES = {"login", "healthz", "admin:login"}

# What Editors may change (the issue: people, positions, postings and coverage).
EDITED_MODELS = {"person", "position", "posting", "coverage"}
PORTAL_APPS = {"network", "postings", "rounds"}
# Posting rounds (issue 14): every member of staff applies, for themselves; Managers run
# rounds, see the candidates and decide; Editors see rounds and notices only.
EVERY_MEMBER_OF_STAFF = {"rounds.apply_to_round"}
RUN_BY_MANAGERS = {
    "rounds.add_round",
    "rounds.change_round",
    "rounds.export_round",
    "rounds.add_vacancynotice",
    "rounds.change_vacancynotice",
    "rounds.delete_vacancynotice",
    "rounds.view_application",
    "rounds.change_application",
    "rounds.view_decision",
    "rounds.add_decision",
}
NEED_TO_KNOW = {"rounds.view_account", "rounds.view_outgoingmail"}

ALLOWED_STATUSES = {200, 204, 301, 302, 303, 405}


def need_to_know():
    """Need-to-know permissions ("app.codename"), declared by the apps (base/groups.py)."""
    from base.groups import portal_apps

    return {f"{config.label}.{codename}" for config in portal_apps() for codename in config.need_to_know}


def roles_for_permission(permission):
    """The role matrix of the issue, for one permission "app.codename"."""
    codename = permission.split(".", 1)[-1]
    if permission in EVERY_MEMBER_OF_STAFF:
        return set(ROLES)
    if permission in RUN_BY_MANAGERS:
        return {"manager", "administrator"}
    if permission in NEED_TO_KNOW | need_to_know():
        return {"administrator"}
    if codename == "export_coverage_report":
        return {"manager", "administrator"}
    if codename == "edit_network":
        return {"network_editor", "administrator"}
    action, _, model = codename.partition("_")
    if action == "view":
        return set(ROLES)
    if action in {"add", "change", "delete"} and model in EDITED_MODELS:
        return {"editor", "administrator"}
    return {"administrator"}


def tolerated_roles(page):
    """Roles that may be either let in or refused with 403: the admin pages of models
    outside the portal (users, groups, log-in logs) are for superusers unless the
    Administrators group is given their permissions."""
    if page.is_admin and page.model is not None and page.model._meta.app_label not in PORTAL_APPS:
        return {"administrator"}
    return set()


def expected_roles(page):
    if page.is_admin:
        return {"administrator"} - tolerated_roles(page)
    permissions = page.required_permissions() or ()
    allowed = set(ROLES)
    for permission in permissions:
        allowed &= roles_for_permission(permission)
    return allowed


def describe(response):
    location = response.get("Location", "")
    return f"{response.status_code}{' → ' + location if location else ''}"


def is_login_redirect(response, admin_only=False):
    if response.status_code == 401 and not admin_only:
        return True
    if response.status_code not in {301, 302, 303}:
        return False
    location = response["Location"]
    targets = [reverse("admin:login")]
    if not admin_only:
        targets.append(resolve_url(settings.LOGIN_URL))
    return any(location.startswith(target) for target in targets)


def is_admin_index_redirect(response):
    # The admin's log-out sends those who are not admin staff to the admin index,
    # which sends them to the admin log-in.
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


def is_allowed(response, page):
    if is_login_redirect(response):
        return False
    if response.status_code == 404 and "url" in page.params:
        return True  # the admin's catch-all answers 404 to those let in
    if response.status_code == 404 and getattr(page.view_class, "owner_only", False):
        return True  # a record only its owner sees (a background job): 404 to the others
    return response.status_code in ALLOWED_STATUSES


class ServerError:
    """Stands for the response of a request whose view raised."""

    def __init__(self, error):
        self.status_code = 500
        self.error = error

    def get(self, name, default=""):
        return f"({type(self.error).__name__}: {self.error})" if name == "Location" else default


def fetch(client, method, url):
    try:
        return getattr(client, method)(url)
    except Exception as error:  # noqa: BLE001 - reported as a 500 with the page's other problems
        return ServerError(error)


def check_page(client, users, page, urlconf=None):
    """Request `page` anonymously and as every role, by GET and by POST; return the
    differences from the role matrix (an empty list when the page is protected)."""
    url = page.url()
    page.check_resolves(url, urlconf)
    allowed = expected_roles(page)
    tolerated = tolerated_roles(page)
    permissions = page.required_permissions()
    problems = []
    for method in ("get", "post"):
        client.logout()
        response = fetch(client, method, url)
        if page.name in PUBLIC_PAGES:
            if response.status_code not in ALLOWED_STATUSES:
                problems.append(
                    f"anonymous {method.upper()} {url}: public page answered {describe(response)}"
                )
            continue
        if not is_login_redirect(response):
            problems.append(
                f"anonymous {method.upper()} {url}: expected a redirect to the login page, "
                f"got {describe(response)}"
            )
        for role in ROLES:
            client.force_login(users[role])
            response = fetch(client, method, url)
            if role in tolerated:
                if method == "get" and not (is_allowed(response, page) or response.status_code == 403):
                    problems.append(f"{role} GET {url}: expected allowed or 403, got {describe(response)}")
            elif role in allowed:
                # Only GET for those allowed: a POST would change data.
                if method == "get" and not is_allowed(response, page):
                    problems.append(
                        f"{role} GET {url}: should be allowed (permissions {permissions or 'login only'}), "
                        f"got {describe(response)}"
                    )
            elif page.is_admin:
                if not (
                    is_login_redirect(response, admin_only=True)
                    or (page.name == "admin:logout" and is_admin_index_redirect(response))
                ):
                    problems.append(
                        f"{role} {method.upper()} {url}: expected a redirect to the admin login, "
                        f"got {describe(response)}"
                    )
            elif response.status_code != 403:
                problems.append(
                    f"{role} {method.upper()} {url}: expected 403 (needs {permissions}), "
                    f"got {describe(response)}"
                )
    return problems


PAGES = all_pages()


def test_the_url_walk_finds_the_whole_project():
    names = {page.name for page in PAGES}
    assert {"dashboard", "login", "logout", "healthz", "admin:index"} <= names
    assert any(page.is_admin and page.model is not None for page in PAGES), "no admin page of a model"
    assert len(PAGES) > 20


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_every_page_follows_the_role_matrix(client, users, page):
    problems = check_page(client, users, page)
    assert not problems, "\n".join(problems)


def test_the_role_matrix_matches_the_issue():
    assert roles_for_permission("network.view_country") == set(ROLES)
    assert roles_for_permission("postings.change_posting") == {"editor", "administrator"}
    assert roles_for_permission("network.add_coverage") == {"editor", "administrator"}
    assert roles_for_permission("network.change_country") == {"administrator"}
    assert roles_for_permission("network.export_coverage_report") == {"manager", "administrator"}
    assert roles_for_permission("network.edit_network") == {"network_editor", "administrator"}
    assert roles_for_permission("network.change_department") == {"administrator"}
    assert roles_for_permission("postings.view_sensitive_personnel") == {"administrator"}
    assert roles_for_permission("network.view_secure_line") == {"administrator"}
    assert roles_for_permission("rounds.view_round") == set(ROLES)
    assert roles_for_permission("rounds.apply_to_round") == set(ROLES)
    assert roles_for_permission("rounds.add_decision") == {"manager", "administrator"}
    assert roles_for_permission("rounds.view_application") == {"manager", "administrator"}
    assert roles_for_permission("rounds.delete_application") == {"administrator"}


def test_the_groups_hold_exactly_the_role_matrix(users):
    """The groups (dci_portal/access.py) give each role what the matrix says."""
    from django.contrib.auth.models import Permission

    codenames = Permission.objects.filter(content_type__app_label__in=sorted(PORTAL_APPS))
    for permission in codenames.select_related("content_type"):
        name = f"{permission.content_type.app_label}.{permission.codename}"
        expected = roles_for_permission(name)
        for role in ROLES:
            assert users[role].has_perm(name) == (role in expected), (role, name)


# --- the check fails for a page without protection --------------------------------------


@login_not_required
def unprotected_view(request):
    return HttpResponse("names and postings")


class DeclaredButNotEnforcedView(View):
    """Declares a permission but does not derive from PermissionRequiredMixin."""

    permission_required = "postings.change_posting"

    def get(self, request):
        return HttpResponse("edit form")


class LoginOnlyView(View):
    def get(self, request):
        return HttpResponse("for every logged-in user")


class ThrowawayUrls:
    urlpatterns = [
        path("", include("dci_portal.urls")),
        path("throwaway/unprotected/", unprotected_view, name="throwaway_unprotected"),
        path("throwaway/unenforced/", DeclaredButNotEnforcedView.as_view(), name="throwaway_unenforced"),
        path("throwaway/login-only/", LoginOnlyView.as_view(), name="throwaway_login_only"),
    ]


def throwaway_page(name):
    return next(page for page in all_pages(ThrowawayUrls) if page.name == name)


@override_settings(ROOT_URLCONF=ThrowawayUrls)
def test_an_unprotected_page_fails_the_check(client, users):
    page = throwaway_page("throwaway_unprotected")
    assert page in all_pages(ThrowawayUrls), "the URL walk must find the new page"
    problems = check_page(client, users, page, urlconf=ThrowawayUrls)
    assert any(problem.startswith("anonymous GET") for problem in problems), problems


@override_settings(ROOT_URLCONF=ThrowawayUrls)
def test_a_permission_declared_but_not_enforced_fails_the_check(client, users):
    problems = check_page(client, users, throwaway_page("throwaway_unenforced"), urlconf=ThrowawayUrls)
    assert any(problem.startswith("staff GET") for problem in problems), problems
    assert any(problem.startswith("manager GET") for problem in problems), problems


@override_settings(ROOT_URLCONF=ThrowawayUrls)
def test_a_login_only_page_passes_the_check(client, users):
    assert check_page(client, users, throwaway_page("throwaway_login_only"), urlconf=ThrowawayUrls) == []
