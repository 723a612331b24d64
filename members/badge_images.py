"""The seal's pictures, drawn from the seal and never by hand: the badge as SVG and as PNG in
three sizes, the seal's mark for its Open Badges BadgeClass, the QR code to the badge address
and the "baked" PNG that carries the Open Badges 2.0 assertion.

Pure functions over plain data. A badge is first laid out once, in a 512 × 512 square, as a
list of shapes; the SVG writer and the Pillow painter both draw that same list, so the two
forms cannot disagree. The holder's name is measured with the site's own typeface (Source
Sans 3, shipped in static/fonts under the OFL), wrapped and shrunk until it fits the seal.
"""

import io
import math
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import segno
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

PNG_SIZES = (128, 256, 512)
# Part of the name under which a drawn picture is kept in the cache: raise it when the
# drawing changes, so that pictures drawn by the code before are drawn anew.
DRAWING_VERSION = 1
CANVAS = 512
CENTRE = CANVAS / 2
# Pillow draws circles without anti-aliasing: the PNG is painted this many times larger and
# scaled down, which smooths every edge.
SUPERSAMPLING = 3

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
# The site serves Source Sans 3 in subsets; the Latin one first, the extended Latin one for
# names such as "Ayşe" or "Łódź" that the first does not cover.
FONT_FILES = (
    "source-sans-3-latin-wght-normal.woff2",
    "source-sans-3-latin-ext-wght-normal.woff2",
)
# What a browser uses for the SVG's text, which cannot load the site's web font inside <img>.
SVG_FONT_FAMILY = (
    "'Source Sans 3', 'Source Sans Pro', 'Segoe UI', Roboto, 'Noto Sans', "
    "'Liberation Sans', Arial, sans-serif"
)

WHITE = "#ffffff"
INK = "#14272e"
LINE = "#d3dee2"
BRAND = "#005a70"
BRAND_DARK = "#003b4a"
ACCENT = "#f4b324"
GREEN = "#17613a"
AMBER = "#734800"
RED = "#8a1c1c"


@dataclass(frozen=True)
class Palette:
    ring: str
    band: str
    ink: str


# A badge that is no longer valid changes colour as well as words, so that an embedded badge
# tells the truth at a glance. The colours are the site's seal status colours.
PALETTES = {
    "valid": Palette(ring=BRAND, band=GREEN, ink=BRAND_DARK),
    "expired": Palette(ring=RED, band=RED, ink=RED),
    "suspended": Palette(ring=AMBER, band=AMBER, ink=AMBER),
    "revoked": Palette(ring=RED, band=RED, ink=RED),
}

# The badge page's icons (a tick and a cross in a 24-unit square), as polygons.
TICK = ((9, 16.2), (4.8, 12), (3.4, 13.4), (9, 19), (21, 7), (19.6, 5.6))
CROSS = (
    (19, 6.4),
    (17.6, 5),
    (12, 10.6),
    (6.4, 5),
    (5, 6.4),
    (10.6, 12),
    (5, 17.6),
    (6.4, 19),
    (12, 13.4),
    (17.6, 19),
    (19, 17.6),
    (13.4, 12),
)


@dataclass(frozen=True)
class BadgeFace:
    """Everything a badge shows, in words already translated. Its ``repr`` names the
    picture: two badges with equal faces are the same picture."""

    state: str
    holder: str
    label: str
    state_word: str
    years: str
    title: str


def face_of(seal, state):
    """The face of a seal's badge in the active language. ``state`` is
    ``selectors.seal_state(seal)``."""
    holder = printable(seal.organisation.name)
    state_word = {
        "valid": pgettext("seal badge", "verified"),
        "expired": _("expired"),
        "suspended": pgettext("seal status", "suspended"),
        "revoked": pgettext("seal status", "revoked"),
    }[state.name]
    first, last = seal.valid_from.year, seal.valid_until.year
    years = str(first) if first == last else f"{first}–{last}"
    return BadgeFace(
        state=state.name,
        holder=holder,
        label=_("Part of SMART REGION"),
        state_word=state_word,
        years=years,
        title=_("Seal “Part of SMART REGION” of %(holder)s: %(state)s, %(years)s")
        % {"holder": holder, "state": state_word, "years": years},
    )


def class_face():
    """The seal's mark without a holder: the picture of the Open Badges BadgeClass."""
    return BadgeFace(
        state="valid",
        holder=_("Seal"),
        label=_("Part of SMART REGION"),
        state_word=pgettext("seal badge", "verified"),
        years="",
        title=_("Seal “Part of SMART REGION”"),
    )


# Characters XML 1.0 does not allow, and that a form may still let through in a name.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def printable(text):
    """One line of text, composed (NFC, so that "ü" is one glyph), without control
    characters."""
    text = NOT_IN_XML.sub("", unicodedata.normalize("NFC", text))
    return " ".join(text.split())


# The layout


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float
    fill: str


@dataclass(frozen=True)
class Line:
    """A stroke with round ends."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    colour: str


@dataclass(frozen=True)
class Polygon:
    points: tuple
    fill: str


@dataclass(frozen=True)
class Band:
    """A rectangle with rounded corners."""

    x: float
    y: float
    width: float
    height: float
    radius: float
    fill: str


@dataclass(frozen=True)
class Text:
    """One line, centred on ``x``, standing on ``baseline``; ``width`` is what it measures in
    the site's typeface, which the SVG asks a browser to keep: inside an <img> the SVG cannot
    load the web font, and another typeface would overflow the seal or run into the tick.
    ``part`` names the line's part of the badge (a class in the SVG)."""

    x: float
    baseline: float
    text: str
    size: float
    weight: int
    fill: str
    width: float
    part: str


NAME_WIDTH = 340
NAME_TOP, NAME_BOTTOM = 228, 330
NAME_SIZES = range(40, 15, -1)
NAME_WEIGHT = 600
LINE_HEIGHT = 1.12
MAX_NAME_LINES = 4
# Of the font size, how far a line's baseline stands below the top of its line box, so that a
# block of lines looks centred in its space.
BASELINE_DROP = 0.82


def layout(face):
    """The badge as shapes in the 512-unit square."""
    palette = PALETTES[face.state]
    shapes = [
        Circle(CENTRE, CENTRE, 248, palette.ring),
        Circle(CENTRE, CENTRE, 226, WHITE),
        *emblem(CENTRE, 112, 60),
        text_line("label", face.label, 204, 24, 700, BRAND_DARK),
        Line(176, 222, 336, 222, 2, LINE),
        *name_block(face.holder),
        *state_band(face.state, face.state_word, palette.band),
    ]
    if face.years:
        shapes.append(text_line("years", face.years, 446, 30, 700, palette.ink))
    return shapes


def emblem(cx, cy, radius):
    """The initiative's mark (six partners around a hub), as in static/img/logo.svg, whose
    48-unit tile this scales to a disc of ``radius``."""
    unit = radius / 24
    ring_colour = blend(WHITE, BRAND, 0.45)
    spoke_colour = blend(WHITE, BRAND, 0.7)
    shapes = [
        Circle(cx, cy, radius, BRAND),
        Circle(cx, cy, 15.0 * unit, ring_colour),
        Circle(cx, cy, 12.84 * unit, BRAND),
    ]
    nodes = [
        (cx + 13.92 * unit * math.cos(angle), cy + 13.92 * unit * math.sin(angle))
        for angle in (math.radians(-90 + 60 * step) for step in range(6))
    ]
    shapes += [Line(cx, cy, x, y, 2.16 * unit, spoke_colour) for x, y in nodes]
    shapes += [Circle(x, y, 3.12 * unit, WHITE) for x, y in nodes]
    shapes.append(Circle(cx, cy, 4.21 * unit, ACCENT))
    return shapes


def name_block(name):
    size, lines = fit(name)
    line_height = size * LINE_HEIGHT
    top = (NAME_TOP + NAME_BOTTOM - len(lines) * line_height) / 2
    return [
        text_line(
            "holder", line, top + index * line_height + size * BASELINE_DROP, size, NAME_WEIGHT, INK
        )
        for index, line in enumerate(lines)
    ]


def state_band(state, word, colour):
    """The ribbon across the seal: a tick and "GEPRÜFT" while valid, otherwise a cross and
    the state in words."""
    top, height, size = 340, 58, 34
    word = word.upper()
    icon = 36
    gap = 10
    width = icon + gap + measure(word, size, 700)
    left = CENTRE - width / 2
    scale = icon / 24
    points = tuple(
        (round(left + x * scale, 2), round(top + (height - icon) / 2 + y * scale, 2))
        for x, y in (TICK if state == "valid" else CROSS)
    )
    word_centre = left + icon + gap + measure(word, size, 700) / 2
    return [
        Band(36, top, CANVAS - 72, height, 8, colour),
        Polygon(points, WHITE),
        text_line("state", word, top + height / 2 + size * 0.33, size, 700, WHITE, x=word_centre),
    ]


def text_line(part, text, baseline, size, weight, fill, x=CENTRE):
    return Text(
        x=round(x, 2),
        baseline=round(baseline, 2),
        text=text,
        size=size,
        weight=weight,
        fill=fill,
        width=round(measure(text, size, weight), 2),
        part=part,
    )


def blend(top, bottom, opacity):
    """``top`` laid over ``bottom`` with ``opacity``, as one opaque colour."""
    mixed = (
        round(opacity * int(top[i : i + 2], 16) + (1 - opacity) * int(bottom[i : i + 2], 16))
        for i in (1, 3, 5)
    )
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


# Fitting the name


def fit(name):
    """The largest size at which the name fits the seal in at most as many lines as the space
    holds, wrapped at spaces and after hyphens and slashes; failing that, with words too long
    for a line broken inside; failing that, at the smallest size, shortened with an ellipsis
    (the SVG's title and the embed's alternative text carry it whole)."""
    pieces = breakable_pieces(name)
    for breaking_words in (False, True):
        for size in NAME_SIZES:
            candidates = broken_where_too_long(pieces, size) if breaking_words else pieces
            lines = wrap(candidates, size)
            if lines is not None and len(lines) <= lines_room(size):
                return size, lines
    size = NAME_SIZES[-1]
    room = lines_room(size)
    lines = wrap(broken_where_too_long(pieces, size), size)
    if len(lines) > room:
        lines = [*lines[: room - 1], ellipsised(lines[room - 1], size)]
    return size, lines


def lines_room(size):
    return min(MAX_NAME_LINES, int((NAME_BOTTOM - NAME_TOP) // (size * LINE_HEIGHT)))


def breakable_pieces(name):
    """The name as ``(text, glue)`` pieces: a line may break before each piece, and the glue
    is what joins it to the piece before when it does not."""
    pieces = []
    for word in name.split(" "):
        for index, part in enumerate(re.split(r"(?<=[-/])(?=.)", word)):
            pieces.append((part, "" if index else " "))
    return pieces


def broken_where_too_long(pieces, size):
    """The pieces, each one too wide for a line cut into its characters."""
    result = []
    for text, glue in pieces:
        if measure(text, size, NAME_WEIGHT) <= NAME_WIDTH:
            result.append((text, glue))
        else:
            result += [(text[0], glue), *((char, "") for char in text[1:])]
    return result


def wrap(pieces, size):
    """Greedy lines of at most NAME_WIDTH; ``None`` if one piece alone is wider."""
    lines = []
    for text, glue in pieces:
        if lines and measure(lines[-1] + glue + text, size, NAME_WEIGHT) <= NAME_WIDTH:
            lines[-1] += glue + text
            continue
        if measure(text, size, NAME_WEIGHT) > NAME_WIDTH:
            return None
        lines.append(text)
    return [line.strip() for line in lines if line.strip()] or [""]


def ellipsised(text, size):
    while text and measure(text + "…", size, NAME_WEIGHT) > NAME_WIDTH:
        text = text[:-1]
    return text.rstrip() + "…"


# Fonts


@lru_cache(maxsize=64)
def fonts(pixels, weight):
    """Source Sans 3 at ``pixels`` in ``weight``, one font per subset, in FONT_FILES order.
    Basic layout, so that the picture does not depend on a shaping library being installed."""
    loaded = []
    for name in FONT_FILES:
        font = ImageFont.truetype(FONT_DIR / name, pixels, layout_engine=ImageFont.Layout.BASIC)
        font.set_variation_by_axes([weight])
        loaded.append(font)
    return tuple(loaded)


@lru_cache(maxsize=4096)
def subset_of(char):
    """Which of FONT_FILES draws ``char``: a font draws a character it lacks as its
    "missing" box, so the first font whose drawing differs from that box has it."""
    for index, font in enumerate(fonts(32, 400)):
        if glyph_picture(font, char) != glyph_picture(font, "\U000f0000"):
            return index
    return 0


def glyph_picture(font, char):
    picture = Image.new("L", (64, 64))
    ImageDraw.Draw(picture).text((16, 16), char, font=font, fill=255)
    return picture.tobytes()


def runs(text):
    """``text`` cut into runs that one font draws, as ``(subset index, run)``."""
    cut = []
    for char in text:
        index = subset_of(char)
        if cut and cut[-1][0] == index:
            cut[-1][1] += char
        else:
            cut.append([index, char])
    return [(index, run) for index, run in cut]


# Measured at four times the size, where rounding to whole pixels does not matter.
MEASURING_SCALE = 4


def measure(text, size, weight):
    drawn = fonts(round(size * MEASURING_SCALE), weight)
    return sum(drawn[index].getlength(run) for index, run in runs(text)) / MEASURING_SCALE


# The SVG


def badge_svg(face):
    """The badge as an SVG document (UTF-8 bytes) that announces itself to assistive
    technology as one image named by its title."""
    root = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {CANVAS} {CANVAS}",
            "width": "256",
            "height": "256",
            "role": "img",
            "aria-labelledby": "badge-title",
        },
    )
    ET.SubElement(root, "title", {"id": "badge-title"}).text = face.title
    for shape in layout(face):
        root.append(svg_element(shape))
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


def svg_element(shape):
    if isinstance(shape, Circle):
        return ET.Element(
            "circle",
            {"cx": num(shape.cx), "cy": num(shape.cy), "r": num(shape.r), "fill": shape.fill},
        )
    if isinstance(shape, Line):
        return ET.Element(
            "line",
            {
                "x1": num(shape.x1),
                "y1": num(shape.y1),
                "x2": num(shape.x2),
                "y2": num(shape.y2),
                "stroke": shape.colour,
                "stroke-width": num(shape.width),
                "stroke-linecap": "round",
            },
        )
    if isinstance(shape, Polygon):
        points = " ".join(f"{num(x)},{num(y)}" for x, y in shape.points)
        return ET.Element("polygon", {"points": points, "fill": shape.fill})
    if isinstance(shape, Band):
        return ET.Element(
            "rect",
            {
                "x": num(shape.x),
                "y": num(shape.y),
                "width": num(shape.width),
                "height": num(shape.height),
                "rx": num(shape.radius),
                "fill": shape.fill,
            },
        )
    attributes = {
        "class": shape.part,
        "x": num(shape.x),
        "y": num(shape.baseline),
        "text-anchor": "middle",
        "font-family": SVG_FONT_FAMILY,
        "font-size": num(shape.size),
        "font-weight": str(shape.weight),
        "fill": shape.fill,
        "textLength": num(shape.width),
        "lengthAdjust": "spacingAndGlyphs",
    }
    element = ET.Element("text", attributes)
    element.text = shape.text
    return element


def num(value):
    return f"{value:.2f}".rstrip("0").rstrip(".")


# The PNG


def badge_png(face, size):
    return png_bytes(badge_picture(face, size))


def badge_picture(face, size):
    """The badge painted with Pillow, ``size`` pixels square, transparent around the seal."""
    canvas = size * SUPERSAMPLING
    scale = canvas / CANVAS
    picture = Image.new("RGBA", (canvas, canvas), (255, 255, 255, 0))
    draw = ImageDraw.Draw(picture)
    for shape in layout(face):
        paint(draw, shape, scale)
    return picture.resize((size, size), Image.Resampling.LANCZOS)


def paint(draw, shape, scale):
    if isinstance(shape, Circle):
        r = shape.r * scale
        cx, cy = shape.cx * scale, shape.cy * scale
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=shape.fill)
    elif isinstance(shape, Line):
        ends = ((shape.x1 * scale, shape.y1 * scale), (shape.x2 * scale, shape.y2 * scale))
        draw.line(ends, fill=shape.colour, width=round(shape.width * scale))
        r = shape.width * scale / 2
        for x, y in ends:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=shape.colour)
    elif isinstance(shape, Polygon):
        draw.polygon([(x * scale, y * scale) for x, y in shape.points], fill=shape.fill)
    elif isinstance(shape, Band):
        box = (
            shape.x * scale,
            shape.y * scale,
            (shape.x + shape.width) * scale,
            (shape.y + shape.height) * scale,
        )
        draw.rounded_rectangle(box, radius=shape.radius * scale, fill=shape.fill)
    else:
        paint_text(draw, shape, scale)


def paint_text(draw, shape, scale):
    drawn = fonts(round(shape.size * scale), shape.weight)
    pieces = runs(shape.text)
    width = sum(drawn[index].getlength(run) for index, run in pieces)
    x = shape.x * scale - width / 2
    for index, run in pieces:
        draw.text((x, shape.baseline * scale), run, font=drawn[index], fill=shape.fill, anchor="ls")
        x += drawn[index].getlength(run)


def png_bytes(picture, pnginfo=None):
    """The picture as a PNG of 256 colours (with transparency): a fifth of the size of a
    full-colour one, and alike to the eye, since the badge has few colours and their edges."""
    out = io.BytesIO()
    palette = picture.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    palette.save(out, format="PNG", optimize=True, pnginfo=pnginfo)
    return out.getvalue()


def baked_png(face, assertion_json):
    """The 512-pixel badge baked for Open Badges 2.0: an uncompressed iTXt chunk with the
    keyword ``openbadges`` holding the hosted assertion, as the baking specification asks."""
    info = PngImagePlugin.PngInfo()
    info.add_itxt("openbadges", assertion_json, lang="", tkey="", zip=False)
    return png_bytes(badge_picture(face, 512), pnginfo=info)


# The QR code

# Quartile error correction: a printed code still reads with a scratch or a logo sticker.
QR_ERROR = "q"


def qr_svg(url, title):
    out = io.BytesIO()
    segno.make(url, error=QR_ERROR, micro=False).save(
        out, kind="svg", scale=8, border=4, title=title, svgclass=None, lineclass=None
    )
    return out.getvalue()


def qr_png(url):
    out = io.BytesIO()
    segno.make(url, error=QR_ERROR, micro=False).save(out, kind="png", scale=10, border=4)
    return out.getvalue()
