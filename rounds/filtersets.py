import django_filters
from django.utils.translation import gettext_lazy as _

from base.filtersets import PortalFilterSet

from .models import Round


class RoundFilterSet(PortalFilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=Round.State.choices)

    class Meta:
        model = Round
        fields = ["q", "state"]
