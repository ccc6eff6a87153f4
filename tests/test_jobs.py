"""Background jobs on a real RQ queue (tests' Redis database, see test_settings): a
worker runs them (rq's SimpleWorker in this process, so that it sees the test's
transaction; a real `manage.py rqworker` process in test_jobs_worker.py); the owner
follows their progress and downloads their result, nobody else; results expire; and
without Redis the pages say so instead of failing."""

import os
import subprocess
import sys
import threading
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jobs import services
from jobs.models import Job
from jobs.registry import UnknownJob
from jobs.worker import PortalSimpleWorker
from postings.models import Person
from rounds.mail import dispatch
from rounds.models import OutgoingMail
from tests.test_html_validity import checker, nu_errors, save
from tests.test_import_export import admin_url, people_file_with, upload

pytestmark = pytest.mark.django_db
UNREACHABLE = {"default": {"URL": "redis://127.0.0.1:1/9"}}  # nothing listens on port 1


@pytest.fixture
def queue(settings, tmp_path):
    """The tests' Redis database, empty before and after; files in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    queue = services.get_queue()
    queue.connection.flushdb()
    yield queue
    queue.connection.flushdb()


def work(queue):
    """Run every queued job, then stop (a real worker, in this process)."""
    PortalSimpleWorker([queue], connection=queue.connection).work(burst=True)


@pytest.fixture
def enqueue(django_capture_on_commit_callbacks):
    def enqueue(function, owner=None, **arguments):
        with django_capture_on_commit_callbacks(execute=True):
            return services.job_enqueue(
                kind=f"tests.jobs_for_tests.{function}", title=function, owner=owner, arguments=arguments
            )

    return enqueue


def test_a_job_runs_and_its_file_is_for_its_owner_only(queue, enqueue, client_as, users):
    job = enqueue("count_to", owner=users["staff"], total=50)
    assert job.status == Job.Status.QUEUED and queue.count == 1
    work(queue)
    job.refresh_from_db()
    assert (job.status, job.progress, job.message) == (Job.Status.DONE, 100, "Counted to 50.")
    assert job.expires_at > timezone.now()

    client = client_as("staff")
    listing = client.get(reverse("jobs:list"))
    assert job.title in listing.content.decode()
    download = client.get(reverse("jobs:result", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"50\n"
    assert "no-store" in download["Cache-Control"]

    other = client_as("administrator")
    for name in ("jobs:detail", "jobs:status", "jobs:result"):
        assert other.get(reverse(name, args=[job.pk])).status_code == 404, name
    assert job.title not in other.get(reverse("jobs:list")).content.decode()


def test_the_page_polls_while_the_job_runs_and_stops_when_it_is_done(queue, enqueue, client_as, users):
    job = enqueue("count_to", owner=users["staff"], total=3)
    client = client_as("staff")
    page = client.get(job.get_absolute_url()).content.decode()
    assert f'data-hx-get="{reverse("jobs:status", args=[job.pk])}"' in page
    assert "Waiting for a worker" in page
    work(queue)
    status = client.get(reverse("jobs:status", args=[job.pk]), headers={"HX-Request": "true"})
    text = status.content.decode()
    assert "data-hx-get" not in text, "finished: no more polling"
    assert "Download count.txt" in text and "<html" not in text


def test_a_job_that_fails_says_why_and_keeps_no_file(queue, enqueue, users):
    refused, crashed = enqueue("refuse", owner=users["staff"]), enqueue("crash", owner=users["staff"])
    work(queue)
    refused.refresh_from_db()
    crashed.refresh_from_db()
    assert (
        refused.status == Job.Status.FAILED
        and refused.message == "Refused for a reason the owner can act on."
    )
    assert crashed.status == Job.Status.FAILED and "error in the portal (RuntimeError)" in crashed.message
    assert not refused.result and not crashed.result


def test_only_registered_functions_are_queued(queue):
    with pytest.raises(UnknownJob):
        services.job_enqueue(kind="os.system", title="no", arguments={"command": "true"})
    assert not Job.objects.exists() and queue.count == 0


def test_results_expire(queue, enqueue, users, client_as, settings):
    job = enqueue("count_to", owner=users["staff"], total=2)
    work(queue)
    job.refresh_from_db()
    storage, name = job.result.storage, job.result.name
    assert storage.exists(name)
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timezone.timedelta(minutes=1))
    call_command("expire_jobs", stdout=open("/dev/null", "w"))  # noqa: SIM115
    job.refresh_from_db()
    assert job.status == Job.Status.EXPIRED and not storage.exists(name)
    assert client_as("staff").get(reverse("jobs:result", args=[job.pk])).status_code == 404
    services.expire_jobs(now=timezone.now() + timezone.timedelta(days=settings.JOBS_LISTED_DAYS))
    assert not Job.objects.filter(pk=job.pk).exists(), "listed for JOBS_LISTED_DAYS, then forgotten"


def test_a_job_redis_lost_is_queued_again_when_a_worker_starts(queue, enqueue, users):
    job = enqueue("count_to", owner=users["staff"], total=2)
    queue.connection.flushdb()  # Redis restarted without persistence
    work(queue)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.message == "Counted to 2."


def test_a_job_whose_worker_died_is_queued_again_then_failed(queue, enqueue, users, settings):
    settings.JOBS_MAX_ATTEMPTS = 2
    job = enqueue("count_to", owner=users["staff"], total=2)
    rq_job = queue.fetch_job(Job.objects.get(pk=job.pk).rq_id)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=1)
    services.job_lost(rq_job, queue.connection)  # what RQ calls for an abandoned job
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and "queued again" in job.message
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=2)
    services.job_lost(rq_job, queue.connection)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "2 times" in job.message


# --- What runs as a job --------------------------------------------------------------------


def test_a_large_admin_import_runs_as_a_job_through_the_write_path(
    queue, client_as, users, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_REQUEST_MAX_ROWS = 2
    client = client_as("administrator")
    people = Person.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            admin_url(Person, "import"),
            {"resource": "0", "format": "0", "import_file": upload(people_file_with(new=2), "p.csv")},
        )
    job = Job.objects.get(owner=users["administrator"])
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert Person.objects.count() == people, "nothing imported in the request"
    work(queue)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    assert "2 new, 1 changed, 1 unchanged" in job.message
    created = Person.objects.get(service_number="ZZ-000000")
    record = created.history.get()
    assert (record.history_user, record.history_change_reason) == (users["administrator"], "import")


def test_a_large_import_with_a_bad_row_writes_nothing(
    queue, client_as, users, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_REQUEST_MAX_ROWS = 2
    people = Person.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        client_as("administrator").post(
            admin_url(Person, "import"),
            {
                "resource": "0",
                "format": "0",
                "import_file": upload(people_file_with(bad_email=True), "p.csv"),
            },
        )
    work(queue)
    job = Job.objects.get(owner=users["administrator"])
    assert job.status == Job.Status.FAILED and job.message.startswith("Nothing was imported")
    assert "row 5" in job.message.lower()
    assert Person.objects.count() == people


def test_a_list_too_long_to_export_in_a_request_is_exported_by_a_job(
    queue, client_as, users, settings, django_capture_on_commit_callbacks
):
    url = reverse("postings:person_list") + "?sort=name"
    client = client_as("administrator")
    settings.EXPORT_IN_REQUEST_MAX_ROWS = None
    inline = client.get(url + "&_export=csv").getvalue()
    settings.EXPORT_IN_REQUEST_MAX_ROWS = 10

    refused = client.get(url + "&_export=csv")
    assert refused.status_code == 302 and "_export" not in refused["Location"]
    page = client.get(url).content.decode()
    assert 'id="export-in-background"' in page
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("jobs:export"), {"list": url})
    job = Job.objects.get(owner=users["administrator"])
    assert started["Location"] == job.get_absolute_url()
    work(queue)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    download = client.get(reverse("jobs:result", args=[job.pk]))
    assert b"".join(download.streaming_content) == inline, "the same file as the page's own export"


def test_a_background_export_needs_the_page_permission(queue, client_as):
    client = client_as("nobody")
    url = reverse("postings:person_list")
    assert client.post(reverse("jobs:export"), {"list": url}).status_code == 404
    assert client.post(reverse("jobs:export"), {"list": "https://elsewhere.example/"}).status_code == 404
    assert not Job.objects.exists()


def test_the_rounds_e_mails_are_sent_by_a_job(queue, settings, django_capture_on_commit_callbacks):
    settings.ROUNDS_MAIL_IN_BACKGROUND = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outgoing = [
        OutgoingMail.objects.create(
            event="decision", to=f"c{n}@example.org", language="en", subject="S", body="B"
        )
        for n in range(3)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        dispatch([row.pk for row in outgoing])
    job = Job.objects.get(kind="rounds.mail.send_job")
    assert not mail.outbox, "not sent in the request"
    work(queue)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.message == "3 e-mails sent."
    assert sorted(message.to[0] for message in mail.outbox) == [
        "c0@example.org",
        "c1@example.org",
        "c2@example.org",
    ]
    assert not OutgoingMail.objects.filter(sent_at__isnull=True).exists()


# --- Without Redis ------------------------------------------------------------------------------


def test_without_redis_the_pages_say_so(client_as, users, settings, tmp_path):
    settings.RQ_QUEUES = UNREACHABLE
    settings.MEDIA_ROOT = tmp_path
    settings.EXPORT_IN_REQUEST_MAX_ROWS = 10
    settings.IMPORT_REQUEST_MAX_ROWS = 2
    client = client_as("administrator")
    listing = client.get(reverse("jobs:list"))
    assert listing.status_code == 200
    assert "The background queue is unavailable" in listing.content.decode()

    url = reverse("postings:person_list")
    refused = client.post(reverse("jobs:export"), {"list": url}, follow=True)
    assert refused.status_code == 200
    assert "The background queue is unavailable" in refused.content.decode()

    imported = client.post(
        admin_url(Person, "import"),
        {"resource": "0", "format": "0", "import_file": upload(people_file_with(), "p.csv")},
    )
    assert imported.status_code == 200
    assert "The background queue is unavailable" in str(imported.context["form"].errors["import_file"])
    assert not Job.objects.exists()
    assert not [path for path in tmp_path.rglob("*") if path.is_file()], "no upload left behind"


def test_without_redis_the_rounds_e_mails_are_still_sent(settings):
    settings.RQ_QUEUES = UNREACHABLE
    settings.ROUNDS_MAIL_IN_BACKGROUND = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    row = OutgoingMail.objects.create(
        event="decision", to="c@example.org", language="en", subject="S", body="B"
    )
    threads = []

    def start(thread):
        threads.append(thread)
        thread.run()  # in this test's connection: the thread's own would not see the row

    # The thread closes its own connection when done: here that would be the test's.
    with mock.patch.object(threading.Thread, "start", start), mock.patch("rounds.mail.connection"):
        dispatch([row.pk])
    assert threads and [message.to for message in mail.outbox] == [["c@example.org"]]
    assert not Job.objects.exists()


def test_the_jobs_pages_are_valid_html(queue, enqueue, client_as, users, settings, tmp_path):
    checker()  # skipped, saying why, without the Nu HTML checker
    settings.EXPORT_IN_REQUEST_MAX_ROWS = 10
    waiting = enqueue("count_to", owner=users["administrator"], total=2)
    client = client_as("administrator")
    pages = tmp_path / "pages"
    pages.mkdir()
    files = [
        save(pages, "waiting", client.get(waiting.get_absolute_url())),
        save(pages, "export-button", client.get(reverse("postings:person_list"))),
    ]
    work(queue)
    for language in ("en", "fr"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        files.append(save(pages, f"{language}-list", client.get(reverse("jobs:list"))))
        files.append(save(pages, f"{language}-done", client.get(waiting.get_absolute_url())))
    assert nu_errors(files) == []


def test_redis_url_is_the_queue_of_the_settings():
    """REDIS_URL alone says where the queue is (the settings module, in a fresh process)."""
    code = "from jobs.services import queue_available; print(queue_available())"
    answers = {}
    for url in ("redis://127.0.0.1:6379/9", "redis://127.0.0.1:1/0"):
        env = {**os.environ, "REDIS_URL": url, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "dci_portal.settings"}
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=django_settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        answers[url] = done.stdout.strip().splitlines()[-1]
    assert answers == {"redis://127.0.0.1:6379/9": "True", "redis://127.0.0.1:1/0": "False"}
