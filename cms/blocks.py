"""Every StreamField block of the site, in one place, so page types share one vocabulary.

Each block describes itself and brings a preview for the admin's block chooser, with German
sample content from the region's own pages. Previews of blocks that show images, documents or
contact persons take them from the libraries, as editors would choose them.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtail_localize.segments import StringSegmentValue

from cms.videos import VIDEO_PROVIDERS

# No headings in running text: they come from HeadingBlock, whose order is checked.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


def newest_image():
    return get_image_model().objects.order_by("-created_at").first()


def image_value(image, alt_text):
    """An ImageBlock value for a preview; with an empty library, the preview has no image."""
    return {"image": image, "alt_text": alt_text, "decorative": False}


def outline_level(child):
    """The heading level (2 or 3) a block of a stream adds to the page's outline, if any."""
    level_of = getattr(child.block, "outline_level", None)
    return level_of(child.value) if level_of else None


def heading_order_errors(children):
    """Screen reader users navigate by headings; an H3 with no H2 above it breaks the outline.
    Returns an error for each such block of a stream, by its index."""
    errors = {}
    seen_section_heading = False
    for index, child in enumerate(children):
        level = outline_level(child)
        if level == 2:
            seen_section_heading = True
        elif level == 3 and not seen_section_heading:
            errors[index] = ValidationError(
                _("A subheading (H3) needs a section heading (H2) above it.")
            )
    return errors


class SiteStreamBlock(blocks.StreamBlock):
    """Base of every StreamBlock of the site: publishing checks the heading outline."""

    def clean(self, value):
        cleaned = super().clean(value)
        if self.is_deferred_validation:
            # Saving a draft parks half-finished work; the outline is checked on publishing.
            return cleaned
        errors = heading_order_errors(cleaned)
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return cleaned


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"))
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading (H2)")), ("h3", _("Subheading (H3)"))],
        default="h2",
        help_text=_("Headings must not skip a level: use H3 only below an H2."),
        # The level's name is no text of the page: the site search leaves it out.
        search_index=False,
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "components/blocks/heading_block.html"
        description = _("Opens a section (H2) or a part of a section (H3).")
        preview_value = {"text": "Regionale Herausforderungen und Lösungen", "level": "h2"}

    def outline_level(self, value):
        return 3 if value["level"] == "h3" else 2


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        description = _("Running text with emphasis, links and lists.")
        preview_value = (
            "<p>SMART REGION setzt auf die intelligenten Ideen regionaler Unternehmen, "
            "Wissenschaftler und des öffentlichen Sektors. Über 200 Teilnehmer entwickelten in "
            "den Workshops <b>rund 40 Projektideen</b>.</p>"
        )


class ContentImageBlock(ImageBlock):
    class Meta:
        label = _("Image")
        template = "components/blocks/image_block.html"
        description = _("One image across the text column, with its alternative text.")

    def get_preview_value(self):
        return self.normalize(
            image_value(newest_image(), "Teilnehmer eines Innovationsworkshops in Lüneburg")
        )


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "components/blocks/quote_block.html"
        description = _("A quotation set off from the text, with who said it.")
        preview_value = {
            "text": "SMART REGION – Region im Aufbruch",
            "attribution": "Motto des Dialogs über die Zukunftsfragen der Region",
        }


class CallToActionBlock(blocks.StructBlock):
    label = blocks.CharBlock(
        label=_("Button text"),
        max_length=80,
        help_text=_("What the visitor does next, e.g. “Submit a project idea”."),
    )
    page = blocks.PageChooserBlock(label=_("Page of this site"), required=False)
    url = blocks.URLBlock(label=_("Other address"), required=False)

    class Meta:
        icon = "link"
        label = _("Call to action")
        template = "components/blocks/call_to_action_block.html"
        description = _("A prominent button that leads to a page of this site or elsewhere.")
        preview_value = {
            "label": "Beitrag für den Blog einreichen",
            "page": None,
            "url": "https://www.smartregion.emscher-lippe.de/blog",
        }

    def clean(self, value):
        cleaned = super().clean(value)
        if self.is_deferred_validation:
            return cleaned
        if cleaned["page"] and cleaned["url"]:
            message = _("Choose a page or enter an address, not both.")
        elif not cleaned["page"] and not cleaned["url"]:
            message = _("Choose a page or enter an address for the button to lead to.")
        else:
            return cleaned
        raise blocks.StructBlockValidationError(non_block_errors=[ValidationError(message)])

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["href"] = value["url"]
        if value["page"]:
            # The translation for the visitor's language, where one is published.
            page = value["page"].localized
            context["href"] = page.get_url(context.get("request")) if page.live else ""
        return context


class DocumentListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("Heading"),
        required=False,
        help_text=_("A section heading (H2) above the list, e.g. “Downloads”."),
    )
    documents = blocks.ListBlock(DocumentChooserBlock(label=_("Document")), label=_("Documents"))

    class Meta:
        icon = "doc-full"
        label = _("Document list")
        template = "components/blocks/document_list_block.html"
        description = _("Documents to download, each with its file type and size.")

    def get_preview_value(self):
        documents = get_document_model().objects.order_by("-created_at")[:3]
        return self.normalize({"heading": "Downloads", "documents": list(documents)})

    def outline_level(self, value):
        return 2 if value["heading"] else None


class ContactCardBlock(SnippetChooserBlock):
    def __init__(self, **kwargs):
        super().__init__("cms.ContactPerson", **kwargs)

    class Meta:
        icon = "user"
        label = _("Contact person")
        template = "components/blocks/contact_card_block.html"
        description = _("Who visitors can turn to, with address, phone and e-mail.")

    def get_preview_value(self):
        return self.target_model.objects.order_by("pk").first()

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        # The contact's translation for the visitor's language, where there is one.
        context["contact"] = value and value.localized
        return context


class GalleryImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False)


class GalleryBlock(blocks.StructBlock):
    images = blocks.ListBlock(GalleryImageBlock(), label=_("Images"), min_num=1)

    class Meta:
        icon = "image"
        label = _("Image gallery")
        template = "components/blocks/gallery_block.html"
        description = _("Several images side by side, each with an optional caption.")

    def get_preview_value(self):
        captions = [
            "Innovationsworkshop bei CFK Nord in Stade",
            "Huldigungssaal im Rathaus Lüneburg",
            "Workshop in der Bohlsener Mühle, Gerdau",
        ]
        images = get_image_model().objects.order_by("-created_at")[: len(captions)]
        return self.normalize(
            {
                "images": [
                    {"image": image_value(image, caption), "caption": caption}
                    for image, caption in zip(images, captions, strict=False)
                ]
            }
        )


class DataTableBlock(TableBlock):
    class Meta:
        icon = "table"
        label = _("Table")
        template = "components/blocks/table_block.html"
        description = _(
            "Rows and columns with a caption; on small screens the table scrolls on its own."
        )
        preview_value = {
            "table_caption": "I. Innovationsworkshops, Oktober 2014",
            "table_header_choice": "row",
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "data": [
                ["Kompetenzfeld", "Termin", "Ort"],
                [
                    "Neue Materialien und Produktionswirtschaft",
                    "Mi., 15.10., 14:00–17:00",
                    "CFK Nord, Stade",
                ],
                [
                    "Digitale Medien und Kreativwirtschaft",
                    "Do., 16.10., 10:00–13:00",
                    "Rathaus Lüneburg",
                ],
                ["Land- und Ernährungswirtschaft", "Fr., 17.10., 14:30–17:30", "Gerdau"],
            ],
        }

    def clean(self, value):
        cleaned = super().clean(value)
        if not self.is_deferred_validation and cleaned and not cleaned.get("table_caption"):
            raise ValidationError(
                _("Give the table a caption: screen readers announce it with the table.")
            )
        return cleaned

    # wagtail-localize passes over blocks it does not know; these offer the caption and every
    # cell to translators and put their translations back in place.
    def get_translatable_segments(self, value):
        if not value:
            return []
        segments = []
        if value.get("table_caption"):
            segments.append(StringSegmentValue("caption", value["table_caption"]))
        for row_index, row in enumerate(value.get("data") or []):
            for column_index, cell in enumerate(row):
                if cell and cell.strip():
                    segments.append(StringSegmentValue(f"{row_index}.{column_index}", cell))
        return segments

    def restore_translated_segments(self, value, segments):
        for segment in segments:
            text = segment.render_text()
            if segment.path == "caption":
                value["table_caption"] = text
            else:
                row_index, column_index = map(int, segment.path.split("."))
                value["data"][row_index][column_index] = text
        return value


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("Title"), help_text=_("Shown below the video; it also names the player.")
    )
    provider = blocks.ChoiceBlock(
        label=_("Video site"),
        choices=[(key, provider.name) for key, provider in VIDEO_PROVIDERS.items()],
        default="youtube",
        search_index=False,
    )
    # A RegexBlock, not a CharBlock: wagtail-localize offers CharBlocks to translators, while a
    # video is the same in every language. The video site's own rules are checked in clean().
    video = blocks.RegexBlock(
        regex=r"\S",
        label=_("Video"),
        help_text=_(
            "The video's address on the video site, e.g. https://www.youtube.com/watch?v=…, "
            "or its ID."
        ),
    )
    poster = ImageBlock(label=_("Poster image"))

    class Meta:
        icon = "media"
        label = _("Video")
        template = "components/blocks/video_block.html"
        description = _(
            "A poster with a play button; the video site's player loads only when a visitor "
            "starts the video."
        )

    def get_preview_value(self):
        return self.normalize(
            {
                "title": "SMART REGION – einfach erklärt",
                "provider": "youtube",
                # The seed page links its video without naming it: an ID of the right form.
                "video": "SMARTREGION",
                "poster": image_value(newest_image(), "Standbild aus dem Erklärvideo"),
            }
        )

    def clean(self, value):
        cleaned = super().clean(value)
        provider = VIDEO_PROVIDERS.get(cleaned["provider"])
        if provider and cleaned["video"]:
            video_id = provider.video_id(cleaned["video"])
            if video_id is None:
                message = _("This is neither an address nor the ID of a video on %(site)s.") % {
                    "site": provider.name
                }
                raise blocks.StructBlockValidationError(
                    block_errors={"video": ValidationError(message)}
                )
            # Kept as the ID: the player's address and the video's page are built from it.
            cleaned["video"] = video_id
        return cleaned

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        provider = VIDEO_PROVIDERS.get(value["provider"])
        video_id = provider and provider.video_id(value["video"] or "")
        if video_id:
            context.update(
                provider_name=provider.name,
                video_id=video_id,
                video_page_url=provider.page_url(video_id),
            )
        return context


class BodyBlock(SiteStreamBlock):
    """Page content below the page's own H1."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ContentImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    document_list = DocumentListBlock()
    contact = ContactCardBlock()
    gallery = GalleryBlock()
    table = DataTableBlock()
    video = VideoBlock()

    class Meta:
        label = _("Content")
