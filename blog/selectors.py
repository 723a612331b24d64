"""Reads of the blog that need care: which blog a language has, and a member's submissions."""

from django.shortcuts import get_object_or_404

from .models import BlogIndexPage, PostSubmission
from .services import text_of


def blog_in_language(language_code):
    return (
        BlogIndexPage.objects.live().filter(locale__language_code=language_code).first()
        or BlogIndexPage.objects.live().first()
    )


def submissions_of(user):
    return PostSubmission.objects.filter(submitter=user).select_related("post", "organisation")


def submission_to_revise(user, pk):
    """The member's own submission ``pk``; anyone else's is not found."""
    return get_object_or_404(
        PostSubmission.objects.select_related("post", "organisation"), pk=pk, submitter=user
    )


def personal_data_of(user):
    """The member's submissions as they stand, for the download of their own data."""
    submissions = []
    for submission in submissions_of(user).order_by("submitted_at"):
        post = submission.post.get_latest_revision_as_object()
        submissions.append(
            {
                "title": post.title,
                "teaser": post.intro,
                "text": text_of(post),
                "organisation": submission.organisation.name if submission.organisation else None,
                "status": submission.status,
                "editors_comment": submission.comment,
                "submitted_at": submission.submitted_at.isoformat(),
                "decided_at": submission.decided_at.isoformat() if submission.decided_at else None,
                "address": submission.post.full_url if submission.post.live else None,
            }
        )
    return {"blog_submissions": submissions}
