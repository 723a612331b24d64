"""Calls for ideas as visitors and editors meet them: the form until the deadline, the notice
after it, the thank-you page in the visitor's language, the editors' e-mail through the
outbox, the honeypot, and the invitation on a lead project."""

import csv
import io
import re
import smtplib
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.utils import timezone, translation
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Locale

from cms.mail import deliver_due_mail
from cms.models import OutgoingMail
from cms.translation import translate_with_localize
from home.models import IdeaCallPage
from home.models.idea_calls import BERLIN, HONEYPOT_FIELD
from tests.factories.home import (
    IdeaCallPageFactory,
    LeadProjectIndexPageFactory,
    LeadProjectPageFactory,
)

pytestmark = pytest.mark.django_db

ANSWERS = {
    "name": "Anna Beispiel",
    "e_mail_adresse": "anna@example.org",
    "organisation": "Hafen & Co. KG",
    "ihre_idee": "Ein Co-Working-Space im Bahnhof Uelzen.",
}
ENGLISH = {
    "Ideenaufruf 0": "Call for ideas",
    "ideenaufruf-0": "call-for-ideas",
    "Eine Seite aus der Region.": "A page from the region.",
    "Danke für Ihre Idee!": "Thank you for your idea!",
    "Name": "Name",
    "E-Mail-Adresse": "E-mail address",
    "Organisation": "Organisation",
    "Ihre Idee": "Your idea",
}


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPException("451 Try again later")


@pytest.fixture
def call(home_pages):
    return IdeaCallPageFactory(parent=home_pages["de"], title="Ideenaufruf 0")


@pytest.fixture
def english_call(call):
    return translate_with_localize(call, Locale.objects.get(language_code="en"), ENGLISH)


@pytest.fixture
def closed_call(home_pages):
    return IdeaCallPageFactory(
        parent=home_pages["de"], deadline=datetime(2022, 6, 15, 23, 59, tzinfo=BERLIN)
    )


def send(client, page, answers=ANSWERS, commit=None):
    """POST the answers to the page; with ``commit`` (the on-commit fixture) the transaction's
    after-commit work, the e-mail, runs as it would in production."""
    if commit is None:
        return client.post(page.url, answers)
    with commit(execute=True):
        return client.post(page.url, answers)


def test_an_open_call_says_until_when_it_takes_ideas(client, call):
    call.deadline = datetime(2031, 6, 15, 23, 59, tzinfo=BERLIN)
    call.save_revision().publish()

    response = client.get(call.url)
    content = response.content.decode()

    assert response.status_code == 200
    assert response["Content-Language"] == "de"
    assert "Ideen nehmen wir bis zum 15. Juni 2031 entgegen." in content
    assert '<label class="form-field__label" for="id_ihre_idee">Ihre Idee' in content
    assert "(Pflichtfeld)" in content
    assert '<form class="form" method="post"' in content


def test_the_deadline_is_the_day_in_berlin(call):
    # 23:30 UTC on 14 June is already 15 June in Berlin, in summer time.
    call.deadline = datetime(2031, 6, 14, 23, 30, tzinfo=UTC)

    with translation.override("de"):
        assert call.deadline_date == "15. Juni 2031"
    with translation.override("en"):
        assert call.deadline_date == "15 June 2031"


def test_an_idea_is_stored_and_the_editors_are_told_in_german_after_the_commit(
    client, call, django_capture_on_commit_callbacks
):
    call.to_address = "redaktion@example.org, leitung@example.org"
    call.save_revision().publish()

    response = send(client, call, commit=django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "Danke für Ihre Idee!" in response.content.decode()
    submission = FormSubmission.objects.get(page=call)
    assert submission.form_data == ANSWERS
    assert sorted(message.to[0] for message in mail.outbox) == [
        "leitung@example.org",
        "redaktion@example.org",
    ]
    message = mail.outbox[0]
    assert message.subject == "Neue Idee: Ideenaufruf 0"
    assert "Zum Aufruf „Ideenaufruf 0“ ist eine neue Idee eingegangen." in message.body
    assert "Ihre Idee:\nEin Co-Working-Space im Bahnhof Uelzen." in message.body
    # The text part is plain text, the HTML part escapes what the visitor typed.
    assert "Hafen & Co. KG" in message.body
    html, mime_type = message.alternatives[0]
    assert mime_type == "text/html"
    assert "Hafen &amp; Co. KG" in html
    assert f"/admin/forms/submissions/{call.pk}/" in message.body
    assert not OutgoingMail.objects.filter(sent_at__isnull=True).exists()


def test_the_editors_mail_waits_for_the_commit(client, call, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        send(client, call)

    assert OutgoingMail.objects.count() == 1
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert mail.outbox[0].subject == "Neue Idee: Ideenaufruf 0"
    assert not OutgoingMail.objects.filter(sent_at__isnull=True).exists()


def test_ideas_sent_after_the_deadline_are_refused_politely(
    client, closed_call, django_capture_on_commit_callbacks
):
    page = client.get(closed_call.url).content.decode()
    response = send(client, closed_call, commit=django_capture_on_commit_callbacks)
    refusal = response.content.decode()

    assert "Dieser Ideenaufruf ist beendet" in page
    assert "Ideen konnten bis zum 15. Juni 2022 eingereicht werden." in page
    assert "<form" not in page.split('id="main-content"')[1]
    assert response.status_code == 409
    assert "Ihre Angaben wurden nicht gesendet." in refusal
    assert "15. Juni 2022" in refusal
    assert not FormSubmission.objects.exists()
    assert not OutgoingMail.objects.exists()
    assert mail.outbox == []


def test_a_filled_honeypot_is_thanked_and_forgotten(
    client, call, django_capture_on_commit_callbacks
):
    page = client.get(call.url).content.decode()
    response = send(
        client,
        call,
        {**ANSWERS, HONEYPOT_FIELD: "https://spam.example"},
        commit=django_capture_on_commit_callbacks,
    )

    honeypot = re.search(r'<div class="idea-form__extra"[^>]*>.*?</div>', page, re.S).group()
    assert 'aria-hidden="true"' in honeypot
    assert 'tabindex="-1"' in honeypot
    assert f'name="{HONEYPOT_FIELD}"' in honeypot
    assert response.status_code == 200
    assert "Danke für Ihre Idee!" in response.content.decode()
    assert not FormSubmission.objects.exists()
    assert not OutgoingMail.objects.exists()
    assert mail.outbox == []


def test_the_honeypot_name_cannot_be_a_form_field_of_the_editors(call):
    field = call.form_fields.create(label="contact-website", field_type="singleline")

    assert field.clean_name != HONEYPOT_FIELD


def test_mistakes_are_named_in_german_next_to_their_fields_and_above_the_form(client, call):
    response = send(client, call, {**ANSWERS, "name": "", "e_mail_adresse": "anna@"})
    content = response.content.decode()

    assert response.status_code == 200
    assert "<title>Fehler:" in content
    assert "Bitte prüfen Sie Ihre Angaben" in content
    assert '<a href="#id_name">Name: Dieses Feld muss ausgefüllt werden.</a>' in content
    assert "Bitte gültige E-Mail-Adresse eingeben." in content
    name_input = re.search(r'<input[^>]*name="name"[^>]*>', content).group()
    assert 'aria-invalid="true"' in name_input
    assert 'aria-describedby="id_name_error"' in name_input
    assert 'id="id_name_error"' in content
    assert 'value="Hafen &amp; Co. KG"' in content
    assert not FormSubmission.objects.exists()


def test_an_overlong_idea_is_refused(client, call):
    response = send(client, call, {**ANSWERS, "ihre_idee": "x" * 10_001})

    assert "höchstens 10000 Zeichen" in response.content.decode()
    assert not FormSubmission.objects.exists()


def german():
    return Locale.objects.get(language_code="de")


def test_the_english_call_thanks_and_answers_in_english_and_tells_the_editors_in_german(
    client, english_call, django_capture_on_commit_callbacks
):
    errors = send(client, english_call, {**ANSWERS, "name": ""}).content.decode()
    response = send(client, english_call, commit=django_capture_on_commit_callbacks)

    assert english_call.url.startswith("/en/")
    assert "Name: This field is required." in errors
    assert '<label class="form-field__label" for="id_ihre_idee">Your idea' in errors
    assert response["Content-Language"] == "en"
    assert "Thank you for your idea!" in response.content.decode()
    # The answers are kept with the German call, under the same names in both languages.
    submission = FormSubmission.objects.get()
    assert submission.page_id == english_call.get_translation(german()).pk
    assert submission.form_data == ANSWERS
    message = mail.outbox[0]
    assert message.subject == "Neue Idee: Ideenaufruf 0"
    assert "über die Seite auf Englisch" in message.body
    assert "Ihre Idee:\nEin Co-Working-Space" in message.body


def test_a_mail_server_that_fails_loses_no_idea_and_is_tried_again(
    client, call, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"

    response = send(client, call, commit=django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "Danke für Ihre Idee!" in response.content.decode()
    assert FormSubmission.objects.filter(page=call).count() == 1
    queued = OutgoingMail.objects.get()
    assert (queued.sent_at, queued.attempts) == (None, 1)
    assert "SMTPException" in queued.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver_due_mail() == 0
    OutgoingMail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert deliver_due_mail() == 1

    queued.refresh_from_db()
    assert queued.sent_at is not None
    assert queued.attempts == 2
    assert [message.to for message in mail.outbox] == [["redaktion@example.org"]]


def test_a_form_page_takes_posts_and_other_pages_still_do_not(client, call, home_pages):
    assert client.post(home_pages["de"].url, {}).status_code == 405
    assert client.post(call.url, ANSWERS).status_code == 200


def test_editors_find_the_ideas_in_the_admin_in_german_and_download_them(client, call, admin_user):
    send(client, call)
    client.force_login(admin_user)

    listing = client.get(f"/admin/forms/submissions/{call.pk}/").content.decode()
    exported = client.get(f"/admin/forms/submissions/{call.pk}/?export=csv")
    spreadsheet = client.get(f"/admin/forms/submissions/{call.pk}/?export=xlsx")

    assert "Formulardaten" in listing
    assert "Anna Beispiel" in listing
    text = b"".join(exported.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Einreichungsdatum", "Name", "E-Mail-Adresse", "Organisation", "Ihre Idee"]
    assert rows[1][1:] == list(ANSWERS.values())
    assert spreadsheet["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


def test_the_editor_sees_how_many_ideas_came_in(client, call, admin_user):
    send(client, call)
    client.force_login(admin_user)

    editor = client.get(f"/admin/pages/{call.pk}/edit/").content.decode()

    assert "Eingegangene Ideen" in editor
    assert "Einsendeschluss" in editor
    assert "Benachrichtigen" in editor


def test_previews_of_the_form_and_of_the_thank_you_page(call):
    assert call.make_preview_request(preview_mode="form").status_code == 200
    landing = call.make_preview_request(preview_mode="landing")

    assert landing.status_code == 200
    assert "Danke für Ihre Idee!" in landing.content.decode()


# The lead project's invitation


@pytest.fixture
def lead_project(home_pages):
    projects = LeadProjectIndexPageFactory(parent=home_pages["de"])
    return LeadProjectPageFactory(parent=projects, title="Innovationsmanagement")


def invitation(client, page):
    content = client.get(page.url).content.decode()
    found = re.search(r'<section class="idea-call-invitation".*?</section>', content, re.S)
    return found and found.group()


def test_a_lead_project_invites_to_its_open_call_until_the_deadline(client, lead_project):
    call = IdeaCallPageFactory(
        parent=lead_project,
        title="Projektideen",
        deadline=datetime(2031, 6, 15, 23, 59, tzinfo=BERLIN),
    )
    lead_project.idea_call = call
    lead_project.save_revision().publish()

    shown = invitation(client, lead_project)

    assert "Haben Sie weitere Projektideen?" in shown
    assert "Teilen Sie uns diese bis zum 15. Juni 2031 mit." in shown
    assert f'<a class="button" href="{call.url}">Idee einreichen</a>' in shown


def test_after_the_deadline_the_lead_project_says_the_call_closed(client, lead_project):
    call = IdeaCallPageFactory(
        parent=lead_project, deadline=datetime(2022, 6, 15, 23, 59, tzinfo=BERLIN)
    )
    lead_project.idea_call = call
    lead_project.save_revision().publish()

    shown = invitation(client, lead_project)

    assert "Der Ideenaufruf ist beendet" in shown
    assert "bis zum 15. Juni 2022 eingereicht werden" in shown
    assert "button" not in shown


def test_a_lead_project_without_a_published_call_invites_to_nothing(client, lead_project):
    call = IdeaCallPageFactory(parent=lead_project)
    lead_project.idea_call = call
    lead_project.save_revision().publish()
    IdeaCallPage.objects.filter(pk=call.pk).update(live=False)

    assert invitation(client, lead_project) is None


def test_the_english_lead_project_invites_to_the_english_call(client, site_tree):
    english = Locale.objects.get(language_code="en")
    call = IdeaCallPageFactory(
        parent=site_tree.network,
        title="Ideenaufruf 0",
        deadline=datetime(2031, 6, 15, 23, 59, tzinfo=BERLIN),
    )
    english_call = translate_with_localize(call, english, ENGLISH)
    # The link is a synchronised field: both languages point to the German call.
    for project in (site_tree.network, site_tree.en.network):
        project.idea_call = call
        project.save_revision().publish()

    shown = invitation(client, site_tree.en.network)

    assert "until 15 June 2031" in shown
    assert f'href="{english_call.url}"' in shown
    assert english_call.url.startswith("/en/")


def test_an_address_that_sends_too_many_ideas_is_asked_to_wait_and_keeps_what_it_typed(
    client, call, settings, monkeypatch
):
    settings.PUBLIC_FORM_SUBMISSIONS_PER_HOUR = 2
    # Within one window, which three ideas could otherwise straddle at an hour's turn.
    monkeypatch.setattr("cms.limits.WINDOW_SECONDS", 24 * 3600)
    sent = [send(client, call).status_code for _ in range(2)]
    refused = send(client, call, {**ANSWERS, "organisation": "Dritte GmbH"})
    elsewhere = send(Client(REMOTE_ADDR="198.51.100.4"), call)

    assert sent == [200, 200]
    assert (refused.status_code, elsewhere.status_code) == (429, 200)
    content = refused.content.decode()
    assert "zu oft von Ihrer Adresse gesendet" in content
    assert 'value="Dritte GmbH"' in content
    assert FormSubmission.objects.count() == 3
