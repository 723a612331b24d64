"""The region's page tree, a module per area."""

from .lead_projects import ImplementationProject, LeadProjectIndexPage, LeadProjectPage
from .pages import HomePage, StandardPage
from .sectors import SectorContact, SectorIndexPage, SectorPage

__all__ = [
    "HomePage",
    "ImplementationProject",
    "LeadProjectIndexPage",
    "LeadProjectPage",
    "SectorContact",
    "SectorIndexPage",
    "SectorPage",
    "StandardPage",
]
