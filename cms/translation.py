"""Translate content through wagtail-localize, so translations stay editable in its editor."""

from django.urls import reverse
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)


def translate_with_localize(instance, locale, translated_strings):
    """Create or complete the translation of a page or snippet into ``locale``.

    ``translated_strings`` maps each source string to its translation; strings it lacks stay in
    the source language until a translator fills them in. Returns the translated instance.
    """
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        source.update_from_db()
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
    translation.save_target(publish=True)
    return translation.get_target_instance()


def sync_translations(instance, user=None):
    """Carry a source snippet's synchronised fields (a phone number, an address) to its
    translations now, keeping what translators wrote; changed translatable text stays in the
    source language until translated, and the translation editor marks it as new. A snippet
    that is no translation source, or is itself a translation, is left alone.
    """
    source = TranslationSource.objects.get_for_instance_or_none(instance)
    if source is None:
        return
    source.update_from_db()
    for translation in Translation.objects.filter(source=source, enabled=True):
        translation.save_target(user=user, publish=True)


def outdated_translation_source(page):
    """The translation source of a page edited since its translations were last brought up to
    date, or None when they are current or there are none."""
    if page.pk is None or page.latest_revision_created_at is None:
        return None
    source = (
        TranslationSource.objects.filter(object_id=page.translation_key, locale_id=page.locale_id)
        .filter(last_updated_at__lt=page.latest_revision_created_at)
        .first()
    )
    if source is None or not Translation.objects.filter(source=source, enabled=True).exists():
        return None
    return source


def sync_url(source):
    """wagtail-localize's screen that brings a source's translations up to date."""
    return reverse("wagtail_localize:update_translations", args=[source.id])
