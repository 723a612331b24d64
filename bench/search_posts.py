"""Thousands of blog posts with German text for the search benchmark, written straight into
the tables (as the tests' ``bulk_posts`` does, without revisions, signals or the search index):
in seconds where creating them as editors do would take an hour.

The text is drawn from a German vocabulary whose words are picked with Zipf-like weights, so
that a common word ("Digitalisierung") is in thousands of posts and a rare one
("Streuobstwiese") in a few dozen, and a query finds a different subset for each word. Posts
are spread over the demo's German sectors and districts, a set of tags and six years. The
same seed gives the same posts.
"""

import itertools
import json
import random
import uuid
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Locale, Page

from blog.models import BlogIndexPage, BlogPostPage, BlogPostTag
from cms.models import District
from home.models import SectorPage

NOUNS = """
Digitalisierung Energie Wärmepumpe Handwerk Fachkräfte Ausbildung Mittelstand Landwirtschaft
Tourismus Gesundheit Pflege Mobilität Breitband Glasfaser Wasserstoff Photovoltaik Windkraft
Logistik Hafen Schifffahrt Einzelhandel Gastronomie Bäckerei Tischlerei Metallbau Werkstatt
Genossenschaft Gemeinde Verwaltung Schule Hochschule Forschung Innovation Gründung Start-up
Förderung Netzwerk Kooperation Plattform Software Datenbank Cloud Sensorik Robotik Automatisierung
Nachhaltigkeit Klimaschutz Kreislaufwirtschaft Recycling Biogas Holz Forstwirtschaft Streuobstwiese
Milchviehbetrieb Hofladen Direktvermarktung Regionalmarke Wertschöpfung Lieferkette Onlineshop
Kundschaft Beratung Weiterbildung Quartier Dorfladen Ehrenamt Verein Kultur Museum Bibliothek
Radweg Carsharing Elektroauto Ladesäule Bahnhof Busverbindung Rufbus Pendler Homeoffice Coworking
Telemedizin Arztpraxis Apotheke Krankenhaus Seniorenheim Kita Jugend Familie Integration Sprache
Bauhandwerk Dachdecker Elektriker Sanitär Heizung Dämmung Sanierung Denkmal Altbau Neubau
Wohnraum Flächen Gewerbegebiet Ansiedlung Standort Fachmesse Marketing Kampagne Wettbewerb
Preis Auszeichnung Projekt Modellvorhaben Reallabor Pilotprojekt Studie Umfrage Erfahrung
Zukunft Wandel Strukturwandel Krise Chance Herausforderung Lösung Idee Beispiel Strategie
Demografie Nachfolge Unternehmen Betrieb Belegschaft Auszubildende Meisterin Gesellen
Saisonarbeit Erntehelfer Gemüsebau Spargel Kartoffel Heidschnucke Imkerei Honig Fischerei Deich
Küstenschutz Hochwasser Moor Naturschutz Artenvielfalt Blühstreifen Solarpark Speicher Stromnetz
Nahwärme Fernwärme Abwärme Effizienz Verbrauch Messtechnik Schaltschrank Maschinenbau Prototyp
Drucker Fräse Lasertechnik Kunststoff Verpackung Lebensmittel Brauerei Molkerei Käserei Mühle
""".split()  # noqa: SIM905

# Compounds, as German forms them: "Energieberatung", "Holzwerkstatt". With them the
# vocabulary has some thousand nouns, most of them in few posts.
COMPOUND_HEADS = """
beratung netz projekt werkstatt markt wirtschaft konzept zentrum verbund technik messe
gruppe initiative agentur förderung partner bilanz forum labor strategie
""".split()  # noqa: SIM905
NOUNS += [f"{first}{head}" for first in NOUNS[:60] if "-" not in first for head in COMPOUND_HEADS]

ADJECTIVES = """
regionale digitale neue nachhaltige junge kleine große ländliche städtische gemeinsame moderne
innovative erfolgreiche mutige kreative offene lokale flexible günstige schnelle sichere
familiengeführte traditionsreiche zukunftsfähige klimafreundliche soziale bürgernahe vernetzte
""".split()  # noqa: SIM905

VERBS = """
entwickelt plant baut öffnet verbindet stärkt fördert testet zeigt nutzt gewinnt erweitert
digitalisiert vermarktet organisiert gründet verbessert spart teilt begleitet unterstützt
""".split()  # noqa: SIM905

CONNECTORS = [
    "Seit dem Frühjahr",
    "Gemeinsam mit Partnern",
    "Mit Unterstützung des Landes",
    "Nach zwei Jahren Vorbereitung",
    "Trotz der Krise",
    "Im ländlichen Raum",
    "Mitten in der Stadt",
    "Auf Initiative der Belegschaft",
    "Ohne großen Aufwand",
    "Dank der Förderung",
]

# Phrases a quoted query finds as they stand, in some posts and not in others.
PHRASES = [
    "regionale Wertschöpfung",
    "digitale Werkstatt",
    "neue Wege",
    "kurze Wege",
    "schnelles Internet",
    "gute Arbeit",
]

TAGS = [
    "Digitalisierung",
    "Energiewende",
    "Fachkräfte",
    "Handwerk",
    "Landwirtschaft",
    "Tourismus",
    "Gesundheit",
    "Mobilität",
    "Klimaschutz",
    "Gründung",
    "Ehrenamt",
    "Bildung",
    "Kooperation",
    "Nachfolge",
    "Breitband",
    "Innovation",
    "Einzelhandel",
    "Kreislaufwirtschaft",
    "Wohnen",
    "Kultur",
]

YEARS = range(2020, 2026)


def zipf_weights(count, exponent=1.0):
    return [1 / (rank + 1) ** exponent for rank in range(count)]


class Writer:
    """German sentences from the vocabulary, drawn with ``random.Random(seed)``."""

    def __init__(self, seed, places):
        self.random = random.Random(seed)  # noqa: S311 (text, not secrets)
        self.nouns = NOUNS[:]
        # Which words are common is fixed by the seed, not by the order of the list above.
        self.random.shuffle(self.nouns)
        self.noun_weights = list(itertools.accumulate(zipf_weights(len(self.nouns), 1.1)))
        self.places = places

    def noun(self):
        return self.random.choices(self.nouns, cum_weights=self.noun_weights)[0]

    def sentence(self):
        r = self.random
        words = [
            r.choice(CONNECTORS),
            r.choice(VERBS),
            "die",
            r.choice(ADJECTIVES),
            self.noun(),
            r.choice(["in", "bei", "für", "mit"]),
            r.choice(self.places),
            "ihre",
            self.noun(),
            "und",
            self.noun(),
        ]
        if r.random() < 0.25:
            words += ["für", r.choice(PHRASES)]
        if r.random() < 0.3:
            words += ["–", "ein", "Beispiel", "für", r.choice(ADJECTIVES), self.noun()]
        return " ".join(words) + "."

    def title(self):
        r = self.random
        place = r.choice(self.places)
        return f"{r.choice(ADJECTIVES).capitalize()} {self.noun()}: {self.noun()} in {place}"

    def paragraph(self):
        return " ".join(self.sentence() for _ in range(self.random.randint(3, 6)))

    def body(self):
        blocks = []
        for _ in range(self.random.randint(3, 5)):
            if self.random.random() < 0.4:
                blocks.append(
                    {
                        "type": "heading",
                        "value": {"text": f"{self.noun()} und {self.noun()}", "level": "h2"},
                        "id": str(uuid.UUID(int=self.random.getrandbits(128))),
                    }
                )
            blocks.append(
                {
                    "type": "paragraph",
                    "value": f"<p>{self.paragraph()}</p>",
                    "id": str(uuid.UUID(int=self.random.getrandbits(128))),
                }
            )
        return json.dumps(blocks, ensure_ascii=False)


def nouns_by_frequency(seed=17):
    """The nouns of the posts ``generate(seed=seed)`` writes, the most common first."""
    return Writer(seed, ["Ort"]).nouns


@transaction.atomic
def generate(count, *, seed=17):
    """``count`` published German posts below the German blog index of the demo, each in one
    or two sectors and districts, with one to three tags and a date in ``YEARS``."""
    german = Locale.objects.get(language_code="de")
    index = BlogIndexPage.objects.get(locale=german)
    sectors = list(SectorPage.objects.live().filter(locale=german).order_by("path"))
    districts = list(District.objects.filter(locale=german).order_by("name"))
    if not sectors or not districts:
        raise SystemExit("error: the demo content has no German sectors or districts")
    writer = Writer(seed, [district.name for district in districts])
    r = writer.random
    content_type = ContentType.objects.get_for_model(BlogPostPage)
    last = index.get_last_child()
    first_step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    depth = index.depth + 1
    now = timezone.now()
    titles = [writer.title() for _ in range(count)]
    pages = Page.objects.bulk_create(
        (
            Page(
                title=title,
                draft_title=title,
                slug=f"{slugify(title)[:60]}-{first_step + number}",
                path=Page._get_path(index.path, depth, first_step + number),
                depth=depth,
                numchild=0,
                url_path=f"{index.url_path}{slugify(title)[:60]}-{first_step + number}/",
                content_type=content_type,
                locale_id=index.locale_id,
                live=True,
                first_published_at=now,
                last_published_at=now,
            )
            for number, title in enumerate(titles)
        ),
        batch_size=1000,
    )
    first_day = date(YEARS[0], 1, 1)
    days = (date(YEARS[-1], 12, 31) - first_day).days
    rows = [
        (
            page.pk,
            writer.paragraph()[:600],
            writer.body(),
            first_day + timedelta(days=r.randrange(days)),
            "",
            2,
        )
        for page in pages
    ]
    table = BlogPostPage._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (page_ptr_id, intro, body, date, hero_image_alt, "  # noqa: S608
            "reading_minutes) VALUES (%s, %s, %s, %s, %s, %s)",
            rows,
        )
    BlogPostPage.sectors.through.objects.bulk_create(
        BlogPostPage.sectors.through(blogpostpage_id=page.pk, sectorpage_id=sector.pk)
        for page in pages
        for sector in r.sample(sectors, k=r.choice([1, 1, 2]))
    )
    BlogPostPage.districts.through.objects.bulk_create(
        BlogPostPage.districts.through(blogpostpage_id=page.pk, district_id=district.pk)
        for page in pages
        for district in r.sample(districts, k=r.choice([1, 1, 2]))
    )
    tags = [
        Tag.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0] for name in TAGS
    ]
    tag_weights = list(itertools.accumulate(zipf_weights(len(tags))))
    BlogPostTag.objects.bulk_create(
        BlogPostTag(content_object_id=page.pk, tag=tag)
        for page in pages
        for tag in {
            t.pk: t for t in r.choices(tags, cum_weights=tag_weights, k=r.randint(1, 3))
        }.values()
    )
    Page.objects.filter(pk=index.pk).update(numchild=index.get_children().count())
    return len(pages)
