"""Site-wide settings of the Django admin (the administrators' back office)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("DCI network portal — administration")
admin.site.site_title = _("DCI network portal")
admin.site.index_title = _("Administration")
