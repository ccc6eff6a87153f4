"""Settings for the test suite: development mode (the production mode has its own test)."""

import os

os.environ.setdefault("DEBUG", "1")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
AXES_ENABLED = True
# Tests run with DEBUG off but without collectstatic: WhiteNoise serves from the
# finders instead of warning, on every test, that staticfiles/ is missing.
WHITENOISE_AUTOREFRESH = True
# E-mails of posting rounds are sent in the request, after commit: tests read them at once.
ROUNDS_MAIL_IN_BACKGROUND = False
# Background jobs: the tests' own Redis database, emptied by the tests that use it.
RQ_QUEUES = {"default": {"URL": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")}}
