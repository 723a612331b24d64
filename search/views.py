import re

from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from cms.filters import ActiveFilter

from . import promotions, service
from .results import FACETS, PAGE_SIZE
from .text import cleaned

PAGE_NUMBER = re.compile(r"[0-9]{1,6}")
FACET_HEADINGS = [
    ("type", _("Type")),
    ("sector", _("Sector")),
    ("district", _("District")),
    ("tag", _("Tag")),
    ("year", _("Year")),
]


def requested_page_number(request):
    """The page asked for; a value that is no number names no page."""
    value = request.GET.get("page") or "1"
    if not PAGE_NUMBER.fullmatch(value):
        raise Http404
    return int(value)


def query_string(params, **changes):
    """The current search's parameters with ``changes`` (None removes one); any change but
    the page's starts again on the first page."""
    kept = params.copy()
    if "page" not in changes:
        kept.pop("page", None)
    for name, value in changes.items():
        if value is None:
            kept.pop(name, None)
        else:
            kept[name] = value
    return f"?{kept.urlencode()}"


# Searches and suggestions are never kept for visitors (cms.page_answers): every search is
# counted for the popular searches, and both show the index as it is now, which the task
# worker writes after a page is published.
@require_http_methods(["GET", "HEAD"])
def results(request):
    query = cleaned(request.GET.get("q", ""))
    found = service.search(
        query,
        language=get_language(),
        filters={name: request.GET.get(name) for name in FACETS},
        page=requested_page_number(request),
        sort=request.GET.get("sort", "relevance"),
    )
    if found.total:
        promotions.count(query)
    params = request.GET.copy()
    pages = Paginator(range(found.total), PAGE_SIZE)
    page_links = (
        [
            (number, query_string(params, page=str(number)) if number != "…" else "")
            for number in pages.get_elided_page_range(found.page, on_each_side=2, on_ends=1)
        ]
        if found.pages > 1
        else []
    )
    facet_groups = [
        (
            name,
            heading,
            [
                (value, query_string(params, **{name: None if value.selected else value.value}))
                for value in found.facets[name]
            ],
        )
        for name, heading in FACET_HEADINGS
        if found.facets.get(name)
    ]
    active_filters = [
        ActiveFilter(label=label, remove_url=query_string(params, **{name: None}))
        for name, (_value, label) in found.chosen.items()
    ]
    return TemplateResponse(
        request,
        "search/results.html",
        {
            "query": query,
            "results": found,
            "facet_groups": facet_groups,
            "active_filters": active_filters,
            "page_links": page_links,
            "sort": found_sort(request),
            "sort_links": {sort: query_string(params, sort=sort) for sort in ("relevance", "date")},
            "promotions": promotions.promoted(query, get_language()) if found.page == 1 else [],
            "popular": [] if found.query else promotions.popular(),
            "suggestion_link": query_string(params, q=found.suggestion) if found.suggestion else "",
        },
    )


def found_sort(request):
    return "date" if request.GET.get("sort") == "date" else "relevance"


@require_http_methods(["GET", "HEAD"])
def suggestions(request):
    """What the search box offers while a visitor types: titles, kinds and addresses."""
    hits = service.suggestions(cleaned(request.GET.get("q", "")), language=get_language())
    response = JsonResponse(
        {
            "suggestions": [
                {"title": hit.name, "kind": hit.kind_label, "url": hit.url} for hit in hits
            ]
        }
    )
    patch_cache_control(response, public=True, max_age=60)
    return response
