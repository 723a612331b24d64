"""Listings split into pages with ``?page=``, as shareable links that work without JavaScript."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404


def requested_page(items, request, per_page):
    """The page of ``items`` that the visitor asked for. A number past the end (a shared link
    to a list that has shrunk since) shows the last page; a value that is no number names no
    page at all."""
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)
    except PageNotAnInteger:
        raise Http404 from None
