"""Listings split into pages with ``?page=``, as shareable links that work without JavaScript."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404

from cms.page_answers import understood


def requested_page(items, request, per_page):
    """The page of ``items`` that the visitor asked for. A number past the end (a shared link
    to a list that has shrunk since) shows the last page; a value that is no number names no
    page at all."""
    paginator = Paginator(items, per_page)
    asked_for = request.GET.get("page")
    try:
        page = paginator.page(asked_for or 1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)
    except PageNotAnInteger:
        raise Http404 from None
    if asked_for == str(page.number):
        understood(request, "page")
    return page
