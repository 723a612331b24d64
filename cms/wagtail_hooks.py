from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import LocaleColumn
from wagtail.admin.widgets.button import ListingButton
from wagtail.models import TranslatableMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ContactPerson, District, FundingNotice
from .page_answers import offer_served_page
from .reports import TranslationStatusMenuItem, TranslationStatusReportView
from .translation import outdated_translation_source, sync_translations, sync_url


class FundingNoticeViewSet(SnippetViewSet):
    model = FundingNotice
    icon = "doc-full"
    list_display = ["name", LocaleColumn(label=_("Language"))]


register_snippet(FundingNoticeViewSet)


class ContactPersonViewSet(SnippetViewSet):
    model = ContactPerson
    icon = "user"
    list_display = ["full_name", "role", "organisation", LocaleColumn(label=_("Language"))]
    search_fields = ["name", "organisation"]


register_snippet(ContactPersonViewSet)


class DistrictViewSet(SnippetViewSet):
    model = District
    icon = "site"
    list_display = ["name", "kind", LocaleColumn(label=_("Language"))]
    list_filter = ["kind"]


register_snippet(DistrictViewSet)


@hooks.register("after_edit_snippet")
def sync_translated_snippets(request, instance):
    """Wagtail-localize carries changes to translations only when an editor finds its "sync"
    action; a site whose footer shows a phone number in two languages needs it at once."""
    if isinstance(instance, TranslatableMixin):
        sync_translations(instance, user=request.user)


@hooks.register("register_page_listing_buttons")
def outdated_translation_button(page, user, next_url=None):
    source = outdated_translation_source(page)
    if source is not None:
        yield ListingButton(
            _("Translation outdated: sync"),
            sync_url(source.pk),
            icon_name="warning",
            priority=5,
        )


@hooks.register("register_admin_urls")
def translation_status_report_urls():
    return [
        path(
            "reports/translation-status/",
            TranslationStatusReportView.as_view(),
            name="translation_status_report",
        ),
        path(
            "reports/translation-status/results/",
            TranslationStatusReportView.as_view(results_only=True),
            name="translation_status_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def translation_status_report_menu_item():
    return TranslationStatusMenuItem(
        _("Translation status"),
        reverse("translation_status_report"),
        name="translation-status",
        icon_name="globe",
        order=9100,
    )


hooks.register("on_serve_page", offer_served_page)
