"""An idea and a seal application sent while the cache (a real Redis) and the mail server (a
real SMTP server on loopback) are both down: each is accepted and in the database at once,
and every e-mail about them goes out once the mail server is back. Neither writes to the
search index; writes a lost Elasticsearch node refused are tests/search/test_faults.py's."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from cms.mail import deliver_due_mail
from cms.models import OutgoingMail
from members.models import ApplicationState
from tests.factories.home import IdeaCallPageFactory
from tests.factories.members import committee_member, draft_application, owner_of
from tests.home.test_idea_calls import ANSWERS

pytestmark = pytest.mark.django_db


def test_what_is_sent_while_redis_and_the_mail_server_are_down_is_kept_and_reported_later(
    client, home_pages, redis_server, smtp_server, django_capture_on_commit_callbacks
):
    call = IdeaCallPageFactory(parent=home_pages["de"], title="Ideenaufruf Hafen")
    application = draft_application()
    committee_member()
    owner = owner_of(application.organisation)
    client.force_login(owner)
    redis_server.stop()

    with django_capture_on_commit_callbacks(execute=True):
        idea = client.post(call.url, ANSWERS)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = client.post(
            f"/de/mitgliederbereich/antraege/{application.pk}/", {"action": "submit"}
        )
    application.refresh_from_db()
    waiting = list(OutgoingMail.objects.values_list("sent_at", "attempts"))

    assert idea.status_code == 200
    assert "Danke für Ihre Idee!" in idea.content.decode()
    assert FormSubmission.objects.filter(page=call).count() == 1
    assert submitted.status_code == 302
    assert application.state == ApplicationState.SUBMITTED
    assert waiting == [(None, 1), (None, 1)]

    redis_server.start_again()
    smtp_server.start()
    OutgoingMail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))

    assert deliver_due_mail() == len(waiting)
    assert not OutgoingMail.objects.filter(sent_at=None).exists()
    received = {(message["To"], message["Subject"]) for message in smtp_server.inbox.messages}
    assert received == {
        ("redaktion@example.org", "Neue Idee: Ideenaufruf Hafen"),
        (owner.email, f"Antrag erhalten: {application.organisation.name}"),
    }
