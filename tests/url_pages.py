"""Every page of the project, found by walking the URL patterns (never a hand-written
list), with what the tests need to request it: a URL built from existing objects, the
view class, its model and the permissions it declares.

Used by the access-matrix, bad-input, audit and sensitive-data tests, so a page added
by anyone is covered by all of them as soon as it is routed.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import URLResolver, get_resolver, resolve
from django.utils.regex_helper import normalize

from base import views as generic


class CannotBuildUrl(Exception):
    pass


@dataclass(frozen=True)
class Page:
    name: str | None  # "network:country_detail"; None for unnamed patterns
    route: str  # the pattern as written, e.g. "network/countries/<str:iso2>/"
    regex: str
    callback: object = field(compare=False)
    namespaces: tuple = ()

    def __str__(self):
        return self.name or self.route

    @property
    def is_admin(self):
        return bool(self.namespaces) and self.namespaces[0] == "admin"

    @property
    def view_class(self):
        return getattr(self.callback, "view_class", None)

    @cached_property
    def model(self):
        view_class = self.view_class
        if view_class is not None:
            model = getattr(view_class, "model", None)
            queryset = getattr(view_class, "queryset", None)
            if model is None and queryset is not None:
                model = queryset.model
            if model is not None:
                return model
        model_admin = getattr(self.callback, "model_admin", None)
        if model_admin is not None:
            return model_admin.model
        if self.is_admin and self.name:
            # e.g. "admin:auth_user_password_change": views added by a ModelAdmin.
            url_name = self.name.split(":", 1)[1]
            for model in admin.site._registry:
                if url_name.startswith(f"{model._meta.app_label}_{model._meta.model_name}_"):
                    return model
        return None

    @property
    def params(self):
        return normalize(self.regex)[0][1]

    def is_subclass(self, cls):
        return self.view_class is not None and issubclass(self.view_class, cls)

    @property
    def is_list(self):
        """A filterable list page (where filter, sort and page parameters apply)."""
        return self.is_subclass(generic.ObjectListView) or (
            self.view_class is not None and getattr(self.view_class, "filterset_class", None) is not None
        )

    def view_instance(self, url="/", kwargs=None):
        view = self.view_class(**getattr(self.callback, "view_initkwargs", {}))
        view.setup(RequestFactory().get(url), **(kwargs or {}))
        return view

    def required_permissions(self):
        """The permissions the view declares (PermissionRequiredMixin or the generic
        views' ModelPermissionMixin), () for "any logged-in user", None if unknown."""
        if self.view_class is None:
            # A function view may state it: `view.permission_required = ("app.codename",)`.
            declared = getattr(self.callback, "permission_required", None)
            if declared:
                return (declared,) if isinstance(declared, str) else tuple(declared)
            return None
        # Some views require a permission that depends on the URL (a spreadsheet kind).
        view = self.view_instance(kwargs=self.url_kwargs())
        if hasattr(view, "get_permission_required"):
            try:
                return tuple(view.get_permission_required())
            except (ImproperlyConfigured, AttributeError):
                return None
        declared = getattr(view, "permission_required", None)
        if declared:
            return (declared,) if isinstance(declared, str) else tuple(declared)
        return ()

    def sample_object(self):
        model = self.model
        if model is None:
            return None
        queryset = getattr(self.view_class, "queryset", None) if self.view_class else None
        if queryset is None or queryset.model is not model:
            queryset = model._default_manager.all()
        return queryset.order_by("pk").first()

    def url_kwargs(self):
        """Values for the pattern's parameters, taken from existing objects."""
        values = {}
        obj = None
        for param in self.params:
            if param in values:
                continue
            if obj is None:
                obj = self.sample_object()
            values[param] = fill_param(self, param, obj)
        return values

    def query(self):
        """A query string some pages need to do their work (the admin's autocomplete)."""
        if self.name == "admin:autocomplete":
            for model, model_admin in admin.site._registry.items():
                for field_name in model_admin.autocomplete_fields:
                    opts = model._meta
                    return (
                        f"?app_label={opts.app_label}&model_name={opts.model_name}"
                        f"&field_name={field_name}&term=a"
                    )
        return ""

    def url(self, **overrides):
        kwargs = {**self.url_kwargs(), **overrides} if self.params else overrides
        for template, params in normalize(self.regex):
            if set(params) <= set(kwargs):
                url = "/" + template % {name: str(kwargs[name]) for name in params}
                return url + self.query()
        raise CannotBuildUrl(f"{self}: cannot fill {self.params}")

    def check_resolves(self, url, urlconf=None):
        match = resolve(url.split("?")[0], urlconf=urlconf)
        if match.func is not self.callback:
            raise CannotBuildUrl(
                f"{self}: {url} resolves to {match.view_name or match.route}, not to this page"
            )


def fill_param(page, param, obj):
    view_class = page.view_class
    if param == "_0":  # unnamed groups: simple_history's admin (object, then record)
        param = "object_id"
    elif param == "_1" and "history" in page.route:
        param = "history_id"
    if view_class is not None and param == getattr(view_class, "slug_url_kwarg", None):
        if obj is None:
            raise CannotBuildUrl(f"{page}: no {page.model} to fill <{param}>")
        return getattr(obj, view_class.slug_field)
    if param in {"pk", "object_id", "id", getattr(view_class, "pk_url_kwarg", "pk")}:
        if obj is None and page.model is None:  # e.g. the admin's view-on-site link
            from network.models import Country

            obj = Country.objects.order_by("pk").first()
        if obj is None and page.is_admin:
            return 0  # an empty table (e.g. axes' logs): the admin answers "does not exist"
        if obj is None:
            raise CannotBuildUrl(f"{page}: no object to fill <{param}>")
        return obj.pk
    if param == "history_id":
        history = getattr(obj, "history", None)
        record = history.order_by("pk").last() if history is not None else None
        if record is None:
            raise CannotBuildUrl(f"{page}: no history record to fill <{param}>")
        return record.pk
    if param == "app_label":
        return page.model._meta.app_label if page.model else "network"
    if param == "content_type_id":
        from network.models import Country

        return ContentType.objects.get_for_model(Country).pk
    if param == "url":  # the admin's catch-all
        return "no-such-page/"
    if param in {"iso2", "country"}:
        from network.models import Country

        return Country.objects.order_by("pk").first().iso2
    if "date" in param or param in {"day", "as_of"}:
        return datetime.date.today().isoformat()
    if param in {"fmt", "format", "export_format"}:
        return "csv"
    if param == "kind":  # a spreadsheet file type
        from spreadsheets.registry import KINDS

        return next(iter(KINDS))
    if param in {"model", "model_name"}:
        return page.model._meta.model_name if page.model else "country"
    raise CannotBuildUrl(
        f"{page} ({page.route}): the tests don't know how to fill <{param}>; teach tests/url_pages.fill_param"
    )


def _strip_start(regex):
    return regex[1:] if regex.startswith("^") else regex


def iter_pages(patterns=None, prefix="", route="", namespaces=()):
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        regex = prefix + _strip_start(entry.pattern.regex.pattern)
        entry_route = route + str(entry.pattern)
        if isinstance(entry, URLResolver):
            spaces = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from iter_pages(entry.url_patterns, regex, entry_route, spaces)
        else:
            name = ":".join((*namespaces, entry.name)) if entry.name else None
            yield Page(
                name=name, route=entry_route, regex=regex, callback=entry.callback, namespaces=namespaces
            )


def all_pages(urlconf=None):
    patterns = get_resolver(urlconf).url_patterns
    pages = list(iter_pages(patterns))
    seen, unique = set(), []
    for page in pages:  # the same view routed twice is one page per route
        key = (page.name, page.route)
        if key not in seen:
            seen.add(key)
            unique.append(page)
    return unique


def page_named(name, urlconf=None):
    return next((page for page in all_pages(urlconf) if page.name == name), None)


def pages_of(cls, urlconf=None, model=None):
    return [
        page
        for page in all_pages(urlconf)
        if page.is_subclass(cls) and (model is None or page.model is model)
    ]
