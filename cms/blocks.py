"""Every StreamField block of the site, in one place, so page types share one vocabulary."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

# No headings in running text: they come from HeadingBlock, whose order is checked.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"))
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading (H2)")), ("h3", _("Subheading (H3)"))],
        default="h2",
        help_text=_("Headings must not skip a level: use H3 only below an H2."),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "components/blocks/heading_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "components/blocks/quote_block.html"


class BodyBlock(blocks.StreamBlock):
    """Page content below the page's own H1."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=RICH_TEXT_FEATURES, icon="pilcrow"
    )
    image = ImageBlock(label=_("Image"), template="components/blocks/image_block.html")
    quote = QuoteBlock()

    class Meta:
        label = _("Content")

    def clean(self, value):
        cleaned = super().clean(value)
        if self.is_deferred_validation:
            # Saving a draft parks half-finished work; the outline is checked on publishing.
            return cleaned
        # Screen reader users navigate by headings; an H3 with no H2 above it breaks the outline.
        errors = {}
        seen_section_heading = False
        for index, child in enumerate(cleaned):
            if child.block_type != "heading":
                continue
            if child.value["level"] == "h2":
                seen_section_heading = True
            elif not seen_section_heading:
                errors[index] = ValidationError(
                    _("A subheading (H3) needs a section heading (H2) above it.")
                )
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return cleaned
