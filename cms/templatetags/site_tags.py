from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail.models import Page
from wagtail.users.models import UserProfile

from cms import documents, filters, fragments, navigation, seo
from cms.models import SiteSettings

register = template.Library()


@register.filter
def document_label(document):
    return documents.document_label(document)


@register.filter
def choice_label(choice):
    return filters.choice_label(choice)


@register.simple_tag(takes_context=True)
def language_alternates(context):
    return navigation.language_alternates(
        context["request"], context.get("page"), error_page=context.get("error_page", False)
    )


@register.simple_tag(takes_context=True)
def content_language(context):
    return navigation.content_language(context["request"], context.get("page"))


@register.simple_tag(takes_context=True)
def editor_language(context):
    """The admin's language for the logged-in editor: their own choice, else the site's."""
    profile = UserProfile.objects.filter(user=context["request"].user).first()
    return (profile and profile.preferred_language) or settings.LANGUAGE_CODE


@register.simple_tag(takes_context=True)
def route_url(context, page, name, absolute=False):
    """The address of one of a page's own routes (its archive, its calendar file)."""
    return page.route_url(context["request"], name, absolute=absolute)


@register.simple_tag(takes_context=True)
def site_home(context):
    """The home page in the visitor's language, where the logo leads."""
    return navigation.site_root(context["request"])


def menu_entry(page, current_path):
    return {
        "page": page,
        "is_current": page.path == current_path,
        "is_ancestor": current_path.startswith(page.path),
    }


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    current_path = getattr(context.get("page"), "path", "")
    return {
        "request": request,
        "items": [
            {
                **menu_entry(item.page, current_path),
                "children": [menu_entry(child, current_path) for child in item.children],
            }
            for item in navigation.menu(request)
        ],
    }


@register.inclusion_tag("components/breadcrumb.html", takes_context=True)
def breadcrumb(context):
    """The trail to the page; a view's page (a feature app's listing) passes the steps below
    the home page as ``view_breadcrumb``, a list of ``navigation.Crumb``."""
    request = context["request"]
    page = context.get("page")
    if isinstance(page, Page):
        trail = navigation.breadcrumb(request, page)
        crumbs = [
            navigation.Crumb(
                title=navigation.breadcrumb_title(crumb, is_home=position == 0),
                url=crumb.get_url(request),
            )
            for position, crumb in enumerate(trail)
        ]
    elif (steps := context.get("view_breadcrumb")) and (home := navigation.site_root(request)):
        crumbs = [
            navigation.Crumb(
                title=navigation.breadcrumb_title(home, is_home=True), url=home.get_url(request)
            ),
            *steps,
        ]
    else:
        crumbs = []
    return {"request": request, "crumbs": crumbs}


@register.inclusion_tag("components/seo_meta.html", takes_context=True)
def seo_meta(context):
    """The head's tags for search engines and link previews; error pages, and pages about one
    visitor, ask not to be indexed."""
    request = context["request"]
    page = context.get("page")
    if context.get("error_page") or context.get("private_page"):
        return {"error_page": True}
    return {
        "site_name": seo.site_name(request),
        "meta": (
            seo.page_metadata(request, page)
            if isinstance(page, Page)
            else context.get("view_metadata")
        ),
        "structured_data": seo.json_ld_script(seo.structured_data(request, page)),
    }


@register.simple_tag(takes_context=True)
def site_footer(context):
    request = context["request"]
    # Rendered by the site's own template, so it is safe to put in as it is.
    return mark_safe(fragments.cached("footer", lambda: render_footer(request)))  # noqa: S308


def render_footer(request):
    site_settings = SiteSettings.for_request(request)
    notice = site_settings.funding_notice and site_settings.funding_notice.localized
    # A translation gets the emblem only when wagtail-localize next syncs it.
    logo = notice and (notice.logo or site_settings.funding_notice.logo)
    legal_pages = [
        site_settings.imprint_page,
        site_settings.privacy_page,
        site_settings.accessibility_page,
    ]
    return render_to_string(
        "components/site_footer.html",
        {
            "contact": site_settings.contact and site_settings.contact.localized,
            "funding_notice": notice,
            "funding_logo": logo,
            "funding_logo_alt": logo and (notice.logo_alt_text or logo.default_alt_text),
            "legal_pages": [page.localized for page in legal_pages if page and page.live],
        },
        request=request,
    )
