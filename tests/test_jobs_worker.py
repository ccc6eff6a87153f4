"""A job survives its worker: `manage.py rqworker` runs in its own process (as `make
run` starts it), is killed during a job, and the job is done by the next worker.

A worker process sees only committed rows, so these tests commit (transactional_db)
and run on PostgreSQL; on SQLite the test database lives in this process's transaction
(test_jobs.py runs the same worker class inside the test there)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from rq.registry import StartedJobRegistry

from jobs import services
from jobs.models import Job

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="a worker process can't see SQLite's test transaction (test_jobs.py covers SQLite in-process)",
    ),
]
ROOT = Path(settings.BASE_DIR)


@pytest.fixture(scope="module")
def demo_network_restored(django_db_blocker):
    """transactional_db empties the database after each test; put the session's demo
    network back, once, for the tests that follow this module."""
    yield
    with django_db_blocker.unblock():
        call_command("load_demo_network", verbosity=0, force=True)


@pytest.fixture
def queue(demo_network_restored, transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    queue = services.get_queue()
    queue.connection.flushdb()
    yield queue
    queue.connection.flushdb()


def worker(tmp_path, *options):
    """`manage.py rqworker` on the test database, in its own process group."""
    db = connection.settings_dict
    login = f"{db['USER']}:{db['PASSWORD'] or ''}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dci_portal.test_settings",
        "DATABASE_URL": f"postgres://{login}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "rqworker", "default", *options],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "worker.log", "a"),  # noqa: SIM115 - the child keeps it
    )


def wait_until(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_a_job_whose_worker_is_killed_is_done_by_the_next_worker(queue, tmp_path):
    started, release = tmp_path / "started", tmp_path / "release"
    job = services.job_enqueue(
        kind="tests.jobs_for_tests.wait_for",
        title="Waits",
        arguments={"started": str(started), "release": str(release)},
    )
    first = worker(tmp_path)
    try:
        wait_until(lambda: started.exists() and started.read_text())
        job.refresh_from_db()
        assert job.status == Job.Status.RUNNING and job.attempts == 1
        assert services.job_progress(job) == 25, "reported by the worker while the job runs"
    finally:
        # The worker and the process it forked for the job (its own process group), at once.
        os.killpg(first.pid, signal.SIGKILL)
        if started.exists():
            os.kill(int(started.read_text()), signal.SIGKILL)
        first.wait(timeout=30)
    started.unlink()

    # RQ declares a job abandoned once its worker's heartbeat is overdue (90 s by default):
    # clean the registry as a later worker would, with the clock moved past that.
    StartedJobRegistry(queue=queue).cleanup(timestamp=time.time() + 3600)
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    assert job.message == "The worker stopped during this job; it was queued again."

    release.write_text("go")
    second = worker(tmp_path, "--burst")
    assert second.wait(timeout=120) == 0, (tmp_path / "worker.log").read_text()
    job.refresh_from_db()
    assert (job.status, job.attempts, job.message) == (Job.Status.DONE, 2, "Released.")
    assert job.result.storage.exists(job.result.name)
