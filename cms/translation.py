"""Translate content through wagtail-localize, so translations stay editable in its editor."""

from dataclasses import dataclass

from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import DraftStateMixin, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)


def translate_with_localize(instance, locale, translated_strings, source=None):
    """Create or complete the translation of a page or snippet into ``locale``.

    ``translated_strings`` maps each source string to its translation; strings it lacks stay in
    the source language until a translator fills them in. ``source`` is the instance's current
    translation source, if the caller has it already. Returns the translated instance.
    """
    source = source or current_source(instance)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        text = translated_strings.get(segment.string.data)
        if text:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": text,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )
    # wagtail-localize would publish a page once the transaction commits, from a copy taken
    # now; inside a longer transaction (the demo loader's) that copy predates the page's own
    # translated children and would reset the tree's child count. So: publish at once.
    has_drafts = isinstance(instance, DraftStateMixin)
    translation.save_target(publish=not has_drafts)
    target = translation.get_target_instance()
    if has_drafts:
        target.get_latest_revision().publish()
        target.refresh_from_db()
    return target


def current_source(instance):
    """wagtail-localize's translation source of a page or snippet, up to date with it."""
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        source.update_from_db()
    return source


def source_strings(source):
    """The texts of a translation source that a translation into another language must cover,
    as wagtail-localize splits them."""
    segments = StringSegment.objects.filter(source=source).select_related("string")
    return [segment.string.data for segment in segments]


def sync_translations(instance, user=None):
    """Carry a source snippet's synchronised fields (a phone number, an address) to its
    translations now. A translatable text changed in the source keeps its earlier translation,
    so that the English footer never falls back to German, and the translation editor names it
    as taken from the earlier source text. A snippet that is no translation source, or is itself a
    translation, is left alone.
    """
    source = TranslationSource.objects.get_for_instance_or_none(instance)
    if source is None:
        return
    earlier_translations = translations_by_field(source)
    source.update_from_db()
    keep_earlier_translations_for_review(source, earlier_translations)
    for translation in Translation.objects.filter(source=source, enabled=True):
        translation.save_target(user=user, publish=True)


def translations_by_field(source):
    """{field context: {language: translated text}} of the source's strings as they are now."""
    translations = StringTranslation.objects.filter(
        translation_of__segments__source=source,
        context_id=models.F("translation_of__segments__context_id"),
    )
    by_field = {}
    for translation in translations:
        by_field.setdefault(translation.context_id, {})[translation.locale_id] = translation.data
    return by_field


def keep_earlier_translations_for_review(source, earlier_translations):
    # The translation editor shows "Translated with <tool> on <date>" beside each string; naming
    # the earlier source text as the tool tells the translator what to check. An error flag
    # would say it louder, but wagtail-localize leaves strings with errors out of the page.
    earlier_source = gettext("the earlier source text (please check)")
    for segment in StringSegment.objects.filter(source=source):
        for locale_id, text in earlier_translations.get(segment.context_id, {}).items():
            StringTranslation.objects.get_or_create(
                translation_of_id=segment.string_id,
                context_id=segment.context_id,
                locale_id=locale_id,
                defaults={
                    "data": text,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MACHINE,
                    "tool_name": earlier_source,
                },
            )


class TranslationState(models.TextChoices):
    """How a page stands in another language."""

    MISSING = "missing", _("missing")
    OUTDATED = "outdated", _("outdated")
    CURRENT = "current", _("current")


def followed_sources(translation_key, locale_id, target_locale_id=None):
    """The translation sources of an object in one language that enabled wagtail-localize
    translations (into ``target_locale_id`` only, when given) still follow. The arguments may be
    ``OuterRef`` expressions, so that a page listing asks once for all its pages."""
    translations = {"translations__enabled": True}
    if target_locale_id is not None:
        translations["translations__target_locale_id"] = target_locale_id
    # One filter() call, so that the same translation is enabled and has the target language.
    return TranslationSource.objects.filter(
        object_id=translation_key, locale_id=locale_id, **translations
    )


def outdated_translation_source(page):
    """The translation source of a page edited since its translations were last brought up to
    date, or None when they are current or there are none."""
    if page.pk is None or page.latest_revision_created_at is None:
        return None
    return (
        followed_sources(page.translation_key, page.locale_id)
        .filter(last_updated_at__lt=page.latest_revision_created_at)
        .first()
    )


def sync_url(source_id):
    """wagtail-localize's screen that brings a source's translations up to date."""
    return reverse("wagtail_localize:update_translations", args=[source_id])


@dataclass(frozen=True)
class TranslationStatus:
    state: TranslationState
    translation_id: int | None
    source_id: int | None


def translation_annotation(locale, name):
    return f"translation_{locale.pk}_{name}"


def with_translation_states(pages, locales):
    """Pages annotated with the state of their translation into each of ``locales``, read with
    ``translation_status``; the same number of queries for ten pages or a thousand.

    An alias that wagtail-localize's synchronised languages put in place is no translation: the
    page is missing in that language. A translation that no longer follows its source (made by
    hand, or converted from wagtail-localize) has nothing to sync and counts as current.
    """
    for locale in locales:
        translation = Page.objects.filter(
            translation_key=OuterRef("translation_key"), locale=locale, alias_of__isnull=True
        )
        source = followed_sources(
            OuterRef("translation_key"), OuterRef("locale_id"), target_locale_id=locale.pk
        )
        translation_id = translation_annotation(locale, "page_id")
        synced_at = translation_annotation(locale, "synced_at")
        pages = pages.annotate(
            **{
                translation_id: Subquery(translation.values("pk")[:1]),
                translation_annotation(locale, "source_id"): Subquery(source.values("pk")[:1]),
                synced_at: Subquery(source.values("last_updated_at")[:1]),
            }
        ).annotate(
            **{
                translation_annotation(locale, "state"): Case(
                    When(
                        **{f"{translation_id}__isnull": True}, then=Value(TranslationState.MISSING)
                    ),
                    When(
                        **{f"{synced_at}__lt": F("latest_revision_created_at")},
                        then=Value(TranslationState.OUTDATED),
                    ),
                    default=Value(TranslationState.CURRENT),
                )
            }
        )
    return pages


def in_translation_state(pages, locales, state):
    """Pages of ``with_translation_states`` whose translation into any of ``locales`` is in
    ``state``."""
    in_state = Q()
    for locale in locales:
        in_state |= Q(**{translation_annotation(locale, "state"): state})
    return pages.filter(in_state)


def translation_status(page, locale):
    """The state of a page of ``with_translation_states`` in ``locale``."""
    return TranslationStatus(
        state=TranslationState(getattr(page, translation_annotation(locale, "state"))),
        translation_id=getattr(page, translation_annotation(locale, "page_id")),
        source_id=getattr(page, translation_annotation(locale, "source_id")),
    )
