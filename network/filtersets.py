import django_filters
from django.utils.translation import gettext_lazy as _

from dci_portal.filtersets import PortalFilterSet

from .models import Country, Region


class CountryFilterSet(PortalFilterSet):
    search_fields = ("name_en", "name_fr", "iso2", "iso3", "capital")

    region = django_filters.ModelChoiceFilter(queryset=Region.objects.all(), label=_("Region"))

    class Meta:
        model = Country
        fields = ["q", "region"]
