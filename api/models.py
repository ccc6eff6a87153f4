"""Per-user API tokens for scripts. Only a hash of each token is stored.

A token is 32 random bytes (256 bits): no one can guess it, so a plain SHA-256 of it
is enough to find it and cannot be reversed; the raw token is shown once, when it is
made, and never again. A token acts as its user, with the user's permissions (and
need-to-know), until it expires or is revoked.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "dci_"  # recognisable in logs and by secret scanners
PREFIX_SHOWN = 12  # characters kept in clear, to tell tokens apart
LAST_USED_PRECISION = 60  # seconds: at most one write per token per minute


def hash_token(raw):
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now), revoked_at__isnull=True)

    def find(self, raw):
        """The usable token whose raw value is `raw`, with its user; None if none."""
        if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
            return None
        return self.usable().select_related("user").filter(key_hash=hash_token(raw)).first()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. the travel planner.")
    )
    key_prefix = models.CharField(_("beginning of the token"), max_length=PREFIX_SHOWN, editable=False)
    key_hash = models.CharField(_("hash of the token"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"

    @staticmethod
    def generate():
        """A new raw token: "dci_" and 43 URL-safe characters (32 random bytes)."""
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    def set_key(self, raw):
        self.key_prefix = raw[:PREFIX_SHOWN]
        self.key_hash = hash_token(raw)

    @property
    def is_usable(self):
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())

    @property
    def status(self):
        if self.revoked_at is not None:
            return _("revoked")
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return _("expired")
        return _("active")

    def mark_used(self):
        """Record the use, at most once a minute (one UPDATE; no read)."""
        now = timezone.now()
        recently = now - datetime.timedelta(seconds=LAST_USED_PRECISION)
        stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=recently)
        ApiToken.objects.filter(stale, pk=self.pk).update(last_used_at=now)
