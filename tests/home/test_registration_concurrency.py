"""Many visitors register at the same moment: the database, not luck, keeps the rules."""

import threading
import uuid

import pytest
from django.db import connection
from wagtail.models import Page

from cms.models import OutgoingMail
from home import registrations
from home.models import Registration
from tests.factories.home import EventIndexPageFactory, EventPageFactory

# No test transaction here: the threads' own connections must see the event, and on SQLite an
# open test transaction would hold the write lock they wait for.


@pytest.fixture
def committed_event(django_db_blocker):
    """An event whose data other database connections see, for tests that register from
    several threads; deleted afterwards."""
    with django_db_blocker.unblock():
        root = Page.get_first_root_node()
        index = root.add_child(instance=EventIndexPageFactory.build(slug="termine-parallel"))
        event = EventPageFactory(
            parent=index, title="Andrang", takes_registrations=True, capacity=20
        )
        yield event
        Page.objects.get(pk=index.pk).delete()
        OutgoingMail.objects.filter(recipient__endswith="@andrang.example").delete()


def test_fifty_at_once_for_twenty_places_gives_twenty_confirmed_and_thirty_waiting(
    committed_event, django_db_blocker
):
    errors = []
    start = threading.Barrier(60)

    def sign_up(email):
        try:
            start.wait()
            registrations.registration_create(
                event=committed_event,
                name=email,
                email=email,
                language="de",
                submission_key=uuid.uuid4(),
            )
        except registrations.RegistrationRefused:
            pass
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    emails = [f"person{number}@andrang.example" for number in range(50)]
    # Ten more send the first address again, in other letters.
    emails += ["PERSON0@Andrang.example" for _ in range(10)]
    with django_db_blocker.unblock():
        threads = [threading.Thread(target=sign_up, args=(email,)) for email in emails]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert errors == []
        statuses = list(
            Registration.objects.filter(event=committed_event).values_list("status", flat=True)
        )
        assert statuses.count("confirmed") == 20
        assert statuses.count("waiting") == 30
        assert len(statuses) == 50
