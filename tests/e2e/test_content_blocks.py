"""Content blocks on a phone: a wide table scrolls in its own box, and a video loads nothing from
the video site until the visitor starts it."""

import json

import pytest
import wagtail_factories
from playwright.sync_api import expect

from home.models import HomePage
from tests.factories.home import StandardPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORKSHOPS = [
    ["Kompetenzfeld", "Termin", "Ort", "Adresse"],
    [
        "Neue Materialien und Produktionswirtschaft",
        "Mittwoch, 15.10., 14:00–17:00",
        "CFK Nord",
        "Ottenbecker Damm 12, 21684 Stade",
    ],
    [
        "Digitale Medien und Kreativwirtschaft",
        "Donnerstag, 16.10., 10:00–13:00",
        "Huldigungssaal im Rathaus Lüneburg",
        "Am Ochsenmarkt 1, 21335 Lüneburg",
    ],
]


def image(photo, alt_text):
    return {"image": photo.id, "alt_text": alt_text, "decorative": False}


def test_table_gallery_and_video_fit_a_phone_and_the_video_loads_only_when_started(
    page, live_demo, check_accessibility
):
    german_home = HomePage.objects.get(locale__language_code="de")
    photos = [wagtail_factories.ImageFactory(width=1600, height=900) for _ in range(3)]
    StandardPageFactory(
        parent=german_home,
        title="Workshops 2014",
        slug="workshops",
        body=json.dumps(
            [
                {"type": "heading", "value": {"text": "Termine", "level": "h2"}},
                {
                    "type": "table",
                    "value": {
                        "table_caption": "I. Innovationsworkshops, Oktober 2014",
                        "table_header_choice": "row",
                        "first_row_is_table_header": True,
                        "data": WORKSHOPS,
                    },
                },
                {
                    "type": "gallery",
                    "value": {
                        "images": [
                            {"image": image(photo, f"Workshop, Foto {number}"), "caption": ""}
                            for number, photo in enumerate(photos, start=1)
                        ]
                    },
                },
                {
                    "type": "video",
                    "value": {
                        "title": "SMART REGION – einfach erklärt",
                        "provider": "youtube",
                        "video": "aqz-KE-bpKQ",
                        "poster": image(photos[0], "Standbild aus dem Erklärvideo"),
                    },
                },
            ]
        ),
    )
    elsewhere = []
    page.on(
        "request",
        lambda request: (
            elsewhere.append(request.url) if not request.url.startswith(live_demo.url) else None
        ),
    )
    # The machine has no internet: the player's address answers with an empty page.
    page.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(content_type="text/html", body="<title>Player</title>"),
    )
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_demo.url}/de/workshops/")

    page_overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    table = page.get_by_role("region", name="I. Innovationsworkshops, Oktober 2014")
    table_overflow = table.evaluate("(region) => region.scrollWidth - region.clientWidth")

    assert page_overflow <= 0
    assert table_overflow > 0, "the table is wide enough to scroll inside its box"
    check_accessibility()
    assert elsewhere == []

    page.get_by_role(
        "button", name="Video auf YouTube abspielen – dabei werden Daten an YouTube übertragen"
    ).click()

    player = page.locator(".block-video iframe")
    expect(player).to_have_attribute(
        "src", "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?autoplay=1"
    )
    expect(player).to_have_attribute("title", "SMART REGION – einfach erklärt")
    expect(player).to_be_focused()
