from network.models import COVERAGE_REPORT_PERMISSION
from postings.models import SENSITIVE_PERMISSION


def navigation(request):
    """What the menu shows depends on what the user may do."""
    user = getattr(request, "user", None)
    return {
        "can_export_coverage": bool(user and user.has_perm(COVERAGE_REPORT_PERMISSION)),
        "can_view_sensitive": bool(user and user.has_perm(SENSITIVE_PERMISSION)),
    }
