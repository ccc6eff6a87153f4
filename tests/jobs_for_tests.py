"""Job functions for the tests of the background queue (registered like any app's)."""

import os
import pathlib
import time

from jobs.registry import JobFailed, background_job


@background_job
def count_to(job, *, total, name="count.txt"):
    for done in range(1, total + 1):
        job.progress(done, total)
    job.save_result(name, f"{total}\n".encode())
    return f"Counted to {total}."


@background_job
def wait_for(job, *, started, release, timeout=60):
    """Say it started (a file, with the process's id), then wait for the test to release
    it (another file)."""
    job.progress(1, 4)
    pathlib.Path(started).write_text(str(os.getpid()))
    deadline = time.monotonic() + timeout
    while not pathlib.Path(release).exists():
        if time.monotonic() > deadline:
            raise JobFailed("never released")
        time.sleep(0.1)
    job.save_result("released.txt", b"released\n")
    return "Released."


@background_job
def refuse(job):
    raise JobFailed("Refused for a reason the owner can act on.")


@background_job
def crash(job):
    raise RuntimeError("a bug")
