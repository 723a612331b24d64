"""The seal's pictures: drawn from the seal, telling its state today on every form, and
offered to its holder in the member portal."""

import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
import zxingcpp
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.utils import translation
from django_tasks_db.models import DBTaskResult
from PIL import Image

from members import badge_pictures, openbadges2, services
from members.badge_images import NAME_WIDTH
from members.models import Seal
from tests.factories.members import committee_member, draft_application, owner_of
from tests.helpers import parse

pytestmark = pytest.mark.django_db

SVG_NS = {"svg": "http://www.w3.org/2000/svg"}
STATES = {
    "valid": "geprüft",
    "expired": "abgelaufen",
    "suspended": "ausgesetzt",
    "revoked": "widerrufen",
}


@pytest.fixture
def committee():
    return committee_member()


def approved_seal(committee, today=None, name=None):
    application = draft_application()
    if name:
        application.organisation.name = name
        application.organisation.save(update_fields=["name"])
    services.application_submit(application=application, by=owner_of(application.organisation))
    services.application_start_review(application=application, by=committee)
    services.application_approve(application=application, by=committee, today=today)
    return Seal.objects.get(organisation=application.organisation)


def seal_in_state(committee, state):
    if state == "expired":
        return approved_seal(committee, today=date.today() - timedelta(days=800))
    seal = approved_seal(committee)
    if state == "suspended":
        services.seal_suspend(seal=seal, by=committee, reason="Prüfung läuft")
    elif state == "revoked":
        services.seal_revoke(seal=seal, by=committee, reason="Angaben unzutreffend")
    return seal


def get(client, path, **headers):
    response = client.get(path, **headers)
    assert response.status_code == 200, (path, response.status_code)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=60"
    return response


def svg_of(response):
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    return parsed_svg(response.content)


def parsed_svg(content):
    # The site's own output; parsing it with the standard library is the point of the test.
    return ET.fromstring(content)  # noqa: S314


def texts_of(svg):
    return [element.text or "" for element in svg.iterfind(".//svg:text", SVG_NS)]


def name_lines(svg):
    return svg.findall(".//svg:text[@class='holder']", SVG_NS)


def unbroken(texts):
    """Lines read as one text, wherever the name was broken: without spaces."""
    return "".join(texts).replace(" ", "")


def picture(response):
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    image.load()
    return image


def png_chunks(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position = 8
    while position < len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        yield data[position + 4 : position + 8], data[position + 8 : position + 8 + length]
        position += 12 + length


def decoded_qr(image):
    return [result.text for result in zxingcpp.read_barcodes(image.convert("L"))]


def raster_of_qr_svg(svg):
    """segno draws the dark modules as horizontal strokes of one module's height: this paints
    them, scaled up, so a real decoder reads the SVG as a scanner would."""
    path = svg.find(".//svg:path", SVG_NS)
    width = int(svg.get("width"))
    scale = int(re.fullmatch(r"scale\((\d+)\)", path.get("transform")).group(1))
    image = Image.new("L", (width, width), 255)
    x = y = 0.0
    for command, *numbers in re.findall(
        r"([MmHhVv])\s*(-?[\d.]+)(?:\s+(-?[\d.]+))?", path.get("d")
    ):
        first = float(numbers[0])
        second = float(numbers[1]) if numbers[1] else 0.0
        if command == "M":
            x, y = first, second
        elif command == "m":
            x, y = x + first, y + second
        elif command in "hH":
            end = x + first if command == "h" else first
            image.paste(
                0,
                (
                    round(x * scale),
                    round((y - 0.5) * scale),
                    round(end * scale),
                    round((y + 0.5) * scale),
                ),
            )
            x = end
        else:
            pytest.fail(f"unexpected path command {command}")
    return image


@pytest.mark.parametrize("state", STATES)
def test_every_picture_of_a_seal_tells_its_state(client, committee, state):
    seal = seal_in_state(committee, state)
    word = STATES[state]
    name = seal.organisation.name
    base = f"/badges/images/{seal.token}"

    svg = svg_of(get(client, f"{base}.svg"))
    assert svg.get("role") == "img"
    title = svg.find("svg:title", SVG_NS).text
    assert name in title
    assert word in title
    assert f"{seal.valid_from.year}–{seal.valid_until.year}" in title
    assert word.upper() in texts_of(svg)
    assert unbroken(line.text for line in name_lines(svg)) == unbroken(name)
    if state != "valid":
        assert "GEPRÜFT" not in texts_of(svg)

    for size in (128, 256, 512):
        image = picture(get(client, f"{base}-{size}.png"))
        assert image.size == (size, size)

    baked = get(client, f"{base}-baked.png")
    assert picture(baked).size == (512, 512)
    assert baked.content != get(client, f"{base}-512.png").content

    badge_url = f"http://testserver/de/siegel/{seal.token}/"
    assert decoded_qr(picture(get(client, f"{base}-qr.png"))) == [badge_url]
    assert decoded_qr(raster_of_qr_svg(svg_of(get(client, f"{base}-qr.svg")))) == [badge_url]


def test_a_status_change_shows_on_the_pictures_at_once(client, committee):
    seal = approved_seal(committee)
    base = f"/badges/images/{seal.token}"
    valid_png = get(client, f"{base}-256.png").content
    valid_svg = get(client, f"{base}.svg").content

    services.seal_revoke(seal=seal, by=committee, reason="Angaben unzutreffend")
    revoked_png = get(client, f"{base}-256.png").content
    revoked_svg = get(client, f"{base}.svg").content
    assert revoked_png != valid_png
    assert "WIDERRUFEN" in texts_of(parsed_svg(revoked_svg))
    assert revoked_svg != valid_svg


def test_a_reinstated_seal_shows_the_valid_badge_again(client, committee):
    seal = approved_seal(committee)
    path = f"/badges/images/{seal.token}-128.png"
    valid = get(client, path).content
    services.seal_suspend(seal=seal, by=committee, reason="Prüfung")
    suspended = get(client, path).content
    services.seal_reinstate(seal=seal, by=committee)
    assert suspended != valid
    assert get(client, path).content == valid


def test_a_browser_that_has_the_current_picture_gets_a_304(client, committee):
    seal = approved_seal(committee)
    path = f"/badges/images/{seal.token}.svg"
    etag = get(client, path)["ETag"]
    assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304
    services.seal_suspend(seal=seal, by=committee, reason="Prüfung")
    changed = get(client, path, HTTP_IF_NONE_MATCH=etag)
    assert changed["ETag"] != etag


@pytest.mark.parametrize(
    "name", ["<script>alert(1)</script>", "Müller & Söhne <GmbH>", 'Die "Gute" Firma\x07 & Co']
)
def test_the_holders_name_is_escaped_into_valid_harmless_svg(client, committee, name):
    seal = approved_seal(committee, name=name)
    response = get(client, f"/badges/images/{seal.token}.svg")
    svg = svg_of(response)
    assert svg.find(".//script") is None
    assert svg.find(".//svg:script", SVG_NS) is None
    assert b"<script" not in response.content
    shown = name.replace("\x07", "")
    assert shown in svg.find("svg:title", SVG_NS).text
    assert unbroken(line.text for line in name_lines(svg)) == unbroken(shown)


def test_a_long_name_is_wrapped_and_shrunk_to_fit_the_seal(client, committee):
    name = "Stadtwerke Elbmarsch Energie- und Wasserversorgungsgesellschaft mbH & Co. KG"
    seal = approved_seal(committee, name=name)
    svg = svg_of(get(client, f"/badges/images/{seal.token}.svg"))
    lines = name_lines(svg)
    assert 2 <= len(lines) <= 4
    assert unbroken(line.text for line in lines) == unbroken(name)
    assert all(float(line.get("textLength")) <= NAME_WIDTH for line in lines)
    assert float(lines[0].get("font-size")) < 40


def test_a_name_too_long_for_any_size_ends_in_an_ellipsis_and_is_whole_in_the_title(
    client, committee
):
    name = ("WIRTSCHAFTSFÖRDERUNG UND MEDIENGESELLSCHAFT " * 5)[:200].strip()
    seal = approved_seal(committee, name=name)
    response = get(client, f"/badges/images/{seal.token}.svg")
    svg = svg_of(response)
    lines = name_lines(svg)
    assert lines[-1].text.endswith("…")
    assert all(float(line.get("textLength")) <= NAME_WIDTH for line in lines)
    assert name in svg.find("svg:title", SVG_NS).text
    assert picture(get(client, f"/badges/images/{seal.token}-512.png")).size == (512, 512)


def test_letters_beyond_basic_latin_are_drawn_not_left_as_boxes(client, committee):
    """ "ş" and "Ł" are not in the site's Latin font but in its extended one; a character
    that neither has ("一") is drawn as the missing box. Were the extended font not used, both
    names would be drawn alike."""
    extended = approved_seal(committee, name="Ayşe Łódź")
    missing = approved_seal(committee, name="Ay一e 一ódź")
    assert (
        picture(get(client, f"/badges/images/{extended.token}-512.png")).tobytes()
        != picture(get(client, f"/badges/images/{missing.token}-512.png")).tobytes()
    )


def test_the_baked_png_carries_the_assertion_in_an_openbadges_itxt_chunk(client, committee):
    seal = approved_seal(committee)
    data = get(client, f"/badges/images/{seal.token}-baked.png").content
    chunks = [body for kind, body in png_chunks(data) if kind == b"iTXt"]
    baked = [body for body in chunks if body.startswith(b"openbadges\x00")]
    assert len(baked) == 1
    _keyword, rest = baked[0].split(b"\x00", 1)
    compressed, _method, rest = rest[0], rest[1], rest[2:]
    assert compressed == 0
    _language, _translated, text = rest.split(b"\x00", 2)
    assertion = json.loads(text.decode())
    assert assertion["id"] == f"http://testserver/badges/assertions/{seal.token}"
    assert assertion == openbadges2.assertion(seal)
    assert assertion["image"] == f"http://testserver/badges/images/{seal.token}-baked.png"


def test_the_seal_mark_for_the_badge_class_shows_no_holder(client, committee):
    response = client.get("/badges/images/seal.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert picture(response).size == (512, 512)
    seal = approved_seal(committee)
    assert response.content != get(client, f"/badges/images/{seal.token}-512.png").content


@pytest.mark.parametrize(
    "suffix", [".svg", "-128.png", "-256.png", "-512.png", "-qr.svg", "-qr.png", "-baked.png"]
)
@pytest.mark.parametrize("token", ["x" * 32, "kurz", "a" * 33, "a" * 31 + "!", "a" * 31 + "."])
def test_unknown_and_malformed_tokens_find_no_picture(client, committee, token, suffix):
    approved_seal(committee)
    response = client.get(f"/badges/images/{token}{suffix}")
    assert response.status_code == 404
    if token == "x" * 32:
        assert response.json() == {"error": "Kein Siegel hat diese Adresse."}
        assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("size", [0, 64, 127, 200, 1024, 5120])
def test_only_the_three_png_sizes_exist(client, committee, size):
    seal = approved_seal(committee)
    assert client.get(f"/badges/images/{seal.token}-{size}.png").status_code == 404


def test_too_many_requests_from_one_address_are_refused(client, committee, settings):
    settings.BADGE_CHECKS_PER_MINUTE = 2
    seal = approved_seal(committee)
    path = f"/badges/images/{seal.token}.svg"
    assert [client.get(path).status_code for _request in range(3)] == [200, 200, 429]
    refused = client.get(f"/badges/images/{seal.token}-qr.png", HTTP_ACCEPT_LANGUAGE="en")
    assert (refused.status_code, refused["Retry-After"]) == (429, "60")
    assert refused["Cache-Control"] == "no-store"
    assert "Zu viele Prüfungen" in refused.json()["error"]


def test_the_portal_offers_the_badge_its_downloads_and_an_embed_snippet(client, committee):
    seal = approved_seal(committee)
    client.force_login(owner_of(seal.organisation))
    page = parse(client.get(f"/de/mitgliederbereich/organisationen/{seal.organisation.slug}/"))
    badge = page.select_one(".seal-badge")
    pictures = [image["src"] for image in badge.select("img")]
    assert pictures == [
        f"/badges/images/{seal.token}.svg",
        f"/badges/images/{seal.token}-qr.svg",
    ]
    preview, qr_code = badge.select("img")
    assert preview["alt"] == (
        f"Siegel „Part of SMART REGION“ von {seal.organisation.name}: geprüft, "
        f"{seal.valid_from.year}–{seal.valid_until.year}"
    )
    assert qr_code["alt"] == "QR-Code zur Prüfadresse"
    downloads = {link["href"] for link in badge.select(".seal-badge__downloads a[download]")}
    assert downloads == {
        f"/badges/images/{seal.token}{suffix}"
        for suffix in (
            ".svg",
            "-128.png",
            "-256.png",
            "-512.png",
            "-qr.svg",
            "-qr.png",
            "-baked.png",
        )
    }
    for link in downloads:
        assert client.get(link).status_code == 200

    code = badge.select_one("textarea[readonly]")
    assert code["id"] == badge.select_one("label")["for"]
    snippet = parse_fragment(code.get_text())
    link = snippet.select_one("a")
    assert link["href"] == f"http://testserver/de/siegel/{seal.token}/"
    image = link.select_one("img")
    assert image["src"] == f"http://testserver/badges/images/{seal.token}.svg"
    assert seal.organisation.name in image["alt"]

    button = badge.select_one("button[data-copy]")
    assert button["data-copy"] == code["id"]
    assert button.has_attr("hidden"), "without script there is no button that cannot work"
    assert badge.select_one('[role="status"][aria-live="polite"]') is not None
    assert page.select_one('script[src$="js/copy-button.js"]') is not None


def parse_fragment(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def test_the_worker_draws_a_changed_seals_pictures_into_redis_before_a_verifier_asks(
    client, committee, redis_server, django_capture_on_commit_callbacks
):
    seal = approved_seal(committee)
    with (
        override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.seal_suspend(seal=seal, by=committee, reason="Prüfung läuft")
    seal.refresh_from_db()
    with translation.override(settings.LANGUAGE_CODE):
        owner = badge_pictures.whose(seal)
        recipes = badge_pictures.every_recipe(seal)
        keys = [badge_pictures.key_of(recipe, owner) for recipe in recipes]
        large = badge_pictures.key_of(badge_pictures.badge_png(seal, 512), owner)
    drawn_before = cache.get_many(keys)

    (queued,) = DBTaskResult.objects.ready().filter(task_path="members.tasks.draw_badge_pictures")
    # What the worker (manage.py db_worker) does with it:
    queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    kept = cache.get_many(keys)
    asked = get(client, f"/badges/images/{seal.token}-512.png", HTTP_ACCEPT_LANGUAGE="en")

    assert drawn_before == {}
    assert len(kept) == 7
    assert asked.content == kept[large]
    assert Image.open(io.BytesIO(asked.content)).size == (512, 512)
