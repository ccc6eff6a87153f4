"""Base FilterSet: every list has a quick search `q` over the fields named in
`search_fields`; bad values leave the form invalid (shown to the user), never a 500."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

SEARCH_MAX_LENGTH = 100


class PortalFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label=_("Search"), max_length=SEARCH_MAX_LENGTH, strip=True
    )

    search_fields: tuple = ()

    def search(self, queryset, name, value):
        if not value:
            return queryset
        condition = Q()
        for term in value.split():
            term_condition = Q()
            for field in self.search_fields:
                term_condition |= Q(**{f"{field}__icontains": term})
            condition &= term_condition
        return queryset.filter(condition)
