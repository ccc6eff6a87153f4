"""Time load_demo_network: a first load into an empty (migrated) database, then a second,
idempotent run. Usage: DATABASE_URL=... DEBUG=1 .venv/bin/python scripts/bench_demo_load.py"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dci_portal.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402


def timed(label, *args, **kwargs):
    started = time.perf_counter()
    call_command(*args, **kwargs)
    print(f"{label:<24} {time.perf_counter() - started:6.2f} s")


if __name__ == "__main__":
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    timed("migrate", "migrate", verbosity=0)
    timed("load_demo_network", "load_demo_network", force=True, verbosity=0)
    timed("load_demo_network again", "load_demo_network", force=True, verbosity=0)
