"""Time a large import run as a background job by a real worker, and its peak memory.

    .venv/bin/python scripts/bench_jobs.py [--rows 20000]

Builds a throwaway SQLite database (as scripts/bench_import.py does: the people and
positions a postings file needs), queues the import of a postings file of `--rows` rows
the way the admin does above IMPORT_REQUEST_MAX_ROWS, then runs `manage.py rqworker
--burst` on it and reports the time from queueing to the end of the job, and the peak
resident memory of the worker and the process it forked for the job.

Uses REDIS_URL (default: redis://127.0.0.1:6379/8, the development database); the job's
queue entry is removed by the worker, nothing else in that database is touched.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_import import build_network, postings_csv, setup_django  # noqa: E402


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=20000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/8")
        os.environ["MEDIA_ROOT"] = str(workdir / "media")
        setup_django(workdir)
        from django.contrib.auth import get_user_model
        from django.core.files.uploadedfile import SimpleUploadedFile

        from jobs.models import Job
        from spreadsheets.jobs import import_in_background

        build_network(args.rows)
        user = get_user_model().objects.create_superuser("bench", password="bench-" * 3)
        data = postings_csv(args.rows)
        started = time.perf_counter()
        upload = SimpleUploadedFile("postings.csv", data)
        job = import_in_background(user=user, upload=upload, kind="postings", fmt="csv", reason="bench")
        worker = subprocess.run(
            [sys.executable, "manage.py", "rqworker", "default", "--burst"],
            cwd=ROOT,
            env=os.environ,
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - started
        job.refresh_from_db()
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"file: {args.rows} rows, {len(data) / 1024 / 1024:.1f} MB")
        print(f"job: {job.get_status_display()} in {elapsed:.1f} s: {job.message}")
        print(f"worker peak RSS: {peak:.0f} MB")
        if job.status != Job.Status.DONE:
            print(worker.stderr[-2000:])
            sys.exit(1)


if __name__ == "__main__":
    main()
