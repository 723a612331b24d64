"""The public directory as visitors find it: who is listed (a valid seal or a current
ambassador's role, nothing else), filtered with plain links, paged, in German and English; each
listed organisation's profile; the ambassadors; and the same few queries however many
organisations there are."""

import xml.etree.ElementTree as ElementTree
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
import wagtail_factories
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from members import services
from members.models import (
    Ambassador,
    Organisation,
    OrganisationKind,
    Seal,
    SealStatus,
    public_token,
    token_digest,
)
from members.views import directory as directory_views
from tests.factories.members import (
    OrganisationFactory,
    committee_member,
    draft_application,
    owner_of,
)
from tests.helpers import parse, queries_for

pytestmark = pytest.mark.django_db

SITEMAP_NAMESPACES = {
    "sitemap": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


def approved(organisation, committee, today=None):
    """The organisation's seal, issued on ``today`` by approving its application the way the
    committee does."""
    application = draft_application(organisation)
    services.application_submit(application=application, by=owner_of(organisation))
    services.application_start_review(application=application, by=committee)
    services.application_approve(application=application, by=committee, today=today)
    return Seal.objects.get(organisation=organisation)


def ambassador(committee, *, days_ago=30, days_left=300, **fields):
    today = timezone.localdate()
    return services.ambassador_appoint(
        by=committee,
        term_start=today - timedelta(days=days_ago),
        term_end=today + timedelta(days=days_left),
        **{"statement_de": "Digitalisierung gelingt gemeinsam.", **fields},
    )


def build_directory(site):
    committee = committee_member()
    today = timezone.localdate()
    hafenlicht = OrganisationFactory(
        name="Hafenlicht Energie GmbH",
        district=site.stade,
        sectors=[site.energy],
        website="https://www.hafenlicht.example/team/",
        logo=wagtail_factories.ImageFactory(title="Hafenlicht"),
        description_de="Wir planen Solarparks an der Elbe.",
        description_en="We plan solar parks on the Elbe.",
        contact_name="Jana Peters",
        contact_email="jana.peters@hafenlicht.example",
        contact_phone="+49 4141 123-45",
    )
    hochschule = OrganisationFactory(
        name="Hochschule 21",
        kind=OrganisationKind.UNIVERSITY,
        legal_form="gGmbH",
        district=site.stade,
        sectors=[site.energy, site.food],
        description_de="Duale Studiengänge in Buxtehude.",
    )
    biohof = OrganisationFactory(
        name="Biohof Elbmarsch e. V.",
        kind=OrganisationKind.ASSOCIATION,
        legal_form="e. V.",
        district=site.uelzen,
        sectors=[site.food],
    )
    heide = OrganisationFactory(name="Heidewerk Uelzen GmbH", district=site.uelzen)
    expired = OrganisationFactory(name="Altmark Daten GmbH", district=site.stade)
    suspended = OrganisationFactory(name="Nordlicht IT GmbH", district=site.stade)
    revoked = OrganisationFactory(name="Geestwerk Software GmbH", district=site.stade)
    applicant = OrganisationFactory(name="Marschkontor GmbH", district=site.stade)
    former = OrganisationFactory(name="Lotsenhaus Digital GmbH", district=site.uelzen)

    seals = {
        organisation: approved(organisation, committee)
        for organisation in (hafenlicht, hochschule, biohof, suspended, revoked)
    }
    approved(expired, committee, today=today - relativedelta(years=3))
    services.seal_suspend(seal=seals[suspended], by=committee, reason="Prüfung läuft.")
    services.seal_revoke(seal=seals[revoked], by=committee, reason="Kriterien verfehlt.")
    draft_application(applicant)

    roles = SimpleNamespace(
        hafenlicht=ambassador(
            committee,
            organisation=hafenlicht,
            sector=site.energy,
            district=site.stade,
            statement_de="Die Energiewende beginnt im Hafen.",
            statement_en="The energy transition starts in the port.",
        ),
        heide=ambassador(
            committee,
            organisation=heide,
            district=site.uelzen,
            statement_de="Uelzen wird digital.",
        ),
        person=ambassador(
            committee,
            person_name="Dr. Maren Ahlers",
            person_role="Leiterin des Digitallabors",
            sector=site.food,
            statement_de="Gute Ernte braucht gute Daten.",
            statement_en="A good harvest needs good data.",
        ),
        former=ambassador(
            committee, organisation=former, district=site.uelzen, days_ago=400, days_left=-1
        ),
        future=ambassador(
            committee, person_name="Tom Brandt", district=site.stade, days_ago=-10, days_left=300
        ),
    )
    return SimpleNamespace(
        committee=committee,
        hafenlicht=hafenlicht,
        hochschule=hochschule,
        biohof=biohof,
        heide=heide,
        expired=expired,
        suspended=suspended,
        revoked=revoked,
        applicant=applicant,
        former=former,
        seal=seals[hafenlicht],
        roles=roles,
    )


@pytest.fixture(scope="module")
def directory_of_module(site_tree_of_module, django_db_blocker):
    with django_db_blocker.unblock():
        yield build_directory(site_tree_of_module)


def fresh(item):
    if isinstance(item, SimpleNamespace):
        return SimpleNamespace(**{name: fresh(value) for name, value in vars(item).items()})
    return type(item).objects.get(pk=item.pk)


@pytest.fixture
def members(directory_of_module, site_tree):
    return fresh(directory_of_module)


def names_listed(response):
    assert response.status_code == 200
    return [title.get_text(strip=True) for title in parse(response).select(".card__title")]


def text(element):
    return " ".join(element.get_text().split())


ALL_LISTED = [
    "Biohof Elbmarsch e. V.",
    "Hafenlicht Energie GmbH",
    "Heidewerk Uelzen GmbH",
    "Hochschule 21",
]


# Who is listed


def test_the_directory_lists_valid_seals_and_current_ambassadors_by_name(client, members):
    response = client.get("/de/mitglieder/")

    # Not the expired, suspended or revoked seals, not an application, not a past ambassador.
    assert names_listed(response) == ALL_LISTED
    assert text(parse(response).select_one(".result-count")) == "4 Organisationen"


def test_a_suspended_or_revoked_seal_takes_its_holder_out_at_once(client, members):
    seal = Seal.objects.get(organisation=members.hochschule)
    services.seal_suspend(seal=seal, by=members.committee, reason="Prüfung läuft.")

    assert "Hochschule 21" not in names_listed(client.get("/de/mitglieder/"))
    assert client.get("/de/mitglieder/hochschule-21/").status_code == 404

    services.seal_reinstate(seal=seal, by=members.committee)

    assert "Hochschule 21" in names_listed(client.get("/de/mitglieder/"))

    services.seal_revoke(seal=seal, by=members.committee, reason="Kriterien verfehlt.")

    assert "Hochschule 21" not in names_listed(client.get("/de/mitglieder/"))


def test_a_seal_is_listed_until_its_last_day(client, members):
    seal = Seal.objects.filter(organisation=members.hochschule)
    today = timezone.localdate()
    seal.update(valid_from=today - timedelta(days=730), valid_until=today)

    assert "Hochschule 21" in names_listed(client.get("/de/mitglieder/"))

    seal.update(valid_until=today - timedelta(days=1))

    assert "Hochschule 21" not in names_listed(client.get("/de/mitglieder/"))


def test_an_ambassador_is_listed_until_the_last_day_of_the_term(client, members):
    today = timezone.localdate()
    services.ambassador_end(ambassador=members.roles.heide, by=members.committee, on=today)

    assert "Heidewerk Uelzen GmbH" in names_listed(client.get("/de/mitglieder/"))

    services.ambassador_end(
        ambassador=members.roles.heide, by=members.committee, on=today - timedelta(days=1)
    )

    assert "Heidewerk Uelzen GmbH" not in names_listed(client.get("/de/mitglieder/"))
    assert "Heidewerk" not in client.get("/de/mitglieder/botschafter/").content.decode()


def test_cards_say_why_an_organisation_is_listed(client, members):
    cards = {
        text(card.select_one(".card__title")): [text(role) for role in card.select(".member-role")]
        for card in parse(client.get("/de/mitglieder/")).select(".card")
    }

    assert cards["Hafenlicht Energie GmbH"] == ["Siegelträger", "Botschafter"]
    assert cards["Hochschule 21"] == ["Siegelträger"]
    # An ambassador needs no seal to be listed.
    assert cards["Heidewerk Uelzen GmbH"] == ["Botschafter"]


def nobody_listed():
    Seal.objects.update(status=SealStatus.REVOKED)
    Ambassador.objects.all().delete()


def test_an_empty_directory_says_so(client, members):
    nobody_listed()
    response = client.get("/de/mitglieder/")

    assert names_listed(response) == []
    assert text(parse(response).select_one("[role=status]")) == (
        "Zurzeit trägt keine Organisation das Siegel."
    )


# Cards in both languages


def test_a_card_shows_logo_name_kind_district_sectors_and_description(client, members):
    german = parse(client.get("/de/mitglieder/")).select(".card")[1]
    english = parse(client.get("/en/members/")).select(".card")[1]

    assert text(german.select_one(".member-card__meta")) == "Unternehmen · Landkreis Stade"
    assert [text(tag) for tag in german.select(".member-tag")] == ["Energiewirtschaft"]
    assert text(german.select_one(".card__text")) == "Wir planen Solarparks an der Elbe."
    assert german.select_one("img")["alt"] == "Logo von Hafenlicht Energie GmbH"
    assert german.select_one(".card__title a")["href"] == "/de/mitglieder/hafenlicht-energie-gmbh/"

    assert text(english.select_one(".member-card__meta")) == "Company · Rural district Stade"
    assert [text(tag) for tag in english.select(".member-tag")] == ["Energy"]
    assert text(english.select_one(".card__text")) == "We plan solar parks on the Elbe."
    assert english.select_one(".card__text")["lang"] == "en"
    assert english.select_one("img")["alt"] == "Logo of Hafenlicht Energie GmbH"
    assert english.select_one(".card__title a")["href"] == "/en/members/hafenlicht-energie-gmbh/"


def test_english_cards_fall_back_to_german_where_nothing_is_translated(client, members):
    card = parse(client.get("/en/members/")).select(".card")[3]

    assert text(card.select_one(".card__title")) == "Hochschule 21"
    assert text(card.select_one(".member-card__meta")) == "University · Rural district Stade"
    # The food sector has no English page; its German one stands in.
    assert [text(tag) for tag in card.select(".member-tag")] == [
        "Energy",
        "Land- und Ernährungswirtschaft",
    ]
    assert text(card.select_one(".card__text")) == "Duale Studiengänge in Buxtehude."
    # Screen readers read it as German.
    assert card.select_one(".card__text")["lang"] == "de"
    # Without a logo, the initial stands in, hidden from screen readers.
    assert card.select_one("img") is None
    assert card.select_one(".member-logo__initial")["aria-hidden"] == "true"


# Filters


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("", ALL_LISTED),
        ("?sector=energiewirtschaft", ["Hafenlicht Energie GmbH", "Hochschule 21"]),
        ("?sector=land-und-ernahrungswirtschaft", ["Biohof Elbmarsch e. V.", "Hochschule 21"]),
        ("?district=uelzen", ["Biohof Elbmarsch e. V.", "Heidewerk Uelzen GmbH"]),
        ("?kind=university", ["Hochschule 21"]),
        ("?kind=company", ["Hafenlicht Energie GmbH", "Heidewerk Uelzen GmbH"]),
        ("?sector=energiewirtschaft&district=stade", ["Hafenlicht Energie GmbH", "Hochschule 21"]),
        ("?sector=land-und-ernahrungswirtschaft&district=uelzen", ["Biohof Elbmarsch e. V."]),
        ("?sector=energiewirtschaft&district=stade&kind=company", ["Hafenlicht Energie GmbH"]),
        ("?sector=energiewirtschaft&district=uelzen", []),
        ("?kind=municipality", []),
        # Values that name nothing are ignored rather than answered with an error.
        ("?sector=gibt-es-nicht&district=%00&kind=%FF%FE", ALL_LISTED),
        ("?sector=energiewirtschaft&sector=", ALL_LISTED),
        ("?kind=Company&district=STADE", ALL_LISTED),
        ("?page=99", ALL_LISTED),
        ("?page=-1", ALL_LISTED),
    ],
)
def test_the_directory_filters_by_sector_district_and_kind(client, members, query, listed):
    assert names_listed(client.get(f"/de/mitglieder/{query}")) == listed


def test_english_filters_use_english_names_and_addresses(client, members):
    document = parse(client.get("/en/members/?sector=energy"))

    assert [option.get_text() for option in document.select("#filter-sector option")] == [
        "All sectors",
        "Energy",
        "Land- und Ernährungswirtschaft",
    ]
    assert [option.get_text() for option in document.select("#filter-kind option")] == [
        "All kinds",
        "Company",
        "University",
        "Research institute",
        "Municipality",
        "Association",
    ]
    assert names_listed(client.get("/en/members/?sector=energy")) == [
        "Hafenlicht Energie GmbH",
        "Hochschule 21",
    ]


def test_a_german_sector_address_still_filters_after_switching_to_english(client, members):
    response = client.get("/en/members/?sector=energiewirtschaft")

    assert names_listed(response) == ["Hafenlicht Energie GmbH", "Hochschule 21"]
    assert parse(response).select_one("#filter-sector option[selected]")["value"] == "energy"


def test_active_filters_are_chosen_in_the_form_and_can_be_removed(client, members):
    document = parse(client.get("/de/mitglieder/?sector=energiewirtschaft&district=stade"))

    chips = {chip.contents[0].strip(): chip["href"] for chip in document.select(".filters__chip")}

    assert chips == {
        "Energiewirtschaft": "/de/mitglieder/?district=stade",
        "Landkreis Stade": "/de/mitglieder/?sector=energiewirtschaft",
    }
    assert [option["value"] for option in document.select("select option[selected]")] == [
        "energiewirtschaft",
        "stade",
    ]
    form = document.select_one("form.filters")
    assert form["method"] == "get"
    assert form["action"] == "/de/mitglieder/"


def test_no_match_says_so_and_leads_back_to_everyone(client, members):
    document = parse(client.get("/de/mitglieder/?kind=municipality"))
    status = document.select_one("[role=status]")

    assert text(status) == "Keine Organisation passt zu diesen Filtern. Alle Mitglieder zeigen"
    assert status.a["href"] == "/de/mitglieder/"


# Pages


def test_the_directory_is_paged(client, members, monkeypatch):
    monkeypatch.setattr(directory_views, "PAGE_SIZE", 3)

    first = client.get("/de/mitglieder/?district=stade&sector=energiewirtschaft")
    everyone = client.get("/de/mitglieder/")
    second = client.get("/de/mitglieder/?page=2")
    beyond = client.get("/de/mitglieder/?page=7")

    assert names_listed(everyone) == ALL_LISTED[:3]
    assert names_listed(second) == names_listed(beyond) == ALL_LISTED[3:]
    assert text(parse(second).select_one(".result-count")) == "4 Organisationen"
    assert [link["href"] for link in parse(everyone).select(".pagination a")] == ["?page=2"]
    assert parse(first).select_one(".pagination") is None


def test_pages_keep_the_filters(client, members, monkeypatch):
    monkeypatch.setattr(directory_views, "PAGE_SIZE", 1)

    document = parse(client.get("/de/mitglieder/?district=uelzen"))

    assert [link["href"] for link in document.select(".pagination a")] == [
        "?district=uelzen&page=2"
    ]


@pytest.mark.parametrize("page", ["abc", "1.5", "%00"])
def test_a_page_number_that_is_no_number_is_not_found(client, members, page):
    assert client.get(f"/de/mitglieder/?page={page}").status_code == 404


# Profiles


def test_the_profile_shows_the_organisation_its_seal_and_its_roles(client, members):
    Seal.objects.filter(pk=members.seal.pk).update(valid_until=date(2030, 3, 31))
    response = client.get("/de/mitglieder/hafenlicht-energie-gmbh/")
    document = parse(response)
    facts = {
        text(term): term.find_next_sibling("dd") for term in document.select(".member-facts dt")
    }

    assert response.status_code == 200
    assert text(document.h1) == "Hafenlicht Energie GmbH"
    assert document.select_one(".member-profile__logo img")["alt"] == (
        "Logo von Hafenlicht Energie GmbH"
    )
    assert {term: " ".join(value.stripped_strings) for term, value in facts.items()} == {
        "Art": "Unternehmen",
        "Rechtsform": "GmbH",
        "Adresse": "Am Sande 1 21335 Lüneburg",
        "Landkreis": "Landkreis Stade",
        "Website": "www.hafenlicht.example/team",
        "Kompetenzfelder": "Energiewirtschaft",
    }
    website = facts["Website"].a
    assert website["href"] == "https://www.hafenlicht.example/team/"
    assert "noopener" in website["rel"]
    assert facts["Kompetenzfelder"].a["href"] == "/de/kompetenzfelder/energiewirtschaft/"
    assert text(document.select_one(".member-profile__description")) == (
        "Wir planen Solarparks an der Elbe."
    )
    contact = document.select_one(".member-contact")
    assert "Jana Peters" in text(contact)
    assert contact.select_one('a[href^="mailto:"]')["href"] == (
        "mailto:jana.peters@hafenlicht.example"
    )
    assert contact.select_one('a[href^="tel:"]')["href"] == "tel:+49414112345"
    seal = {
        text(term): text(term.find_next_sibling("dd"))
        for term in document.select(".member-seal dt")
    }
    assert seal == {"Seriennummer": members.seal.serial_number, "Gültig bis": "31. März 2030"}
    role = document.select_one(".member-ambassador")
    assert "Energiewirtschaft · Landkreis Stade" in text(role)
    assert text(role.select_one("blockquote")) == "Die Energiewende beginnt im Hafen."


def test_the_english_profile_is_in_english(client, members):
    document = parse(client.get("/en/members/hafenlicht-energie-gmbh/"))
    facts = {
        text(term): term.find_next_sibling("dd") for term in document.select(".member-facts dt")
    }

    assert text(facts["Kind"]) == "Company"
    assert text(facts["District"]) == "Rural district Stade"
    assert facts["Sectors"].a["href"] == "/en/sectors/energy/"
    assert text(document.select_one(".member-profile__description")) == (
        "We plan solar parks on the Elbe."
    )
    assert text(document.select_one(".member-ambassador blockquote")) == (
        "The energy transition starts in the port."
    )
    valid_until = members.seal.valid_until
    assert text(document.select_one(".member-seal time")) == (
        f"{valid_until.day} {valid_until:%B} {valid_until.year}"
    )


def test_the_english_profile_falls_back_to_the_german_description(client, members):
    document = parse(client.get("/en/members/hochschule-21/"))

    assert text(document.select_one(".member-profile__description")) == (
        "Duale Studiengänge in Buxtehude."
    )
    assert document.select_one(".member-ambassador") is None


def test_an_ambassador_without_a_seal_has_a_profile_without_seal_facts(client, members):
    document = parse(client.get("/de/mitglieder/heidewerk-uelzen-gmbh/"))

    assert text(document.h1) == "Heidewerk Uelzen GmbH"
    assert document.select_one(".member-seal") is None
    assert text(document.select_one(".member-ambassador blockquote")) == "Uelzen wird digital."


@pytest.mark.parametrize("name", ["expired", "suspended", "revoked", "applicant", "former"])
def test_an_organisation_that_is_not_listed_has_no_profile(client, members, name):
    organisation = getattr(members, name)

    for path in (f"/de/mitglieder/{organisation.slug}/", f"/en/members/{organisation.slug}/"):
        response = client.get(path)
        assert response.status_code == 404
        assert organisation.name not in response.content.decode()


def test_an_unknown_profile_is_not_found(client, members):
    assert client.get("/de/mitglieder/gibt-es-nicht/").status_code == 404
    assert client.get("/de/mitglieder/%C3%A4/").status_code == 404


# Ambassadors


def ambassador_groups(response):
    document = parse(response)
    return {
        text(heading): [
            text(name) for name in heading.find_next_sibling("ul").select(".ambassador__name")
        ]
        for heading in document.select(".ambassador-group__heading")
    }


def test_the_ambassadors_are_listed_by_sector_then_district(client, members):
    response = client.get("/de/mitglieder/botschafter/")

    # Neither the past nor the future ambassador.
    assert ambassador_groups(response) == {
        "Energiewirtschaft": ["Hafenlicht Energie GmbH"],
        "Land- und Ernährungswirtschaft": ["Dr. Maren Ahlers"],
        "Landkreis Uelzen": ["Heidewerk Uelzen GmbH"],
    }
    entry = parse(response).select(".ambassador")[1]
    term_start = members.roles.person.term_start
    assert text(entry.select_one(".ambassador__role")) == "Leiterin des Digitallabors"
    assert text(entry.select_one("blockquote")) == "Gute Ernte braucht gute Daten."
    assert entry.select_one("time")["datetime"] == term_start.isoformat()
    assert parse(response).select(".ambassador__name a")[0]["href"] == (
        "/de/mitglieder/hafenlicht-energie-gmbh/"
    )


def test_the_english_ambassadors_page_is_in_english(client, members):
    response = client.get("/en/members/ambassadors/")
    statements = [text(quote) for quote in parse(response).select(".ambassador blockquote")]

    assert ambassador_groups(response) == {
        "Energy": ["Hafenlicht Energie GmbH"],
        "Land- und Ernährungswirtschaft": ["Dr. Maren Ahlers"],
        "Rural district Uelzen": ["Heidewerk Uelzen GmbH"],
    }
    assert statements == [
        "The energy transition starts in the port.",
        "A good harvest needs good data.",
        "Uelzen wird digital.",
    ]
    assert [quote["lang"] for quote in parse(response).select(".ambassador blockquote")] == [
        "en",
        "en",
        "de",
    ]


def test_without_ambassadors_the_page_says_so(client, members):
    Ambassador.objects.all().delete()
    response = client.get("/de/mitglieder/botschafter/")

    assert response.status_code == 200
    assert text(parse(response).select_one("[role=status]")) == (
        "Zurzeit hat das Siegelkomitee keine Botschafterinnen und Botschafter benannt."
    )


# The site around them


@pytest.mark.parametrize(
    ("german", "english", "title"),
    [
        ("/de/mitglieder/", "/en/members/", "Mitglieder"),
        ("/de/mitglieder/botschafter/", "/en/members/ambassadors/", "Botschafter"),
        (
            "/de/mitglieder/hafenlicht-energie-gmbh/",
            "/en/members/hafenlicht-energie-gmbh/",
            "Hafenlicht Energie GmbH",
        ),
    ],
)
def test_each_page_has_its_address_and_its_counterpart_in_the_other_language(
    client, members, german, english, title
):
    for path, other, language in ((german, english, "en"), (english, german, "de")):
        response = client.get(f"{path}?kind=company")
        document = parse(response)

        assert document.select_one('link[rel="canonical"]')["href"] == f"http://testserver{path}"
        assert document.select_one(f'link[rel="alternate"][hreflang="{language}"]')["href"] == (
            f"http://testserver{other}?kind=company"
        )
        assert document.select_one(f'.language-switcher a[lang="{language}"]')["href"] == (
            f"{other}?kind=company"
        )
    document = parse(client.get(german))
    assert document.title.get_text().startswith(title)
    assert document.select_one("nav.main-menu") is not None
    assert document.select_one(".site-footer") is not None


def test_the_breadcrumb_leads_home_and_to_the_directory(client, members):
    trail = parse(client.get("/de/mitglieder/hafenlicht-energie-gmbh/")).select("nav.breadcrumb li")

    assert [(text(item), item.a and item.a["href"]) for item in trail] == [
        ("Startseite", "/de/"),
        ("Mitglieder", "/de/mitglieder/"),
        ("Hafenlicht Energie GmbH", None),
    ]


def sitemap_entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 (the site's own answer)
    return {
        url.findtext("sitemap:loc", namespaces=SITEMAP_NAMESPACES): {
            link.get("hreflang"): link.get("href")
            for link in url.findall("xhtml:link[@rel='alternate']", SITEMAP_NAMESPACES)
        }
        for url in root.findall("sitemap:url", SITEMAP_NAMESPACES)
    }


def test_the_sitemap_lists_the_directory_and_the_listed_profiles_in_both_languages(client, members):
    entries = sitemap_entries(client)
    profile = {
        "de": "http://testserver/de/mitglieder/hafenlicht-energie-gmbh/",
        "en": "http://testserver/en/members/hafenlicht-energie-gmbh/",
    }

    assert entries[profile["de"]] == entries[profile["en"]] == profile
    assert entries["http://testserver/en/members/"] == {
        "de": "http://testserver/de/mitglieder/",
        "en": "http://testserver/en/members/",
    }
    assert "http://testserver/de/mitglieder/botschafter/" in entries
    assert "http://testserver/de/mitglieder/heidewerk-uelzen-gmbh/" in entries
    assert not [url for url in entries if "altmark" in url or "marschkontor" in url]
    # The pages of the tree are still there.
    assert entries["http://testserver/de/"]["en"] == "http://testserver/en/"


def test_an_empty_directory_is_left_out_of_the_sitemap(client, members):
    nobody_listed()
    assert not [
        url for url in sitemap_entries(client) if "/mitglieder/" in url or "/members/" in url
    ]


# Queries


PAGES = [
    "/de/mitglieder/",
    "/en/members/",
    "/de/mitglieder/?sector=energiewirtschaft&district=stade&kind=company",
    "/de/mitglieder/?page=2",
    "/de/mitglieder/hafenlicht-energie-gmbh/",
    "/en/members/hafenlicht-energie-gmbh/",
    "/de/mitglieder/botschafter/",
    "/en/members/ambassadors/",
    "/sitemap.xml",
]


def test_directory_pages_need_as_many_queries_for_500_organisations_as_for_10(
    client, members, site_tree, monkeypatch
):
    # Small pages, so that a second page exists with 10 organisations already.
    monkeypatch.setattr(directory_views, "PAGE_SIZE", 4)

    def add_organisations(count):
        """Listed organisations in two sectors, with a logo: every tenth holds a seal, the
        others are ambassadors. Written in bulk, since only the reading is measured here; the
        services that make such records are tested elsewhere."""
        start = Organisation.objects.count()
        today = timezone.localdate()
        now = timezone.now()
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name=f"Digitalwerk {start + number} GmbH",
                slug=f"digitalwerk-{start + number}",
                kind=OrganisationKind.COMPANY,
                street="Am Sande 1",
                postal_code="21335",
                city="Stade",
                district=site_tree.stade,
                logo=members.hafenlicht.logo,
                description_de="Digitale Dienste für den Mittelstand.",
                contact_name="Anna Schulz",
                contact_email="kontakt@example.org",
            )
            for number in range(count)
        )
        Organisation.sectors.through.objects.bulk_create(
            Organisation.sectors.through(organisation=organisation, sectorpage=sector)
            for organisation in organisations
            for sector in (site_tree.energy, site_tree.food)
        )
        tokens = {organisation.pk: public_token() for organisation in organisations}
        Seal.objects.bulk_create(
            Seal(
                organisation=organisation,
                serial_number=f"SR-2090-{organisation.pk:06d}",
                token=tokens[organisation.pk],
                token_digest=token_digest(tokens[organisation.pk]),
                status_list_index=organisation.pk,
                valid_from=today,
                valid_until=today + relativedelta(years=2),
                issued_at=now,
                status_changed_at=now,
            )
            for number, organisation in enumerate(organisations)
            if number % 10 == 0
        )
        Ambassador.objects.bulk_create(
            Ambassador(
                organisation=organisation,
                sector=site_tree.energy,
                term_start=today - timedelta(days=30),
                term_end=today + timedelta(days=300),
                statement_de="Digitalisierung gelingt gemeinsam.",
            )
            for number, organisation in enumerate(organisations)
            if number % 10
        )

    add_organisations(6)
    few = {path: queries_for(client, path) for path in PAGES}
    add_organisations(490)
    many = {path: queries_for(client, path) for path in PAGES}

    assert many == few
    assert max(few.values()) <= 12, few
