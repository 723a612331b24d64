"""Calls for ideas: form pages that collect visitors' ideas until a deadline and tell the
editors about each one by e-mail."""

from http import HTTPMethod
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.db import models, transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import AbstractFormField, FormMixin, validate_to_address
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms import limits, navigation
from cms.blocks import RICH_TEXT_FEATURES
from cms.mail import queue_mail
from cms.models import SiteSettings
from cms.pages import ContentPage, SitePage

BERLIN = ZoneInfo("Europe/Berlin")

# The name of the field that people never see and simple bots fill in. A form field's name is
# made of lower-case letters, digits and underscores, so with its hyphen this one can never be
# the name of a field an editor adds.
HONEYPOT_FIELD = "contact-website"
# A long idea fits; a pasted book does not.
MAX_ANSWER_LENGTH = 10_000


class IdeaFormBuilder(FormBuilder):
    """Wagtail's form builder, with a limit to what a text box takes and the browser's address
    book offered for e-mail addresses."""

    def create_multiline_field(self, field, options):
        options["max_length"] = MAX_ANSWER_LENGTH
        return super().create_multiline_field(field, options)

    def create_email_field(self, field, options):
        options["widget"] = forms.EmailInput(attrs={"autocomplete": "email"})
        return super().create_email_field(field, options)


class IdeaCallFormField(TranslatableMixin, AbstractFormField):
    """A question of an idea call's form, asked in the page's language."""

    page = ParentalKey("home.IdeaCallPage", related_name="form_fields", on_delete=models.CASCADE)

    # The field's name keys the stored answers; it stays the source language's in every
    # translation, so that every language's form stores the same answers under the same names.
    translatable_fields = [
        TranslatableField("label"),
        TranslatableField("help_text"),
        TranslatableField("choices"),
        TranslatableField("default_value"),
        SynchronizedField("clean_name"),
        SynchronizedField("field_type"),
        SynchronizedField("required"),
    ]

    class Meta(TranslatableMixin.Meta, AbstractFormField.Meta):
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")


class IdeaCallPage(FormMixin, ContentPage):
    """A call for ideas (Ideenaufruf): a form that takes ideas until its deadline; the editors
    named on the page hear of each one by e-mail, and find them all in the admin's forms."""

    deadline = models.DateTimeField(
        _("deadline"),
        help_text=_(
            "Ideas are accepted until this moment; the page names its date. After it, the "
            "form gives way to a notice."
        ),
    )
    thank_you_text = RichTextField(
        _("thank-you text"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Shown after an idea was sent."),
    )
    to_address = models.CharField(
        _("notify"),
        max_length=255,
        validators=[validate_to_address],
        help_text=_(
            "The e-mail addresses of the editors who are told of every new idea, separated by "
            "commas."
        ),
    )

    form_builder = IdeaFormBuilder
    # A form page takes its answers by POST.
    allowed_http_methods = [*SitePage.allowed_http_methods, HTTPMethod.POST]

    parent_page_types = [
        "home.HomePage",
        "home.StandardPage",
        "home.SectorPage",
        "home.LeadProjectPage",
    ]
    subpage_types = []

    content_panels = [
        ContentPage.content_panels[0],
        FormSubmissionsPanel(heading=_("Ideas received")),
        *ContentPage.content_panels[1:],
        MultiFieldPanel(
            [FieldPanel("deadline"), FieldPanel("to_address")],
            heading=_("Ideas"),
        ),
        InlinePanel("form_fields", heading=_("Form fields"), label=_("Form field")),
        FieldPanel("thank_you_text"),
    ]
    override_translatable_fields = [
        SynchronizedField("deadline"),
        SynchronizedField("to_address"),
    ]

    class Meta:
        verbose_name = _("idea call")
        verbose_name_plural = _("idea calls")

    @property
    def is_open(self):
        return timezone.now() <= self.deadline

    @property
    def deadline_date(self):
        """The deadline's day in Berlin, written in the active language: "15. Juni 2022"."""
        return date_format(timezone.localtime(self.deadline, BERLIN), "DATE_FORMAT")

    def serve(self, request, *args, **kwargs):
        if request.method == HTTPMethod.POST and not self.is_open:
            response = self.render_closed(request)
        elif request.method == HTTPMethod.POST and request.POST.get(HONEYPOT_FIELD):
            # A bot: it is thanked like anyone, so that it learns nothing, and its answers go.
            response = self.render_landing_page(request)
        elif request.method == HTTPMethod.POST and limits.sent_too_often(request, "idea"):
            response = self.render_sent_too_often(request)
        else:
            response = super().serve(request, *args, **kwargs)
        # FormMixin.serve answers without SitePage.serve, which names the page's language.
        response.headers["Content-Language"] = navigation.content_language(request, self)
        return response

    def render_sent_too_often(self, request):
        """The form again with what the visitor typed and a word to try later."""
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        form.is_valid()
        form.add_error(None, limits.TOO_OFTEN)
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context, status=429)

    def render_closed(self, request):
        """The answer to ideas sent after the deadline: the page with its notice, and a word
        that these answers were not taken."""
        context = self.get_context(request)
        context["sent_too_late"] = True
        return TemplateResponse(request, self.get_template(request), context, status=409)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["honeypot_field"] = HONEYPOT_FIELD
        privacy_page = SiteSettings.for_request(request).privacy_page
        if privacy_page is not None and privacy_page.live:
            context["privacy_page"] = privacy_page.localized
        return context

    def process_form_submission(self, form):
        # Ideas sent through a translation are kept with the call in the default language, so
        # that the editors find all of them in one list and one export. The e-mails are
        # written in the same transaction and go out once it is committed.
        with transaction.atomic():
            submission = self.get_submission_class().objects.create(
                form_data=form.cleaned_data, page=self.source_page()
            )
            self.notify_editors(submission)
        return submission

    def notify_editors(self, submission):
        source = self.source_page()
        context = {
            "page": self,
            "source": source,
            "submit_time": submission.submit_time,
            "answers": self.answers(submission, source),
            "submissions_url": settings.WAGTAILADMIN_BASE_URL
            + reverse("wagtailforms:list_submissions", args=[source.pk]),
        }
        for address in self.to_address.split(","):
            queue_mail(
                to=address.strip(),
                template="home/emails/idea_submitted",
                context=context,
                language=settings.LANGUAGE_CODE,
            )

    def source_page(self):
        """This call in the site's default language, in which the editors are written to; the
        page itself where it has no such version."""
        if self.locale.language_code == settings.LANGUAGE_CODE:
            return self
        translations = self.get_translations().filter(locale__language_code=settings.LANGUAGE_CODE)
        return translations.specific().first() or self

    def answers(self, submission, source):
        """[(question, answer)] of a submission in the order of the form, the questions worded
        as in the ``source`` page's form."""
        labels = {field.clean_name: field.label for field in source.get_form_fields()}
        answers = []
        for field in self.get_form_fields():
            value = submission.form_data.get(field.clean_name)
            if isinstance(value, list):
                value = ", ".join(value)
            elif isinstance(value, bool):
                value = _("yes") if value else _("no")
            answers.append((labels.get(field.clean_name, field.label), value))
        return answers
