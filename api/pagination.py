from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

MAX_PAGE_SIZE = 500


class PortalPagination(PageNumberPagination):
    """`?page=` and `?page_size=` (up to 500); each page says the date it shows."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_paginated_response(self, data):
        return Response(
            {
                "as_of": self.request.as_of.isoformat(),
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"] = {
            "as_of": {
                "type": "string",
                "format": "date",
                "description": "The date the figures and states are of.",
            },
            **response["properties"],
        }
        response["required"] = ["as_of", *response.get("required", [])]
        return response
