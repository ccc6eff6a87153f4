import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from dci_portal.tables import PortalTable, as_of_link

from .models import Country


class CountryTable(PortalTable):
    name = tables.Column(_("Country"), accessor="name_en", linkify=as_of_link())
    iso2 = tables.Column(_("Code"))

    class Meta(PortalTable.Meta):
        model = Country
        fields = ("name", "iso2", "region", "capital")
