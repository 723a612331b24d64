"""Registering for an event, as visitors do it: the form, the waiting list, the e-mails, the
cancellation link, and the rules that hold when many register at once."""

import re
import smtplib
import uuid
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.log_actions import log
from wagtail.models import Locale, ModelLogEntry

from cms.mail import deliver_due_mail
from cms.models import OutgoingMail
from cms.translation import translate_with_localize
from home import registrations
from home.models import Registration, RegistrationStatus
from tests.factories.home import EventIndexPageFactory, EventPageFactory, EventWorkshopFactory
from tests.helpers import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(home_pages):
    index = EventIndexPageFactory(parent=home_pages["de"])
    event = EventPageFactory(
        parent=index,
        title="Bündnistreffen",
        slug="buendnistreffen",
        takes_registrations=True,
        capacity=3,
    )
    EventWorkshopFactory(page=event, title="Energiespeicher", capacity=1)
    EventWorkshopFactory(page=event, title="MINT-Bildung", capacity=2)
    event.save_revision().publish()
    return event


def workshop(event, title):
    return event.workshops.get(title=title)


def form_data(client, page_url, **answers):
    """The page's registration form as a browser would send it, with ``answers``."""
    form = parse(client.get(page_url)).select_one("#registration form")
    data = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    data.update(name="Leonie Liemich", email="leonie@example.org", consent="on")
    data.update(answers)
    return data


def register(client, event, **answers):
    url = event.url
    return client.post(url, form_data(client, url, **answers))


def links_in(message):
    return re.findall(r"https?://\S+", message.body)


def test_a_visitor_registers_and_gets_a_confirmation_with_a_cancellation_link(
    client, event, django_capture_on_commit_callbacks
):
    chosen = workshop(event, "MINT-Bildung")
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, event, workshop=str(chosen.pk), organisation="HSZG")

    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert (registration.workshop, registration.organisation) == (chosen, "HSZG")
    assert response.status_code == 302
    page = parse(client.get(response["Location"]))
    assert "Sie sind für „Bündnistreffen“ angemeldet." in page.select_one("[role=status]").text
    assert "MINT-Bildung" in page.select_one(".facts").text

    (confirmation,) = mail.outbox
    assert confirmation.to == ["leonie@example.org"]
    assert confirmation.subject == "Anmeldung bestätigt: Bündnistreffen"
    assert "Guten Tag Leonie Liemich," in confirmation.body
    assert re.search(r"Wann: \w+, \d+\. \w+ \d{4}, 14:00–17:00 Uhr", confirmation.body)
    html, mimetype = confirmation.alternatives[0]
    assert mimetype == "text/html"
    assert "MINT-Bildung" in BeautifulSoup(html, "html.parser").text
    (link,) = links_in(confirmation)
    assert link.endswith(response["Location"])


def test_the_form_shows_free_places_per_workshop(client, event):
    registrations.registration_create(
        event=event,
        workshop=workshop(event, "Energiespeicher"),
        name="Erste",
        email="erste@example.org",
        language="de",
        submission_key=uuid.uuid4(),
    )
    page = parse(client.get(event.url))
    labels = [label.text for label in page.select("#registration .form-choice label")]
    assert "Energiespeicher (ausgebucht: Warteliste)" in labels
    assert "MINT-Bildung (noch 2 Plätze)" in labels
    assert "Noch 2 Plätze frei." in page.select_one(".registration__places").text


def test_a_full_workshop_puts_the_visitor_on_the_waiting_list(
    client, event, django_capture_on_commit_callbacks
):
    energy = workshop(event, "Energiespeicher")
    register(client, event, workshop=str(energy.pk), email="erste@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, event, workshop=str(energy.pk), email="zweite@example.org")

    waiting = Registration.objects.get(email="zweite@example.org")
    assert waiting.status == RegistrationStatus.WAITING
    page = parse(client.get(response["Location"]))
    assert "Warteliste" in page.select_one("[role=status]").text
    assert mail.outbox[-1].subject == "Warteliste: Bündnistreffen"


def test_a_full_event_offers_only_the_waiting_list(client, event):
    for number in range(3):
        register(client, event, email=f"person{number}@example.org")
    page = parse(client.get(event.url))
    assert "ausgebucht" in page.select_one(".registration__places").text
    assert page.select_one("#registration button").text == "Auf die Warteliste"

    register(client, event, email="spaet@example.org")
    assert Registration.objects.get(email="spaet@example.org").status == "waiting"
    assert Registration.objects.filter(status="confirmed").count() == 3


def test_cancelling_moves_the_first_person_waiting_up_and_tells_them(
    client, event, django_capture_on_commit_callbacks
):
    energy = workshop(event, "Energiespeicher")
    first = register(client, event, workshop=str(energy.pk), email="erste@example.org")
    register(client, event, workshop=str(energy.pk), email="zweite@example.org")
    register(client, event, workshop=str(energy.pk), email="dritte@example.org")
    mail.outbox.clear()

    detail = client.get(first["Location"])
    cancel = parse(detail).select_one("form[action$='/abmelden/']")["action"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel)

    assert response.status_code == 302
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "erste@example.org": "cancelled",
        "zweite@example.org": "confirmed",
        "dritte@example.org": "waiting",
    }
    cancelled, moved_up = mail.outbox
    assert (cancelled.to, cancelled.subject) == (
        ["erste@example.org"],
        "Anmeldung storniert: Bündnistreffen",
    )
    assert (moved_up.to, moved_up.subject) == (
        ["zweite@example.org"],
        "Sie haben einen Platz: Bündnistreffen",
    )
    page = parse(client.get(first["Location"]))
    assert "ist storniert" in page.select_one("[role=status]").text
    assert page.select_one("form[action$='/abmelden/']") is None


def test_someone_waiting_for_a_full_workshop_keeps_waiting_when_another_place_frees(event):
    def sign_up(email, chosen=None):
        return registrations.registration_create(
            event=event,
            workshop=chosen,
            name=email,
            email=email,
            language="de",
            submission_key=uuid.uuid4(),
        )

    energy = workshop(event, "Energiespeicher")
    sign_up("a@example.org", energy)
    free = sign_up("b@example.org")
    sign_up("c@example.org")
    waiting_for_energy = sign_up("d@example.org", energy)
    waiting_for_any = sign_up("e@example.org")

    (moved_up,) = registrations.registration_cancel(registration=free)

    assert moved_up.pk == waiting_for_any.pk
    waiting_for_energy.refresh_from_db()
    assert waiting_for_energy.status == "waiting"


def test_a_broken_reused_or_expired_link_says_so_and_changes_nothing(client, event):
    response = register(client, event)
    registration = Registration.objects.get()
    token = registrations.registration_token(registration)

    tampered = client.post(f"/de/anmeldungen/{token[:-2]}xy/abmelden/")
    assert tampered.status_code == 404
    assert parse(tampered).h1.text == "Dieser Link ist ungültig"
    assert client.get(f"/de/anmeldungen/{uuid.uuid4()}/").status_code == 404

    assert client.get(f"/de/anmeldungen/{token}/abmelden/").status_code == 405
    registration.refresh_from_db()
    assert registration.status == "confirmed"

    client.post(f"/de/anmeldungen/{token}/abmelden/")
    reused = client.post(f"/de/anmeldungen/{token}/abmelden/")
    assert reused.status_code == 409
    assert parse(reused).h1.text == "Bereits storniert"

    started = timezone.now() - timedelta(minutes=5)
    type(event).objects.filter(pk=event.pk).update(start=started)
    expired = client.get(response["Location"])
    assert expired.status_code == 410
    assert "Nichts wurde geändert" in parse(expired).text


def test_a_double_submit_registers_once(client, event):
    data = form_data(client, event.url)
    first = client.post(event.url, data)
    second = client.post(event.url, data)

    assert Registration.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_the_same_address_in_other_letters_counts_as_registered(client, event):
    register(client, event, email="Leonie.Liemich@Example.org")
    response = register(client, event, email="leonie.liemich@example.org")

    assert Registration.objects.count() == 1
    assert response.status_code == 200
    errors = parse(response).select_one("#form-errors").text
    assert "Diese E-Mail-Adresse ist für diese Veranstaltung bereits angemeldet." in errors


def test_the_database_allows_one_active_registration_per_address(event):
    from django.db import IntegrityError, transaction

    registrations.registration_create(
        event=event,
        name="A",
        email="a@example.org",
        language="de",
        submission_key=uuid.uuid4(),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=event,
            name="A",
            email="A@EXAMPLE.ORG",
            language="de",
            status="waiting",
            consented_at=timezone.now(),
            submission_key=uuid.uuid4(),
        )


def test_mistakes_are_explained_in_german_and_keep_what_was_typed(client, event):
    response = register(client, event, email="keine-adresse", consent="", name="Leonie")

    assert Registration.objects.count() == 0
    page = parse(response)
    errors = page.select_one("#form-errors").text
    assert "Bitte gültige E-Mail-Adresse eingeben." in errors
    assert "Bitte stimmen Sie der Verarbeitung Ihrer Daten zu" in errors
    assert page.select_one("input[name=name]")["value"] == "Leonie"
    assert page.select_one("input[name=email]")["aria-invalid"] == "true"


@pytest.mark.parametrize(
    ("change", "notice"),
    [
        ({"registration_closes_at": timezone.now() - timedelta(hours=1)}, "geschlossen"),
        ({"registration_opens_at": timezone.now() + timedelta(days=2)}, "Die Anmeldung beginnt"),
        (
            {
                "start": timezone.now() - timedelta(days=3),
                "end": timezone.now() - timedelta(days=3) + timedelta(hours=2),
                "registration_closes_at": None,
            },
            "geschlossen",
        ),
    ],
    ids=["closed", "not yet open", "past"],
)
def test_a_closed_or_past_event_takes_no_registration(client, event, change, notice):
    data = form_data(client, event.url)
    type(event).objects.filter(pk=event.pk).update(**change)

    response = client.post(event.url, data)

    assert Registration.objects.count() == 0
    assert response.status_code == 200
    assert notice in parse(response).select_one("#registration").text


def test_english_visitors_fill_the_same_places_and_read_english(
    client, event, django_capture_on_commit_callbacks
):
    english = Locale.objects.get(language_code="en")
    translate_with_localize(event.get_parent(), english, {"Veranstaltungen": "Events"})
    english_event = translate_with_localize(
        event,
        english,
        {
            "Bündnistreffen": "Alliance meeting",
            "buendnistreffen": "alliance-meeting",
            "Energiespeicher": "Energy storage",
            "MINT-Bildung": "STEM education",
            "Eine Seite aus der Region.": "A page from the region.",
        },
    )
    english_workshop = english_event.workshops.get(title="STEM education")
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, english_event, workshop=str(english_workshop.pk))

    registration = Registration.objects.get()
    assert registration.event_id == event.pk
    assert registration.workshop == workshop(event, "MINT-Bildung")
    assert registration.language == "en"
    assert response["Location"].startswith("/en/registrations/")
    (confirmation,) = mail.outbox
    assert confirmation.subject == "Registration confirmed: Alliance meeting"
    assert "Workshop: STEM education" in confirmation.body
    page = parse(client.get(event.url))
    assert "Noch 2 Plätze frei." in page.select_one(".registration__places").text


class RefusingMailServer:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_mail_server_that_is_down_loses_no_registration_and_the_mail_follows(
    client, event, django_capture_on_commit_callbacks
):
    with (
        override_settings(EMAIL_BACKEND=f"{__name__}.RefusingMailServer"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = register(client, event)

    assert response.status_code == 302
    assert Registration.objects.get().status == "confirmed"
    queued = OutgoingMail.objects.get()
    assert (queued.sent_at, queued.attempts) == (None, 1)
    assert "SMTPServerDisconnected" in queued.last_error
    assert mail.outbox == []

    assert deliver_due_mail() == 0
    OutgoingMail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert deliver_due_mail() == 1

    queued.refresh_from_db()
    assert queued.sent_at is not None
    assert mail.outbox[0].subject == "Anmeldung bestätigt: Bündnistreffen"


def test_mail_to_a_stopped_mail_server_waits_and_goes_out_when_it_is_back(
    client, event, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.start()
    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, event)
    queued = OutgoingMail.objects.get()

    assert response.status_code == 302
    assert Registration.objects.get().email == "leonie@example.org"
    assert (queued.sent_at, queued.attempts) == (None, 1)
    assert smtp_server.inbox.messages == []

    smtp_server.start()
    OutgoingMail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert deliver_due_mail() == 1

    [message] = smtp_server.inbox.messages
    assert message["To"] == "leonie@example.org"
    assert message["Subject"] == "Anmeldung bestätigt: Bündnistreffen"


def test_personal_data_is_deleted_days_after_the_event(event, capsys):
    past = EventPageFactory(
        parent=event.get_parent(),
        start=timezone.now() - timedelta(days=40),
        end=timezone.now() - timedelta(days=40) + timedelta(hours=3),
        registration_opens_at=None,
    )
    for owner in (past, event):
        registration = Registration.objects.create(
            event=owner,
            name="Leonie Liemich",
            email="leonie@example.org",
            language="de",
            status="confirmed",
            consented_at=timezone.now(),
            submission_key=uuid.uuid4(),
        )
        log(registration, "wagtail.edit")

    call_command("forget_registrations", "--days", "30")
    call_command("forget_registrations", "--days", "30")

    assert list(Registration.objects.values_list("event", flat=True)) == [event.pk]
    assert [entry.label for entry in ModelLogEntry.objects.all()] == ["Leonie Liemich (bestätigt)"]
    first_run, second_run = capsys.readouterr().out.strip().splitlines()
    assert first_run.startswith("1 ")
    assert second_run.startswith("0 ")


def test_a_form_sent_again_with_another_address_registers_that_address(client, event):
    data = form_data(client, event.url)
    first = client.post(event.url, data)
    second = client.post(event.url, {**data, "email": "kollegin@example.org"})

    assert sorted(Registration.objects.values_list("email", flat=True)) == [
        "kollegin@example.org",
        "leonie@example.org",
    ]
    assert first["Location"] != second["Location"]


def test_more_places_published_move_the_people_waiting_up(
    client, event, django_capture_on_commit_callbacks
):
    for number in range(4):
        register(client, event, email=f"person{number}@example.org")
    assert Registration.objects.filter(status="waiting").count() == 1

    event.capacity = 4
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()

    assert Registration.objects.filter(status="confirmed").count() == 4
    assert mail.outbox[-1].subject == "Sie haben einen Platz: Bündnistreffen"


def test_a_long_title_still_fits_the_mail_subject(client, event):
    type(event).objects.filter(pk=event.pk).update(title="Bündnistreffen " * 17)

    response = register(client, event)

    assert response.status_code == 302
    assert len(OutgoingMail.objects.get().subject) <= 255


def test_with_the_worker_the_visitor_never_waits_for_the_mail_server(
    client, event, django_capture_on_commit_callbacks
):
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        with django_capture_on_commit_callbacks(execute=True):
            response = register(client, event)
        assert response.status_code == 302
        assert mail.outbox == []

    (queued,) = DBTaskResult.objects.ready().filter(task_path="cms.tasks.deliver_mail")
    # What the worker (manage.py db_worker) does with it:
    queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    assert [message.subject for message in mail.outbox] == ["Anmeldung bestätigt: Bündnistreffen"]


def test_a_mail_whose_task_was_lost_is_sent_by_the_scheduler(event):
    OutgoingMail.objects.create(recipient="leonie@example.org", subject="Hallo", text_body="…")
    assert deliver_due_mail() == 0

    OutgoingMail.objects.update(created_at=timezone.now() - timedelta(minutes=11))
    assert deliver_due_mail() == 1
    assert mail.outbox[0].subject == "Hallo"


def test_an_address_that_registers_too_often_is_asked_to_wait_and_keeps_what_it_typed(
    client, event, settings, monkeypatch
):
    settings.PUBLIC_FORM_SUBMISSIONS_PER_HOUR = 2
    # Within one window, which three registrations could otherwise straddle at an hour's turn.
    monkeypatch.setattr("cms.limits.WINDOW_SECONDS", 24 * 3600)
    registered = [
        register(client, event, email=f"person{number}@example.org").status_code
        for number in range(2)
    ]
    refused = register(client, event, email="dritte@example.org", name="Dritte Person")

    assert registered == [302, 302]
    assert refused.status_code == 429
    page = parse(refused)
    assert "zu oft von Ihrer Adresse gesendet" in page.select_one("#registration").text
    assert page.select_one("input[name=name]")["value"] == "Dritte Person"
    assert Registration.objects.count() == 2
