"""Writes of background jobs: enqueue, re-queue, finish, expire.

The Job row is the truth; Redis (through django-rq) only carries the job to a worker.
If a worker dies during a job, RQ notices it (the job's heartbeat stops) and calls
`job_lost`, which queues the job again or, after JOBS_MAX_ATTEMPTS, marks it failed
with a message; a job whose entry Redis lost (a restart without persistence) is queued
again when a worker starts (`recover_lost_jobs`).

When Redis can't be reached, `job_enqueue` raises QueueUnavailable, whose message the
page shows: never a server error.
"""

import datetime
import logging

import django_rq
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from redis.exceptions import RedisError
from rq.callbacks import Callback
from rq.exceptions import NoSuchJobError
from rq.job import Job as RQJob

from .models import Job
from .registry import get_function

logger = logging.getLogger(__name__)

QUEUE_UNAVAILABLE = gettext_lazy(
    "The background queue is unavailable, so this can't be done now. "
    "Try again later, or tell the portal's administrators."
)
RUNNER = "jobs.runner.run"
LOST = "jobs.services.job_lost"


class QueueUnavailable(Exception):
    def __str__(self):
        return str(QUEUE_UNAVAILABLE)


def get_queue():
    # Sent to Redis when asked: job_enqueue itself waits for the row's transaction to commit.
    return django_rq.get_queue(getattr(settings, "JOBS_QUEUE", "default"), commit_mode="auto")


def queue_available():
    try:
        get_queue().connection.ping()
    except RedisError:
        return False
    return True


def result_days():
    return getattr(settings, "JOBS_RESULT_DAYS", 7)


def job_enqueue(*, kind, title, owner=None, arguments=None):
    """Record a job and send it to the queue once the current transaction commits (a
    worker must find the row). Raises QueueUnavailable when Redis can't be reached."""
    get_function(kind)  # an unknown function fails here, not in a worker
    expire_jobs()
    if not queue_available():
        raise QueueUnavailable
    job = Job.objects.create(
        owner=owner,
        kind=kind,
        title=str(title)[:255],
        arguments=arguments or {},
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    transaction.on_commit(lambda: _send(job.pk))
    return job


def _send(job_id):
    try:
        rq_job = get_queue().enqueue(
            RUNNER,
            job_id,
            job_timeout=getattr(settings, "JOBS_TIMEOUT", 3600),
            result_ttl=24 * 3600,
            failure_ttl=7 * 24 * 3600,
            on_failure=Callback(LOST),
            description=f"portal job {job_id}",
        )
    except RedisError:
        logger.exception("Job %s could not be queued.", job_id)
        job_finish(job_id, status=Job.Status.FAILED, message=str(QUEUE_UNAVAILABLE))
        return
    Job.objects.filter(pk=job_id).update(rq_id=rq_job.id)


def job_start(job_id):
    """Mark the job running (one more attempt); None if it is finished or gone."""
    updated = Job.objects.filter(pk=job_id, status__in=(Job.Status.QUEUED, Job.Status.RUNNING)).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1, progress=0
    )
    return Job.objects.select_related("owner").get(pk=job_id) if updated else None


def job_finish(job_id, *, status, message="", result=None, result_name=""):
    now = timezone.now()
    values = {"status": status, "message": message, "finished_at": now, "expires_at": expiry(now)}
    if status == Job.Status.DONE:
        values["progress"] = 100
    if result:
        values.update(result=result, result_name=result_name)
    Job.objects.filter(pk=job_id).update(**values)


def expiry(finished_at):
    return finished_at + datetime.timedelta(days=result_days())


def job_requeue(job, *, message):
    Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED, message=message, rq_id="")
    _send(job.pk)


def job_lost(rq_job, connection, exc_type=None, exc_value=None, traceback=None):
    """RQ's failure callback: the job raised past the runner, timed out, or its worker
    died (RQ's AbandonedJobError). Queue it again while attempts are left."""
    job = Job.objects.filter(pk=rq_job.args[0]).first()
    if job is None or job.is_finished:
        return
    with translation.override(job.language):
        if job.attempts < getattr(settings, "JOBS_MAX_ATTEMPTS", 2):
            job_requeue(job, message=_("The worker stopped during this job; it was queued again."))
        else:
            job_finish(
                job.pk,
                status=Job.Status.FAILED,
                message=_("The worker stopped during this job %(count)s times; it was not tried again.")
                % {"count": job.attempts},
            )


def recover_lost_jobs():
    """Queue again the unfinished jobs whose entry Redis no longer has (a restart of
    Redis without persistence). Returns how many."""
    queue = get_queue()
    count = 0
    unfinished = Job.objects.filter(status__in=(Job.Status.QUEUED, Job.Status.RUNNING)).exclude(rq_id="")
    for job in unfinished:
        try:
            RQJob.fetch(job.rq_id, connection=queue.connection)
        except NoSuchJobError:
            with translation.override(job.language):
                job_requeue(job, message=_("The queue lost this job; it was queued again."))
            count += 1
    return count


def job_progress(job):
    """The percentage done: the worker writes it in Redis while it runs (outside any
    transaction of the job's own); the row has it once the job is finished."""
    if job.status != Job.Status.RUNNING or not job.rq_id:
        return job.progress
    try:
        rq_job = RQJob.fetch(job.rq_id, connection=get_queue().connection)
    except (RedisError, NoSuchJobError):
        return job.progress
    return rq_job.meta.get("progress", job.progress)


def expire_jobs(now=None):
    """Delete the result files whose time is up and mark their jobs expired; forget
    the jobs expired for JOBS_LISTED_DAYS. Returns how many files were deleted."""
    now = now or timezone.now()
    listed = datetime.timedelta(days=getattr(settings, "JOBS_LISTED_DAYS", 30))
    Job.objects.filter(status=Job.Status.EXPIRED, expires_at__lte=now - listed).delete()
    expired = 0
    for job in Job.objects.filter(expires_at__lte=now).exclude(status=Job.Status.EXPIRED):
        if job.result:
            job.result.delete(save=False)
        Job.objects.filter(pk=job.pk).update(status=Job.Status.EXPIRED, result="", result_name="")
        expired += 1
    return expired
