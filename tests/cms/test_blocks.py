"""The site's content blocks as visitors see them and editors fill them in."""

import copy
import json
from urllib.parse import urlsplit

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from wagtail import blocks
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.documents.models import Document
from wagtail.fields import StreamField
from wagtail.models import Locale
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtail_localize.strings import StringValue

from cms.blocks import (
    BodyBlock,
    CallToActionBlock,
    DataTableBlock,
    HeadingBlock,
    SiteStreamBlock,
    VideoBlock,
)
from cms.documents import document_label
from cms.translation import translate_with_localize
from cms.videos import VIDEO_PROVIDERS
from home.models import StandardPage
from tests.factories.cms import ContactPersonFactory
from tests.factories.home import StandardPageFactory

pytestmark = pytest.mark.django_db

FOUR_POINT_FOUR_MEGABYTES = int(4.4 * 1024 * 1024)


def body(*children):
    block = BodyBlock()
    return block.to_python([{"type": kind, "value": value} for kind, value in children])


def heading(text, level):
    return ("heading", {"text": text, "level": level})


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text_of(element):
    """The text as a visitor reads it; non-breaking spaces read as spaces."""
    return " ".join(element.get_text().split())


def publish_page(home_pages, stream, *, title="Downloads und Kontakt", slug="downloads"):
    """A German page with the given blocks (raw JSON values) and its English translation."""
    german = StandardPageFactory(parent=home_pages["de"], title=title, slug=slug, body=stream)
    english = german.copy_for_translation(Locale.objects.get(language_code="en"))
    english.save_revision().publish()
    return german, english


def image_value(image, alt_text):
    return {"image": image.id, "alt_text": alt_text, "decorative": False}


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def masterplan():
    """A PDF of 4.4 MB as Wagtail stores it: the size is recorded in the database."""
    return Document.objects.create(
        title="Masterplan SMART REGION (Langfassung)",
        file=ContentFile(b"%PDF-1.4 Masterplan", name="masterplan.pdf"),
        file_size=FOUR_POINT_FOUR_MEGABYTES,
    )


# The heading outline


def test_subheading_without_a_section_heading_above_it_is_refused():
    with pytest.raises(StreamBlockValidationError) as refused:
        BodyBlock().clean(body(("paragraph", "<p>Text</p>"), heading("Details", "h3")))

    assert list(refused.value.block_errors) == [1]
    assert "H2" in refused.value.block_errors[1].messages[0]


def test_headings_in_order_are_accepted():
    value = body(heading("Projekte", "h2"), heading("Details", "h3"), heading("Mehr", "h2"))

    assert len(BodyBlock().clean(value)) == 3


def test_a_document_list_with_a_heading_opens_a_section_for_subheadings():
    value = body(
        ("document_list", {"heading": "Downloads", "documents": []}),
        heading("Masterplan", "h3"),
    )

    assert len(BodyBlock().clean(value)) == 2


def test_the_outline_rule_holds_in_every_stream_built_on_the_sites_base():
    class SectionBlock(SiteStreamBlock):
        heading = HeadingBlock()

    section = SectionBlock()
    value = section.to_python([{"type": "heading", "value": {"text": "Details", "level": "h3"}}])

    with pytest.raises(StreamBlockValidationError) as refused:
        section.clean(value)

    assert list(refused.value.block_errors) == [0]


def stream_blocks_within(block):
    if isinstance(block, blocks.StreamBlock):
        yield block
    children = getattr(block, "child_blocks", {}).values()
    if isinstance(block, blocks.ListBlock):
        children = [block.child_block]
    for child in children:
        yield from stream_blocks_within(child)


def test_every_stream_of_every_model_checks_the_heading_outline():
    streams = [
        (f"{model.__name__}.{field.name}", stream)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, StreamField)
        for stream in stream_blocks_within(field.stream_block)
    ]

    assert streams, "no StreamField found"
    assert [name for name, stream in streams if not isinstance(stream, SiteStreamBlock)] == []


# Documents


def test_document_sizes_are_written_as_each_language_writes_numbers(client, home_pages, masterplan):
    stream = json.dumps(
        [
            {
                "type": "document_list",
                "value": {"heading": "Downloads", "documents": [masterplan.id]},
            }
        ]
    )
    german, english = publish_page(home_pages, stream)

    german_list = soup_of(client.get(german.url)).select_one(".block-documents")
    english_list = soup_of(client.get(english.url)).select_one(".block-documents")

    assert german_list.h2.get_text() == "Downloads"
    link = german_list.find("a")
    assert text_of(link) == "Masterplan SMART REGION (Langfassung) (PDF, 4,4 MB)"
    assert link["href"] == masterplan.url
    assert text_of(english_list.find("a")).endswith("(PDF, 4.4 MB)")


def test_the_size_is_taken_from_the_database_not_the_file(client, home_pages, masterplan):
    """The file holds a few bytes; the stored size of 4.4 MB is what shows."""
    stream = json.dumps(
        [{"type": "document_list", "value": {"heading": "", "documents": [masterplan.id]}}]
    )
    german, _ = publish_page(home_pages, stream)

    assert "4,4 MB" in text_of(soup_of(client.get(german.url)).select_one(".block-documents"))


def test_a_document_without_a_stored_size_gets_one_from_its_file_once():
    document = Document.objects.create(
        title="Informationsbroschüre", file=ContentFile(b"x" * 640_000, name="broschuere.pdf")
    )
    Document.objects.filter(pk=document.pk).update(file_size=None)
    document.refresh_from_db()

    with translation.override("de"):
        label = document_label(document)

    assert " ".join(label.split()) == "PDF, 625,0 KB"
    assert Document.objects.get(pk=document.pk).file_size == 640_000


# Call to action


def test_a_call_to_action_needs_a_page_or_an_address_but_not_both(home_pages):
    block = CallToActionBlock()
    both = block.to_python({"label": "Mehr", "page": home_pages["de"].id, "url": "https://a.de"})
    neither = block.to_python({"label": "Mehr", "page": None, "url": ""})

    with translation.override("de"):
        messages = []
        for value in (both, neither):
            with pytest.raises(StructBlockValidationError) as refused:
                block.clean(value)
            messages.extend(refused.value.non_block_errors)

    assert messages == [
        "Wählen Sie eine Seite oder geben Sie eine Adresse ein, nicht beides.",
        "Wählen Sie eine Seite oder geben Sie eine Adresse ein, zu der die Schaltfläche führt.",
    ]


def test_the_editor_reads_why_a_call_to_action_cannot_be_published(editor, home_pages):
    page = StandardPageFactory(parent=home_pages["de"], title="Mitmachen", slug="mitmachen")
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": page.intro,
            "body": streamfield(
                [("call_to_action", {"label": "Projektidee einreichen", "page": "", "url": ""})]
            ),
            "action-publish": "publish",
        }
    )

    response = editor.post(f"/admin/pages/{page.id}/edit/", data)

    assert response.status_code == 200
    # The block errors reach the editor as JSON for the StreamField widget.
    message = (
        "Wählen Sie eine Seite oder geben Sie eine Adresse ein, zu der die Schaltfläche führt."
    )
    assert json.dumps(message)[1:-1] in response.content.decode()


def test_a_call_to_action_on_the_english_site_leads_to_the_english_page(client, home_pages):
    english_locale = Locale.objects.get(language_code="en")
    target = StandardPageFactory(parent=home_pages["de"], title="Ideenaufruf", slug="ideenaufruf")
    english_target = target.copy_for_translation(english_locale)
    english_target.slug = "call-for-ideas"
    english_target.save_revision().publish()
    untranslated = StandardPageFactory(parent=home_pages["de"], title="Archiv", slug="archiv")
    stream = json.dumps(
        [
            {"type": "call_to_action", "value": {"label": "Idee einreichen", "page": target.id}},
            {"type": "call_to_action", "value": {"label": "Archiv", "page": untranslated.id}},
            {"type": "call_to_action", "value": {"label": "Blog", "url": "https://example.org/"}},
        ]
    )
    german, english = publish_page(home_pages, stream, title="Mitmachen", slug="mitmachen")

    def targets(page):
        return [a["href"] for a in soup_of(client.get(page.url)).select(".block-cta a")]

    assert targets(german) == ["/de/ideenaufruf/", "/de/archiv/", "https://example.org/"]
    assert targets(english) == ["/en/call-for-ideas/", "/de/archiv/", "https://example.org/"]


# Contact card


def test_the_contact_card_shows_the_contacts_translation(client, home_pages):
    contact = ContactPersonFactory(role="Prokurist/Bereichsleiter Clusterentwicklung")
    translate_with_localize(
        contact,
        Locale.objects.get(language_code="en"),
        {"Prokurist/Bereichsleiter Clusterentwicklung": "Head of Cluster Development"},
    )
    stream = json.dumps([{"type": "contact", "value": contact.id}])
    german, english = publish_page(home_pages, stream)

    german_card = soup_of(client.get(german.url)).select_one(".block-contact")
    english_card = soup_of(client.get(english.url)).select_one(".block-contact")

    assert german_card.strong.get_text() == "Dr. Jürgen Glaser"
    assert "Prokurist/Bereichsleiter Clusterentwicklung" in text_of(german_card)
    assert german_card.find("a")["href"] == "tel:+4940355103410"
    assert "Head of Cluster Development" in text_of(english_card)
    assert text_of(english_card).startswith("Contact")


# Gallery, table and video


def test_the_gallery_shows_each_image_in_several_sizes_with_its_caption(client, home_pages):
    photos = [wagtail_factories.ImageFactory(width=1600, height=1200) for _ in range(2)]
    stream = json.dumps(
        [
            {
                "type": "gallery",
                "value": {
                    "images": [
                        {"image": image_value(photos[0], "Workshop bei CFK Nord"), "caption": ""},
                        {
                            "image": image_value(photos[1], "Rathaus Lüneburg"),
                            "caption": "Huldigungssaal im Rathaus Lüneburg",
                        },
                    ]
                },
            }
        ]
    )
    german, _ = publish_page(home_pages, stream, title="Fotoprotokoll", slug="fotos")

    gallery = soup_of(client.get(german.url)).select_one("ul.block-gallery")
    images = gallery.select("img")

    assert [image["alt"] for image in images] == ["Workshop bei CFK Nord", "Rathaus Lüneburg"]
    assert all(len(image["srcset"].split(",")) == 2 for image in images)
    assert all(image["src"].startswith("/media/images/") for image in images)
    assert [text_of(caption) for caption in gallery.select("figcaption")] == [
        "Huldigungssaal im Rathaus Lüneburg"
    ]


WORKSHOP_TABLE = {
    "table_caption": "Innovationsworkshops, Oktober 2014",
    "table_header_choice": "row",
    "first_row_is_table_header": True,
    "first_col_is_header": False,
    "data": [
        ["Kompetenzfeld", "Termin"],
        ["Energiewirtschaft", "Di., 21.10."],
        ["Land- und Ernährungswirtschaft", None],
    ],
}


def test_a_table_scrolls_in_its_own_region_named_by_its_caption(client, home_pages):
    stream = json.dumps([{"type": "table", "value": WORKSHOP_TABLE}])
    german, _ = publish_page(home_pages, stream, title="Termine", slug="termine")

    region = soup_of(client.get(german.url)).select_one(".block-table")

    assert region["role"] == "region"
    assert region["tabindex"] == "0"
    assert region["aria-label"] == "Innovationsworkshops, Oktober 2014"
    assert text_of(region.table.caption) == "Innovationsworkshops, Oktober 2014"
    assert [(th["scope"], th.get_text()) for th in region.select("thead th")] == [
        ("col", "Kompetenzfeld"),
        ("col", "Termin"),
    ]
    assert [text_of(td) for td in region.select("tbody td")] == [
        "Energiewirtschaft",
        "Di., 21.10.",
        "Land- und Ernährungswirtschaft",
        "",
    ]


def test_a_table_needs_a_caption_to_be_published():
    block = DataTableBlock()

    with translation.override("de"), pytest.raises(ValidationError) as refused:
        block.clean({**WORKSHOP_TABLE, "table_caption": ""})

    assert "Beschriftung" in str(refused.value.messages[0])


def test_translators_get_the_tables_caption_and_cells_and_their_translations_go_back():
    block = DataTableBlock()

    segments = block.get_translatable_segments(copy.deepcopy(WORKSHOP_TABLE))
    english = {
        "Innovationsworkshops, Oktober 2014": "Innovation workshops, October 2014",
        "Kompetenzfeld": "Field",
        "Termin": "Date",
        "Energiewirtschaft": "Energy",
        "Di., 21.10.": "Tue, 21 Oct",
        "Land- und Ernährungswirtschaft": "Agriculture and food",
    }
    assert sorted(segment.render_text() for segment in segments) == sorted(english)
    for segment in segments:
        segment.string = StringValue.from_plaintext(english[segment.render_text()])
    translated = block.restore_translated_segments(copy.deepcopy(WORKSHOP_TABLE), segments)

    assert translated["table_caption"] == "Innovation workshops, October 2014"
    assert translated["data"] == [
        ["Field", "Date"],
        ["Energy", "Tue, 21 Oct"],
        ["Agriculture and food", None],
    ]


@pytest.mark.parametrize(
    ("provider", "pasted", "video_id"),
    [
        ("youtube", "aqz-KE-bpKQ", "aqz-KE-bpKQ"),
        ("youtube", "https://www.youtube.com/watch?v=aqz-KE-bpKQ&t=30s", "aqz-KE-bpKQ"),
        ("youtube", "https://youtu.be/aqz-KE-bpKQ?si=share", "aqz-KE-bpKQ"),
        ("youtube", "youtube.com/shorts/aqz-KE-bpKQ", "aqz-KE-bpKQ"),
        ("youtube", "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ", "aqz-KE-bpKQ"),
        ("youtube", "https://vimeo.com/76979871", None),
        ("youtube", "https://example.org/watch?v=aqz-KE-bpKQ", None),
        ("vimeo", "76979871", "76979871"),
        ("vimeo", "https://vimeo.com/76979871", "76979871"),
        ("vimeo", "https://player.vimeo.com/video/76979871?h=abc", "76979871"),
        ("vimeo", "https://youtu.be/aqz-KE-bpKQ", None),
    ],
)
def test_the_video_id_is_read_from_what_editors_paste(provider, pasted, video_id):
    assert VIDEO_PROVIDERS[provider].video_id(pasted) == video_id


def test_a_video_address_of_another_site_is_refused_in_german():
    block = VideoBlock()
    poster = wagtail_factories.ImageFactory()
    value = block.to_python(
        {
            "title": "SMART REGION – einfach erklärt",
            "provider": "youtube",
            "video": "https://vimeo.com/76979871",
            "poster": image_value(poster, "Standbild"),
        }
    )

    with translation.override("de"), pytest.raises(StructBlockValidationError) as refused:
        block.clean(value)

    assert refused.value.block_errors["video"].messages == [
        "Das ist weder eine Adresse noch die ID eines Videos auf YouTube."
    ]


def test_a_video_loads_nothing_from_the_video_site_before_the_visitor_starts_it(client, home_pages):
    poster = wagtail_factories.ImageFactory(width=1280, height=720)
    stream = json.dumps(
        [
            {
                "type": "video",
                "value": {
                    "title": "SMART REGION – einfach erklärt",
                    "provider": "youtube",
                    "video": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                    "poster": image_value(poster, "Standbild aus dem Erklärvideo"),
                },
            }
        ]
    )
    german, _ = publish_page(home_pages, stream, title="Video", slug="video")
    response = client.get(german.url)
    page = soup_of(response)
    video = page.select_one(".block-video")

    assert page.find("iframe") is None
    assert "youtube-nocookie" not in response.content.decode()
    play = video.select_one(".block-video__play")
    assert play.name == "a"
    assert text_of(play) == (
        "Video auf YouTube abspielen – dabei werden Daten an YouTube übertragen"
    )
    assert play["href"] == "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
    assert video.img["alt"] == "Standbild aus dem Erklärvideo"
    assert text_of(video.figcaption) == "SMART REGION – einfach erklärt"
    # Everything the browser fetches for the page comes from the site itself.
    loaded = page.find_all(["img", "script", "source", "iframe"]) + page.select(
        "link[rel=stylesheet], link[rel=icon], link[rel=preload]"
    )
    fetched = [
        url.split()[0]
        for element in loaded
        for attribute in ("src", "href", "srcset")
        for url in element.get(attribute, "").split(",")
        if url.strip()
    ]
    assert fetched
    assert [url for url in fetched if urlsplit(url).netloc] == []


def test_the_only_other_servers_a_page_may_frame_are_the_video_players(client, home_pages):
    policy = client.get("/de/")["Content-Security-Policy"]
    frame_src = next(part for part in policy.split(";") if part.strip().startswith("frame-src"))

    assert frame_src.split()[1:] == [
        "'self'",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    ]


# Previews in the admin's block chooser


def test_every_block_has_a_description_and_a_preview_in_the_block_chooser(editor, home_pages):
    wagtail_factories.ImageFactory(title="Workshop in Lüneburg")
    Document.objects.create(
        title="Masterplan SMART REGION (Kurzfassung)",
        file=ContentFile(b"%PDF", name="kurzfassung.pdf"),
        file_size=1_887_437,
    )
    ContactPersonFactory()
    stream_block = StandardPage._meta.get_field("body").stream_block

    previews = {}
    for name, block in stream_block.child_blocks.items():
        assert block.is_previewable, name
        assert block.get_description(), name
        response = editor.get(
            reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
        )
        previews[name] = soup_of(response).main

    assert previews["heading"].h2.get_text() == "Regionale Herausforderungen und Lösungen"
    assert "rund 40 Projektideen" in text_of(previews["paragraph"])
    assert previews["image"].img is not None
    assert "Region im Aufbruch" in text_of(previews["quote"])
    assert previews["call_to_action"].a.find(string=True) == "Beitrag für den Blog einreichen"
    assert "(PDF, 1,8 MB)" in text_of(previews["document_list"])
    assert "Dr. Jürgen Glaser" in text_of(previews["contact"])
    assert previews["gallery"].img is not None
    assert previews["table"].caption.get_text() == "I. Innovationsworkshops, Oktober 2014"
    assert "auf YouTube abspielen" in text_of(previews["video"])
