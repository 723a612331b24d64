"""A company joins: it signs up, confirms its address from the e-mail, sets up its organisation
and applies for the seal; a reviewer recommends it in the admin, a committee member approves,
and the organisation is listed in the public directory. A verifier finds the seal valid at its
badge address, until the committee revokes it."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from cms.models import District
from members.models import COMMITTEE_GROUP, ApplicationState, Seal, SealApplication
from members.services import reviewer_assign
from members.verification import Verifier
from tests.factories.members import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORGANISATION = "Elbmarsch Digital GmbH"
PASSWORD = "Apfelblüte-im-Alten-Land-2026"


def link_in_last_mail(pattern):
    return re.search(pattern, mail.outbox[-1].body).group(0)


def sign_up_and_apply(page, base_url, look_at, tmp_path):
    page.goto(f"{base_url}/de/")
    page.get_by_role("navigation", name="Mitglieder").get_by_role(
        "link", name="Mitgliederbereich"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmelden")
    look_at()
    page.get_by_role("link", name="Registrieren").click()
    look_at()
    page.get_by_label(re.compile(r"^E-Mail")).fill("jana.wolters@elbmarsch.example")
    page.get_by_label(re.compile(r"^Passwort \(Pflichtfeld")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Passwort \(Wiederholung")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Vorname")).fill("Jana")
    page.get_by_label(re.compile(r"^Nachname")).fill("Wolters")
    page.get_by_role("button", name="Konto anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("E-Mail")
    look_at()

    confirm = link_in_last_mail(r"https?://\S+/konto/\S+")
    page.goto(re.sub(r"^https?://[^/]+", base_url, confirm))
    look_at()
    page.get_by_role("button", name="Bestätigen").click()
    if page.get_by_role("heading", level=1, name="Anmelden").is_visible():
        page.get_by_label(re.compile(r"^E-Mail")).fill("jana.wolters@elbmarsch.example")
        page.get_by_label(re.compile(r"^Passwort")).fill(PASSWORD)
        page.get_by_role("button", name="Anmelden").click()
    page.goto(f"{base_url}/de/mitgliederbereich/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitgliederbereich")
    look_at()

    page.get_by_role("link", name="Organisation hinzufügen").first.click()
    page.get_by_role("button", name="Organisation hinzufügen").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte prüfen Sie Ihre Angaben")
    look_at()
    page.get_by_label(re.compile(r"^Name")).fill(ORGANISATION)
    page.get_by_label(re.compile(r"^Art")).select_option(label="Unternehmen")
    page.get_by_label(re.compile(r"^Straße")).fill("Hansestraße 12")
    page.get_by_label(re.compile(r"^Postleitzahl")).fill("21682")
    page.get_by_label(re.compile(r"^Ort")).fill("Stade")
    page.get_by_label(re.compile(r"^Landkreis")).select_option(label="Landkreis Stade")
    page.get_by_label("Energiewirtschaft").check()
    page.get_by_label(re.compile(r"^Beschreibung auf Deutsch")).fill(
        "Software für Obstbaubetriebe und Energiegenossenschaften im Alten Land."
    )
    page.get_by_label(re.compile(r"^Ansprechperson")).fill("Jana Wolters")
    page.get_by_label(re.compile(r"^Kontakt-E-Mail")).fill("info@elbmarsch.example")
    page.get_by_role("button", name="Organisation hinzufügen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ORGANISATION)
    look_at()

    page.get_by_role("link", name="Siegel beantragen").click()
    page.get_by_label(re.compile(r"^Digitale Aktivitäten")).fill(
        "Wir entwickeln eine App, mit der Obstbaubetriebe Pflanzenschutz und Ernte dokumentieren."
    )
    page.get_by_label(re.compile(r"^Referenzen")).fill("Obsthof Quast, Jork; Esteburg Jork")
    page.get_by_label(re.compile(r"^Engagement für die Region")).fill(
        "Wir bilden zwei Fachinformatikerinnen aus und sind im Digitalnetzwerk Stade aktiv."
    )
    look_at()
    page.get_by_role("button", name="Entwurf speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Antrag auf das Siegel")
    reference = tmp_path / "Referenzschreiben.pdf"
    reference.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.get_by_label(re.compile(r"^Dokument \(Pflichtfeld")).set_input_files(reference)
    page.get_by_role("button", name="Dokument anhängen").click()
    expect(page.get_by_role("link", name="Referenzschreiben.pdf")).to_be_visible()
    look_at()
    page.get_by_role("button", name="Antrag einreichen").click()
    expect(page.get_by_role("status").first).to_contain_text("Ihr Antrag ist eingereicht")
    expect(page.locator(".member-area__state")).to_contain_text("eingereicht")
    look_at()


def log_into_admin(page, base_url, username):
    page.context.clear_cookies()
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(f"{base_url}/admin/")


def open_application_in_admin(page):
    page.get_by_role("navigation").get_by_role("button", name="Siegel").click()
    page.get_by_role("link", name="Anträge", exact=True).click()
    page.get_by_role("link", name=ORGANISATION).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(ORGANISATION)


def test_a_company_signs_up_applies_and_is_listed_once_approved(page, live_demo, look_at, tmp_path):
    live_server = live_demo
    reviewer = UserFactory(
        username="gutachterin", email="gutachterin@example.org", password=PASSWORD
    )
    committee = UserFactory(username="komitee", email="komitee@example.org", password=PASSWORD)
    committee.groups.add(Group.objects.get(name=COMMITTEE_GROUP))
    superuser = UserFactory(is_superuser=True, is_staff=True)
    stade = District.objects.get(slug="stade", locale__language_code="de")
    reviewer_assign(reviewer=reviewer, by=superuser, district=stade)
    page.set_viewport_size({"width": 1280, "height": 900})

    sign_up_and_apply(page, live_server.url, look_at, tmp_path)
    application = SealApplication.objects.get(organisation__name=ORGANISATION)
    assert application.state == ApplicationState.SUBMITTED
    assert any(message.to == [reviewer.email] for message in mail.outbox)

    log_into_admin(page, live_server.url, "gutachterin")
    open_application_in_admin(page)
    expect(page.get_by_text("Referenzschreiben.pdf")).to_be_visible()
    expect(page.get_by_role("button", name="Bewilligen und Siegel vergeben")).to_have_count(0)
    page.get_by_role("button", name="Prüfung beginnen").click()
    recommendation = page.locator("#action-recommend")
    recommendation.get_by_label("Bewilligen").check()
    recommendation.get_by_role("textbox").fill(
        "Zwei belastbare Referenzen, Ausbildung in der Region."
    )
    recommendation.get_by_role("button", name="Empfehlung speichern").click()
    expect(page.get_by_text("Ihre Empfehlung ist gespeichert").first).to_be_visible()

    log_into_admin(page, live_server.url, "komitee")
    open_application_in_admin(page)
    page.get_by_role("button", name="Bewilligen und Siegel vergeben").click()
    application.refresh_from_db()
    assert application.state == ApplicationState.APPROVED
    serial = Seal.objects.get(organisation=application.organisation).serial_number
    expect(page.get_by_text(f"Siegel {serial}").first).to_be_visible()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/de/")
    page.get_by_role("navigation", name="Mitglieder").get_by_role(
        "link", name="Siegelträger"
    ).click()
    page.get_by_role("link", name=ORGANISATION).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ORGANISATION)
    expect(page.get_by_text(serial)).to_be_visible()
    look_at()

    seal = Seal.objects.get(serial_number=serial)
    page.goto(f"{live_server.url}/de/siegel/{seal.token}/")
    expect(page.get_by_role("status")).to_contain_text(f"{ORGANISATION} trägt ein gültiges Siegel.")
    look_at()
    badge_picture = f"{live_server.url}/badges/images/{seal.token}.svg"
    assert "GEPRÜFT" in page.request.get(badge_picture).text()

    log_into_admin(page, live_server.url, "komitee")
    page.goto(live_server.url + reverse("seals:edit", args=[seal.pk]))
    revocation = page.locator("#action-revoke")
    revocation.get_by_role("textbox").fill("Die Referenzen waren nicht echt.")
    revocation.get_by_role("button", name="Siegel widerrufen").click()
    expect(page.get_by_text("Das Siegel ist widerrufen").first).to_be_visible()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/de/siegel/{seal.token}/")
    expect(page.get_by_role("status")).to_contain_text("widerrufen")
    expect(page.get_by_text("Die Referenzen waren nicht echt.")).to_be_visible()
    look_at()
    # The badge embedded on the holder's website and the signed status list say so too.
    assert "WIDERRUFEN" in page.request.get(badge_picture).text()

    def fetch(url):
        # The documents name the site's public address, which the live server stands in for.
        return page.request.get(url.replace(settings.WAGTAILADMIN_BASE_URL, live_server.url)).body()

    verdict = Verifier(fetch=fetch).verify(f"{live_server.url}/badges/credentials/{seal.token}")
    assert (False, "The seal is revoked.") in verdict.findings
    assert not verdict.valid
    page.goto(f"{live_server.url}/de/mitglieder/")
    expect(page.get_by_role("link", name=ORGANISATION)).to_have_count(0)
