"""Reads of the blog that need care: which blog a language has, and a member's submissions."""

from .models import BlogIndexPage, PostSubmission


def blog_in_language(language_code):
    return (
        BlogIndexPage.objects.live().filter(locale__language_code=language_code).first()
        or BlogIndexPage.objects.live().first()
    )


def submissions_of(user):
    return PostSubmission.objects.filter(submitter=user).select_related("post", "organisation")
