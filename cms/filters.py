"""The listings' filters, which are plain GET parameters: the choice a parameter names, the
query string of a set of choices, and the chips that each remove one of them."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.text import capfirst

from cms.page_answers import understood


@dataclass(frozen=True)
class ActiveFilter:
    label: str
    # The same listing without this filter.
    remove_url: str


def chosen_by_slug(choices, slug):
    """The filter choice a GET parameter names; a value that names none filters nothing."""
    return next((choice for choice in choices if choice.slug == slug), None)


def chosen_filter(request, name, choices):
    """The choice the GET parameter ``name`` names, noted as understood by the page."""
    choice = chosen_by_slug(choices, request.GET.get(name))
    if choice is not None:
        understood(request, name)
    return choice


def choice_label(choice):
    """How a filter choice is named in its list: by its title (pages, series, kinds), else as
    itself (districts, years)."""
    return getattr(choice, "title", None) or str(choice)


def filter_query(active):
    """``?name=slug&…`` for the chosen filters, or nothing."""
    params = {name: choice.slug for name, choice in active.items()}
    return f"?{urlencode(params)}" if params else ""


def removable_filters(request, active):
    """The chips above a listing, each leading to it without its filter."""
    return [
        ActiveFilter(
            label=getattr(choice, "title", None) or capfirst(str(choice)),
            remove_url=request.path
            + filter_query({other: kept for other, kept in active.items() if other != name}),
        )
        for name, choice in active.items()
    ]
