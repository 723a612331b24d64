"""Demo content of the region's pages, taken from the SMART REGION source pages.

Each object is created once: a second run finds it and leaves it, and edits made in the admin
since are kept.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Locale, Page, Site

from cms.models import ContactPerson, FundingNotice, SiteSettings
from cms.translation import translate_with_localize

from .models import HomePage, StandardPage

HOME_PAGE = {
    "title": "SMART REGION",
    "slug": "home",
    "heading": "Aufbruch zur SMART REGION",
    "intro": (
        "Die südliche Metropolregion Hamburg befindet sich im Aufbruch – die globalen Trends des "
        "demographischen Wandels, des Klimawandels und des technologischen Fortschritts betreffen "
        "auch die Landkreise der Region."
    ),
    "body": [
        (
            "paragraph",
            "<p>SMART REGION bietet die Möglichkeit, den Aufbruch aktiv zu gestalten. Durch die "
            "enge Kooperation zwischen Vertretern aus Wirtschaft, Wissenschaft, Politik und "
            "Verwaltung sowie gesellschaftlichen Institutionen will SMART REGION die Kernthemen "
            "identifizieren, die Nordostniedersachsen und die Süderelbe-Region in Zukunft "
            "bewegen.</p>",
        ),
        ("heading", {"text": "Regionale Herausforderungen und Lösungen", "level": "h2"}),
        (
            "paragraph",
            "<p>SMART REGION setzt auf kreisübergreifende Projekte zwischen den Landkreisen "
            "Harburg, Lüchow-Dannenberg, Lüneburg, Stade, Uelzen sowie der Hansestadt "
            "Lüneburg.</p>",
        ),
        ("heading", {"text": "Gestalten Sie Ihre SMART REGION mit", "level": "h2"}),
        (
            "paragraph",
            "<p>Die Landkreise Harburg, Lüchow-Dannenberg, Lüneburg, Stade, Uelzen sowie die "
            "Hansestadt Lüneburg bieten mit SMART REGION eine Plattform, um gemeinsam Themen und "
            "Projekte der Zukunft zu finden und umzusetzen.</p>",
        ),
    ],
}

HOME_PAGE_ENGLISH = {
    "Aufbruch zur SMART REGION": "Setting out for the SMART REGION",
    HOME_PAGE["intro"]: (
        "The southern Hamburg Metropolitan Region is setting out – the global trends of "
        "demographic change, climate change and technological progress affect the districts of "
        "the region too."
    ),
    (
        "SMART REGION bietet die Möglichkeit, den Aufbruch aktiv zu gestalten. Durch die enge "
        "Kooperation zwischen Vertretern aus Wirtschaft, Wissenschaft, Politik und Verwaltung "
        "sowie gesellschaftlichen Institutionen will SMART REGION die Kernthemen identifizieren, "
        "die Nordostniedersachsen und die Süderelbe-Region in Zukunft bewegen."
    ): (
        "SMART REGION offers the chance to shape this departure actively. Through close "
        "cooperation between business, science, politics, administration and civil society, "
        "SMART REGION sets out to identify the core topics that will move north-east Lower "
        "Saxony and the Süderelbe region in the future."
    ),
    "Regionale Herausforderungen und Lösungen": "Regional challenges and solutions",
    (
        "SMART REGION setzt auf kreisübergreifende Projekte zwischen den Landkreisen Harburg, "
        "Lüchow-Dannenberg, Lüneburg, Stade, Uelzen sowie der Hansestadt Lüneburg."
    ): (
        "SMART REGION relies on projects across the districts of Harburg, Lüchow-Dannenberg, "
        "Lüneburg, Stade and Uelzen and the Hanseatic City of Lüneburg."
    ),
    "Gestalten Sie Ihre SMART REGION mit": "Help shape your SMART REGION",
    (
        "Die Landkreise Harburg, Lüchow-Dannenberg, Lüneburg, Stade, Uelzen sowie die Hansestadt "
        "Lüneburg bieten mit SMART REGION eine Plattform, um gemeinsam Themen und Projekte der "
        "Zukunft zu finden und umzusetzen."
    ): (
        "With SMART REGION, the districts of Harburg, Lüchow-Dannenberg, Lüneburg, Stade and "
        "Uelzen and the Hanseatic City of Lüneburg offer a platform to find and carry out the "
        "topics and projects of the future together."
    ),
}

# Not translated yet, like many pages on a real site: the language switcher says so.
WAY_TO_SMART_REGION = {
    "title": "Der Weg zur SMART REGION",
    "slug": "der-weg-zur-smart-region",
    "show_in_menus": True,
    "intro": (
        "SMART REGION setzt auf die intelligenten Ideen regionaler Unternehmen, "
        "Wissenschaftler und des öffentlichen Sektors."
    ),
    "body": [
        (
            "paragraph",
            "<p>Im Oktober, November und Dezember 2014 fanden zwei Reihen von "
            "Innovations-Workshops in den fünf Landkreisen und der Hansestadt Lüneburg statt. "
            "Insgesamt nutzten über 200 Teilnehmer die Möglichkeit zur Mitsprache und "
            "entwickelten rund 40 Projektideen.</p>",
        ),
        ("heading", {"text": "Experteninterviews", "level": "h2"}),
        (
            "paragraph",
            "<p>Durch Gespräche mit ausgewählten Experten der hiesigen Wirtschaft und "
            "Wissenschaft erfolgt eine Fokussierung und Auswahl von vielversprechenden "
            "Leitprojekten für die Region.</p>",
        ),
    ],
}

CONTACT = {
    "name": "Dr. Jürgen Glaser",
    "role": "Prokurist/Bereichsleiter Clusterentwicklung",
    "organisation": "Süderelbe AG",
    "street": "Veritaskai 4",
    "postal_code": "21079",
    "city": "Hamburg",
    "phone": "+49 (40) 355 10 3410",
    "fax": "+49 (40) 355 10 330",
}
CONTACT_ENGLISH = {CONTACT["role"]: "Authorised Officer / Head of Cluster Development"}

FUNDING_NOTICE = {
    "name": "EFRE Niedersachsen",
    "text": (
        "<p>SMART REGION wird mit niedersächsischen Mitteln des Europäischen Fonds für regionale "
        "Entwicklung gefördert.</p>"
    ),
}
FUNDING_NOTICE_ENGLISH = {
    "SMART REGION wird mit niedersächsischen Mitteln des Europäischen Fonds für regionale "
    "Entwicklung gefördert.": (
        "SMART REGION is funded by Lower Saxony with means of the European Regional "
        "Development Fund."
    ),
}


def ensure_tree_root(german):
    """Wagtail's migrations create the root of the page tree; a flushed database lacks it."""
    return Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=german)
    )


def remove_wagtail_welcome_page(root):
    """Wagtail's installation leaves a placeholder page where the home page belongs."""
    plain_page = ContentType.objects.get_for_model(Page)
    for page in root.get_children().filter(content_type=plain_page, numchild=0):
        page.delete()


def ensure_home_page(german):
    home = HomePage.objects.filter(locale=german, depth=2).first()
    if home is not None:
        return home, False
    root = ensure_tree_root(german)
    remove_wagtail_welcome_page(root)
    return add_published_child(root, HomePage(locale=german, **HOME_PAGE)), True


def ensure_child_page(parent, page_class, fields):
    page = page_class.objects.child_of(parent).filter(slug=fields["slug"]).first()
    if page is not None:
        return page, False
    return add_published_child(parent, page_class(**fields)), True


def add_published_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_site(home):
    """The default site, created once; its name and host stay as the admin last set them."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site, False
    site = Site.objects.create(
        hostname="localhost",
        port=80,
        root_page=home,
        is_default_site=True,
        site_name="SMART REGION",
    )
    return site, True


def ensure_translation(instance, english, strings):
    if instance.get_translation_or_none(english) is None:
        translate_with_localize(instance, english, strings)
        return True
    return False


FOOTER_SNIPPETS = [
    ("contact", ContactPerson, CONTACT, CONTACT_ENGLISH),
    ("funding_notice", FundingNotice, FUNDING_NOTICE, FUNDING_NOTICE_ENGLISH),
]


def ensure_footer(site, german, english, log):
    """The footer's contact and funding notice, set once for a site that has no footer settings
    yet: what editors later change, replace or clear there stays as they left it."""
    if SiteSettings.objects.filter(site=site).exists():
        log("footer settings", False)
        return
    site_settings = SiteSettings(site=site)
    for field, model, fields, english_strings in FOOTER_SNIPPETS:
        snippet, _ = model.objects.get_or_create(
            locale=german, name=fields["name"], defaults=fields
        )
        ensure_translation(snippet, english, english_strings)
        setattr(site_settings, field, snippet)
    site_settings.save()
    log("footer settings", True)


def load(log):
    german, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    english, _ = Locale.objects.get_or_create(language_code="en")

    home, created = ensure_home_page(german)
    log("home page", created)
    log("English home page", ensure_translation(home, english, HOME_PAGE_ENGLISH))
    site, created = ensure_site(home)
    log("site", created)
    _, created = ensure_child_page(home, StandardPage, WAY_TO_SMART_REGION)
    log("page “Der Weg zur SMART REGION”", created)
    ensure_footer(site, german, english, log)
