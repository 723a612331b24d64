"""The region's page tree, a module per area."""

from .events import (
    EventContact,
    EventIndexPage,
    EventPage,
    EventSeries,
    EventWorkshop,
    Registration,
    RegistrationStatus,
    Venue,
)
from .lead_projects import ImplementationProject, LeadProjectIndexPage, LeadProjectPage
from .pages import HomePage, StandardPage
from .sectors import SectorContact, SectorIndexPage, SectorPage

__all__ = [
    "EventContact",
    "EventIndexPage",
    "EventPage",
    "EventSeries",
    "EventWorkshop",
    "HomePage",
    "ImplementationProject",
    "LeadProjectIndexPage",
    "LeadProjectPage",
    "Registration",
    "RegistrationStatus",
    "SectorContact",
    "SectorIndexPage",
    "SectorPage",
    "StandardPage",
    "Venue",
]
