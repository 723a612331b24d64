T = {
    "Suspended for the time being: %(reason)s": "Vorübergehend ausgesetzt: %(reason)s",
    "Suspended for the time being.": "Vorübergehend ausgesetzt.",
    (
        "Companies and institutions of the region that are digitally active, can name "
        "references for their work and take part in the region's digital change carry the "
        "seal. The seal committee awards it on application for a limited period."
    ): (
        "Das Siegel tragen Unternehmen und Einrichtungen der Region, die digital aktiv sind, "
        "Referenzen für ihre Arbeit nennen können und am digitalen Wandel der Region "
        "mitwirken. Das Siegelkomitee vergibt es auf Antrag für einen begrenzten Zeitraum."
    ),
    ("badge tag", "digitalisation"): "Digitalisierung",
    ("badge tag", "region"): "Region",
    ("badge tag", "seal"): "Siegel",
    "The organisation applies in the member area and shows:": (
        "Die Organisation beantragt das Siegel im Mitgliederbereich und legt dar:"
    ),
    "**Digital activities**: what it does digitally – products, services, processes.": (
        "**Digitale Aktivitäten**: was sie digital macht – Produkte, Dienstleistungen, Abläufe."
    ),
    "**References**: projects, customers or partners who can confirm its work.": (
        "**Referenzen**: Projekte, Kundinnen und Kunden oder Partner, die ihre Arbeit "
        "bestätigen können."
    ),
    "**Commitment to the region**: how it takes part in the region's digital change.": (
        "**Engagement für die Region**: wie sie am digitalen Wandel der Region mitwirkt."
    ),
    (
        "A reviewer for its district or sector examines the application, and the seal "
        "committee decides. The seal is valid for %(months)s months and can be renewed with a "
        "new application."
    ): (
        "Eine Gutachterin oder ein Gutachter für ihren Landkreis oder ihr Kompetenzfeld prüft "
        "den Antrag, das Siegelkomitee entscheidet. Das Siegel gilt %(months)s Monate und kann "
        "mit einem neuen Antrag verlängert werden."
    ),
    (
        "The SMART REGION connects companies, institutions and districts of the region in its "
        "digital change. It awards the seal “Part of SMART REGION” to its members."
    ): (
        "Die SMART REGION verbindet Unternehmen, Einrichtungen und Landkreise der Region im "
        "digitalen Wandel. Ihren Mitgliedern verleiht sie das Siegel „Part of SMART REGION“."
    ),
    # The badge images and the portal's badge section (helper "images").
    ("seal badge", "verified"): "geprüft",
    "Part of SMART REGION": "Teil der SMART REGION",
    "Seal": "Siegel",
    "Seal “Part of SMART REGION” of %(holder)s: %(state)s, %(years)s": (
        "Siegel „Teil der SMART REGION“ von %(holder)s: %(state)s, %(years)s"
    ),
    "QR code to the seal's badge address": "QR-Code zur Prüfadresse des Siegels",
    "Seal “Part of SMART REGION” of %(holder)s – check it": (
        "Siegel „Teil der SMART REGION“ von %(holder)s – jetzt prüfen"
    ),
    "The badge for your website": "Das Siegel für Ihre Website",
    (
        "The badge shows your seal's state today and links to its badge address, where "
        "anyone can check it. While the seal is not valid, the badge says so."
    ): (
        "Das Siegel-Bild zeigt den heutigen Stand Ihres Siegels und verlinkt auf seine "
        "Prüfadresse, unter der es jede und jeder prüfen kann. Solange das Siegel nicht "
        "gültig ist, sagt das Bild genau das."
    ),
    "Badge": "Siegel-Bild",
    "QR code to the badge address": "QR-Code zur Prüfadresse",
    "QR code for print": "QR-Code für Drucksachen",
    "Downloads": "Downloads",
    "Badge as SVG": "Siegel-Bild als SVG",
    "Badge as PNG:": "Siegel-Bild als PNG:",
    "QR code:": "QR-Code:",
    "Open Badges PNG": "Open-Badges-PNG",
    "carries the seal's assertion, for badge wallets and backpacks": (
        "enthält die Bestätigung des Siegels, für digitale Badge-Sammlungen („Wallets“)"
    ),
    "HTML for your website": "HTML für Ihre Website",
    "Paste this where the badge should appear. It always loads the current badge.": (
        "Fügen Sie diesen Code dort ein, wo das Siegel erscheinen soll. Er lädt immer das "
        "aktuelle Siegel-Bild."
    ),
    "Copied": "Kopiert",
    "Copying did not work. Select the HTML and copy it with your keyboard.": (
        "Das Kopieren hat nicht funktioniert. Markieren Sie den HTML-Code und kopieren Sie "
        "ihn mit der Tastatur."
    ),
    "Copy": "Kopieren",
}
