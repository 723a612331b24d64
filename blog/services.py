"""What members and editors do with submitted posts, one function per action: a member submits
a post or revises it after the editors asked for changes; the editors' decisions (made in the
Wagtail admin through ``BlogReviewTask``) are recorded and told to the submitter. Each checks
what may be done, saves in one transaction and queues the e-mail in the outbox, which sends
it only after the transaction has committed."""

from datetime import timedelta
from html import unescape

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.images import get_image_model
from wagtail.models import Workflow, WorkflowTask

from cms.storage import MediaStoreUnavailable, discarded_on_failure, store_unavailable_message
from cms.text import german_slug
from members.models import Membership

from . import notifications
from .models import BlogPostPage, BlogReviewTask, PostSubmission, SubmissionStatus

# Wagtail's own group of editors who moderate, made by its migrations as "Moderators" and
# named in German by cms's (cms/migrations/0002_german_names_for_wagtails_defaults.py).
MODERATORS_GROUP = "Moderation"


class SubmissionRefused(PermissionDenied):
    def __init__(self, message):
        self.message = message
        super().__init__(message)


def review_workflow():
    """The workflow every submitted post goes through, the one with a ``BlogReviewTask``: made
    on first use with one such task for the moderators, and found by its task afterwards, so
    that editors may rename it and add groups or tasks to it."""
    from django.contrib.auth.models import Group

    workflow = Workflow.objects.filter(
        active=True, workflow_tasks__task__in=BlogReviewTask.objects.filter(active=True)
    ).first()
    if workflow is None:
        with translation.override(settings.LANGUAGE_CODE):
            workflow = Workflow.objects.create(name=_("Submitted blog posts"))
            task = BlogReviewTask.objects.create(name=_("Review of a submitted post"))
        task.groups.set(Group.objects.filter(name=MODERATORS_GROUP))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def submissions_this_hour(user):
    return PostSubmission.objects.filter(
        submitter=user, submitted_at__gte=timezone.now() - timedelta(hours=1)
    ).count()


def check_may_submit_for(user, organisation):
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise SubmissionRefused(_("You can submit posts only for your own organisations."))


def body_of(text, images):
    """The post's content blocks: each paragraph of ``text`` (separated by blank lines) as
    text, never as markup, and the images after the first (which heads the post)."""
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    blocks = [
        ("paragraph", "<p>" + escape(part).replace("\n", "<br>") + "</p>")
        for part in paragraphs
        if part
    ]
    blocks += [
        ("image", {"image": image, "alt_text": alt, "decorative": False})
        for image, alt in images[1:]
    ]
    return blocks


def stored_images(uploads, by):
    """The uploads (each a cleaned file and its alternative text) as images of the library. A
    store that cannot keep them now refuses the submission, which the caller's transaction
    undoes; the form keeps what was typed."""
    try:
        return [
            (
                get_image_model().objects.create(title=alt[:255], file=upload, uploaded_by_user=by),
                alt,
            )
            for upload, alt in uploads
        ]
    except MediaStoreUnavailable:
        raise SubmissionRefused(store_unavailable_message()) from None


def post_submit(*, by, blog, title, teaser, text, sector, district, organisation, uploads):
    """A draft post below ``blog``, owned by ``by``, in the review workflow. ``uploads`` are
    ``(file, alternative text)`` pairs that ``blog.uploads.cleaned_image`` has checked."""
    check_may_submit_for(by, organisation)
    if submissions_this_hour(by) >= settings.BLOG_SUBMISSIONS_PER_HOUR:
        raise SubmissionRefused(
            _(
                "You have submitted %(count)d posts in the last hour. Please wait a while "
                "before you submit the next one."
            )
            % {"count": settings.BLOG_SUBMISSIONS_PER_HOUR}
        )
    with discarded_on_failure(), transaction.atomic():
        images = stored_images(uploads, by)
        hero, hero_alt = images[0] if images else (None, "")
        post = BlogPostPage(
            title=title,
            slug=find_available_slug(blog, german_slug(title) or "beitrag"),
            intro=teaser,
            body=body_of(text, images),
            hero_image=hero,
            hero_image_alt=hero_alt,
            organisation=organisation,
            owner=by,
            live=False,
        )
        blog.add_child(instance=post)
        post.sectors.set([sector] if sector else [])
        post.districts.set([district] if district else [])
        post.save_revision(user=by, log_action=True)
        # Started by no editor: Wagtail's own notifications, written for editors and leading
        # into the admin, then leave the member alone; the blog's tell them instead.
        review_workflow().start(post, None)
        submission = PostSubmission.objects.create(
            post=post, submitter=by, organisation=organisation
        )
    return submission


def submission_decided(*, post, decision, comment, by):
    """Record the editors' decision on a submitted post (``approve``, ``reject``: changes
    requested, ``decline``: rejected for good) and tell the submitter."""
    status = {
        "approve": SubmissionStatus.PUBLISHED,
        "reject": SubmissionStatus.CHANGES_REQUESTED,
        "decline": SubmissionStatus.REJECTED,
    }[decision]
    with transaction.atomic():
        submission = PostSubmission.objects.select_for_update().filter(post=post).first()
        if submission is None:
            # A post an editor wrote, reviewed in the same workflow: nobody to tell.
            return None
        submission.status = status
        submission.comment = comment
        submission.decided_at = timezone.now()
        submission.save(update_fields=["status", "comment", "decided_at"])
        notifications.submission_decided(submission)
    return submission


def text_of(post):
    """The post's paragraphs as the plain text the submission form shows: the inverse of
    ``body_of`` for what a member wrote."""
    paragraphs = [
        strip_tags(block.value.source.replace("<br>", "\n"))
        for block in post.body
        if block.block_type == "paragraph"
    ]
    return "\n\n".join(unescape(paragraph) for paragraph in paragraphs)


def post_revise(*, submission, by, title, teaser, text, sector, district, organisation, uploads):
    """The submitter's new version of a post the editors sent back, and the review again.
    New images replace the old ones; without any, the post keeps its images."""
    if submission.submitter_id != by.pk:
        raise SubmissionRefused(_("Only the member who submitted a post can revise it."))
    check_may_submit_for(by, organisation)
    with discarded_on_failure(), transaction.atomic():
        submission = PostSubmission.objects.select_for_update().get(pk=submission.pk)
        if submission.status != SubmissionStatus.CHANGES_REQUESTED:
            raise SubmissionRefused(
                _("This post is not waiting for changes; the editors have it at the moment.")
            )
        post = BlogPostPage.objects.get(pk=submission.post_id).get_latest_revision_as_object()
        if uploads:
            images = stored_images(uploads, by)
            post.hero_image, post.hero_image_alt = images[0]
        else:
            kept = [
                (block.value, block.value.contextual_alt_text)
                for block in post.body
                if block.block_type == "image"
            ]
            images = [(post.hero_image, post.hero_image_alt), *kept] if post.hero_image else kept
        post.title, post.intro, post.organisation = title, teaser, organisation
        post.body = body_of(text, images)
        post.sectors.set([sector] if sector else [])
        post.districts.set([district] if district else [])
        post.save_revision(user=by, log_action=True)
        post.current_workflow_state.resume(None)
        submission.status = SubmissionStatus.IN_REVIEW
        submission.organisation = organisation
        submission.save(update_fields=["status", "organisation"])
    return submission


def forget_member(user):
    """What the blog keeps of a member whose account goes. Submissions that never went live go
    with the account; published posts stay the site's, without the link to it (the page's owner
    and the submission's submitter are cleared by the deletion itself)."""
    for post in BlogPostPage.objects.filter(
        submission__submitter=user, first_published_at__isnull=True
    ):
        post.delete()
