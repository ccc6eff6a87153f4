"""Writes of API tokens: made and revoked here only (the user's page and the admin)."""

import datetime

from django.utils import timezone

from .models import ApiToken

EXPIRY_DAYS = (30, 90, 365)
DEFAULT_EXPIRY_DAYS = 90


def token_create(*, user, name, days=DEFAULT_EXPIRY_DAYS):
    """A new token for `user`, usable for `days` days (None: until revoked); returns
    (token, raw): the raw value is shown once and never stored."""
    token = ApiToken(user=user, name=name)
    if days:
        token.expires_at = timezone.now() + datetime.timedelta(days=days)
    return token, token_issue(token)


def token_issue(token):
    """Give the unsaved `token` (user, name, expiry set) its key and save it; returns the
    raw key, of which only a hash is kept."""
    raw = ApiToken.generate()
    token.set_key(raw)
    token.full_clean()
    token.save()
    return raw


def token_revoke(*, token):
    """Revoke `token` from now (kept, for the record of when it was used)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
