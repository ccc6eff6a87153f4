"""Imports too large for a request run in a background job (jobs/): the same checks and
the same single write path as the admin's and the command's (`registry.import_sheets`),
all or nothing, attributed to the user who uploaded the file."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobs.registry import JobFailed, background_job
from jobs.services import QueueUnavailable, job_enqueue

from . import registry

IMPORT_KIND = "spreadsheets.jobs.import_file"
UPLOADS = "imports"
PROBLEMS_SHOWN = 20


def import_in_background(*, user, upload, kind, fmt, reason):
    """Keep the uploaded file in the default storage and queue its import. Raises
    jobs.services.QueueUnavailable when the queue can't be reached."""
    stored = default_storage.save(f"{UPLOADS}/{upload.name}", ContentFile(b"".join(upload.chunks())))
    try:
        return job_enqueue(
            kind=IMPORT_KIND,
            title=_("Import of %(name)s") % {"name": upload.name},
            owner=user,
            arguments={"path": stored, "name": upload.name, "kind": kind, "fmt": fmt, "reason": reason},
        )
    except QueueUnavailable:
        default_storage.delete(stored)
        raise


@background_job
def import_file(job, *, path, name, kind, fmt, reason):
    try:
        with default_storage.open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise JobFailed(_("The uploaded file is no longer there; upload it again.")) from None
    try:
        sheet = registry.read_sheet(data, name=name, kind=kind, fmt=fmt)
        del data
        total, done = len(sheet), 0

        def progress(count):
            nonlocal done
            done += count
            job.progress(done, total)

        report = registry.import_sheets([sheet], user=job.owner, reason=reason, progress=progress)
    except registry.SpreadsheetError as error:
        raise JobFailed(str(error)) from None
    finally:
        default_storage.delete(path)
    if not report.ok:
        count = len(report.problems)
        lines = registry.problem_lines(report, limit=PROBLEMS_SHOWN)
        raise JobFailed(
            ngettext(
                "Nothing was imported: the file has %(count)s problem.",
                "Nothing was imported: the file has %(count)s problems.",
                count,
            )
            % {"count": count}
            + "\n"
            + "\n".join(lines)
        )
    return _("Imported: %(summary)s.") % {"summary": report.files[0].summary}
