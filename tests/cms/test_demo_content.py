import pytest
from wagtail.models import Page, Site

from cms.models import ContactPerson, FundingNotice, SiteSettings
from home.models import HomePage, StandardPage
from tests.conftest import load_demo_content

pytestmark = pytest.mark.django_db


def test_running_the_loader_twice_leaves_one_copy_of_everything(
    django_capture_on_commit_callbacks,
):
    load_demo_content(django_capture_on_commit_callbacks)
    load_demo_content(django_capture_on_commit_callbacks)

    assert sorted(HomePage.objects.values_list("locale__language_code", flat=True)) == ["de", "en"]
    assert StandardPage.objects.count() == 1
    assert ContactPerson.objects.count() == 2
    assert FundingNotice.objects.count() == 2
    assert Site.objects.count() == 1
    assert SiteSettings.objects.count() == 1
    # Only the tree root and the loaded pages: Wagtail's placeholder page is gone.
    assert Page.objects.count() == 4


def test_the_site_serves_the_german_home_page(django_capture_on_commit_callbacks):
    load_demo_content(django_capture_on_commit_callbacks)

    site = Site.objects.get(is_default_site=True)

    assert site.site_name == "SMART REGION"
    assert site.root_page.specific.heading == "Aufbruch zur SMART REGION"
    assert site.root_page.locale.language_code == "de"


def test_the_loader_keeps_what_editors_changed(django_capture_on_commit_callbacks):
    load_demo_content(django_capture_on_commit_callbacks)
    home = HomePage.objects.get(locale__language_code="de")
    home.heading = "Von der Redaktion geändert"
    home.save_revision().publish()
    Site.objects.update(site_name="SMART REGION Elbe", hostname="smart-region.example.org")
    ContactPerson.objects.filter(locale__language_code="de").update(name="Dr. Anna Beispiel")
    FundingNotice.objects.filter(locale__language_code="de").update(name="EFRE 2021-2027")

    load_demo_content(django_capture_on_commit_callbacks)

    assert HomePage.objects.get(pk=home.pk).heading == "Von der Redaktion geändert"
    site = Site.objects.get()
    assert (site.site_name, site.hostname) == ("SMART REGION Elbe", "smart-region.example.org")
    assert list(ContactPerson.objects.filter(locale__language_code="de").values_list("name")) == [
        ("Dr. Anna Beispiel",)
    ]
    assert FundingNotice.objects.count() == 2


def test_a_footer_contact_the_editors_removed_stays_removed(django_capture_on_commit_callbacks):
    load_demo_content(django_capture_on_commit_callbacks)
    SiteSettings.objects.update(contact=None)

    load_demo_content(django_capture_on_commit_callbacks)

    assert SiteSettings.objects.get().contact is None
