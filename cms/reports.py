"""The translation status report: every page of the default language with the state of its
translation into each other language, and the action that moves it on."""

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Case, OuterRef, Subquery, When
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BaseColumn, Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.coreutils import get_content_languages, get_supported_content_language_variant
from wagtail.models import Locale, Page
from wagtail.permissions import page_permission_policy

from .translation import (
    TranslationState,
    in_translation_state,
    sync_url,
    translation_status,
    with_translation_states,
)

# The tree is root (depth 1), a home page per language (2), then the sections (3).
SECTION_DEPTH = 3

# Those who may edit pages see the report, with the pages they may edit; Wagtail counts "add"
# as "change" for the pages a user made.
REPORT_PERMISSION = "change"


def default_language():
    """The language pages are written in and translated from; by its code, so that the report's
    queries filter on it without asking for its locale first."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def translation_languages():
    return (
        Locale.objects.filter(language_code__in=get_content_languages())
        .exclude(language_code=default_language())
        .order_by("language_code")
    )


def sections():
    return Page.objects.filter(
        depth=SECTION_DEPTH, locale__language_code=default_language()
    ).order_by("path")


def with_section_titles(pages):
    section = Page.objects.filter(path=Substr(OuterRef("path"), 1, SECTION_DEPTH * Page.steplen))
    return pages.annotate(
        section_title=Case(
            When(depth__gte=SECTION_DEPTH, then=Subquery(section.values("draft_title")[:1]))
        )
    )


class TranslationStatusFilterSet(WagtailFilterSet):
    # Named "locale" so that Wagtail adds no filter of its own by the pages' language: the rows
    # are always the default language's pages, this one picks the translations shown.
    locale = django_filters.ModelChoiceFilter(
        label=_("Language"),
        queryset=lambda request: translation_languages(),
        to_field_name="language_code",
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=TranslationState.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    section = django_filters.ModelChoiceFilter(
        label=_("Section"), queryset=lambda request: sections()
    )

    class Meta:
        model = Page
        fields = []

    @cached_property
    def languages(self):
        return list(translation_languages())

    @cached_property
    def chosen_languages(self):
        chosen = self.is_valid() and self.form.cleaned_data.get("locale")
        return [chosen] if chosen else self.languages

    def filter_queryset(self, queryset):
        # The filters depend on each other (a state in the chosen language), so they are applied
        # here together rather than one by one.
        section = self.form.cleaned_data.get("section")
        if section:
            queryset = queryset.filter(path__startswith=section.path)
        state = self.form.cleaned_data.get("state")
        if state:
            queryset = in_translation_state(queryset, self.chosen_languages, state)
        return queryset


class TranslationStateColumn(BaseColumn):
    """A language's state of the row's page, with the action an editor takes next: translate
    what is missing, sync what is outdated, edit what is current."""

    cell_template_name = "cms/reports/translation_state_cell.html"
    # An icon of its own shape and colour per state, so that the column reads at a glance.
    STATE_ICONS = {
        TranslationState.MISSING: ("circle-xmark", "w-w-4 w-h-4 w-shrink-0 w-text-critical-200"),
        TranslationState.OUTDATED: ("warning", "w-w-4 w-h-4 w-shrink-0 w-text-warning-100"),
        TranslationState.CURRENT: ("circle-check", "w-w-4 w-h-4 w-shrink-0 w-text-positive-100"),
    }

    def __init__(self, locale, *, may_submit_translations):
        super().__init__(locale.language_code, label=locale.get_display_name())
        self.locale = locale
        self.may_submit_translations = may_submit_translations

    def action(self, page, status):
        if status.state == TranslationState.CURRENT:
            return gettext("Edit"), reverse("wagtailadmin_pages:edit", args=[status.translation_id])
        if not self.may_submit_translations:
            return None, None
        if status.state == TranslationState.MISSING:
            url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
            return gettext("Translate"), url
        return gettext("Sync"), sync_url(status.source_id)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        status = translation_status(instance, self.locale)
        context["state"] = status.state
        context["state_icon"], context["state_icon_classname"] = self.STATE_ICONS[status.state]
        context["action_label"], context["action_url"] = self.action(instance, status)
        return context


class TranslationStatusReportView(ReportView):
    page_title = _("Translation status")
    header_icon = "globe"
    index_url_name = "translation_status_report"
    index_results_url_name = "translation_status_report_results"
    filterset_class = TranslationStatusFilterSet
    permission_policy = page_permission_policy
    permission_required = REPORT_PERMISSION
    default_ordering = "path"
    verbose_name_plural = pgettext_lazy("translation status report", "pages")

    @cached_property
    def languages(self):
        return self.filters.chosen_languages

    @cached_property
    def columns(self):
        may_submit_translations = self.request.user.has_perm("wagtail_localize.submit_translation")
        return [
            TitleColumn(
                "title",
                label=_("Title"),
                accessor="get_admin_display_title",
                url_name="wagtailadmin_pages:edit",
            ),
            Column("section_title", label=_("Section")),
            *(
                TranslationStateColumn(locale, may_submit_translations=may_submit_translations)
                for locale in self.languages
            ),
        ]

    @cached_property
    def list_export(self):
        return ["title", "section", *(locale.language_code for locale in self.languages)]

    @cached_property
    def export_headings(self):
        return {
            "title": gettext("Title"),
            "section": gettext("Section"),
            **{locale.language_code: locale.get_display_name() for locale in self.languages},
        }

    def to_row_dict(self, item):
        return {
            "title": item.get_admin_display_title(),
            "section": item.section_title or "",
            **{
                locale.language_code: translation_status(item, locale).state.label
                for locale in self.languages
            },
        }

    def get_filename(self):
        return "{}-{}".format(gettext("translation-status"), timezone.localdate().isoformat())

    def get_queryset(self):
        # An alias shows another page of the same language and is translated with that one.
        pages = page_permission_policy.instances_user_has_permission_for(
            self.request.user, REPORT_PERMISSION
        ).filter(depth__gt=1, locale__language_code=default_language(), alias_of__isnull=True)
        pages = with_section_titles(pages)
        self.queryset = with_translation_states(pages, self.filters.languages)
        return super().get_queryset()


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return page_permission_policy.user_has_permission(request.user, REPORT_PERMISSION)
