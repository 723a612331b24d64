"""Many visitors register at the same moment: the database, not luck, keeps the rules."""

import threading
import traceback
import uuid

import pytest
from django.db import connection
from wagtail.models import Page

from cms.models import OutgoingMail
from home import registrations
from home.models import Registration
from tests.factories.home import EventIndexPageFactory, EventPageFactory

pytestmark = pytest.mark.django_db


def in_own_connection(work):
    """Run ``work`` in a thread with a database connection of its own, committed at once, as
    another app server would; the test's own transaction does not hide it."""
    outcome = {}

    def run():
        try:
            outcome["value"] = work()
        except Exception as error:
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.fixture
def event():
    """An event with 20 places that every connection sees; removed afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "row locks are PostgreSQL's; SQLite runs one write transaction at a time "
            "(IMMEDIATE), so the PostgreSQL run of the suite checks this"
        )

    def create():
        index = Page.get_first_root_node().add_child(
            instance=EventIndexPageFactory.build(slug="termine-parallel")
        )
        return EventPageFactory(
            parent=index, title="Andrang", takes_registrations=True, capacity=20
        )

    event = in_own_connection(create)
    yield event
    in_own_connection(lambda: Page.objects.get(pk=event.get_parent().pk).delete())
    in_own_connection(
        lambda: OutgoingMail.objects.filter(recipient__iendswith="@andrang.example").delete()
    )


def test_fifty_at_once_for_twenty_places_gives_twenty_confirmed_and_thirty_waiting(event):
    errors = []
    start = threading.Barrier(60)

    def sign_up(email):
        try:
            start.wait()
            registrations.registration_create(
                event=event,
                name=email,
                email=email,
                language="de",
                submission_key=uuid.uuid4(),
            )
        except registrations.RegistrationRefused:
            pass
        except Exception:
            errors.append(traceback.format_exc())
        finally:
            connection.close()

    emails = [f"person{number}@andrang.example" for number in range(50)]
    # Ten more send the first address again, in other letters.
    emails += ["PERSON0@Andrang.example" for _ in range(10)]
    threads = [threading.Thread(target=sign_up, args=(email,)) for email in emails]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == [], errors[0]
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count("confirmed") == 20
    assert statuses.count("waiting") == 30
    assert len(statuses) == 50
