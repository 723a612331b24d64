"""Events as visitors find them: upcoming first and past ones in the archive, filtered with
plain links, each with its day and place in Europe/Berlin and in the visitor's language, its
programme and results, and as calendar files to add or subscribe to."""

from datetime import datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import icalendar
import pytest
import wagtail_factories
from django.utils import timezone, translation
from django.utils.html import strip_tags
from wagtail.models import Locale

from cms.translation import translate_with_localize
from home import dates
from home.models import EventContact, EventPage
from tests.factories.home import (
    EventIndexPageFactory,
    EventPageFactory,
    EventSeriesFactory,
    EventWorkshopFactory,
    VenueFactory,
)
from tests.helpers import parse, queries_for

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def in_days(days, hour=14):
    return (timezone.localtime() + timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


def event(parent, title, start, *, hours=3, sectors=(), districts=(), **fields):
    """An event below ``parent`` that takes no registrations, published with its sectors and
    districts."""
    page = EventPageFactory(
        parent=parent,
        title=title,
        start=start,
        end=start + timedelta(hours=hours),
        registration_opens_at=None,
        registration_closes_at=None,
        **fields,
    )
    page.sectors.set(sectors)
    page.districts.set(districts)
    page.save_revision().publish()
    return page


def talk(title, *, speaker="", description=""):
    return {"title": title, "speaker": speaker, "description": description}


def slot(start, end, title, *, speaker="", parallel=()):
    """A part of the programme, as an editor fills it in (blank fields are empty)."""
    return (
        "slot",
        {"start": start, "end": end, **talk(title, speaker=speaker), "parallel": list(parallel)},
    )


def build_events(tree):
    english = Locale.objects.get(language_code="en")
    index = EventIndexPageFactory(parent=tree.home)
    series = EventSeriesFactory(
        title="I. Innovationsworkshop, Oktober 2014",
        motto="Region im Aufbruch: Visionen und Themen",
        slug="innovationsworkshop-2014",
    )
    venue = VenueFactory(room_note="11. OG, Raum „Channel Riverside“")
    image = wagtail_factories.ImageFactory(title="Themenwerkstatt")
    document = wagtail_factories.DocumentFactory(title="Ergebnisprotokoll Stade")
    workshop = event(
        index,
        "Innovationsworkshop Stade",
        datetime(2014, 10, 15, 14, tzinfo=BERLIN),
        series=series,
        venue=venue,
        sectors=[tree.energy],
        districts=[tree.stade],
        programme=[
            slot(time(14), time(14, 15), "Begrüßung", speaker="Landrat"),
            slot(
                time(14, 15),
                time(16),
                "Themenwerkstätten",
                parallel=[
                    talk("Energie und Klimaschutz", speaker="Dr. Jürgen Glaser"),
                    talk("Bioökonomie", speaker="Prof. Dr. Anna Meier"),
                ],
            ),
        ],
        results=[
            ("document_list", {"heading": "Ergebnisprotokoll", "documents": [document]}),
            (
                "gallery",
                {
                    "images": [
                        {
                            "image": {
                                "image": image,
                                "alt_text": "Werkstatt in Stade",
                                "decorative": False,
                            },
                            "caption": "Themenwerkstatt Energie",
                        }
                    ]
                },
            ),
        ],
    )
    alliance = event(
        index,
        "Allianztreffen",
        in_days(30),
        sectors=[tree.food],
        online_url="https://meet.example.org/allianz",
    )
    evening = event(
        index,
        "Netzwerkabend",
        in_days(10, hour=18),
        sectors=[tree.energy],
        districts=[tree.uelzen],
        venue=venue,
        takes_registrations=True,
        capacity=30,
    )
    for title in ("Energiespeicher", "MINT-Bildung"):
        EventWorkshopFactory(page=evening, title=title, capacity=15)
    evening.save_revision().publish()
    meeting = event(index, "Jahrestreffen", in_days(-400), sectors=[tree.energy], series=series)
    EventContact.objects.create(page=workshop, contact=tree.contact)
    workshop.save_revision().publish()

    intro = {"Eine Seite aus der Region.": "A page from the region."}
    en_index = translate_with_localize(
        index, english, {"Veranstaltungen": "Events", "veranstaltungen": "events", **intro}
    )
    en_workshop = translate_with_localize(
        workshop,
        english,
        {
            "Innovationsworkshop Stade": "Innovation workshop Stade",
            "innovationsworkshop-stade": "innovation-workshop-stade",
            "Begrüßung": "Welcome",
            **intro,
        },
    )
    en_evening = translate_with_localize(
        evening,
        english,
        {
            "Netzwerkabend": "Network evening",
            "netzwerkabend": "network-evening",
            "Energiespeicher": "Energy storage",
            "MINT-Bildung": "STEM education",
            **intro,
        },
    )
    translate_with_localize(
        series,
        english,
        {"I. Innovationsworkshop, Oktober 2014": "1st innovation workshop, October 2014"},
    )
    translate_with_localize(
        venue, english, {"11. OG, Raum „Channel Riverside“": "11th floor, room “Channel Riverside”"}
    )
    return SimpleNamespace(
        index=index,
        series=series,
        venue=venue,
        workshop=workshop,
        alliance=alliance,
        evening=evening,
        meeting=meeting,
        en=SimpleNamespace(index=en_index, workshop=en_workshop, evening=en_evening),
    )


@pytest.fixture(scope="module")
def events_of_module(site_tree_of_module, django_db_blocker):
    """The event index of the site tree with four events (two upcoming, two past, the workshop
    of October 2014 with its programme and results), partly translated into English."""
    with django_db_blocker.unblock():
        yield build_events(site_tree_of_module)


def fresh(item):
    if isinstance(item, SimpleNamespace):
        return SimpleNamespace(**{name: fresh(value) for name, value in vars(item).items()})
    return type(item).objects.get(pk=item.pk)


@pytest.fixture
def events(events_of_module, site_tree):
    return fresh(events_of_module)


def card_titles(response):
    return [title.get_text(strip=True) for title in parse(response).select(".card__title")]


def text(element):
    """The text as a browser shows it, spaces collapsed."""
    return " ".join(element.get_text().split())


def text_of(response, selector):
    return text(parse(response).select_one(selector))


# Upcoming and past


def test_the_index_lists_upcoming_events_the_soonest_first(client, events):
    response = client.get("/de/veranstaltungen/")

    assert response.status_code == 200
    assert card_titles(response) == ["Netzwerkabend", "Allianztreffen"]
    assert text_of(response, ".result-count") == "2 kommende Veranstaltungen"


def test_an_event_under_way_is_still_upcoming(client, events):
    event(events.index, "Läuft gerade", timezone.now() - timedelta(hours=1))

    assert card_titles(client.get("/de/veranstaltungen/"))[0] == "Läuft gerade"


def test_the_archive_lists_past_events_the_latest_first(client, events):
    response = client.get("/de/veranstaltungen/archiv/")

    assert response.status_code == 200
    assert card_titles(response) == ["Jahrestreffen", "Innovationsworkshop Stade"]
    assert parse(response).select_one(".view-switch [aria-current=page]").get_text() == "Archiv"
    assert parse(response).title.get_text().startswith("Vergangene Veranstaltungen")


def test_the_archive_has_its_own_address_in_each_language(client, events):
    english = client.get("/en/events/archive/")
    document = parse(client.get("/de/veranstaltungen/archiv/"))

    assert card_titles(english) == ["Innovation workshop Stade"]
    assert english["Content-Language"] == "en"
    assert document.select_one('link[rel="canonical"]')["href"] == (
        "http://testserver/de/veranstaltungen/archiv/"
    )
    assert document.select_one('.language-switcher a[lang="en"]')["href"] == "/en/events/archive/"


def test_cards_show_day_time_place_and_series(client, events):
    card = parse(client.get("/de/veranstaltungen/archiv/")).select(".card")[1]

    details = [text(item) for item in card.select(".event-details dd")]

    assert details == [
        "Mittwoch, 15. Oktober 2014, 14:00–17:00 Uhr",
        "CFK Nord, Stade",
        "I. Innovationsworkshop, Oktober 2014",
    ]


def test_an_online_event_says_so_on_its_card(client, events):
    card = parse(client.get("/de/veranstaltungen/")).select(".card")[1]

    assert card.select(".event-details dd")[1].get_text(strip=True) == "Online"


# Filters


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("", ["Netzwerkabend", "Allianztreffen"]),
        ("?sector=energiewirtschaft", ["Netzwerkabend"]),
        ("?sector=land-und-ernahrungswirtschaft", ["Allianztreffen"]),
        ("?district=uelzen", ["Netzwerkabend"]),
        ("?series=innovationsworkshop-2014", []),
        ("?sector=energiewirtschaft&district=stade", []),
        # Values that name nothing are ignored rather than answered with an error.
        ("?sector=gibt-es-nicht&series=%00&district=%FF%FE", ["Netzwerkabend", "Allianztreffen"]),
        ("?sector=energiewirtschaft&sector=", ["Netzwerkabend", "Allianztreffen"]),
        ("?page=99", ["Netzwerkabend", "Allianztreffen"]),
        ("?page=-1", ["Netzwerkabend", "Allianztreffen"]),
    ],
)
def test_the_index_filters_by_sector_series_and_district(client, events, query, titles):
    response = client.get(f"/de/veranstaltungen/{query}")

    assert response.status_code == 200
    assert card_titles(response) == titles


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("?series=innovationsworkshop-2014", ["Jahrestreffen", "Innovationsworkshop Stade"]),
        ("?district=stade", ["Innovationsworkshop Stade"]),
    ],
)
def test_the_archive_filters_too(client, events, query, titles):
    assert card_titles(client.get(f"/de/veranstaltungen/archiv/{query}")) == titles


def test_a_page_number_that_is_no_number_is_not_found(client, events):
    assert client.get("/de/veranstaltungen/?page=abc").status_code == 404
    assert client.get("/de/veranstaltungen/archiv/?page=1.5").status_code == 404


def test_the_index_is_paged(client, events, monkeypatch):
    monkeypatch.setattr(type(events.index), "page_size", 1)

    first = client.get("/de/veranstaltungen/")
    second = client.get("/de/veranstaltungen/?page=2")
    beyond = client.get("/de/veranstaltungen/?page=3")

    assert card_titles(first) == ["Netzwerkabend"]
    assert card_titles(second) == card_titles(beyond) == ["Allianztreffen"]
    assert [link["href"] for link in parse(first).select(".pagination a")] == ["?page=2"]


def test_active_filters_can_be_removed_and_carry_over_to_the_archive(client, events):
    response = client.get(
        "/de/veranstaltungen/?sector=energiewirtschaft&series=innovationsworkshop-2014"
    )
    document = parse(response)

    chips = {chip.contents[0].strip(): chip["href"] for chip in document.select(".filters__chip")}

    assert chips == {
        "Energiewirtschaft": "/de/veranstaltungen/?series=innovationsworkshop-2014",
        "I. Innovationsworkshop, Oktober 2014": "/de/veranstaltungen/?sector=energiewirtschaft",
    }
    assert document.select_one(".view-switch a:not([aria-current])")["href"] == (
        "/de/veranstaltungen/archiv/?sector=energiewirtschaft&series=innovationsworkshop-2014"
    )
    assert [option["value"] for option in document.select("select option[selected]")] == [
        "energiewirtschaft",
        "innovationsworkshop-2014",
    ]


def test_english_filters_name_sectors_and_series_in_english(client, events):
    document = parse(client.get("/en/events/archive/?sector=energy"))

    series = [option.get_text() for option in document.select("#filter-series option")]

    assert series == ["All series", "1st innovation workshop, October 2014"]
    assert card_titles(client.get("/en/events/archive/?sector=energy")) == [
        "Innovation workshop Stade"
    ]


# Event pages


def test_the_event_page_shows_when_and_where(client, events):
    facts = parse(client.get("/de/veranstaltungen/innovationsworkshop-stade/")).select_one(
        ".event-facts"
    )

    when = facts.select_one(".event-facts__when")
    assert text(when) == "Mittwoch, 15. Oktober 2014, 14:00–17:00 Uhr"
    assert [element["datetime"] for element in when.select("time")] == [
        "2014-10-15",
        "2014-10-15T14:00:00+02:00",
        "2014-10-15T17:00:00+02:00",
    ]
    assert [line.get_text() for line in facts.select("address span")] == [
        "CFK Nord",
        "Ottenbecker Damm 12",
        "21684 Stade",
        "11. OG, Raum „Channel Riverside“",
    ]


def test_the_english_page_shows_day_and_venue_in_english(client, events):
    facts = parse(client.get("/en/events/innovation-workshop-stade/")).select_one(".event-facts")

    assert text(facts.select_one(".event-facts__when")) == "Wednesday, 15 October 2014, 14:00–17:00"
    assert "11th floor, room “Channel Riverside”" in facts.get_text()
    assert "1st innovation workshop, October 2014" in facts.get_text()


@pytest.mark.parametrize(
    ("day", "german", "offset"),
    [
        (24, "Samstag, 24. Oktober 2026, 14:00–17:00 Uhr", "+02:00"),
        (25, "Sonntag, 25. Oktober 2026, 14:00–17:00 Uhr", "+01:00"),
    ],
)
def test_times_stay_berlin_times_across_the_change_from_summer_time(
    client, events, day, german, offset
):
    page = event(events.index, f"Workshop am {day}.", datetime(2026, 10, day, 14, tzinfo=BERLIN))
    when = parse(client.get(page.url)).select_one(".event-facts__when")

    assert text(when) == german
    assert when.select("time")[1]["datetime"] == f"2026-10-{day}T14:00:00{offset}"


def test_an_event_over_several_days_names_both_days(client, events):
    page = event(events.index, "Zukunftstage", datetime(2026, 3, 28, 9, tzinfo=BERLIN), hours=32)

    german = text_of(client.get(page.url), ".event-facts__when")

    assert german == "Samstag, 28. März 2026, 09:00 Uhr – Sonntag, 29. März 2026, 17:00 Uhr"


def test_in_english_an_event_over_several_days_names_both_days():
    start = datetime(2026, 3, 28, 9, tzinfo=BERLIN)

    with translation.override("en"):
        english = strip_tags(dates.event_period(start, start + timedelta(hours=32)))

    assert english == "Saturday, 28 March 2026, 09:00 – Sunday, 29 March 2026, 17:00"


def test_an_event_names_its_series_sectors_and_districts_in_its_language(client, events):
    german = parse(client.get("/de/veranstaltungen/innovationsworkshop-stade/")).select_one(
        ".event-facts"
    )
    english = parse(client.get("/en/events/innovation-workshop-stade/")).select_one(".event-facts")

    assert {a.get_text(): a["href"] for a in german.select("a[href^='/']")} == {
        "Energiewirtschaft": "/de/kompetenzfelder/energiewirtschaft/"
    }
    assert {a.get_text(): a["href"] for a in english.select("a[href^='/']")} == {
        "Energy": "/en/sectors/energy/"
    }
    assert "Region im Aufbruch: Visionen und Themen" in german.get_text()
    assert "Stade" in german.select("dd")[-1].get_text()


def test_the_programme_shows_times_speakers_and_parallel_items(client, events):
    document = parse(client.get("/de/veranstaltungen/innovationsworkshop-stade/"))

    slots = document.select(".programme-slot")

    assert [slot.select_one(".programme-slot__time").get_text() for slot in slots] == [
        "14:00–14:15",
        "14:15–16:00",
    ]
    assert slots[0].select_one(".programme-slot__speaker").get_text() == "Landrat"
    assert [item.h4.get_text() for item in slots[1].select(".programme-item")] == [
        "Energie und Klimaschutz",
        "Bioökonomie",
    ]


def test_a_past_event_shows_its_results_and_says_it_has_taken_place(client, events):
    document = parse(client.get("/de/veranstaltungen/innovationsworkshop-stade/"))

    results = document.select_one(".event-results")

    assert (
        document.select_one(".status").get_text()
        == "Diese Veranstaltung hat bereits stattgefunden."
    )
    assert results.select_one(".block-documents__title").get_text() == "Ergebnisprotokoll Stade"
    assert results.select_one(".block-gallery img")["alt"] == "Werkstatt in Stade"
    assert document.select_one(".contacts .contact__name").get_text() == "Dr. Jürgen Glaser"
    # A calendar entry for a day gone by is of no use.
    assert document.select_one(".calendar-link") is None


def test_an_online_event_links_to_its_meeting(client, events):
    document = parse(client.get(events.alliance.url))

    assert document.select_one(".event-facts a[href='https://meet.example.org/allianz']")


# Calendars


def calendar_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_each_event_has_a_calendar_file(client, events):
    response = client.get("/de/veranstaltungen/netzwerkabend/termin.ics")

    calendar = calendar_of(response)
    (entry,) = calendar.events

    assert response["Content-Disposition"] == 'attachment; filename="netzwerkabend.ics"'
    assert entry["SUMMARY"] == "Netzwerkabend"
    assert entry.start == events.evening.start
    assert entry.end == events.evening.end
    assert entry["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert entry.start.tzinfo.key == "Europe/Berlin"
    assert [zone.tz_name for zone in calendar.timezones] == ["Europe/Berlin"]
    assert calendar.get_missing_tzids() == set()
    assert (
        entry["LOCATION"]
        == "CFK Nord, Ottenbecker Damm 12, 21684 Stade, 11. OG, Raum „Channel Riverside“"
    )
    assert entry["URL"] == "http://testserver/de/veranstaltungen/netzwerkabend/"
    assert entry["DESCRIPTION"].startswith("Eine Seite aus der Region.")


def test_the_event_page_links_its_calendar_file(client, events):
    document = parse(client.get("/de/veranstaltungen/netzwerkabend/"))

    assert (
        document.select_one(".calendar-link")["href"]
        == "/de/veranstaltungen/netzwerkabend/termin.ics"
    )
    assert document.select_one('link[rel="alternate"][type="text/calendar"]')["href"] == (
        "http://testserver/de/veranstaltungen/netzwerkabend/termin.ics"
    )


def test_an_event_keeps_its_uid_in_every_download_and_language(client, events):
    def uid(path):
        (entry,) = calendar_of(client.get(path)).events
        return entry["UID"]

    first = uid("/de/veranstaltungen/netzwerkabend/termin.ics")

    feed = calendar_of(client.get("/de/veranstaltungen/kalender.ics"))

    assert uid("/de/veranstaltungen/netzwerkabend/termin.ics") == first
    assert uid("/en/events/network-evening/event.ics") == first
    # A subscriber who also downloaded the event has it once.
    assert {entry["SUMMARY"]: entry["UID"] for entry in feed.events}["Netzwerkabend"] == first
    assert first == f"event-{events.evening.translation_key}@localhost"


def test_calendar_times_across_the_change_from_summer_time(client, events):
    saturday = event(events.index, "Samstag", datetime(2026, 10, 24, 14, tzinfo=BERLIN))
    sunday = event(events.index, "Sonntag", datetime(2026, 10, 25, 14, tzinfo=BERLIN))

    def start(page):
        (entry,) = calendar_of(client.get(f"{page.url}termin.ics")).events
        return entry.start

    assert start(saturday).astimezone(ZoneInfo("UTC")).hour == 12
    assert start(sunday).astimezone(ZoneInfo("UTC")).hour == 13
    assert (start(saturday).hour, start(sunday).hour) == (14, 14)
    assert (
        b"DTSTART;TZID=Europe/Berlin:20261025T140000"
        in client.get(f"{sunday.url}termin.ics").content
    )


@pytest.mark.parametrize(
    "path",
    [
        "/de/veranstaltungen/gibt-es-nicht/",
        "/de/veranstaltungen/archive/",
        "/de/veranstaltungen/archiv/kalender.ics",
        "/de/veranstaltungen/netzwerkabend/kalender.ics",
        "/de/veranstaltungen/netzwerkabend/termin.ics/",
        "/en/events/network-evening/termin.ics",
    ],
)
def test_addresses_below_an_event_page_that_name_nothing_are_not_found(client, events, path):
    assert client.get(path).status_code == 404


def test_an_unpublished_event_has_no_calendar_file(client, events):
    events.evening.unpublish()

    assert client.get("/de/veranstaltungen/netzwerkabend/termin.ics").status_code == 404


def test_the_index_feed_holds_the_upcoming_events(client, events):
    response = client.get("/de/veranstaltungen/kalender.ics")

    calendar = calendar_of(response)

    assert [entry["SUMMARY"] for entry in calendar.events] == ["Netzwerkabend", "Allianztreffen"]
    assert response["Content-Disposition"] == 'attachment; filename="veranstaltungen.ics"'
    assert calendar.calendar_name == "SMART REGION: Veranstaltungen"
    assert calendar.refresh_interval == timedelta(hours=6)


def test_the_english_feed_holds_english_versions(client, events):
    calendar = calendar_of(client.get("/en/events/calendar.ics"))

    assert [entry["SUMMARY"] for entry in calendar.events] == ["Network evening"]


def test_a_sector_feed_holds_only_that_sectors_upcoming_events(client, events, site_tree):
    calendar = calendar_of(client.get("/de/kompetenzfelder/energiewirtschaft/kalender.ics"))
    other = calendar_of(
        client.get("/de/kompetenzfelder/land-und-ernahrungswirtschaft/kalender.ics")
    )

    assert [entry["SUMMARY"] for entry in calendar.events] == ["Netzwerkabend"]
    assert [entry["SUMMARY"] for entry in other.events] == ["Allianztreffen"]


def test_an_empty_feed_is_still_a_calendar(client, events, site_tree):
    for page in (events.evening, events.alliance):
        page.unpublish()

    calendar = calendar_of(client.get("/de/veranstaltungen/kalender.ics"))

    assert calendar.events == []
    assert [zone.tz_name for zone in calendar.timezones] == ["Europe/Berlin"]


@pytest.mark.parametrize(
    ("path", "feed"),
    [
        ("/de/veranstaltungen/", "http://testserver/de/veranstaltungen/kalender.ics"),
        ("/en/events/", "http://testserver/en/events/calendar.ics"),
        (
            "/de/kompetenzfelder/energiewirtschaft/",
            "http://testserver/de/kompetenzfelder/energiewirtschaft/kalender.ics",
        ),
    ],
)
def test_pages_offer_their_feed_to_subscribe_to(client, events, path, feed):
    document = parse(client.get(path))

    assert document.select_one('link[rel="alternate"][type="text/calendar"]')["href"] == feed
    subscription = document.select_one(".calendar-subscription")
    assert subscription.select_one("a.button")["href"] == feed.replace("http://", "webcal://")
    assert subscription.code.get_text() == feed


# Sector and home pages


def test_a_sector_lists_its_upcoming_events(client, events):
    german = client.get("/de/kompetenzfelder/energiewirtschaft/")
    english = parse(client.get("/en/sectors/energy/"))

    section = parse(german).find(id="events-heading").parent

    assert [title.get_text(strip=True) for title in section.select(".card__title")] == [
        "Netzwerkabend"
    ]
    assert (
        section.select_one(".more-link")["href"] == "/de/veranstaltungen/?sector=energiewirtschaft"
    )
    assert [
        link["href"] for link in english.find(id="events-heading").parent.select(".card__title a")
    ] == ["/en/events/network-evening/"]


def test_a_sector_without_upcoming_events_says_so(client, events):
    events.alliance.unpublish()

    section = (
        parse(client.get("/de/kompetenzfelder/land-und-ernahrungswirtschaft/"))
        .find(id="events-heading")
        .parent
    )

    assert section.select(".card") == []
    assert "Zurzeit ist in diesem Kompetenzfeld keine Veranstaltung geplant." in section.get_text()


def test_the_home_page_shows_the_next_three_events(client, events):
    for days in (40, 50):
        event(events.index, f"Später in {days} Tagen", in_days(days))

    section = parse(client.get("/de/")).find(id="events-heading").parent

    assert [title.get_text(strip=True) for title in section.select(".card__title")] == [
        "Netzwerkabend",
        "Allianztreffen",
        "Später in 40 Tagen",
    ]
    assert section.select_one(".more-link")["href"] == "/de/veranstaltungen/"


def test_the_event_index_is_in_the_menu(client, events):
    menu = parse(client.get("/de/")).select(".main-menu__list > li > a")

    assert "/de/veranstaltungen/" in [link["href"] for link in menu]


# Query budget


PAGES = [
    "/de/veranstaltungen/",
    "/en/events/",
    "/de/veranstaltungen/archiv/",
    "/de/veranstaltungen/?sector=energiewirtschaft&series=innovationsworkshop-2014&district=stade",
    "/de/veranstaltungen/innovationsworkshop-stade/",
    "/en/events/innovation-workshop-stade/",
    "/de/veranstaltungen/netzwerkabend/",
    "/en/events/network-evening/",
    "/de/kompetenzfelder/energiewirtschaft/",
    "/de/",
    "/de/veranstaltungen/kalender.ics",
    "/de/kompetenzfelder/energiewirtschaft/kalender.ics",
]


def test_event_pages_need_as_many_queries_for_40_events_as_for_10(client, events, site_tree):
    def add_events(count):
        for number in range(count):
            page = EventPageFactory(
                parent=events.index,
                start=in_days(number - count // 2),
                registration_opens_at=None,
                registration_closes_at=None,
                series=events.series,
                venue=events.venue,
            )
            page.sectors.set([site_tree.energy])
            page.districts.set([site_tree.stade])
            page.save()

    add_events(10 - EventPage.objects.filter(locale=site_tree.home.locale).count())
    few = {path: queries_for(client, path) for path in PAGES}
    add_events(30)
    many = {path: queries_for(client, path) for path in PAGES}

    assert many == few
    assert max(few.values()) <= 12, few
