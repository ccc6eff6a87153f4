"""View tests generated per model, the way NetBox's ViewTestCases do it: one mixin per
kind of page, and one short class per model that combines them and only declares its data.

    class TestSectionPages(ListViewTests, DetailViewTests, HistoryViewTests):
        model = Section
        urls = "network:section"          # network:section_list, _detail, _history
        csv_filter = "sort=-city"         # lists: a sort (and filters) the CSV must follow
        history_field = "city"            # history: a text field each change sets

        def target(self, corner):         # the object of the detail and history pages
            return corner.section

        def add_rows(self, corner, n):    # n rows of the list; what must then be on it
            ...

        def add_detail_rows(self, corner, n):  # n rows of the detail page; what must show
            ...

Every page is checked the same way: anonymous users are sent to log in, a user without
the permission gets 403 (and, for a write, nothing changes), a user with it succeeds; its
queries do not grow from 5 to 50 rows and stay within its baseline (tests/baselines.json,
"pages"). Lists also: the CSV export is the filtered list on screen, htmx gets the results
only, every column sorts both ways, bad filter values are explained, not errors. Detail
pages link their history. Forms save through the page, attributed to the user, and their
buttons show only to those allowed.

Pages read on AS_OF (the corner's people are in post then); forms on today. The rows the
tests add are named MARK…, and lists are searched with `q=MARK` to show exactly them.
Pytest collects only the classes named Test…: the mixins below are not run on their own.
"""

import csv
import html
import io
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from base.access import model_permission
from base.asof import AsOfError, parse_as_of
from tests.baselines import check_baseline
from tests.conftest import NOBODY, ROLE_GROUPS
from tests.corner import AS_OF, MARK
from tests.html_forms import edit_form

ROLES = tuple(ROLE_GROUPS)  # staff, editor, manager, administrator
FEW, MANY = 5, 50  # rows on a page when its queries are counted, then counted again
# The model permission each kind of page needs (override `permission` for another).
PERMISSION = {
    "list": "view",
    "detail": "view",
    "history": "view",
    "add": "add",
    "edit": "change",
    "end": "change",
    "delete": "delete",
}
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}


class ViewTests:
    """What a model's test class declares; the mixins read it."""

    model = None
    urls = None  # the prefix of the URL names: "network:country" -> network:country_list…
    url_names = {}  # action -> URL name, where it does not follow the prefix
    url_key = "pk"  # the object's attribute its URLs take ("iso2" for countries)
    query_roles = ("staff",)  # whose queries are counted (more if some see more columns)
    actions = ()  # each mixin: the pages it tests

    # --- Declared by the model's class ----------------------------------------------------

    def target(self, corner):
        """The object of the detail, history, edit… pages (the same one on every call)."""
        raise NotImplementedError

    def add_rows(self, corner, n):
        """Add n rows to the list; return what must then be on it: texts, or records the
        page links to."""
        raise NotImplementedError

    # --- URLs and roles -------------------------------------------------------------------

    @classmethod
    def declared_actions(cls):
        return {action for klass in cls.__mro__ for action in vars(klass).get("actions", ())}

    @classmethod
    def url_name(cls, action):
        return cls.url_names.get(action) or f"{cls.urls}_{action}"

    @classmethod
    def declared_pages(cls):
        """The URL names of the pages this class tests."""
        return {cls.url_name(action) for action in cls.declared_actions()}

    def url(self, action, obj=None, *query):
        args = [getattr(obj, self.url_key)] if obj is not None else []
        query = "&".join(part for part in query if part)
        return reverse(self.url_name(action), args=args) + (f"?{query}" if query else "")

    def read_url(self, action, obj=None, *query):
        """A page that reads (list, detail, history), on AS_OF."""
        return self.url(action, obj, f"as_of={AS_OF}", *query)

    def permission(self, action):
        return model_permission(self.model, PERMISSION[action])

    def allowed_roles(self, users, action):
        return [role for role in ROLES if users[role].has_perm(self.permission(action))]

    def first_allowed(self, users, action):
        allowed = self.allowed_roles(users, action)
        assert allowed, f"no role may {action} {self.model._meta.verbose_name_plural}"
        return allowed[0]

    def refused_roles(self, users, action):
        """The roles without the permission; a user in no group if every role has it."""
        return [role for role in ROLES if role not in self.allowed_roles(users, action)] or [NOBODY]

    # --- Shared checks --------------------------------------------------------------------

    def assert_refused(self, client_as, users, action, url, data=None, state=None):
        """Anonymous users are sent to log in; users without the permission get 403, by
        GET and, with `data`, by POST; `state()` is the same afterwards."""
        before = state() if state else None
        methods = ("get", "post") if data is not None else ("get",)
        client = client_as(None)
        for method in methods:
            response = getattr(client, method)(url, data or {})
            assert is_login_redirect(response), f"anonymous {method.upper()} {url}: {response.status_code}"
        for role in self.refused_roles(users, action):
            client = client_as(role)
            for method in methods:
                response = getattr(client, method)(url, data or {})
                assert response.status_code == 403, f"{role} {method.upper()} {url}: {response.status_code}"
        if state:
            assert state() == before, "a refused request changed the data"

    def assert_queries_flat(self, client_as, urls, grow, roles):
        """Count each page's queries (`urls`: baseline key -> URL) as each role with FEW
        rows, then with MANY (`grow(n)` adds n rows): the same count, within the baseline.
        Returns the pages with MANY rows, by (key, role), and everything added."""

        def count_all():
            return {
                (key, role): measured(client_as(role), url) for key, url in urls.items() for role in roles
            }

        added = list(grow(FEW))
        few = count_all()
        added += grow(MANY - FEW)
        many = count_all()
        for (key, role), (count, _response) in many.items():
            before = few[key, role][0]
            assert count == before, f"{key} as {role}: {before} queries with {FEW} rows, {count} with {MANY}"
        for key in urls:
            check_baseline("pages", key, max(many[key, role][0] for role in roles))
        return {key: response for key, (_count, response) in many.items()}, added


# --- Read pages ----------------------------------------------------------------------------


class ListViewTests(ViewTests):
    """A filterable, sortable table with its CSV export (base.views.ObjectListView).

    Declares `add_rows`, and `list_query` (filters the corner's rows need besides the quick
    search, e.g. "status=all") and `csv_filter` (a sort, and filters that keep some of
    the corner's rows but not all: the CSV must follow them).
    """

    actions = ("list",)
    list_query = ""
    csv_filter = ""

    def list_url(self, *query):
        return self.read_url("list", None, f"q={MARK}", "per_page=250", self.list_query, *query)

    def test_list_access(self, client_as, users, corner):
        shown = self.add_rows(corner, 2)
        url = self.list_url()
        self.assert_refused(client_as, users, "list", url)
        response = client_as(self.first_allowed(users, "list")).get(url)
        assert response.status_code == 200
        assert_shows(response, shown)

    def test_list_queries(self, client_as, corner):
        """With the CSV export, whose rows are the page's."""
        name = self.url_name("list")
        urls = {name: self.list_url(), f"{name}?_export=csv": self.list_url("_export=csv")}
        pages, added = self.assert_queries_flat(
            client_as, urls, lambda n: self.add_rows(corner, n), self.query_roles
        )
        assert_shows(pages[name, self.query_roles[0]], added)

    def test_list_csv_is_the_filtered_list_on_screen(self, client_as, users, corner):
        client = client_as(self.first_allowed(users, "list"))
        self.add_rows(corner, 8)
        url = self.list_url(self.csv_filter)
        screen_header, screen = screen_table(client.get(url))
        header, rows = csv_table(client.get(f"{url}&_export=csv"))
        assert rows, "the filters should leave rows to compare"
        assert header == screen_header
        assert without_dates(rows, rows) == without_dates(rows, screen)
        # The filters reached the export: it has fewer rows than the same list without them.
        wider = [self.read_url("list")]
        if any(not part.startswith("sort=") for part in self.csv_filter.split("&") if part):
            wider.append(self.list_url())
        for url in wider:
            assert len(rows) < client.get(url, **HTMX).context["table"].paginator.count, url

    def test_list_htmx_gets_the_results_only(self, client_as, users, corner):
        """The rows of the page, its filters applied, without the page around them."""
        client = client_as(self.first_allowed(users, "list"))
        self.add_rows(corner, 8)
        url = self.list_url(self.csv_filter)
        partial = client.get(url, **HTMX)
        content = partial.content.decode()
        assert "<html" not in content and "<table" in content
        header, rows = screen_table(partial)
        assert rows and (header, rows) == screen_table(client.get(url))

    def test_list_sorts_every_column_both_ways(self, client_as, users, corner):
        client = client_as(self.first_allowed(users, "list"))
        shown = self.add_rows(corner, 3)
        table = client.get(self.list_url(), **HTMX).context["table"]
        columns = [column.name for column in table.columns if column.orderable]
        assert columns, "no column can be sorted"
        for column in columns:
            for sort in (column, f"-{column}"):
                response = client.get(self.list_url(f"sort={sort}"), **HTMX)
                assert response.status_code == 200, sort
                assert list(response.context["table"].order_by) == [sort]
                assert_shows(response, shown, sort)

    def test_list_bad_filter_values_are_explained(self, client_as, users, corner):
        """A bad value in every filter at once, and a bad date: each gets its message
        on the page and the list is empty; bad sorts, pages and sizes are ignored."""
        role = self.first_allowed(users, "list")
        client = client_as(role)
        base = self.url("list")
        bad = bad_filter_values(resolve(base).func.view_class, users[role])
        assert bad, "the list has no filter to check"
        response = client.get(f"{base}?{urlencode({**bad, 'as_of': '2021-02-30'})}")
        assert response.status_code == 200
        errors = response.context["filter"].errors
        assert set(errors) == set(bad)
        content = response.content.decode()
        for message in [*(error for field in errors.values() for error in field), as_of_error("2021-02-30")]:
            assert html.escape(message) in content, message
        assert response.context["table"].paginator.count == 0
        response = client.get(f"{base}?as_of=99999-01-01&per_page=-1&page=999&sort=no_such_column")
        assert response.status_code == 200
        assert html.escape(as_of_error("99999-01-01")) in response.content.decode()
        assert response.context["table"].paginator.count > 0


class TreeViewTests(ViewTests):
    """A page of records without filters or table (the central units' tree), with a CSV
    export. Declares `add_rows`."""

    actions = ("list",)

    def test_tree_access(self, client_as, users, corner):
        shown = self.add_rows(corner, 2)
        url = self.read_url("list")
        self.assert_refused(client_as, users, "list", url)
        response = client_as(self.first_allowed(users, "list")).get(url)
        assert response.status_code == 200
        assert_shows(response, shown)

    def test_tree_queries(self, client_as, corner):
        name = self.url_name("list")
        urls = {
            name: self.read_url("list"),
            f"{name}?_export=csv": self.read_url("list", None, "_export=csv"),
        }
        pages, added = self.assert_queries_flat(
            client_as, urls, lambda n: self.add_rows(corner, n), self.query_roles
        )
        assert_shows(pages[name, self.query_roles[0]], added)


class DetailViewTests(ViewTests):
    """The page of one object. Declares `target` and `add_detail_rows(corner, n)` (rows
    the page shows: people, sections, past coverage…; returns what must then show)."""

    actions = ("detail",)

    def add_detail_rows(self, corner, n):
        raise NotImplementedError

    def test_detail_access(self, client_as, users, corner):
        """…and the page links its history."""
        obj = self.target(corner)
        url = self.read_url("detail", obj)
        self.assert_refused(client_as, users, "detail", url)
        response = client_as(self.first_allowed(users, "detail")).get(url)
        assert response.status_code == 200
        assert response.context["object"] == obj
        if "history" in self.declared_actions():
            assert links_to(response.content.decode(), self.url("history", obj))

    def test_detail_queries(self, client_as, corner):
        obj = self.target(corner)
        name = self.url_name("detail")
        pages, added = self.assert_queries_flat(
            client_as,
            {name: self.read_url("detail", obj)},
            lambda n: self.add_detail_rows(corner, n),
            self.query_roles,
        )
        assert_shows(pages[name, self.query_roles[0]], added, client=client_as(self.query_roles[0]))


class HistoryViewTests(ViewTests):
    """Who changed what of one object. Declares `target` and `history_field` (a text
    field each change sets to a new value), or `change` itself."""

    actions = ("history",)
    history_field = None

    def change(self, corner, obj, n):
        """Change `obj` n times (a history record each); return what must then show."""
        for _ in range(n):
            setattr(obj, self.history_field, f"{MARK} {corner.number()}")
            obj.save()
        return [getattr(obj, self.history_field)]

    def test_history_access(self, client_as, users, corner):
        obj = self.target(corner)
        self.change(corner, obj, 2)
        url = self.read_url("history", obj)
        self.assert_refused(client_as, users, "history", url)
        response = client_as(self.first_allowed(users, "history")).get(url)
        assert response.status_code == 200
        assert response.context["object"] == obj
        assert len(response.context["history_entries"]) == obj.history.count() >= 3

    def test_history_queries(self, client_as, corner):
        obj = self.target(corner)
        name = self.url_name("history")
        pages, added = self.assert_queries_flat(
            client_as,
            {name: self.read_url("history", obj)},
            lambda n: self.change(corner, obj, n),
            self.query_roles,
        )
        response = pages[name, self.query_roles[0]]
        assert_shows(response, added[-1:])
        assert len(response.context["history_entries"]) > MANY


# --- Forms ---------------------------------------------------------------------------------


class WriteViewTests(ViewTests):
    """What the form mixins share: the edit buttons, shown only to those allowed."""

    def button_pages(self, corner, obj):
        """{page URL: [the write actions whose links it shows]}: by default the list shows
        "add", the detail page the others."""
        tested = self.declared_actions()
        pages = {}
        if {"add", "list"} <= tested:
            pages[self.read_url("list", None, f"q={MARK}")] = ["add"]
        on_object = [action for action in ("edit", "end", "delete") if action in tested]
        if on_object and "detail" in tested:
            pages[self.read_url("detail", obj)] = on_object
        return pages

    def test_write_buttons_only_for_those_allowed(self, client_as, users, corner):
        obj = self.target(corner)
        pages = self.button_pages(corner, obj)
        assert pages, "declare button_pages: where are the links to the forms?"
        for role in ROLES:
            client = client_as(role)
            for page, actions in pages.items():
                content = client.get(page).content.decode()
                for action in actions:
                    link = self.url(action, None if action == "add" else obj)
                    expected = users[role].has_perm(self.permission(action))
                    assert links_to(content, link) == expected, f"{role} on {page}: link to {link}"

    def table_state(self, obj=None):
        """What a refused request must not change: the table's rows, and `obj`'s values."""
        rows = self.model._default_manager
        return rows.count(), list(rows.filter(pk=getattr(obj, "pk", None)).values())

    def assert_saved(self, client_as, users, action, url, changes, find):
        """The form opens for those allowed; posted with `changes`, it saves through the
        page: a redirect to the object's page, a success message, the values saved and
        the history attributed to the user. `find()` returns the object saved."""
        role = self.first_allowed(users, action)
        client = client_as(role)
        page = client.get(url)
        assert page.status_code == 200
        assert "form" in page.context
        response = client.post(url, edit_form(page).data(**changes))
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        obj = find()
        assert response["Location"].split("?")[0] == self.saved_url(obj)
        levels = [message.level for message in messages.get_messages(response.wsgi_request)]
        assert messages.SUCCESS in levels
        assert_values(obj, changes)
        assert obj.history.first().history_user == users[role]
        return obj

    def saved_url(self, obj):
        return obj.get_absolute_url()

    def assert_form_queries_flat(self, client_as, users, corner, action, url):
        """The form's queries do not grow with the records it may offer."""
        self.assert_queries_flat(
            client_as,
            {self.url_name(action): url},
            lambda n: self.add_rows(corner, n),
            [self.first_allowed(users, action)],
        )


class CreateViewTests(WriteViewTests):
    """A form that adds a record. Declares `create_data(corner)`: the values to enter."""

    actions = ("add",)

    def create_data(self, corner):
        raise NotImplementedError

    def test_add_refused(self, client_as, users, corner):
        data = self.create_data(corner)
        self.assert_refused(client_as, users, "add", self.url("add"), data, self.table_state)

    def test_add_saves(self, client_as, users, corner):
        last = self.model._default_manager.order_by("-pk").values_list("pk", flat=True).first() or 0

        def created():
            (obj,) = self.model._default_manager.filter(pk__gt=last)
            return obj

        obj = self.assert_saved(client_as, users, "add", self.url("add"), self.create_data(corner), created)
        assert obj.history.count() == 1

    def test_add_queries(self, client_as, users, corner):
        self.assert_form_queries_flat(client_as, users, corner, "add", self.url("add"))


class ChangeViewTests(WriteViewTests):
    """What EditViewTests and EndViewTests share (`action`, `changes`)."""

    def check_refused(self, client_as, users, corner, action, changes):
        obj = self.target(corner)
        self.assert_refused(
            client_as,
            users,
            action,
            self.url(action, obj),
            changes(corner, obj),
            lambda: self.table_state(obj),
        )

    def check_saved(self, client_as, users, corner, action, changes):
        obj = self.target(corner)
        records = obj.history.count()
        self.assert_saved(
            client_as,
            users,
            action,
            self.url(action, obj),
            changes(corner, obj),
            lambda: self.model._default_manager.get(pk=obj.pk),
        )
        assert obj.history.count() == records + 1

    def check_queries(self, client_as, users, corner, action):
        self.assert_form_queries_flat(client_as, users, corner, action, self.url(action, self.target(corner)))


class EditViewTests(ChangeViewTests):
    """A form that changes `target`. Declares `edit_changes(corner, obj)`: the values to
    change on the form as shown."""

    actions = ("edit",)

    def edit_changes(self, corner, obj):
        raise NotImplementedError

    def test_edit_refused(self, client_as, users, corner):
        self.check_refused(client_as, users, corner, "edit", self.edit_changes)

    def test_edit_saves(self, client_as, users, corner):
        self.check_saved(client_as, users, corner, "edit", self.edit_changes)

    def test_edit_queries(self, client_as, users, corner):
        self.check_queries(client_as, users, corner, "edit")


class EndViewTests(ChangeViewTests):
    """A form that ends `target` (its last day, …). Declares `end_changes(corner, obj)`."""

    actions = ("end",)

    def end_changes(self, corner, obj):
        raise NotImplementedError

    def test_end_refused(self, client_as, users, corner):
        self.check_refused(client_as, users, corner, "end", self.end_changes)

    def test_end_saves(self, client_as, users, corner):
        self.check_saved(client_as, users, corner, "end", self.end_changes)

    def test_end_queries(self, client_as, users, corner):
        self.check_queries(client_as, users, corner, "end")


class DeleteViewTests(WriteViewTests):
    """Deletion after confirmation. Declares `deletable(corner)` (by default `target`)
    and `deleted_url(obj)`, where the user lands (by default the list)."""

    actions = ("delete",)

    def deletable(self, corner):
        return self.target(corner)

    def deleted_url(self, obj):
        return self.url("list")

    def test_delete_refused(self, client_as, users, corner):
        obj = self.deletable(corner)
        self.assert_refused(
            client_as, users, "delete", self.url("delete", obj), {}, lambda: self.table_state(obj)
        )

    def test_delete_removes(self, client_as, users, corner):
        obj = self.deletable(corner)
        role = self.first_allowed(users, "delete")
        client = client_as(role)
        url = self.url("delete", obj)
        confirm = client.get(url)
        assert confirm.status_code == 200 and confirm.context["object"] == obj
        edit_form(confirm)  # a form to confirm with
        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"].split("?")[0] == self.deleted_url(obj)
        assert not self.model._default_manager.filter(pk=obj.pk).exists()
        deletion = obj.history.first()
        assert (deletion.history_type, deletion.history_user) == ("-", users[role])

    def test_delete_queries(self, client_as, users, corner):
        self.assert_form_queries_flat(
            client_as, users, corner, "delete", self.url("delete", self.deletable(corner))
        )


# --- Helpers -------------------------------------------------------------------------------


def measured(client, url):
    """(queries, response) of a GET of `url`, its content read (a streamed export too)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            streamed, response = response, HttpResponse(b"".join(response.streaming_content))
            response.status_code = streamed.status_code
            for header, value in streamed.items():
                response[header] = value
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return len(queries), response


def is_login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def links_to(content, url):
    """Whether the HTML `content` has a link to `url` (its as-of date or query aside)."""
    return re.search(f'href="{re.escape(html.escape(url))}(?=["?&#])', content) is not None


def shows(content, item):
    """A text is shown (case aside: names are in capitals), a record linked."""
    if isinstance(item, str):
        return item.lower() in content.lower()
    return links_to(content, item.get_absolute_url())


NEXT_LINK = re.compile(r'<a\b[^>]*\brel="next"[^>]*>')
HREF = re.compile(r'href="([^"]*)"')


def with_next_pages(client, response, most=20):
    """The content of `response` and of every page its "next" links lead to, as a reader
    paging through a detail page's long lists (a country's team…) would see them."""
    path = response.wsgi_request.path
    contents, seen, queue = [], set(), [response.content.decode()]
    while queue and len(contents) < most:
        content = queue.pop(0)
        contents.append(content)
        for link in NEXT_LINK.findall(content):
            query = html.unescape(HREF.search(link).group(1))
            if query not in seen:
                seen.add(query)
                queue.append(client.get(path + query).content.decode())
    return "".join(contents)


def assert_shows(response, items, context="", client=None):
    """Every item is shown on the page (`client`: or on the pages its "next" links lead to)."""
    content = with_next_pages(client, response) if client else response.content.decode()
    missing = [item for item in items if not shows(content, item)]
    assert not missing, f"{response.wsgi_request.get_full_path()} {context}: not shown: {missing[:5]}"


def as_of_error(value):
    try:
        parse_as_of(value)
    except AsOfError as error:
        return str(error)
    raise AssertionError(f"{value} is a good date")


def bad_filter_values(view_class, user):
    """{filter: a value it refuses} for every filter of the list that can refuse one."""
    request = RequestFactory().get("/")
    request.user, request.as_of = user, AS_OF
    fields = view_class.filterset_class(request=request).form.fields
    values = {name: bad_value(field) for name, field in fields.items()}
    return {name: value for name, value in values.items() if value is not None}


def bad_value(field):
    if isinstance(field, forms.ModelChoiceField):
        return "999999999"
    if isinstance(field, forms.ChoiceField):
        return "no-such-choice"
    if isinstance(field, forms.DateField):
        return "2021-02-30"
    if isinstance(field, forms.IntegerField | forms.FloatField | forms.DecimalField):
        return "abc"
    if isinstance(field, forms.CharField) and field.max_length:
        return "x" * (field.max_length + 1)
    return None


def assert_values(obj, data):
    """`obj` holds the values of `data` that are its fields (as a form posts them)."""
    for name, value in data.items():
        field = next((f for f in obj._meta.concrete_fields if name in (f.name, f.attname)), None)
        if field is None:
            continue
        assert as_posted(getattr(obj, field.attname)) == as_posted(value), name


def as_posted(value):
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


class TableParser(HTMLParser):
    """The header and body cells of the first <table> of a page, as text."""

    def __init__(self):
        super().__init__()
        self.header, self.rows, self.cell, self.depth, self.done = [], [], None, 0, False

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        if tag == "table":
            self.depth += 1
        elif tag == "tr" and self.depth:
            self.rows.append([])
        elif tag in ("td", "th") and self.depth:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
            self.done = True
        elif tag in ("td", "th") and self.cell is not None:
            text = " ".join("".join(self.cell).split())
            self.rows[-1].append("" if text == "—" else text)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def screen_table(response):
    """(header, rows) of the first table on the page."""
    assert response.status_code == 200
    parser = TableParser()
    parser.feed(response.content.decode())
    return parser.rows[0], parser.rows[1:]


def csv_table(response):
    """(header, rows) of a CSV export."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    return rows[0], rows[1:]


ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})?$")


def without_dates(exported, table):
    """`table` less the date columns of the `exported` rows (the screen shows dates
    localised, the CSV as ISO dates)."""
    dates = {i for i in range(len(exported[0])) if all(ISO_DATE.match(row[i]) for row in exported)}
    return [[cell for i, cell in enumerate(row) if i not in dates] for row in table]
