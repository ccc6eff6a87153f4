"""The read-only JSON API, its documentation page and the user's own token page.

Each endpoint is a declaration, like the pages: a model (whose view permission it
needs), the selector of the page listing the same records on the as-of date (`?as_of=`,
today by default), the page's FilterSet, and a serializer. Lists are paginated
(`?page=`, `?page_size=` up to 500) in a fixed number of queries.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.response import Response

from base.asof import AS_OF_PARAM, AsOfError, parse_as_of
from directory import filtersets as network_filtersets
from directory import selectors as network_selectors
from network import figures as network_figures
from network.models import (
    COVERAGE_REPORT_PERMISSION,
    Country,
    Coverage,
    Department,
    DirectorateUnit,
    Embassy,
    Region,
    Section,
)
from postings import filtersets as postings_filtersets
from postings import selectors as postings_selectors
from postings.models import Person, Position, Posting
from reports.coverage import coverage_report
from reports.exports import ExportContext, report_data
from reports.forms import CoverageReportForm

from . import serializers
from .access import PermissionRequiredMixin, PortalPermission
from .forms import TokenForm
from .models import ApiToken
from .services import token_create, token_revoke


class ApiView(PermissionRequiredMixin, GenericAPIView):
    """An endpoint: the permissions of its model's pages, the as-of date."""

    permission_classes = [PortalPermission]
    as_of_parameter = True  # documented on every endpoint (api/schema.py)

    @classmethod
    def as_view(cls, **initkwargs):
        # The API authenticates (session or token) and refuses with 401/403 itself: the
        # portal's LoginRequiredMiddleware would send a script to the login page.
        return login_not_required(super().as_view(**initkwargs))

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication, permissions, throttling
        try:
            day = parse_as_of(request.query_params.get(AS_OF_PARAM))
        except AsOfError as error:
            raise ValidationError({AS_OF_PARAM: [str(error)]}) from None
        request._request.as_of = day
        request._request.as_of_is_today = day == datetime.date.today()


class Endpoint(ListModelMixin, RetrieveModelMixin, ApiView):
    """A list (with the page's filters) or, given a key in the URL, one record."""

    selector = None  # day -> the queryset of the page listing these records
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        queryset = self.selector(self.request.as_of)
        ordering = queryset.query.order_by or self.model._meta.ordering
        return queryset.order_by(*ordering, "pk")  # pages never repeat nor skip a row

    def get(self, request, *args, **kwargs):
        if self.lookup_url_kwarg in kwargs or self.lookup_field in kwargs:
            return self.retrieve(request, *args, **kwargs)
        return self.list(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        # The one entry point of every list: where exports of personal data are logged.
        return super().list(request, *args, **kwargs)

    def filter_queryset(self, queryset):
        if self.lookup_field in self.kwargs:
            return queryset  # one record: the list's filters (open on the date…) do not apply
        return super().filter_queryset(queryset)


def endpoint(name, model, selector, serializer, filterset=None, lookup="pk"):
    """Declare the endpoint of `model`."""
    return type(
        name,
        (Endpoint,),
        {
            "model": model,
            "selector": staticmethod(selector),
            "serializer_class": serializer,
            "filterset_class": filterset,
            "lookup_field": lookup,
            "__doc__": f"{model._meta.verbose_name_plural.capitalize()} on the as-of date.",
        },
    )


def regions_on(day):
    return Region.objects.annotate(
        **{network_figures.REGION_COUNTRIES.key: network_figures.REGION_COUNTRIES.annotation(day)}
    )


def central_units_on(day):
    figure = network_figures.UNIT_DEPARTMENTS_SUPERVISED
    return DirectorateUnit.objects.select_related("parent").annotate(**{figure.key: figure.annotation(day)})


class CountryEndpoint(Endpoint):
    """Countries on the as-of date: who covers them and their figures."""

    model = Country
    selector = staticmethod(network_selectors.countries_listed_on)
    serializer_class = serializers.CountrySerializer
    filterset_class = network_filtersets.CountryFilterSet
    lookup_field = "iso2"

    def get_object(self):
        return get_object_or_404(self.get_queryset(), iso2=self.kwargs["iso2"].upper())


RegionEndpoint = endpoint("RegionEndpoint", Region, regions_on, serializers.RegionSerializer)
EmbassyEndpoint = endpoint(
    "EmbassyEndpoint",
    Embassy,
    network_selectors.embassies_listed_on,
    serializers.EmbassySerializer,
    network_filtersets.EmbassyFilterSet,
)
DepartmentEndpoint = endpoint(
    "DepartmentEndpoint",
    Department,
    network_selectors.departments_listed_on,
    serializers.DepartmentSerializer,
    network_filtersets.DepartmentFilterSet,
)
SectionEndpoint = endpoint(
    "SectionEndpoint",
    Section,
    network_selectors.sections_listed_on,
    serializers.SectionSerializer,
    network_filtersets.SectionFilterSet,
)
CentralUnitEndpoint = endpoint(
    "CentralUnitEndpoint", DirectorateUnit, central_units_on, serializers.CentralUnitSerializer
)
CoverageEndpoint = endpoint(
    "CoverageEndpoint",
    Coverage,
    lambda day: network_selectors.coverages_listed(),
    serializers.CoverageSerializer,
    network_filtersets.CoverageFilterSet,
)
PersonEndpoint = endpoint(
    "PersonEndpoint",
    Person,
    postings_selectors.people_on,
    serializers.PersonSerializer,
    postings_filtersets.PersonFilterSet,
)
PositionEndpoint = endpoint(
    "PositionEndpoint",
    Position,
    postings_selectors.positions_on,
    serializers.PositionSerializer,
    postings_filtersets.PositionFilterSet,
)
PostingEndpoint = endpoint(
    "PostingEndpoint",
    Posting,
    lambda day: postings_selectors.postings_listed(),
    serializers.PostingSerializer,
    postings_filtersets.PostingFilterSet,
)

ENDPOINTS = {
    # URL segment: (endpoint, URL parameter of one record)
    "countries": (CountryEndpoint, "<str:iso2>"),
    "regions": (RegionEndpoint, "<int:pk>"),
    "embassies": (EmbassyEndpoint, "<int:pk>"),
    "departments": (DepartmentEndpoint, "<int:pk>"),
    "sections": (SectionEndpoint, "<int:pk>"),
    "central-units": (CentralUnitEndpoint, "<int:pk>"),
    "coverages": (CoverageEndpoint, "<int:pk>"),
    "people": (PersonEndpoint, "<int:pk>"),
    "positions": (PositionEndpoint, "<int:pk>"),
    "postings": (PostingEndpoint, "<int:pk>"),
}


class CoverageReportEndpoint(ApiView):
    """The country coverage report, as its JSON export: one row per country, totals
    (each person and position once) and totals by region. For Managers."""

    model = Coverage
    extra_permissions = (COVERAGE_REPORT_PERMISSION,)

    @extend_schema(
        parameters=[
            OpenApiParameter("region", str, description="Region code."),
            OpenApiParameter("force", str, enum=["police", "gendarmerie", "civilian"]),
            OpenApiParameter("role", str, description="Role code (a role served abroad)."),
            OpenApiParameter("covered", str, enum=["yes", "resident", "non_resident", "no"]),
            OpenApiParameter("sort", str, description="A column, '-' first for descending, e.g. -people."),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        form = CoverageReportForm(request.query_params, as_of=request.as_of)
        if not form.is_valid():
            raise ValidationError(form.errors)
        report = coverage_report(form.cleaned_data["as_of"], **form.report_kwargs())
        return Response(report_data(ExportContext.build(report, form, request.user)))


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema, for any signed-in user or token."""

    @classmethod
    def as_view(cls, **initkwargs):
        return login_not_required(super().as_view(**initkwargs))


# --- Pages of the portal -------------------------------------------------------------------


class DocsView(TemplateView):
    """The API's documentation (Swagger UI, served by the portal: no CDN)."""

    template_name = "api/docs.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            schema_url=reverse("api:schema") + "?format=json", tokens_url=reverse("api:tokens"), **kwargs
        )


class TokenView(FormView):
    """The user's own API tokens: make one (shown once), revoke one."""

    template_name = "api/tokens.html"
    form_class = TokenForm
    success_url = reverse_lazy("api:tokens")

    def get_context_data(self, **kwargs):
        tokens = ApiToken.objects.filter(user=self.request.user)
        return super().get_context_data(tokens=tokens, docs_url=reverse("api:docs"), **kwargs)

    def post(self, request, *args, **kwargs):
        if "revoke" in request.POST:
            return self.revoke(request.POST["revoke"])
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        token, raw = token_create(
            user=self.request.user, name=form.cleaned_data["name"], days=form.expiry_days()
        )
        # Shown in this response only: never stored, never in a redirect or a message.
        return self.render_to_response(self.get_context_data(form=TokenForm(), new_token=token, raw_token=raw))

    def revoke(self, value):
        token = get_object_or_404(
            ApiToken, pk=int(value) if value.isdigit() and len(value) <= 18 else 0, user=self.request.user
        )
        token_revoke(token=token)
        messages.success(self.request, _("The token “%(token)s” was revoked.") % {"token": token})
        return redirect(self.success_url)
