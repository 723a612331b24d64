from django import template
from django.conf import settings
from wagtail.users.models import UserProfile

from cms import documents, navigation
from cms.models import SiteSettings

register = template.Library()


@register.filter
def document_label(document):
    return documents.document_label(document)


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


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    current_path = getattr(context.get("page"), "path", "")
    return {
        "request": request,
        "home": navigation.site_root(request),
        "items": [
            {
                "page": item,
                "is_current": item.path == current_path,
                "is_ancestor": current_path.startswith(item.path),
            }
            for item in navigation.menu_items(request)
        ],
    }


@register.inclusion_tag("components/site_footer.html", takes_context=True)
def site_footer(context):
    request = context["request"]
    site_settings = SiteSettings.for_request(request)
    funding_notice = navigation.localized_instance(site_settings.funding_notice)
    # A translation gets the emblem only when wagtail-localize next syncs it.
    funding_logo = funding_notice and (funding_notice.logo or site_settings.funding_notice.logo)
    return {
        "contact": navigation.localized_instance(site_settings.contact),
        "funding_notice": funding_notice,
        "funding_logo": funding_logo,
        "funding_logo_alt": funding_logo
        and (funding_notice.logo_alt_text or funding_logo.default_alt_text),
    }
