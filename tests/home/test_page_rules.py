"""Each page type can be created only where it belongs, renders and previews."""

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase

from blog.models import BlogIndexPage
from home.models import (
    EventIndexPage,
    EventPage,
    HomePage,
    IdeaCallPage,
    LeadProjectIndexPage,
    LeadProjectPage,
    SectorIndexPage,
    SectorPage,
    StandardPage,
)
from tests.factories.home import (
    EventIndexPageFactory,
    EventPageFactory,
    HomePageFactory,
    IdeaCallPageFactory,
    LeadProjectIndexPageFactory,
    LeadProjectPageFactory,
    SectorIndexPageFactory,
    SectorPageFactory,
    StandardPageFactory,
)


class PageTreeRules(WagtailPageTestCase):
    def test_where_each_page_type_may_be_created(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                StandardPage,
                SectorIndexPage,
                LeadProjectIndexPage,
                EventIndexPage,
                IdeaCallPage,
                BlogIndexPage,
            },
        )
        self.assertAllowedSubpageTypes(SectorIndexPage, {SectorPage})
        self.assertAllowedParentPageTypes(SectorPage, {SectorIndexPage})
        self.assertAllowedSubpageTypes(LeadProjectIndexPage, {LeadProjectPage})
        self.assertAllowedParentPageTypes(LeadProjectPage, {LeadProjectIndexPage})
        self.assertAllowedParentPageTypes(
            StandardPage, {HomePage, StandardPage, SectorPage, LeadProjectPage}
        )
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedSubpageTypes(EventPage, set())
        self.assertAllowedParentPageTypes(
            IdeaCallPage, {HomePage, StandardPage, SectorPage, LeadProjectPage}
        )
        self.assertAllowedSubpageTypes(IdeaCallPage, set())
        self.assertCanNotCreateAt(SectorIndexPage, LeadProjectPage)
        self.assertCanNotCreateAt(HomePage, SectorPage)
        self.assertCanNotCreateAt(HomePage, EventPage)
        self.assertCanNotCreateAt(LeadProjectIndexPage, EventPage)

    def test_one_index_of_each_kind_per_home_page(self):
        home = HomePageFactory(parent=Page.get_first_root_node())
        SectorIndexPageFactory(parent=home)
        LeadProjectIndexPageFactory(parent=home)
        EventIndexPageFactory(parent=home)

        self.assertFalse(SectorIndexPage.can_create_at(home))
        self.assertFalse(LeadProjectIndexPage.can_create_at(home))
        self.assertFalse(EventIndexPage.can_create_at(home))
        self.assertTrue(StandardPage.can_create_at(home))

    def test_every_page_type_renders_and_previews(self):
        home = HomePageFactory(parent=Page.get_first_root_node())
        Site.objects.update(root_page=home)
        sectors = SectorIndexPageFactory(parent=home)
        sector = SectorPageFactory(parent=sectors)
        projects = LeadProjectIndexPageFactory(parent=home)
        project = LeadProjectPageFactory(parent=projects, sectors=[sector])
        standard = StandardPageFactory(parent=project)
        events = EventIndexPageFactory(parent=home)
        event = EventPageFactory(parent=events, sectors=[sector])
        idea_call = IdeaCallPageFactory(parent=project)

        pages = (home, sectors, sector, projects, project, standard, events, event, idea_call)
        for page in pages:
            with self.subTest(page=page.specific_class.__name__):
                self.assertPageIsRenderable(page)
                self.assertEqual(page.make_preview_request().status_code, 200)
