import pytest
from wagtail.blocks import StreamBlockValidationError

from cms.blocks import BodyBlock


def body(*children):
    block = BodyBlock()
    return block.to_python([{"type": kind, "value": value} for kind, value in children])


def heading(text, level):
    return ("heading", {"text": text, "level": level})


def test_subheading_without_a_section_heading_above_it_is_refused():
    with pytest.raises(StreamBlockValidationError) as refused:
        BodyBlock().clean(body(("paragraph", "<p>Text</p>"), heading("Details", "h3")))

    assert list(refused.value.block_errors) == [1]
    assert "H2" in refused.value.block_errors[1].messages[0]


def test_headings_in_order_are_accepted():
    value = body(heading("Projekte", "h2"), heading("Details", "h3"), heading("Mehr", "h2"))

    assert len(BodyBlock().clean(value)) == 3
