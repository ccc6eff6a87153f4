"""Static files: what collectstatic gathers and how WhiteNoise compresses it.

- drf-spectacular-sidecar ships Redoc beside Swagger UI; the portal documents its API
  with Swagger UI only (api/templates/api/docs.html): Redoc is not collected.
- WhiteNoise compresses with Brotli whenever the `brotli` package is installed, and
  WeasyPrint (the briefs' PDFs) brings it in. At its best quality Brotli costs ten
  times the CPU of gzip at every deployment; the portal keeps gzip, as before.
"""

from pathlib import Path

from django.contrib.staticfiles.apps import StaticFilesConfig
from whitenoise.storage import CompressedManifestStaticFilesStorage


class PortalStaticFilesConfig(StaticFilesConfig):
    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "redoc"]


class GzipManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs):
        return super().create_compressor(use_brotli=False, **kwargs)


STATIC_MANIFEST_MISSING = "base.E001"


def check_static_manifest(app_configs=None, **kwargs):
    """With DEBUG off, the static files must have been collected: without the manifest
    `collectstatic` writes, every page would be a server error (its CSS cannot be named)."""
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.checks import Error

    manifest = getattr(staticfiles_storage, "manifest_name", None)
    if settings.DEBUG or manifest is None or staticfiles_storage.exists(manifest):
        return []
    return [
        Error(
            f"The static files have not been collected: {Path(settings.STATIC_ROOT) / manifest} is missing.",
            hint="Run `manage.py collectstatic --noinput` (same STATIC_ROOT) before starting the portal.",
            id=STATIC_MANIFEST_MISSING,
        )
    ]


def require_collected_static():
    """Stop a server at start-up, with the check's message, when the static files were
    not collected (gunicorn runs no system check of its own)."""
    from django.core.exceptions import ImproperlyConfigured

    errors = check_static_manifest()
    if errors:
        raise ImproperlyConfigured(f"{errors[0].msg} {errors[0].hint}")
