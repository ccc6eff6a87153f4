import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dci_portal.settings")
application = get_wsgi_application()

from dci_portal.checks import require_secret_key  # noqa: E402 - needs Django set up

require_secret_key()

# A deployment that skipped `collectstatic` stops here with a clear message (gunicorn runs
# no system check), rather than answering every page with a server error.
from base.staticfiles import require_collected_static  # noqa: E402 - needs Django set up

require_collected_static()
