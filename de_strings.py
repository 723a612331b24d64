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
}
