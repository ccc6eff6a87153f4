from dci_portal import generic

from . import filtersets, tables
from .models import Country


class CountryListView(generic.ObjectListView):
    model = Country
    queryset = Country.objects.select_related("region")
    filterset_class = filtersets.CountryFilterSet
    table_class = tables.CountryTable


class CountryDetailView(generic.ObjectDetailView):
    model = Country
    slug_field = "iso2"
    slug_url_kwarg = "iso2"
