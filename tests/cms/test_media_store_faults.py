"""A store of uploads that cannot be reached: members, blog authors and editors are told to try
again, nothing half-done is kept, pages still render, and ``/health/`` says so. The buckets are
named at an address where no store answers (as when the store is down or cut off); the folder
is one that cannot be made."""

import errno
import io
import json
import socket
import threading

import pytest
import wagtail_factories
from django.core.files.storage import FileSystemStorage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import Image
from wagtail.images import get_image_model

from blog.models import BlogPostPage
from cms.settings import environment
from cms.storage import MediaStoreUnavailable
from cms.tasks import delete_stored_file
from members import services
from members.models import Organisation
from tests.blog.test_submissions import submission_data
from tests.factories.blog import BlogPostPageFactory, blog_for_submissions
from tests.factories.cms import DistrictFactory
from tests.factories.members import OrganisationFactory, draft_application, owner_of
from tests.helpers import parse, unused_port

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TRY_AGAIN = "konnte gerade nicht gespeichert werden"
FILE_SYSTEMS_SAVE = FileSystemStorage._save


def png(name="logo.png"):
    drawing = io.BytesIO()
    Image.new("RGB", (40, 20), "#005a70").save(drawing, "PNG")
    return SimpleUploadedFile(name, drawing.getvalue(), content_type="image/png")


def pdf():
    return SimpleUploadedFile("referenzen.pdf", PDF, content_type="application/pdf")


def buckets_at(endpoint, settings, monkeypatch):
    """Both buckets configured as in production, at ``endpoint``."""
    for name, value in {
        "MEDIA_S3_BUCKET": "smart-region-media",
        "MEMBER_FILES_S3_BUCKET": "smart-region-member-files",
        "MEDIA_S3_ENDPOINT_URL": endpoint,
        "MEDIA_S3_REGION": "eu-central-1",
        "AWS_ACCESS_KEY_ID": "smart-region",
        "AWS_SECRET_ACCESS_KEY": "not-a-secret",
    }.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {
        **environment.media_storages(),
        "staticfiles": settings.STORAGES["staticfiles"],
    }


@pytest.fixture
def lost_store(settings, monkeypatch):
    """The buckets at a port nobody listens on."""
    buckets_at(f"http://127.0.0.1:{unused_port()}", settings, monkeypatch)


@pytest.fixture
def unwritable_folder(settings, tmp_path):
    """``MEDIA_ROOT`` inside a file, where no folder can be made."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.MEDIA_ROOT = str(blocker / "media")


def text_of(response):
    return parse(response).get_text(" ")


def organisation_form(**changes):
    return {
        "name": "Elbmarsch Digital GmbH",
        "kind": "company",
        "street": "Hansestraße 12",
        "postal_code": "21682",
        "city": "Stade",
        "district": DistrictFactory(name="Stade").pk,
        "description_de": "Software für Obstbaubetriebe im Alten Land.",
        "contact_name": "Jana Wolters",
        "contact_email": "info@elbmarsch-digital.de",
        **changes,
    }


@pytest.mark.parametrize("store", ["lost_store", "unwritable_folder"])
def test_a_logo_the_store_cannot_keep_refuses_the_organisation_and_keeps_the_form(
    client, request, store
):
    client.force_login(owner_of(OrganisationFactory()))
    request.getfixturevalue(store)

    response = client.post(
        "/de/mitgliederbereich/organisationen/neu/",
        organisation_form(logo_upload=png()),
    )

    assert response.status_code == 200
    assert TRY_AGAIN in text_of(response)
    assert parse(response).select_one("#id_name")["value"] == "Elbmarsch Digital GmbH"
    assert not Organisation.objects.filter(name="Elbmarsch Digital GmbH").exists()
    assert not get_image_model().objects.exists()


def test_an_attachment_the_store_cannot_keep_is_refused_and_the_application_stays(
    client, lost_store
):
    application = draft_application()
    client.force_login(owner_of(application.organisation))
    page = f"/de/mitgliederbereich/antraege/{application.pk}/"

    response = client.post(page, {"action": "attach", "file": pdf()})

    assert response.status_code == 200
    assert TRY_AGAIN in text_of(response)
    assert not application.attachments.exists()
    assert client.get(page).status_code == 200


@pytest.fixture
def blog_site(db):
    return blog_for_submissions()


def photo_upload(name):
    photo = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 120, 90)).save(photo, "JPEG")
    return SimpleUploadedFile(name, photo.getvalue(), "image/jpeg")


def test_a_blog_post_whose_photo_the_store_cannot_keep_is_refused_with_its_text_kept(
    client, blog_site, lost_store
):
    organisation = OrganisationFactory()
    client.force_login(owner_of(organisation))

    response = client.post(
        "/de/mitgliederbereich/beitraege/neu/",
        submission_data(
            blog_site, organisation, image_1=photo_upload("foto.jpg"), alt_1="Eine Werkbank"
        ),
    )

    assert response.status_code == 200
    assert TRY_AGAIN in text_of(response)
    assert parse(response).select_one("#id_title")["value"] == "Werkstatt im Netz"
    assert not BlogPostPage.objects.exists()
    assert not get_image_model().objects.exists()


def test_a_folder_that_fills_up_at_the_second_photo_keeps_not_even_the_first(
    client, blog_site, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    organisation = OrganisationFactory()
    client.force_login(owner_of(organisation))
    saved = []

    def save_until_the_disk_is_full(storage, name, content):
        if saved:
            raise OSError(errno.ENOSPC, "No space left on device")
        saved.append(name)
        return FILE_SYSTEMS_SAVE(storage, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", save_until_the_disk_is_full)

    response = client.post(
        "/de/mitgliederbereich/beitraege/neu/",
        submission_data(
            blog_site,
            organisation,
            image_1=photo_upload("werkbank.jpg"),
            alt_1="Eine Werkbank",
            image_2=photo_upload("hobel.jpg"),
            alt_2="Ein Hobel",
        ),
    )

    assert response.status_code == 200
    assert TRY_AGAIN in text_of(response)
    [first_photo] = saved
    assert not BlogPostPage.objects.exists()
    assert not get_image_model().objects.exists()
    assert not (tmp_path / "media" / first_photo).exists()


def test_an_editors_upload_gets_a_page_asking_to_try_again(admin_client, lost_store):
    admin_client.raise_request_exception = False

    response = admin_client.post(
        "/admin/images/multiple/add/",
        {"files[]": png("hafen-stade.png")},
        HTTP_ACCEPT_LANGUAGE="de",
    )

    # The failed save marked the test's transaction for rollback; a server's request has none
    # around it, and what it would have kept is what is read next.
    transaction.set_rollback(False)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Dateien sind kurz nicht erreichbar" in text_of(response)
    assert not get_image_model().objects.exists()


def test_downloads_ask_to_try_again_while_pages_with_images_are_still_served(
    client, request, blog_site, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.MEMBER_FILES_ROOT = str(tmp_path / "member-files")
    document = wagtail_factories.DocumentFactory(title="Masterplan")
    post = BlogPostPageFactory(
        parent=blog_site["blog"],
        title="Hafen Stade digital",
        hero_image=wagtail_factories.ImageFactory(),
        hero_image_alt="Der Hafen von Stade",
    )
    application = draft_application()
    attachment = services.attachment_add(
        application=application, by=owner_of(application.organisation), upload=pdf()
    )
    client.force_login(owner_of(application.organisation))
    client.raise_request_exception = False
    request.getfixturevalue("lost_store")

    downloads = [
        client.get(document.url, HTTP_ACCEPT_LANGUAGE="de"),
        client.get(f"/de/mitgliederbereich/antraege/{application.pk}/anhaenge/{attachment.pk}/"),
    ]
    page = client.get(post.url)

    assert [download.status_code for download in downloads] == [503, 503]
    assert all("Dateien sind kurz nicht erreichbar" in text_of(download) for download in downloads)
    # Its picture cannot be drawn now; the page is served without it.
    assert page.status_code == 200
    assert parse(page).select_one("h1").get_text(strip=True) == "Hafen Stade digital"


def test_health_reports_a_lost_store_and_the_site_still_serves(client, lost_store):
    response = client.get("/health/")

    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "degraded",
        "database": "up",
        "cache": "up",
        "search": "up",
        "tasks": "up",
        "media": "down",
    }


def test_health_reports_a_media_folder_that_cannot_be_made(client, unwritable_folder):
    assert json.loads(client.get("/health/").content)["media"] == "down"


def test_files_removed_while_the_store_is_lost_are_deleted_later_by_the_task_worker(
    client, admin_client, lost_store, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    image = get_image_model().objects.create(
        title="Hafen Stade", file="original_images/hafen-stade.png", width=800, height=600
    )
    application = draft_application()
    attachment = application.attachments.create(
        file="applications/1/document.pdf", name="Referenzen.pdf", size=len(PDF)
    )
    client.force_login(owner_of(application.organisation))

    with django_capture_on_commit_callbacks(execute=True):
        removed_image = admin_client.post(f"/admin/images/{image.pk}/delete/")
        removed_attachment = client.post(
            f"/de/mitgliederbereich/antraege/{application.pk}/",
            {"action": "detach", "attachment": attachment.pk},
        )
    queued = DBTaskResult.objects.all()
    image_deletion = queued.get(task_path__endswith="delete_file_from_storage_task")
    [document_deletion] = queued.filter(task_path__endswith="delete_stored_file")
    # The worker takes the document's deletion while the store is still away.
    delete_stored_file.call(*document_deletion.args_kwargs["args"])
    [again] = DBTaskResult.objects.filter(task_path__endswith="delete_stored_file").exclude(
        pk=document_deletion.pk
    )

    assert removed_image.status_code == 302
    assert removed_attachment.status_code == 302
    assert not get_image_model().objects.exists()
    assert not application.attachments.exists()
    assert image_deletion.args_kwargs["args"][1] == "original_images/hafen-stade.png"
    assert document_deletion.args_kwargs["args"] == ["member_files", "applications/1/document.pdf"]
    assert again.args_kwargs["args"] == ["member_files", "applications/1/document.pdf", 2]
    assert again.run_after > timezone.now()


@pytest.fixture
def hanging_up_store():
    """A store that takes each connection and closes it at once, counting them."""
    listener = socket.create_server(("127.0.0.1", 0))
    taken = []

    def take():
        while True:
            try:
                connection, _address = listener.accept()
            except OSError:
                return
            taken.append(connection)
            connection.close()

    threading.Thread(target=take, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}", taken
    listener.close()


def test_after_a_failure_the_store_is_left_alone_for_a_moment_but_health_still_asks(
    settings, monkeypatch, hanging_up_store
):
    endpoint, taken = hanging_up_store
    buckets_at(endpoint, settings, monkeypatch)
    media = storages["default"]

    with pytest.raises(MediaStoreUnavailable):
        media.exists("original_images/hafen-stade.png")
    after_the_failure = len(taken)
    with pytest.raises(MediaStoreUnavailable):
        media.exists("original_images/elbe.png")
    after_the_second_request = len(taken)
    reason = media.unreachable_reason()

    assert after_the_failure >= 1
    assert after_the_second_request == after_the_failure
    assert reason.startswith("the bucket smart-region-media could not be reached")
    assert len(taken) == after_the_failure + 1


def test_a_page_whose_picture_cannot_be_stored_now_is_served_without_it(
    client, blog_site, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    post = BlogPostPageFactory(
        parent=blog_site["blog"],
        title="Hafen Stade digital",
        hero_image=wagtail_factories.ImageFactory(),
        hero_image_alt="Der Hafen von Stade",
    )
    # The originals can be read, but where the renditions go, nothing can be written.
    (tmp_path / "media" / "images").write_text("")

    page = client.get(post.url)

    assert page.status_code == 200
    assert parse(page).select_one("h1").get_text(strip=True) == "Hafen Stade digital"
    assert not post.hero_image.renditions.exists()
