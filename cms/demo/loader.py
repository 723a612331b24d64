"""The demo loader: reads the data files beside it, in the order of their names, and creates
what they describe once. German and English stand side by side in them, field by field
(``{de: …, en: …}``); the English texts become wagtail-localize translations.

What the loader created is recorded under the key the data file gives it, so a second run
finds it however editors renamed or changed it since, and leaves it as they left it. What
editors deleted is created again.

Dates and times are written with their offset (``2014-10-15T14:00:00+02:00``), or, for what
must lie in the future, relative to the day the loader runs: ``{days_from_today: 21, time:
"14:00"}`` is that day at 14:00 in the site's time zone (Europe/Berlin), ``{days_from_today:
60}`` the date alone. Times stand in quotes, since YAML reads 14:00 as a number.

A section is read by the method ``load_<section>`` below, or, for the records of a feature app
that ``cms`` does not know, by the function the section names: ``members.demo.organisations``
is called as ``organisations(loader, entry)`` for each of its entries.

The demo's people and their addresses are made up: the mail that their records' service
functions write is taken out of the outbox before the load commits, so that none is sent.
"""

import contextlib
import io
import secrets
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import cached_property
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.module_loading import import_string
from modelcluster.fields import ParentalKey
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont
from taggit.managers import TaggableManager
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    TranslatableMixin,
    Workflow,
    WorkflowPage,
)
from wagtail_localize.strings import StringValue, extract_strings

from cms.demo.indexing import index_updates_once_per_object
from cms.files import write_private_file
from cms.models import LoadedDemoObject, OutgoingMail
from cms.translation import current_source, source_strings, translate_with_localize

DATA_DIR = Path(__file__).parent / "data"


class DemoDataError(Exception):
    """A data file that cannot be loaded; the message names the file and the entry."""


@dataclass
class Texts:
    """The English text of every German string met in one entry, as wagtail-localize splits
    them (rich text into its paragraphs and list items)."""

    where: str
    english: dict = field(default_factory=dict)

    def add(self, german, english):
        if not isinstance(german, str) or not isinstance(english, str):
            raise DemoDataError(f"{self.where}: a text in two languages must be two strings")
        german_strings, english_strings = strings_of(german), strings_of(english)
        if len(german_strings) != len(english_strings):
            raise DemoDataError(
                f"{self.where}: the English text has {len(english_strings)} paragraphs or list "
                f"items, the German {len(german_strings)}: “{german[:60]}”"
            )
        self.english.update(zip(german_strings, english_strings, strict=True))


def strings_of(text):
    """The strings of a text as wagtail-localize stores them: plain text escaped as HTML
    ("Life &amp; Technology"), rich text split into its paragraphs and list items."""
    if not text.lstrip().startswith("<"):
        return [StringValue.from_plaintext(text).data]
    _template, strings = extract_strings(text)
    return [string.data for string, _attrs in strings]


@dataclass
class Login:
    """How to log in to a demo account; ``password`` is None once someone changed it."""

    url: str
    name: str
    password: str | None

    def __str__(self):
        # Worded as manage.py ensure_admin tells the admin's login, and printed beside it.
        if self.password is None:
            return f"Log in at {self.url} as {self.name!r} with the password you set."
        return f"Log in at {self.url} as {self.name!r} with the password {self.password!r}."


class Loader:
    def __init__(self, log, base_url=None):
        self.log = log
        self.base_url = (base_url or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
        self.german = Locale.objects.get_or_create(language_code="de")[0]
        self.english = Locale.objects.get_or_create(language_code="en")[0]
        self.objects = {}
        self.where = ""
        self.logins = []
        self.password_hashes = {}

    def load(self, data_dir=None):
        ensure_root_collection()
        remove_wagtail_welcome_page()
        mail_before = OutgoingMail.objects.aggregate(last=Max("pk"))["last"] or 0
        with index_updates_once_per_object():
            for path in sorted((data_dir or DATA_DIR).glob("*.yaml")):
                self.load_data_file(path)
        # Written by this load to the demo's made-up people, whose addresses are all in the
        # reserved .example domain: never sent. Real members' mail, written meanwhile by
        # others, stays.
        OutgoingMail.objects.filter(pk__gt=mail_before, recipient__iendswith=".example").delete()

    def load_data_file(self, path):
        # libyaml's parser (in PyYAML's wheels) reads the same data as PyYAML's own, in an
        # eighth of the time.
        sections = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
        for section, entries in sections.items():
            handler = self.handler(section)
            if handler is None:
                raise DemoDataError(f"{path.name}: unknown section “{section}”")
            for entry in entries:
                self.where = f"{path.name}: {section}: {entry.get('key', entry.get('name'))}"
                try:
                    handler(entry)
                except KeyError as missing:
                    raise DemoDataError(f"{self.where}: “{missing.args[0]}” is missing") from None
                except ValidationError as error:
                    with translation.override("en"):
                        problems = "; ".join(validation_messages(error))
                    raise DemoDataError(f"{self.where}: {problems}") from None

    def handler(self, section):
        """The method of the loader that reads ``section``, or the function it names."""
        if "." not in section:
            return getattr(self, f"load_{section}", None)
        try:
            function = import_string(section)
        except ImportError:
            return None
        return lambda entry: function(self, entry)

    # Values of the data files

    def resolve(self, value, texts):
        """The German value of a data file's value, with objects for ``{ref: key}`` and a time
        in Berlin for ``{days_from_today: 60, time: "23:59"}``."""
        if isinstance(value, dict) and "de" in value and set(value) <= {"de", "en"}:
            if "en" not in value:
                raise DemoDataError(f"{self.where}: no English text for “{value['de'][:60]}”")
            texts.add(value["de"], value["en"])
            return value["de"]
        if isinstance(value, dict) and set(value) == {"ref"}:
            return self.get(value["ref"])
        if isinstance(value, dict) and "days_from_today" in value:
            return self.relative_date(value)
        if isinstance(value, dict):
            return {name: self.resolve(item, texts) for name, item in value.items()}
        if isinstance(value, list):
            return [self.resolve(item, texts) for item in value]
        return value

    def in_both_languages(self, value):
        """A text that a record keeps in a German and an English field of its own, as
        ``{"de": …, "en": …}``."""
        if not (isinstance(value, dict) and set(value) == {"de", "en"}):
            german = value.get("de", value) if isinstance(value, dict) else value
            raise DemoDataError(f"{self.where}: no English text for “{str(german)[:60]}”")
        Texts(self.where).add(value["de"], value["en"])
        return value

    def relative_date(self, value):
        """The date ``days_from_today`` days after the day the loader runs, in the site's time
        zone; with a ``time``, that day at that time, time-zone aware."""
        days, clock = value.get("days_from_today"), value.get("time")
        try:
            if set(value) - {"days_from_today", "time"} or type(days) is not int:
                raise ValueError
            tz = timezone.get_default_timezone()
            day = timezone.localdate(timezone=tz) + timedelta(days=days)
            if clock is None:
                return day
            return datetime.combine(day, time.fromisoformat(clock), tzinfo=tz)
        except (TypeError, ValueError):
            raise DemoDataError(
                f"{self.where}: “{value}” is no date relative to today; write it as "
                '{days_from_today: 21, time: "14:00"}, the time in quotes, or without a time '
                "for a date"
            ) from None

    def aware_datetime(self, value, name):
        """A fixed date and time of a data file, which must name its offset to UTC."""
        if isinstance(value, str):
            with contextlib.suppress(ValueError):  # a well-formed but impossible date
                value = parse_datetime(value) or value
        if value is None or (isinstance(value, datetime) and timezone.is_aware(value)):
            return value
        raise DemoDataError(
            f"{self.where}: {name}: “{value}” is no date and time with its offset; write it as "
            '2014-10-15T14:00:00+02:00, or as {days_from_today: 21, time: "14:00"}'
        )

    def stream(self, model_field, blocks):
        """A stream as the page reads it back from the database, its times, dates and chosen
        objects in their own types ("11:00" becomes a time), and validated as an editor's."""
        stream_block = model_field.stream_block
        try:
            value = model_field.to_python(blocks)
            value = model_field.to_python(stream_block.get_prep_value(value))
            return stream_block.clean(value)
        except ValidationError as error:
            with translation.override("en"):
                problems = "; ".join(error_lines(error.as_json_data(), model_field.name))
            raise DemoDataError(f"{self.where}: {problems}") from None
        except (TypeError, ValueError, AttributeError) as error:
            raise DemoDataError(
                f"{self.where}: {model_field.name}: a block cannot be read ({error}); times "
                'stand in quotes ("11:00")'
            ) from None

    def get(self, key):
        if key not in self.objects:
            raise DemoDataError(f"{self.where}: nothing with the key “{key}” is loaded before")
        return self.objects[key]

    def build(self, model, values, texts, locale):
        """An unsaved instance of ``model`` with its fields, streams, child objects and
        many-to-many relations set from ``values``."""
        instance = model()
        if issubclass(model, TranslatableMixin):
            instance.locale = locale
        for name, value in values.items():
            model_field = model._meta.get_field(name)
            if isinstance(model_field, TaggableManager):
                # Tags go through their manager, which modelcluster keeps with the unsaved
                # instance until it is saved; a list of names: ``tags: [Handwerk, KI]``.
                getattr(instance, name).set(self.tag_names(value))
                continue
            if model_field.one_to_many and isinstance(model_field.remote_field, ParentalKey):
                child_model = model_field.related_model
                resolved = [self.build(child_model, child, texts, locale) for child in value]
            else:
                resolved = self.resolve(value, texts)
            if isinstance(model_field, StreamField):
                resolved = self.stream(model_field, [next(iter(b.items())) for b in resolved])
            elif isinstance(model_field, models.DateTimeField):
                resolved = self.aware_datetime(resolved, name)
            setattr(instance, name, resolved)
        return instance

    def tag_names(self, value):
        if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
            raise DemoDataError(f"{self.where}: tags are a list of names, e.g. [Handwerk, KI]")
        return value

    def remember(self, key, instance, created):
        if key in self.objects:
            raise DemoDataError(f"{self.where}: the key “{key}” is given twice")
        self.objects[key] = instance
        if created:
            LoadedDemoObject.objects.update_or_create(
                key=key,
                defaults={
                    "content_type": ContentType.objects.get_for_model(instance, False),
                    "object_id": instance.pk,
                },
            )

    def loaded(self, key, model):
        """What the loader made under ``key`` in an earlier run, if it still exists."""
        record = LoadedDemoObject.objects.filter(key=key).first()
        if record is None:
            return None
        return model._default_manager.filter(pk=record.object_id).first()

    def translate(self, instance, texts):
        if instance.get_translation_or_none(self.english) is not None:
            return False
        source = current_source(instance)
        missing = [text for text in source_strings(source) if text not in texts.english]
        if missing:
            raise DemoDataError(f"{self.where}: no English text for “{missing[0][:60]}”")
        translate_with_localize(instance, self.english, texts.english, source=source)
        return True

    # Sections of the data files

    def load_images(self, entry):
        self.load_file(
            entry,
            get_image_model(),
            lambda: {
                "description": entry.get("description", ""),
                "file": ContentFile(generated_image(entry), name=f"{entry['key']}.jpg"),
            },
        )

    def load_documents(self, entry):
        self.load_file(
            entry,
            get_document_model(),
            lambda: {"file": ContentFile(generated_pdf(entry), name=entry["file"])},
        )

    def load_file(self, entry, model, generated_fields):
        """An image or document the loader generates, once: the file is made only if needed."""
        item = self.loaded(entry["key"], model)
        created = item is None
        if created:
            item = model(title=entry["title"], **generated_fields())
            item.save()
        self.remember(entry["key"], item, created)
        self.log(f"{model._meta.verbose_name} “{item.title}”", created)

    def load_snippets(self, entry):
        model = apps.get_model(entry["model"])
        snippet = self.loaded(entry["key"], model)
        texts = Texts(self.where)
        created = snippet is None
        if created:
            snippet = self.build(model, entry["fields"], texts, self.german)
            snippet.save()
        else:
            self.resolve(entry["fields"], texts)
        self.remember(entry["key"], snippet, created)
        translated = texts.english and self.translate(snippet, texts)
        self.log(f"{model._meta.verbose_name} “{snippet}”", created or bool(translated))

    def load_pages(self, entry, parent=None):
        model = apps.get_model(entry["type"])
        page = self.loaded(entry["key"], model)
        texts = Texts(self.where)
        created = page is None
        if created:
            page = self.build(model, entry["fields"], texts, self.german)
            if parent is None:
                parent = self.get(entry["parent"]) if "parent" in entry else tree_root(self.german)
            parent.add_child(instance=page)
            page.save_revision().publish()
        else:
            self.resolve(entry["fields"], texts)
        self.remember(entry["key"], page, created)
        if created:
            self.link_from(entry.get("linked_from", {}), page)
        translated = texts.english and self.translate(page, texts)
        self.log(f"page “{page.title}”", created)
        if translated:
            self.log(f"English page “{page.title}”", True)
        for child in entry.get("children", []):
            self.where = f"{self.where.rsplit(':', 1)[0]}: {child['key']}"
            self.load_pages(child, parent=page)

    def link_from(self, links, page):
        """Point a field of pages loaded before (``linked_from: {key: field}``) to a page just
        made, unless an editor has set it to another. The field is synchronised, so the
        English version follows through wagtail-localize and its translation stays current."""
        for key, field_name in links.items():
            loaded = self.get(key)
            linking = type(loaded).objects.get(pk=loaded.pk)
            if getattr(linking, f"{field_name}_id") is not None:
                continue
            setattr(linking, field_name, page)
            linking.save_revision().publish()
            if linking.get_translation_or_none(self.english) is not None:
                # No new strings: this brings the translation up to date with its source.
                translate_with_localize(linking, self.english, {})

    def load_site(self, entry):
        """The default site, created once; its name and host stay as the admin last set them."""
        created = not Site.objects.filter(is_default_site=True).exists()
        if created:
            Site.objects.create(is_default_site=True, **self.resolve(entry, Texts(self.where)))
        self.log("site", created)

    def load_settings(self, entry):
        """Settings of the default site, set once: what editors change there stays."""
        model = apps.get_model(entry["model"])
        site = Site.objects.get(is_default_site=True)
        created = not model.objects.filter(site=site).exists()
        if created:
            model.objects.create(site=site, **self.resolve(entry["fields"], Texts(self.where)))
        self.log(str(model._meta.verbose_name), created)

    def load_groups(self, entry):
        group, created = Group.objects.get_or_create(name=entry["name"])
        if created:
            group.permissions.add(Permission.objects.get(codename="access_admin"))
            for grant in entry.get("pages", []):
                permissions = Permission.objects.filter(
                    content_type__app_label="wagtailcore",
                    codename__in=[f"{permission}_page" for permission in grant["permissions"]],
                )
                for page in self.get(grant["page"]).get_translations(inclusive=True):
                    for permission in permissions:
                        GroupPagePermission.objects.create(
                            group=group, page=page, permission=permission
                        )
        self.log(f"group “{group.name}”", created)

    def load_users(self, entry):
        """An account, created once. One that has a ``login`` (the name of the address where
        it logs in) gets the demo's password, kept in ``DEMO_PASSWORD_FILE``; the others
        cannot log in. With django-allauth, the account's address counts as verified."""
        model = get_user_model()
        user = self.loaded(entry["key"], model)
        created = user is None
        if created:
            if model.objects.filter(username=entry["username"]).exists():
                raise DemoDataError(
                    f"{self.where}: an account “{entry['username']}” exists that the loader "
                    "did not make"
                )
            user = model(
                username=entry["username"],
                first_name=entry.get("first_name", ""),
                last_name=entry.get("last_name", ""),
                email=entry.get("email", ""),
            )
            if "login" in entry:
                user.password = self.demo_password_hash()
            else:
                user.set_unusable_password()
            user.save()
            user.groups.set(self.groups_named(entry.get("groups", [])))
            if user.email and apps.is_installed("allauth.account"):
                apps.get_model("account", "EmailAddress").objects.create(
                    user=user, email=user.email, verified=True, primary=True
                )
        self.remember(entry["key"], user, created)
        if "login" in entry:
            self.logins.append(self.login_of(user, entry))
        self.log(f"user “{user.get_username()}”", created)

    def groups_named(self, names):
        groups = list(Group.objects.filter(name__in=names))
        missing = set(names) - {group.name for group in groups}
        if missing:
            raise DemoDataError(f"{self.where}: no group “{sorted(missing)[0]}”")
        return groups

    @cached_property
    def demo_password(self):
        """The password of the demo's accounts: one, generated once and kept beside the
        admin's, so that every run can tell it again."""
        password_file = settings.DEMO_PASSWORD_FILE
        if not password_file.exists():
            write_private_file(password_file, secrets.token_urlsafe(12))
        return password_file.read_text().strip()

    def demo_password_hash(self):
        # The accounts share the hash, which costs a second of CPU to make; they share the
        # password anyway.
        for password_hash, known in self.password_hashes.items():
            if known:
                return password_hash
        password_hash = make_password(self.demo_password)
        self.password_hashes[password_hash] = True
        return password_hash

    def login_of(self, user, entry):
        if user.password not in self.password_hashes:
            self.password_hashes[user.password] = user.check_password(self.demo_password)
        try:
            with translation.override(settings.LANGUAGE_CODE):
                path = reverse(entry["login"])
        except NoReverseMatch:
            raise DemoDataError(f"{self.where}: login: no address “{entry['login']}”") from None
        return Login(
            url=f"{self.base_url}{path}",
            name=user.email if entry.get("login_with") == "email" else user.get_username(),
            password=self.demo_password if self.password_hashes[user.password] else None,
        )

    def load_workflows(self, entry):
        workflow, created = Workflow.objects.get_or_create(name=entry["name"])
        if created:
            task = GroupApprovalTask.objects.create(name=entry["task"])
            task.groups.set(Group.objects.filter(name__in=entry["approvers"]))
            workflow.workflow_tasks.create(task=task, sort_order=0)
            for key in entry["pages"]:
                page = self.get(key)
                for version in page.get_translations(inclusive=True):
                    WorkflowPage.objects.update_or_create(
                        page=version, defaults={"workflow": workflow}
                    )
        self.log(f"workflow “{workflow.name}”", created)


def validation_messages(error):
    """The messages of a model's validation error, each with the field it concerns."""
    if not hasattr(error, "error_dict"):
        return error.messages
    return [
        f"{name}: {message}"
        for name, messages in error.message_dict.items()
        for message in messages
    ]


def error_lines(errors, path):
    """The messages of a stream's validation error (``as_json_data``), each with the block it
    concerns, e.g. ``programme[0].end: The end must come after the start.``"""
    for message in errors.get("messages", []):
        yield f"{path}: {message}"
    children = errors.get("blockErrors", {})
    for name, child in children.items() if isinstance(children, dict) else enumerate(children):
        if child:
            where = f"{path}[{name}]" if isinstance(name, int) else f"{path}.{name}"
            yield from error_lines(child, where)


def tree_root(german):
    """Wagtail's migrations create the root of the page tree; a flushed database lacks it."""
    return Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=german)
    )


def ensure_root_collection():
    """Wagtail's migrations create the root collection for images and documents; a flushed
    database lacks it."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def remove_wagtail_welcome_page():
    """Wagtail's installation leaves a placeholder page, and a site showing it, where the home
    page belongs."""
    plain_page = ContentType.objects.get_for_model(Page)
    Site.objects.filter(root_page__content_type=plain_page).delete()
    for page in Page.objects.filter(depth=2, content_type=plain_page, numchild=0):
        page.delete()


def generated_image(entry):
    """A calm two-colour picture for demo images, since the seeds come without photos; with a
    ``monogram``, a logo of those letters in a ring."""
    top, bottom = (rgb(colour) for colour in entry["colours"])
    width, height = entry.get("size", [1600, 900])
    # The gradient is painted as a column one pixel wide and stretched sideways: the same
    # pixels as a line per row, in half the time.
    column = PillowImage.new("RGB", (1, height))
    shares = (row / height for row in range(height))
    column.putdata(
        [
            tuple(round(a + (b - a) * share) for a, b in zip(top, bottom, strict=True))
            for share in shares
        ]
    )
    picture = column.resize((width, height), PillowImage.Resampling.NEAREST)
    draw = ImageDraw.Draw(picture)
    if "monogram" in entry:
        draw_monogram(draw, entry["monogram"], width, height)
    else:
        for index in range(5):
            radius = height // (3 + index)
            centre = (width * (index + 1) // 6, height * (2 + index % 3) // 5)
            draw.ellipse(
                [centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius],
                outline=(255, 255, 255),
                width=max(2, height // 150),
            )
    output = io.BytesIO()
    picture.save(output, "JPEG", quality=80)
    return output.getvalue()


def draw_monogram(draw, letters, width, height):
    """The letters in white in a white ring, in Pillow's own font, which needs no fonts
    installed."""
    radius = min(width, height) * 2 // 5
    centre = (width // 2, height // 2)
    draw.ellipse(
        [centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius],
        outline=(255, 255, 255),
        width=max(3, radius // 18),
    )
    font = ImageFont.load_default(size=radius * 4 // (3 + len(letters)))
    draw.text(centre, letters, font=font, fill=(255, 255, 255), anchor="mm")


def generated_pdf(entry):
    """A small, real PDF with the document's pages of text, written by Pillow."""
    pages = []
    for text in entry["pages"]:
        page = PillowImage.new("RGB", (595, 842), "white")
        draw = ImageDraw.Draw(page)
        y = 60
        for line in wrapped(text, 70):
            draw.text((60, y), line, fill="black")
            y += 18
        pages.append(page)
    output = io.BytesIO()
    pages[0].save(output, "PDF", save_all=True, append_images=pages[1:], resolution=72)
    return output.getvalue()


def wrapped(text, width):
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


def rgb(colour):
    colour = colour.lstrip("#")
    return tuple(int(colour[index : index + 2], 16) for index in (0, 2, 4))
