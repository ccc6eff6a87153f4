from .access import EXPORT_PERMISSION, SENSITIVE_PERMISSION
from .asof import AS_OF_PARAM


def portal(request):
    user = getattr(request, "user", None)
    as_of = getattr(request, "as_of", None)
    return {
        "as_of": as_of,
        "as_of_is_today": getattr(request, "as_of_is_today", True),
        "as_of_param": AS_OF_PARAM,
        # Query string that keeps the as-of date on links, "" for today.
        "as_of_query": ""
        if getattr(request, "as_of_is_today", True)
        else f"{AS_OF_PARAM}={as_of.isoformat()}",
        "can_export_coverage": bool(user and user.has_perm(EXPORT_PERMISSION)),
        "can_view_sensitive": bool(user and user.has_perm(SENSITIVE_PERMISSION)),
    }
