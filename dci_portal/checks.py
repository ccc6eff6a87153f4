"""Production mode without a secret key: commands that need none (check, migrate,
makemigrations…) still run, but the server refuses to start and `check --deploy`
fails, with one message."""

from django.conf import settings
from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured

MISSING_SECRET_KEY = "SECRET_KEY must be set when DEBUG is off."


def secret_key_missing():
    # settings.SECRET_KEY itself raises when empty; the settings module kept the flag.
    return getattr(settings, "SECRET_KEY_MISSING", False)


def check_secret_key(app_configs=None, **kwargs):
    if not secret_key_missing():
        return []
    return [Error(MISSING_SECRET_KEY, hint="Set SECRET_KEY (see the README).", id="dci_portal.E001")]


def require_secret_key():
    """Called by wsgi.py and asgi.py: a server never starts without the key."""
    if secret_key_missing():
        raise ImproperlyConfigured(MISSING_SECRET_KEY)
