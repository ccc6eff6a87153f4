"""The portal's RQ workers (settings.RQ["WORKER_CLASS"]): before working, each queues
again the jobs Redis lost while no worker ran."""

from django.db import connections
from rq import SimpleWorker, Worker

from .services import recover_lost_jobs


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
