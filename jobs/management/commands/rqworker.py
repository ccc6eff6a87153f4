"""`manage.py rqworker`: django-rq's worker command, without django-rq as an installed app
(its dashboard model has no table and its pages are outside the portal's layout)."""

from django_rq.management.commands.rqworker import Command as RQWorkerCommand


class Command(RQWorkerCommand):
    pass
