"""The region's sectors, lead projects and events in the site search."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.models import District
from search.entries import page_entry, placement_facets
from search.registry import Findable, register
from search.sync import entries_filed_under

from .models import EventPage, LeadProjectPage, SectorPage


def sector_entries(sector):
    entry = page_entry(sector)
    return [entry] if entry else []


def lead_project_entries(project):
    entry = page_entry(project, facets=placement_facets(project))
    return [entry] if entry else []


def event_entries(event):
    entry = page_entry(event, date=timezone.localdate(event.start), facets=placement_facets(event))
    return [entry] if entry else []


def placed(model):
    """The live, public pages of ``model``, with what their entries read of each."""
    return (
        model.objects.live()
        .public()
        .select_related("locale")
        .prefetch_related("sectors", "districts")
    )


# What lead projects and events are filed under, beside the sectors (pages, whose own signals
# tell of their changes).
PLACED_IN = ((District, entries_filed_under),)

for kind, label, model, entries_of, candidates, depends_on in [
    (
        "sector",
        _("Sector"),
        SectorPage,
        sector_entries,
        lambda: SectorPage.objects.live().public().select_related("locale"),
        (),
    ),
    (
        "lead_project",
        _("Lead project"),
        LeadProjectPage,
        lead_project_entries,
        lambda: placed(LeadProjectPage),
        PLACED_IN,
    ),
    ("event", _("Event"), EventPage, event_entries, lambda: placed(EventPage), PLACED_IN),
]:
    register(
        Findable(
            kind=kind,
            label=label,
            model=model,
            entries_of=entries_of,
            candidates=candidates,
            depends_on=depends_on,
        )
    )
