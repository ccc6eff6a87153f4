"""Static files: what collectstatic gathers and how WhiteNoise compresses it.

- drf-spectacular-sidecar ships Redoc beside Swagger UI; the portal documents its API
  with Swagger UI only (api/templates/api/docs.html): Redoc is not collected.
- WhiteNoise compresses with Brotli whenever the `brotli` package is installed, and
  WeasyPrint (the briefs' PDFs) brings it in. At its best quality Brotli costs ten
  times the CPU of gzip at every deployment; the portal keeps gzip, as before.
"""

from django.contrib.staticfiles.apps import StaticFilesConfig
from whitenoise.storage import CompressedManifestStaticFilesStorage


class PortalStaticFilesConfig(StaticFilesConfig):
    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "redoc"]


class GzipManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs):
        return super().create_compressor(use_brotli=False, **kwargs)
