"""A visitor finds the next event, registers for one of its workshops and is told so."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from home.models import Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EVENT = "Innovationsworkshop Wissenstransfer: Hochschule trifft Mittelstand"
WORKSHOP = "Workshop B: Co-Working und kreative Lernorte"


def test_visitor_registers_for_a_workshop_of_the_upcoming_event(page, live_demo, look_at):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_demo.url}/de/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Veranstaltungen"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Veranstaltungen")
    look_at()

    page.get_by_role("link", name=EVENT).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(EVENT)
    registration = page.locator("#registration")
    expect(registration.get_by_text("Noch 25 Plätze frei.")).to_be_visible()
    look_at()

    registration.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte prüfen Sie Ihre Angaben")
    look_at()

    registration.get_by_role("textbox", name="Name").fill("Leonie Liemich")
    registration.get_by_role("textbox", name="E-Mail-Adresse").fill("leonie.liemich@example.org")
    registration.get_by_role("textbox", name="Organisation").fill("Hochschule Zittau/Görlitz")
    registration.get_by_label(re.compile(r"^Workshop B")).check()
    registration.get_by_label(re.compile("Ich bin einverstanden")).check()
    registration.get_by_role("button", name="Anmelden").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Anmeldung")
    expect(page.get_by_role("status")).to_contain_text(f"Sie sind für „{EVENT}“ angemeldet.")
    expect(page.get_by_text(WORKSHOP)).to_be_visible()
    look_at()

    registration = Registration.objects.get()
    assert (registration.status, registration.workshop.title) == ("confirmed", WORKSHOP)
    assert [message.to for message in mail.outbox] == [["leonie.liemich@example.org"]]
