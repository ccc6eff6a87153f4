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
from base.exports import filters_of, record_export
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


class Endpoint(ApiView):
    """The records of `model` as the page listing them has them on the as-of date."""

    selector = None  # day -> the queryset of the page listing these records

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema: no request, no date
            return self.model.objects.none()
        queryset = self.selector(self.request.as_of)
        ordering = queryset.query.order_by or self.model._meta.ordering
        return queryset.order_by(*ordering, "pk")  # pages never repeat nor skip a row


class ListEndpoint(ListModelMixin, Endpoint):
    """A page of the list, filtered by the page's FilterSet."""

    filter_backends = [DjangoFilterBackend]

    def get(self, request, *args, **kwargs):
        # The one entry point of every list: where exports of personal data are recorded.
        response = self.list(request, *args, **kwargs)
        if response.status_code == 200:
            record_export(
                user=request.user,
                kind=f"API: {self.model._meta.verbose_name_plural}",
                file_format="json",
                filters=filters_of(request.query_params),
                rows=len(response.data.get("results", ())),
            )
        return response


class DetailEndpoint(RetrieveModelMixin, Endpoint):
    """One record, found by its id (a country: its ISO code), whatever the list's filters."""

    def get(self, request, *args, **kwargs):
        return self.retrieve(request, *args, **kwargs)


def endpoints(model, selector, serializer, filterset=None, lookup="pk", get_object=None):
    """The list and detail endpoints of `model`."""
    name = model.__name__
    common = {
        "model": model,
        "selector": staticmethod(selector),
        "serializer_class": serializer,
        "__module__": __name__,
    }
    plural = str(model._meta.verbose_name_plural)
    list_view = type(
        f"{name}List",
        (ListEndpoint,),
        {**common, "filterset_class": filterset, "__doc__": f"The {plural} on the as-of date."},
    )
    detail_view = type(
        f"{name}Detail",
        (DetailEndpoint,),
        {
            **common,
            "lookup_field": lookup,
            "__doc__": f"One of the {plural}, on the as-of date.",
            **({"get_object": get_object} if get_object else {}),
        },
    )
    return list_view, detail_view


def regions_on(day):
    return Region.objects.annotate(
        **{network_figures.REGION_COUNTRIES.key: network_figures.REGION_COUNTRIES.annotation(day)}
    )


def central_units_on(day):
    figure = network_figures.UNIT_DEPARTMENTS_SUPERVISED
    return DirectorateUnit.objects.select_related("parent").annotate(**{figure.key: figure.annotation(day)})


def country_by_code(view):
    return get_object_or_404(view.get_queryset(), iso2=view.kwargs["iso2"].upper())


ENDPOINTS = {
    # URL segment: ((list endpoint, detail endpoint), URL parameter of one record)
    "countries": (
        endpoints(
            Country,
            network_selectors.countries_listed_on,
            serializers.CountrySerializer,
            network_filtersets.CountryFilterSet,
            lookup="iso2",
            get_object=country_by_code,
        ),
        "<str:iso2>",
    ),
    "regions": (endpoints(Region, regions_on, serializers.RegionSerializer), "<int:pk>"),
    "embassies": (
        endpoints(
            Embassy,
            network_selectors.embassies_listed_on,
            serializers.EmbassySerializer,
            network_filtersets.EmbassyFilterSet,
        ),
        "<int:pk>",
    ),
    "departments": (
        endpoints(
            Department,
            network_selectors.departments_listed_on,
            serializers.DepartmentSerializer,
            network_filtersets.DepartmentFilterSet,
        ),
        "<int:pk>",
    ),
    "sections": (
        endpoints(
            Section,
            network_selectors.sections_listed_on,
            serializers.SectionSerializer,
            network_filtersets.SectionFilterSet,
        ),
        "<int:pk>",
    ),
    "central-units": (
        endpoints(DirectorateUnit, central_units_on, serializers.CentralUnitSerializer),
        "<int:pk>",
    ),
    "coverages": (
        endpoints(
            Coverage,
            lambda day: network_selectors.coverages_listed(),
            serializers.CoverageSerializer,
            network_filtersets.CoverageFilterSet,
        ),
        "<int:pk>",
    ),
    "people": (
        endpoints(
            Person,
            postings_selectors.people_on,
            serializers.PersonSerializer,
            postings_filtersets.PersonFilterSet,
        ),
        "<int:pk>",
    ),
    "positions": (
        endpoints(
            Position,
            postings_selectors.positions_on,
            serializers.PositionSerializer,
            postings_filtersets.PositionFilterSet,
        ),
        "<int:pk>",
    ),
    "postings": (
        endpoints(
            Posting,
            lambda day: postings_selectors.postings_listed(),
            serializers.PostingSerializer,
            postings_filtersets.PostingFilterSet,
        ),
        "<int:pk>",
    ),
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
        record_export(
            user=request.user,
            kind="API: country coverage report",
            file_format="json",
            filters=filters_of(request.query_params),
            rows=len(report.rows),
        )
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
        return self.render_to_response(
            self.get_context_data(form=TokenForm(), new_token=token, raw_token=raw)
        )

    def revoke(self, value):
        token = get_object_or_404(
            ApiToken, pk=int(value) if value.isdigit() and len(value) <= 18 else 0, user=self.request.user
        )
        token_revoke(token=token)
        messages.success(self.request, _("The token “%(token)s” was revoked.") % {"token": token})
        return redirect(self.success_url)
