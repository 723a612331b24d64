"""Sectors and lead projects as visitors read and filter them, in both languages."""

import pytest

from home.models import LeadProjectPage, SectorContact
from tests.factories.cms import ContactPersonFactory, OfficeAddressFactory
from tests.factories.home import ImplementationProjectFactory, LeadProjectPageFactory
from tests.helpers import parse, queries_for

pytestmark = pytest.mark.django_db


def card_titles(response):
    return [title.get_text(strip=True) for title in parse(response).select(".card__title")]


def links(response, selector):
    return {link.get_text(strip=True): link["href"] for link in parse(response).select(selector)}


def test_a_sector_lists_its_lead_projects(client, site_tree):
    response = client.get("/de/kompetenzfelder/energiewirtschaft/")

    assert card_titles(response) == ["Bioökonomie", "Energienetzwerk"]


def test_in_english_a_sector_lists_english_lead_projects_where_translated(client, site_tree):
    titles = links(client.get("/en/sectors/energy/"), ".card__title a")

    assert titles == {
        "Bioökonomie": "/de/leitprojekte/biookonomie/",
        "Energy network": "/en/lead-projects/energy-network/",
    }


def test_a_lead_projects_sectors_lead_to_the_pages_in_its_language(client, site_tree):
    german = links(client.get("/de/leitprojekte/energienetzwerk/"), ".facts a")
    english = links(client.get("/en/lead-projects/energy-network/"), ".facts a")

    assert german == {"Energiewirtschaft": "/de/kompetenzfelder/energiewirtschaft/"}
    assert english == {"Energy": "/en/sectors/energy/"}


def test_implementation_projects_are_grouped_by_horizon_with_their_status(client, site_tree):
    network = site_tree.network
    for title, horizon, status in [
        ("Wissensportal", "short", "running"),
        ("Netzwerkmanager", "medium", "planned"),
        ("Jahreskonferenz", "short", "completed"),
    ]:
        ImplementationProjectFactory(page=network, title=title, horizon=horizon, status=status)

    section = (
        parse(client.get("/de/leitprojekte/energienetzwerk/"))
        .find(id="implementation-heading")
        .parent
    )
    groups = {
        heading.get_text(strip=True): [
            item.select_one(".implementation-project__title").get_text(" ", strip=True)
            for item in heading.find_next_sibling("ul").select("li")
        ]
        for heading in section.find_all("h3")
    }

    assert groups == {
        "kurzfristig (1–2 Jahre)": ["Wissensportal laufend", "Jahreskonferenz abgeschlossen"],
        "mittelfristig (3–4 Jahre)": ["Netzwerkmanager geplant"],
    }


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("", ["Bioökonomie", "Energienetzwerk"]),
        ("?sector=land-und-ernahrungswirtschaft", ["Bioökonomie"]),
        ("?district=stade", ["Energienetzwerk"]),
        ("?sector=energiewirtschaft&district=uelzen", ["Bioökonomie"]),
        # Values that name nothing are ignored rather than answered with an error.
        ("?sector=gibt-es-nicht&district=%00", ["Bioökonomie", "Energienetzwerk"]),
        ("?page=99", ["Bioökonomie", "Energienetzwerk"]),
    ],
)
def test_the_lead_project_index_filters_by_sector_and_district(client, site_tree, query, titles):
    response = client.get(f"/de/leitprojekte/{query}")

    assert response.status_code == 200
    assert card_titles(response) == titles


def test_each_active_filter_can_be_removed(client, site_tree):
    response = client.get("/de/leitprojekte/?sector=energiewirtschaft&district=uelzen")

    chips = links(response, ".filters__chip")

    assert chips == {
        "Energiewirtschaft(Filter entfernen)×": "?district=uelzen",
        "Landkreis Uelzen(Filter entfernen)×": "?sector=energiewirtschaft",
    }
    selected = parse(response).select("select option[selected]")
    assert [option["value"] for option in selected] == ["energiewirtschaft", "uelzen"]


def test_a_page_number_that_is_no_number_is_not_found(client, site_tree):
    assert client.get("/de/leitprojekte/?page=abc").status_code == 404


def test_a_contact_with_two_offices_shows_both_with_their_floor(client, site_tree):
    contact = ContactPersonFactory(
        academic_title="M.A.", name="Leonie Liemich", office__building="Z VII", office__floor=4
    )
    OfficeAddressFactory(
        contact=contact, locale=contact.locale, city="Görlitz", room="318", floor=0
    )
    # The English page names the contact too, as wagtail-localize copies the list on syncing.
    for page in (site_tree.energy, site_tree.en.energy):
        SectorContact.objects.create(page=page, contact=contact)

    german = parse(client.get("/de/kompetenzfelder/energiewirtschaft/")).select(".contact .office")
    english = parse(client.get("/en/sectors/energy/")).select(".contact .office")

    assert len(german) == 2
    assert "Gebäude Z VII" in german[0].get_text()
    assert "4. Obergeschoss" in german[0].get_text()
    assert "Erdgeschoss" in german[1].get_text()
    assert "4th floor" in english[0].get_text()
    assert "ground floor" in english[1].get_text()


PAGES = [
    "/de/leitprojekte/",
    "/en/lead-projects/",
    "/de/leitprojekte/energienetzwerk/",
    "/en/lead-projects/energy-network/",
    "/de/kompetenzfelder/",
    "/de/kompetenzfelder/energiewirtschaft/",
    "/en/sectors/energy/",
]


def test_region_pages_need_as_many_queries_for_25_lead_projects_as_for_5(client, site_tree):
    def add_lead_projects(count):
        for _ in range(count):
            LeadProjectPageFactory(
                parent=site_tree.lead_projects,
                sectors=[site_tree.energy],
                districts=[site_tree.stade],
            )

    add_lead_projects(5 - LeadProjectPage.objects.filter(locale=site_tree.home.locale).count())
    few = {path: queries_for(client, path) for path in PAGES}
    add_lead_projects(20)
    many = {path: queries_for(client, path) for path in PAGES}

    assert many == few
    assert max(few.values()) <= 12, few
