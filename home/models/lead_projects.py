from django import forms
from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms import fragments
from cms.blocks import RICH_TEXT_FEATURES, SiteStreamBlock
from cms.filters import chosen_filter
from cms.models import District, PageContact
from cms.navigation import contact_persons, in_language
from cms.pages import ContentPage, as_cards
from cms.pagination import requested_page

from .idea_calls import IdeaCallPage


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    RUNNING = "running", _("running")
    COMPLETED = "completed", _("completed")


class TimeHorizon(models.TextChoices):
    SHORT = "short", _("short-term (1–2 years)")
    MEDIUM = "medium", _("medium-term (3–4 years)")
    LONG = "long", _("long-term (5+ years)")


class TaskListBlock(SiteStreamBlock):
    task = blocks.CharBlock(label=_("Task"))


def in_default_language():
    """Editors choose sectors and districts in the source language; translations follow."""
    return models.Q(locale__language_code=settings.LANGUAGE_CODE)


class InSectorsAndDistricts(models.Model):
    """A page that names the sectors and districts it belongs to, chosen in the source
    language, and shows them in its own. Those of a published page come from the cache until
    something is published or a district changes."""

    sectors = ParentalManyToManyField(
        "home.SectorPage",
        verbose_name=_("sectors"),
        blank=True,
        related_name="+",
        limit_choices_to=in_default_language,
    )
    districts = ParentalManyToManyField(
        District,
        verbose_name=_("districts"),
        blank=True,
        related_name="+",
        limit_choices_to=in_default_language,
    )

    class Meta:
        abstract = True

    def sectors_in_language(self):
        return self.belongs_to()["sectors"]

    def districts_in_language(self):
        return self.belongs_to()["districts"]

    def belongs_to(self):
        def in_language_of_page():
            return self.placement_among(self.placement_candidates())

        if not isinstance(self.sectors.all(), QuerySet):
            # A page the admin previews is not saved; what it names is in memory.
            return in_language_of_page()
        return fragments.cached(f"belongs-to-{self.pk}", in_language_of_page)

    @staticmethod
    def placement_candidates():
        """Every live sector and every district, in every language, in the order a page
        lists them."""
        from .sectors import SectorPage

        return {
            "sectors": list(SectorPage.objects.live().order_by("path")),
            "districts": list(District.objects.order_by("name", "kind")),
        }

    def placement_among(self, candidates):
        """The sectors and districts the page names, in its language where they have one,
        chosen from ``placement_candidates()``."""
        chosen_sectors = {sector.translation_key for sector in self.sectors.all()}
        chosen_districts = {district.translation_key for district in self.districts.all()}
        return {
            "sectors": in_language(
                [s for s in candidates["sectors"] if s.translation_key in chosen_sectors],
                self.locale_id,
            ),
            "districts": in_language(
                [d for d in candidates["districts"] if d.translation_key in chosen_districts],
                self.locale_id,
            ),
        }


class LeadProjectIndexPage(ContentPage):
    """All lead projects, filterable by sector and district with plain links that can be
    shared and work without JavaScript."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.LeadProjectPage"]
    max_count_per_parent = 1
    show_in_menus_default = True
    page_size = 12

    class Meta:
        verbose_name = _("lead project index")

    def get_context(self, request, *args, **kwargs):
        from .sectors import SectorPage

        context = super().get_context(request, *args, **kwargs)
        sectors, districts = fragments.cached(
            f"lead-project-filters-{self.pk}", lambda: self.filter_choices(SectorPage)
        )
        chosen_sector = chosen_filter(request, "sector", sectors)
        chosen_district = chosen_filter(request, "district", districts)

        projects = LeadProjectPage.objects.live().child_of(self).order_by("title")
        if chosen_sector is not None:
            projects = projects.filter(sectors__translation_key=chosen_sector.translation_key)
        if chosen_district is not None:
            projects = projects.filter(districts__translation_key=chosen_district.translation_key)
        page_of_projects = requested_page(
            as_cards(projects.distinct().select_related("listing_image")), request, self.page_size
        )

        context.update(
            sectors=sectors,
            districts=districts,
            chosen_sector=chosen_sector,
            chosen_district=chosen_district,
            lead_projects=page_of_projects,
        )
        return context

    def filter_choices(self, sector_model):
        """The sectors and districts to filter by, in the page's language where translated."""
        sectors = in_language(sector_model.objects.live().order_by("path"), self.locale_id)
        districts = in_language(District.objects.order_by("name", "kind"), self.locale_id)
        return sectors, districts


class LeadProjectPage(InSectorsAndDistricts, ContentPage):  # noqa: DJ008 (Page has it)
    """A lead project (Leitprojekt): its goal, tasks, districts and sectors, and the
    implementation projects that carry it out."""

    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.RUNNING
    )
    goal = RichTextField(_("goal"), features=RICH_TEXT_FEATURES, blank=True)
    tasks = StreamField(TaskListBlock(), verbose_name=_("tasks"), blank=True)
    districts = ParentalManyToManyField(
        District,
        verbose_name=_("partner districts"),
        blank=True,
        related_name="+",
        limit_choices_to=in_default_language,
    )
    idea_call = models.ForeignKey(
        "home.IdeaCallPage",
        verbose_name=_("idea call"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The lead project's page invites visitors to it while it takes ideas."),
    )

    parent_page_types = ["home.LeadProjectIndexPage"]
    subpage_types = ["home.StandardPage", "home.IdeaCallPage"]

    content_panels = [
        *ContentPage.content_panels[:3],
        FieldPanel("status"),
        FieldPanel("goal"),
        FieldPanel("tasks"),
        MultiFieldPanel(
            [
                FieldPanel("sectors", widget=forms.CheckboxSelectMultiple),
                FieldPanel("districts", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Where it belongs"),
        ),
        InlinePanel(
            "implementation_projects",
            heading=_("Implementation projects"),
            label=_("Implementation project"),
        ),
        PageChooserPanel("idea_call", "home.IdeaCallPage"),
        InlinePanel("contacts", heading=_("Contact persons"), label=_("Contact person")),
        *ContentPage.content_panels[3:],
    ]
    search_fields = [
        *ContentPage.search_fields,
        index.SearchField("goal"),
        index.SearchField("tasks"),
        index.AutocompleteField("goal"),
    ]
    override_translatable_fields = [
        SynchronizedField("sectors"),
        SynchronizedField("districts"),
    ]

    class Meta:
        verbose_name = _("lead project")
        verbose_name_plural = _("lead projects")

    def contact_persons(self):
        return contact_persons(self)

    def idea_call_in_language(self):
        """The published idea call the project points to, in the page's language where it is
        translated."""
        if self.idea_call_id is None:
            return None
        same_call = IdeaCallPage.objects.filter(pk=self.idea_call_id).values("translation_key")
        calls = IdeaCallPage.objects.live().filter(translation_key__in=same_call)
        return next(iter(in_language(calls, self.locale_id)), None)

    def implementation_projects_by_horizon(self):
        """[(horizon label, [projects])] in the order short, medium, long term."""
        projects = list(self.implementation_projects.all())
        return [
            (label, [project for project in projects if project.horizon == horizon])
            for horizon, label in TimeHorizon.choices
            if any(project.horizon == horizon for project in projects)
        ]


class ImplementationProject(TranslatableMixin, Orderable):
    """A concrete project (Umsetzungsprojekt) that carries a lead project out."""

    page = ParentalKey(LeadProjectPage, related_name="implementation_projects")
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    horizon = models.CharField(_("time horizon"), max_length=10, choices=TimeHorizon.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("horizon"),
        FieldPanel("status"),
    ]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("description"),
        SynchronizedField("horizon"),
        SynchronizedField("status"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("implementation project")
        verbose_name_plural = _("implementation projects")

    def __str__(self):
        return self.title


class LeadProjectContact(PageContact):
    page = ParentalKey(LeadProjectPage, related_name="contacts")
