"""The list of posting rounds. Counts are figures of the register (rounds/figures.py);
the count of applications only for those who may see the candidates."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from base.tables import DateColumn, FigureColumn, PortalTable, as_of_link

from . import figures
from .models import Round


class RoundTable(PortalTable):
    name = tables.Column(_("Round"), accessor="local_name", linkify=as_of_link(), order_by="name")
    state = tables.Column(_("State"))
    applications_open = DateColumn(verbose_name=_("Applications open"))
    applications_close = DateColumn(verbose_name=_("Applications close"))
    postings_start = DateColumn(verbose_name=_("Postings from"))
    postings_end = DateColumn(verbose_name=_("Postings by"))
    notices = FigureColumn(figures.ROUND_NOTICES)
    applications = FigureColumn(figures.ROUND_APPLICATIONS)

    class Meta(PortalTable.Meta):
        model = Round
        fields = ()
        sequence = (
            "name",
            "state",
            "applications_open",
            "applications_close",
            "postings_start",
            "postings_end",
            "notices",
            "applications",
        )
