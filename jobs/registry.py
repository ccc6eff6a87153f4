"""The functions a worker may run, each registered by the app that owns it.

Apps above `jobs` decorate their job functions with `@background_job` and enqueue them
by dotted path (`jobs.services.job_enqueue(kind="spreadsheets.jobs.import_file", …)`);
the worker runs only registered functions, whatever a queue entry names.

A job function is called as `function(job, **arguments)`: `job` is a
`jobs.runner.JobContext` (progress, result file); it returns the message shown to the
owner, or raises `JobFailed` with the message that says why it failed.
"""

import contextlib

from django.utils.module_loading import import_string

FUNCTIONS = {}


class JobFailed(Exception):
    """The job could not do its work; the message is shown to its owner."""


class UnknownJob(Exception):
    pass


def background_job(function):
    FUNCTIONS[f"{function.__module__}.{function.__qualname__}"] = function
    return function


def get_function(kind):
    if kind not in FUNCTIONS:
        with contextlib.suppress(ImportError):
            import_string(kind)  # importing the module registers its functions
    try:
        return FUNCTIONS[kind]
    except KeyError:
        raise UnknownJob(kind) from None
