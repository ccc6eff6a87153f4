"""What a worker runs for every job: load the row, run the registered function, record
how it ended. Progress goes to the RQ job's meta in Redis, not to the database: a job
that writes in one transaction (an import) would hide it until the end."""

import logging
import time

from django.core.files.base import ContentFile
from django.utils import translation
from django.utils.translation import gettext as _
from redis.exceptions import RedisError
from rq import get_current_job

from . import services
from .models import Job
from .registry import JobFailed, get_function

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 0.5  # seconds between two progress reports


class JobContext:
    """Given to a job function: `progress(done, total)` and `save_result(name, bytes)`."""

    def __init__(self, job):
        self.job = job
        self.owner = job.owner
        self.result = None
        self.result_name = ""
        self._reported = (0, 0.0)

    def progress(self, done, total):
        percent = min(99, int(done * 100 / total)) if total else 0
        last_percent, last_time = self._reported
        if percent <= last_percent or time.monotonic() - last_time < PROGRESS_EVERY:
            return
        self._reported = (percent, time.monotonic())
        rq_job = get_current_job()
        if rq_job is None:
            return
        try:
            rq_job.meta["progress"] = percent
            rq_job.save_meta()
        except RedisError:
            logger.warning("Progress of job %s not recorded.", self.job.pk, exc_info=True)

    def save_result(self, name, content):
        self.result_name = name
        self.result = self.job.result.storage.save(
            self.job.result.field.generate_filename(self.job, name), ContentFile(content)
        )


def run(job_id):
    job = services.job_start(job_id)
    if job is None:
        return  # finished meanwhile (or deleted): nothing to do
    context = JobContext(job)
    with translation.override(job.language):
        try:
            message = get_function(job.kind)(context, **job.arguments)
        except Exception as error:  # noqa: BLE001 - recorded on the job for its owner
            if context.result:
                job.result.storage.delete(context.result)
            if isinstance(error, JobFailed):
                message = str(error)
            else:
                logger.exception("Job %s (%s) failed.", job.pk, job.kind)
                message = _("The job failed because of an error in the portal (%(error)s).") % {
                    "error": type(error).__name__
                }
            services.job_finish(job.pk, status=Job.Status.FAILED, message=message)
            return
        services.job_finish(
            job.pk,
            status=Job.Status.DONE,
            message=str(message or ""),
            result=context.result,
            result_name=context.result_name,
        )
