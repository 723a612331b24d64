"""Uploads in buckets of an S3-compatible store instead of on the app server's disk, as several
app servers share them: the production server with ``MEDIA_S3_BUCKET`` and
``MEMBER_FILES_S3_BUCKET`` against a store on loopback (moto's S3 server, standing in for the
outside store), images fetched from the bucket's address, documents through the site, members'
attachments in a bucket of their own, and a backup restored into new buckets."""

import io
import json
import tarfile
from urllib.error import HTTPError
from urllib.request import urlopen

import boto3
import pytest
from moto.server import ThreadedMotoServer
from PIL import Image

from cms.backups import MANIFEST, SQLITE_COPY, Bucket, checksum
from cms.bucket_storage import MediaBucketStorage
from cms.storage import MediaStoreUnavailable
from tests import helpers
from tests.helpers import ProductionSite, manage

pytestmark = pytest.mark.standalone

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "smart-region", "AWS_SECRET_ACCESS_KEY": "not-a-secret"}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

# What an editor and a member upload, saved through the models as the admin and the portal
# save them; printed back: where the files went and the address of the image's rendition.
UPLOADS = """
import io, json
from django.core.files.base import ContentFile
from PIL import Image as Picture
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from members.models import ApplicationAttachment, SealApplication
from tests.factories.members import OrganisationFactory

drawing = io.BytesIO()
Picture.new("RGB", (800, 600), "#0a6e5a").save(drawing, "PNG")
image = get_image_model().objects.create(
    title="Hafen Stade", file=ContentFile(drawing.getvalue(), name="hafen-stade.png")
)
document = get_document_model().objects.create(
    title="Masterplan", file=ContentFile(PDF, name="masterplan.pdf")
)
application = SealApplication.objects.create(organisation=OrganisationFactory())
attachment = ApplicationAttachment.objects.create(
    application=application,
    file=ContentFile(PDF, name="document.pdf"),
    name="angebot.pdf",
    content_type="application/pdf",
    size=len(PDF),
)
print(json.dumps({
    "image": image.file.name,
    "rendition": image.get_rendition("width-400").url,
    "document": document.url,
    "document_file": document.file.name,
    "attachment": attachment.file.name,
}))
"""


def s3_client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="eu-central-1",
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )


@pytest.fixture(scope="module")
def store():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=helpers.unused_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    yield endpoint, s3_client(endpoint)
    server.stop()


def make_bucket(client, name, *, public_renditions=False):
    """A new bucket; with ``public_renditions``, the policy of docs/deployment.md, which lets
    anybody read the images' renditions and nothing else."""
    client.create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
    )
    if public_renditions:
        statement = {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{name}/images/*",
        }
        policy = {"Version": "2012-10-17", "Statement": [statement]}
        client.put_bucket_policy(Bucket=name, Policy=json.dumps(policy))
    return name


def status_for_anybody(address):
    try:
        with urlopen(address) as answer:  # noqa: S310 (the store on loopback)
            return answer.status
    except HTTPError as refusal:
        return refusal.code


def objects_in(client, bucket):
    listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {
        item["Key"]: client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        for item in listed
    }


def site_on_buckets(folder, endpoint, media, member_files):
    folder.mkdir()
    site = ProductionSite(
        folder,
        MEDIA_S3_BUCKET=media,
        MEMBER_FILES_S3_BUCKET=member_files,
        MEDIA_S3_ENDPOINT_URL=endpoint,
        MEDIA_S3_REGION="eu-central-1",
        DJANGO_PRIVATE_MEDIA_ROOT=str(folder / "member-files"),
        DJANGO_SECURE_SSL_REDIRECT="false",
        **CREDENTIALS,
    )
    return site


@pytest.fixture(scope="module")
def uploaded(store, tmp_path_factory, migrated_sqlite):
    """A site on two new buckets, with an image, a document and an attachment uploaded."""
    endpoint, client = store
    folder = tmp_path_factory.mktemp("buckets")
    media = make_bucket(client, "smart-region-media", public_renditions=True)
    member_files = make_bucket(client, "smart-region-member-files")
    site = site_on_buckets(folder / "site", endpoint, media, member_files)
    site.prepare(migrated_sqlite)
    result = manage("shell", "--no-imports", "-c", f"PDF = {PDF!r}\n{UPLOADS}", **site.environment)
    assert result.returncode == 0, result.stderr
    site.start()
    yield site, json.loads(result.stdout), folder
    site.stop()


def test_uploads_go_to_their_buckets_and_none_to_the_disk(store, uploaded):
    _endpoint, client = store
    site, names, _folder = uploaded

    public = objects_in(client, "smart-region-media")
    private = objects_in(client, "smart-region-member-files")

    assert names["image"] in public
    assert names["document_file"] in public
    assert [name for name in public if name.startswith("images/")], "no rendition was stored"
    assert list(private) == [names["attachment"]]
    assert private[names["attachment"]] == PDF
    assert names["attachment"] not in public
    assert not (site.folder / "media").exists()
    assert not (site.folder / "member-files").exists()


def test_images_come_from_the_bucket_and_pages_allow_its_address(store, uploaded):
    endpoint, _client = store
    site, names, _folder = uploaded

    with urlopen(names["rendition"]) as answer:  # noqa: S310 (the store on loopback)
        drawn = Image.open(io.BytesIO(answer.read()))
    _status, headers, _text = helpers.fetch(site.port, "GET", "/de/", {"Host": "localhost"})

    assert names["rendition"].startswith(f"{endpoint}/smart-region-media/images/")
    assert drawn.size == (400, 300)
    # The original, the document and the attachment are only handed out by the site.
    for bucket, name in (
        ("smart-region-media", names["image"]),
        ("smart-region-media", names["document_file"]),
        ("smart-region-member-files", names["attachment"]),
    ):
        assert status_for_anybody(f"{endpoint}/{bucket}/{name}") == 403, name
    [img_src] = [
        part for part in headers["Content-Security-Policy"].split(";") if "img-src" in part
    ]
    assert f"{endpoint}/smart-region-media/" in img_src.split()


def test_health_reaches_both_buckets(uploaded):
    site, _names, _folder = uploaded

    _status, _headers, body = helpers.fetch(site.port, "GET", "/health/", {"Host": "localhost"})

    assert json.loads(body)["media"] == "up"


def test_documents_are_handed_out_by_the_site_not_by_the_bucket(uploaded):
    site, names, _folder = uploaded

    status, headers, body = helpers.fetch(
        site.port, "GET", names["document"], {"Host": "localhost"}
    )

    assert (status, body) == (200, PDF.decode())
    assert "Location" not in headers
    # Wagtail's own answer: PDF and plain text shown in the browser, everything else saved.
    assert headers["Content-Disposition"] == "inline"
    assert headers["Content-Type"] == "application/pdf"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_a_backup_of_the_buckets_restores_into_new_buckets(store, uploaded, tmp_path):
    endpoint, client = store
    site, names, _folder = uploaded
    backup = tmp_path / "backup"

    made = manage("backup", str(backup), **site.environment)
    assert made.returncode == 0, made.stderr
    with tarfile.open(backup / "media.tar.gz") as tar:
        archived = set(tar.getnames())
    restored = site_on_buckets(
        tmp_path / "restored",
        endpoint,
        make_bucket(client, "restored-media", public_renditions=True),
        make_bucket(client, "restored-member-files"),
    )
    missing = manage(
        "restore",
        str(backup),
        **{**restored.environment, "MEMBER_FILES_S3_BUCKET": "no-such-bucket"},
        timeout=300,
    )
    back = manage("restore", str(backup), **restored.environment, timeout=300)
    # Into an empty database again, but the buckets now hold the files.
    (tmp_path / "restored" / "db.sqlite3").unlink()
    again = manage("restore", str(backup), **restored.environment, timeout=300)

    assert {names["image"], names["document_file"]} <= archived
    assert missing.returncode != 0
    assert "the bucket no-such-bucket (MEMBER_FILES_S3_BUCKET) could not be read" in missing.stderr
    assert "Traceback" not in missing.stderr
    assert back.returncode == 0, back.stderr
    assert objects_in(client, "restored-media") == objects_in(client, "smart-region-media")
    assert objects_in(client, "restored-member-files") == objects_in(
        client, "smart-region-member-files"
    )
    assert again.returncode != 0
    assert "the bucket restored-media (MEDIA_S3_BUCKET) is not empty" in again.stderr


def test_a_restore_whose_database_cannot_be_loaded_leaves_the_buckets_empty(
    store, uploaded, tmp_path
):
    endpoint, client = store
    site, _names, _folder = uploaded
    backup = tmp_path / "backup"
    assert manage("backup", str(backup), **site.environment).returncode == 0
    # A backup damaged before its manifest was written: every file is as the manifest says,
    # but the database copy is no database.
    (backup / SQLITE_COPY).write_bytes(b"not a database, " * 64)
    manifest = json.loads((backup / MANIFEST).read_text())
    manifest["files"][SQLITE_COPY] = checksum(backup / SQLITE_COPY)
    (backup / MANIFEST).write_text(json.dumps(manifest))
    restored = site_on_buckets(
        tmp_path / "restored",
        endpoint,
        make_bucket(client, "failed-media", public_renditions=True),
        make_bucket(client, "failed-member-files"),
    )

    failed = manage("restore", str(backup), **restored.environment, timeout=300)

    assert failed.returncode != 0
    assert "not a database" in failed.stderr
    assert objects_in(client, "failed-media") == {}
    assert objects_in(client, "failed-member-files") == {}


def test_an_object_deleted_while_its_bucket_is_archived_is_left_out(store, tmp_path, monkeypatch):
    endpoint, client = store
    bucket = make_bucket(client, "busy-media")
    for name in ("documents/plan.pdf", "documents/protokoll.pdf", "original_images/hafen.png"):
        client.put_object(Bucket=bucket, Key=name, Body=PDF)

    class DeletedWhileListed(MediaBucketStorage):
        """The store as the site changes it meanwhile: an editor deletes a document right
        after the backup listed the bucket."""

        def listdir(self, path):
            listed = super().listdir(path)
            if path.rstrip("/") == "documents":
                client.delete_object(Bucket=bucket, Key="documents/protokoll.pdf")
            return listed

    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    storage = DeletedWhileListed(
        bucket_name=bucket, endpoint_url=endpoint, region_name="eu-central-1"
    )
    Bucket(storage, "MEDIA_S3_BUCKET").archive(tmp_path / "media.tar.gz")

    with tarfile.open(tmp_path / "media.tar.gz") as tar:
        assert sorted(tar.getnames()) == ["documents/plan.pdf", "original_images/hafen.png"]


def bucket_storage(endpoint, bucket, monkeypatch):
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    return MediaBucketStorage(bucket_name=bucket, endpoint_url=endpoint, region_name="eu-central-1")


def test_a_bucket_that_is_gone_is_a_store_away_not_a_file_missing(store, monkeypatch):
    endpoint, client = store
    kept = bucket_storage(endpoint, make_bucket(client, "kept-media"), monkeypatch)
    kept.save("documents/plan.pdf", io.BytesIO(PDF))
    gone = bucket_storage(endpoint, "deleted-media", monkeypatch)

    with pytest.raises(FileNotFoundError):
        kept.open("documents/protokoll.pdf")
    for look_up in (gone.open, gone.size):
        gone.ask_again()
        with pytest.raises(MediaStoreUnavailable):
            look_up("documents/plan.pdf")


def test_a_store_lost_between_opening_and_reading_a_file_is_a_store_away(monkeypatch):
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=helpers.unused_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        bucket = make_bucket(s3_client(endpoint), "short-lived")
        storage = bucket_storage(endpoint, bucket, monkeypatch)
        for name in ("documents/plan.pdf", "documents/protokoll.pdf"):
            storage.save(name, io.BytesIO(PDF))
        being_read = storage.open("documents/plan.pdf")
        beginning = being_read.read(8)
        not_yet_read = storage.open("documents/protokoll.pdf")
    finally:
        server.stop()

    # Each attempt fails alike; none hands out an empty file instead.
    for _attempt in range(2):
        with pytest.raises(MediaStoreUnavailable):
            not_yet_read.read()
    # The file fetched before is read on, whatever the pause after the failure.
    assert beginning + being_read.read() == PDF
