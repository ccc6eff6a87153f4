"""E-mails of posting rounds, through a real SMTP server (aiosmtpd, started here on a free
loopback port): who is told what, in their language; sending happens after the change
commits and never breaks the request; what failed is retried by send_pending_mail."""

import logging

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from base.groups import MANAGERS
from rounds import services
from rounds.models import OutgoingMail, Round
from tests.html_forms import edit_form
from tests.mailserver import free_port, smtp_server
from tests.rounds_world import apply, make_round, make_world, notice_of

State = Round.State


@pytest.fixture
def world(db, django_user_model):
    return make_world(django_user_model)


@pytest.fixture
def manager(db, django_user_model):
    user = django_user_model.objects.create_user(
        username="round-manager", password="x" * 20, email="manager@login.example", first_name="Morgane"
    )
    user.groups.add(Group.objects.get(name=MANAGERS))
    return user


@pytest.fixture
def smtp(settings):
    with smtp_server() as (mailbox, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.ROUNDS_MAIL_IN_BACKGROUND = False
        yield mailbox


def test_each_event_reaches_those_it_concerns_in_their_language(
    world, manager, smtp, django_capture_on_commit_callbacks
):
    services.account_link(user=world.users["alice"], person=world.alice, language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        round = make_round(world, manager=manager)
    # Round opened: every member of staff with an address, each in their language.
    assert smtp.subjects("alice@login.example") == [f"Campagne de mobilité ouverte : {round}"]
    assert smtp.subjects("bruno@login.example") == [f"Posting round open: {round}"]
    assert smtp.to("manager@login.example"), "managers are staff too"
    assert not OutgoingMail.objects.filter(sent_at__isnull=True).exists()
    smtp.clear()

    notice = notice_of(round, world.ending)
    with translation.override("fr"):
        in_french = str(notice)
    assert in_french != str(notice), "the notice's name has a French form (SSI …)"
    with django_capture_on_commit_callbacks(execute=True):
        alice = apply(world, "alice", notice)
        bruno = apply(world, "bruno", notice)
    assert smtp.subjects("alice@login.example") == [f"Candidature reçue : {in_french}"]
    body = smtp.to("alice@login.example")[0].get_content()
    assert "votre choix n° 1" in body and "/rounds/notices/" in body
    assert smtp.subjects("bruno@login.example") == [f"Application received: {notice}"]
    assert len(smtp.to("manager@login.example")) == 2, "managers hear of each application"
    assert "/candidates/" in smtp.to("manager@login.example")[0].get_content()
    smtp.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.round_move(round=round, to=State.CLOSED, user=manager)
        services.applications_shortlist(notice=notice, choices={alice.pk: (True, 1), bruno.pk: (True, 2)})
        services.notice_decide(
            notice=notice, application=bruno, start_date=notice.available_from, grounds="Fit", user=manager
        )
    assert smtp.subjects("bruno@login.example") == [f"You are selected: {notice}"]
    assert smtp.subjects("alice@login.example") == [f"Décision sur votre candidature : {in_french}"]
    assert "un autre candidat" in smtp.to("alice@login.example")[0].get_content()
    assert not smtp.to("gaston@login.example"), "only the candidates of the notice"


def test_nothing_is_sent_before_the_change_commits(world, manager, smtp, django_capture_on_commit_callbacks):
    round = make_round(world, manager=manager)
    smtp.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        apply(world, "alice", notice_of(round, world.ending))
    assert callbacks and not smtp.messages, "written to the outbox, not yet sent"
    pending = OutgoingMail.objects.filter(sent_at__isnull=True, event="application_received")
    assert pending.count() >= 2
    for callback in callbacks:
        callback()
    assert smtp.to("alice@login.example") and not pending.exists()


def test_a_failed_sending_breaks_nothing_and_is_retried(
    client, world, manager, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens there
    settings.EMAIL_TIMEOUT = 2
    settings.ROUNDS_MAIL_IN_BACKGROUND = False
    round = make_round(world, manager=manager)
    notice = notice_of(round, world.ending)
    client.force_login(world.users["alice"])
    url = reverse("rounds:notice_apply", args=[notice.pk])
    form = edit_form(client.get(url))
    with (
        caplog.at_level(logging.WARNING, logger="rounds.mail"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            url, form.data(motivation="Ready.", available_from=notice.available_from.isoformat())
        )
    assert response.status_code == 302, "the application stands"
    failed = OutgoingMail.objects.filter(to="alice@login.example", event="application_received")
    assert failed.get().attempts == 1 and failed.get().sent_at is None and failed.get().last_error
    assert any("not sent" in record.getMessage() for record in caplog.records)

    with smtp_server() as (mailbox, port):
        settings.EMAIL_PORT = port
        call_command("send_pending_mail", older_than=0, verbosity=0)
        assert f"Application received: {notice}" in mailbox.subjects("alice@login.example")
    assert not OutgoingMail.objects.filter(sent_at__isnull=True).exists(), "the outbox is empty"
    mail = failed.get()
    assert mail.sent_at is not None and mail.attempts == 2 and mail.last_error == ""
    assert mail.history.first().history_change_reason == "e-mail sent"
