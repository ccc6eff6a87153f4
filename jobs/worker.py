"""The portal's RQ workers (settings.RQ["WORKER_CLASS"]): before working, each queues
again the jobs Redis lost while no worker ran."""

import logging

from django.db import DatabaseError, connections
from rq import SimpleWorker, Worker

from . import services

logger = logging.getLogger(__name__)


def recover_lost_jobs():
    try:
        services.recover_lost_jobs()
    except DatabaseError:
        # The worker still starts: each job reads its row when it runs.
        logger.exception("Lost jobs could not be looked for (database unavailable).")


class PortalWorker(Worker):
    def work(self, *args, **kwargs):
        recover_lost_jobs()
        connections.close_all()  # the forked work horses must not share this connection
        return super().work(*args, **kwargs)


class PortalSimpleWorker(SimpleWorker):
    """Runs jobs in its own process, in the caller's database connection (tests)."""

    def work(self, *args, **kwargs):
        recover_lost_jobs()
        return super().work(*args, **kwargs)
