"""What the OpenAPI schema adds to drf-spectacular's: the `as_of` parameter of every
endpoint, and the token authentication."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
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
