"""Reads of the blog that need care: which blog a language has, and a member's submissions."""

from django.shortcuts import get_object_or_404

from .models import BlogIndexPage, PostSubmission


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
