from .asof import AS_OF_PARAM


def as_of(request):
    """The page's as-of date, and the query string that keeps it on links ("" for today)."""
    day = getattr(request, "as_of", None)
    is_today = getattr(request, "as_of_is_today", True)
    return {
        "as_of": day,
        "as_of_is_today": is_today,
        "as_of_param": AS_OF_PARAM,
        "as_of_query": "" if is_today else f"{AS_OF_PARAM}={day.isoformat()}",
    }
