"""What organisers do with registrations in the Wagtail admin."""

import csv
import io
import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from home import registrations
from home.models import Registration
from tests.factories.home import EventIndexPageFactory, EventPageFactory, EventWorkshopFactory
from tests.helpers import parse

pytestmark = pytest.mark.django_db

INDEX = "/admin/registrations/"


@pytest.fixture
def event(home_pages):
    index = EventIndexPageFactory(parent=home_pages["de"])
    event = EventPageFactory(
        parent=index, title="Bündnistreffen", takes_registrations=True, capacity=2
    )
    EventWorkshopFactory(page=event, title="Energiespeicher", capacity=2)
    event.save_revision().publish()
    for name in ["Zoe Zimmer", "Anna Alt", "Bernd Berg", "Carla Christ"]:
        registrations.registration_create(
            event=event,
            workshop=event.workshops.get(),
            name=name,
            email=f"{name.split()[0].lower()}@example.org",
            organisation="HSZG",
            language="de",
            submission_key=uuid.uuid4(),
        )
    return event


@pytest.fixture
def organiser(db, django_user_model):
    user = django_user_model.objects.create_user(username="orga", password="sicheres-passwort-42")
    user.groups.add(Group.objects.get(name="Redaktion"))
    return user


def test_organisers_see_the_waiting_list_in_order(client, organiser, event):
    client.force_login(organiser)
    page = parse(client.get(INDEX, {"event": event.pk, "status": "waiting"}))

    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in page.select("table.listing tbody tr")
    ]
    names_and_places = [(row[0].split(" ")[0], row[-2]) for row in rows]
    assert names_and_places == [("Bernd", "1"), ("Carla", "2")]


def test_organisers_export_the_registrations(client, organiser, event):
    client.force_login(organiser)
    response = client.get(INDEX, {"event": event.pk, "export": "csv"})

    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [row["Name"] for row in rows] == ["Zoe Zimmer", "Anna Alt", "Bernd Berg", "Carla Christ"]
    assert [row["Status"] for row in rows] == ["bestätigt", "bestätigt", "Warteliste", "Warteliste"]
    assert rows[0]["E-Mail-Adresse"] == "zoe@example.org"

    xlsx = client.get(INDEX, {"event": event.pk, "export": "xlsx"})
    assert xlsx["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


def test_an_organiser_cancels_and_the_first_waiting_moves_up(
    client, organiser, event, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    anna = Registration.objects.get(name="Anna Alt")
    url = f"{INDEX}{anna.pk}/cancel/"
    question = parse(client.get(url))
    assert "Anna Alt" in question.select_one("main").text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)

    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses["Anna Alt"] == "cancelled"
    assert statuses["Bernd Berg"] == "confirmed"
    assert statuses["Carla Christ"] == "waiting"
    assert "1 von der Warteliste nachgerückt" in parse(response).select_one(".messages").text
    assert {message.to[0] for message in mail.outbox} == {"anna@example.org", "bernd@example.org"}
    history = parse(client.get(f"{INDEX}history/{anna.pk}/")).select_one("table").text
    assert "Anmeldung storniert" in history
    assert "Angemeldet" in history
    assert ModelLogEntry.objects.get(action="home.registration.cancel").user == organiser


def test_the_attendance_list_prints_confirmed_people_by_name_then_the_waiting_list(
    client, organiser, event
):
    client.force_login(organiser)
    page = parse(client.get(f"{INDEX}attendance/{event.pk}/"))

    confirmed, waiting = page.select("table")
    assert [row.select("td")[1].text for row in confirmed.select("tbody tr")] == [
        "Anna Alt",
        "Zoe Zimmer",
    ]
    assert [row.select("td")[1].text for row in waiting.select("tbody tr")] == [
        "Bernd Berg",
        "Carla Christ",
    ]


def test_registrations_come_only_from_the_form_and_only_organisers_see_them(
    client, organiser, event, django_user_model
):
    client.force_login(organiser)
    assert client.get(f"{INDEX}new/").status_code in {302, 403, 404}
    edit = parse(client.get(f"{INDEX}edit/{Registration.objects.first().pk}/"))
    assert edit.select_one("[name=status]") is None

    outsider = django_user_model.objects.create_user(username="gast", password="x" * 20)
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    assert client.get(INDEX).status_code in {302, 403}
    assert client.get(f"{INDEX}attendance/{event.pk}/").status_code in {302, 403}


def test_organisers_correct_an_address_but_not_into_one_already_registered(
    client, organiser, event
):
    client.force_login(organiser)
    zoe = Registration.objects.get(name="Zoe Zimmer")
    url = f"{INDEX}edit/{zoe.pk}/"
    data = {"name": "Zoe Zimmer", "email": "ANNA@example.org", "organisation": "", "note": ""}

    response = client.post(url, data)

    assert response.status_code == 200
    assert "bereits angemeldet" in parse(response).select_one("form").text
    zoe.refresh_from_db()
    assert zoe.email == "zoe@example.org"
    assert client.get(f"{INDEX}delete/{zoe.pk}/").status_code in {302, 403, 404}


def test_the_export_keeps_typed_formulas_as_text_and_shows_berlin_time(client, organiser, event):
    Registration.objects.filter(name="Zoe Zimmer").update(organisation="=HYPERLINK(1)")
    client.force_login(organiser)

    response = client.get(INDEX, {"event": event.pk, "export": "csv"})

    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert rows[0]["Organisation"] == "'=HYPERLINK(1)"
    registered = Registration.objects.get(name="Zoe Zimmer").created_at
    assert rows[0]["Angemeldet"] == f"{timezone.localtime(registered):%Y-%m-%d %H:%M}"
    assert [row["Platz auf der Warteliste"] for row in rows] == ["", "", "1", "2"]
