"""What a search answers, whichever engine found it."""

from dataclasses import dataclass, field

FACETS = ("type", "sector", "district", "tag", "year")
SORTS = ("relevance", "date")
PAGE_SIZE = 10


@dataclass
class Hit:
    key: str
    kind: str
    kind_label: str
    name: str
    title: str
    snippet: str
    url: str
    date: object = None


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Results:
    query: object
    hits: list = field(default_factory=list)
    total: int = 0
    facets: dict = field(default_factory=dict)
    page: int = 1
    pages: int = 0
    suggestion: str = ""
    engine: str = ""
    # The filters applied: facet name -> (value, label).
    chosen: dict = field(default_factory=dict)


@dataclass
class Request:
    """A search as the service receives it: the query, the chosen facet values (one per facet;
    unknown ones are ignored), the language of the results, the page and the order."""

    query: object
    language: str
    filters: dict = field(default_factory=dict)
    page: int = 1
    sort: str = "relevance"
    page_size: int = PAGE_SIZE
    with_facets: bool = True

    def offset(self, total):
        """Where the requested page starts; past the end, the last page is shown."""
        pages = max(1, -(-total // self.page_size))
        self.page = min(max(1, self.page), pages)
        return (self.page - 1) * self.page_size, pages
