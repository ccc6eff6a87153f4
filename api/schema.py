"""What the OpenAPI schema adds to drf-spectacular's: the `as_of` parameter of every
endpoint, the token authentication, and the types of the pages' filters."""

from django_filters import filters
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from base.asof import AS_OF_PARAM

AS_OF = OpenApiParameter(
    AS_OF_PARAM,
    OpenApiTypes.DATE,
    description=(
        "The date the answer is about (YYYY-MM-DD), as on the portal's pages: what was open, "
        "who covered what, who was in post, and every figure, on that day. Default: today."
    ),
)


class PortalAutoSchema(AutoSchema):
    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if getattr(self.view, "as_of_parameter", False):
            parameters = [AS_OF, *parameters]
        return parameters


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token (dci_…), made on the portal's “My API tokens” page.",
        }


class PortalFilterExtension(DjangoFilterExtension):
    """The pages' FilterSets choose records by id (a region, a country, a department);
    where a filter applies its choice through a method (on the as-of date), say so."""

    priority = 1  # before drf-spectacular's own

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        if isinstance(filter_field, filters.ModelChoiceFilter) and filter_field.method:
            target = filter_field.queryset.model if hasattr(filter_field.queryset, "model") else None
            what = target._meta.verbose_name if target is not None else field_name
            return [
                build_parameter_type(
                    name=field_name,
                    location=OpenApiParameter.QUERY,
                    description=f"Id of a {what} ({filter_field.label}).",
                    schema=build_basic_type(OpenApiTypes.INT),
                )
            ]
        return super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
