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
from .idea_calls import IdeaCallFormField, IdeaCallPage
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
    "IdeaCallFormField",
    "IdeaCallPage",
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
