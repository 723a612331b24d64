"""The blog's e-mails to submitters, in each one's language, through the outbox (``cms.mail``):
written in the transaction of the decision, sent after it has committed, retried while the
mail server is away."""

from django.conf import settings

from cms.mail import queue_mail
from members.notifications import language_of, url_in


def submission_decided(submission):
    submitter = submission.submitter
    if submitter is None:
        return
    language = language_of(submitter) or settings.LANGUAGE_CODE
    queue_mail(
        to=submitter.email,
        template="blog/emails/submission_decided",
        context={
            "user": submitter,
            "submission": submission,
            "post_title": submission.post.title,
            "post_url": submission.post.full_url if submission.post.live else "",
            "submissions_url": url_in(language, "blog:submissions"),
        },
        language=language,
    )
