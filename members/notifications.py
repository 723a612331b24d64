"""The registry's e-mails: each goes to the people it concerns, in each one's language, through
the outbox (``cms.mail``), so that it is sent after the transaction commits and retried while the
mail server is away."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from cms.mail import absolute_url, queue_mail

from .models import Profile
from .selectors import committee_members, owners_of, reviewers_of


def language_of(user):
    profile = Profile.objects.filter(user=user).first()
    return profile.language if profile else None


def url_in(language, name, *args):
    with translation.override(language):
        return absolute_url(reverse(name, args=args))


def notify_user(user, template, **context):
    language = language_of(user) or settings.LANGUAGE_CODE
    queue_mail(
        to=user.email,
        template=f"members/emails/{template}",
        context={"user": user, "portal_url": url_in(language, "members:portal"), **context},
        language=language,
    )


def notify_organisation(organisation, template, **context):
    """Every owner of the organisation: they answer for its application and seal."""
    for owner in owners_of(organisation):
        application = context.get("application")
        if application is not None:
            context["application_url"] = url_in(
                language_of(owner) or settings.LANGUAGE_CODE, "members:application", application.pk
            )
        notify_user(owner, template, organisation=organisation, **context)


def notify_reviewers(application, template, **context):
    for reviewer in reviewers_of(application):
        notify_user(
            reviewer,
            template,
            organisation=application.organisation,
            application=application,
            review_url=absolute_url(reverse("seal_applications:edit", args=[application.pk])),
            **context,
        )


def notify_committee(application, template, **context):
    for member in committee_members():
        notify_user(
            member,
            template,
            organisation=application.organisation,
            application=application,
            review_url=absolute_url(reverse("seal_applications:edit", args=[application.pk])),
            **context,
        )


def send_invitation(invitation, secret):
    queue_mail(
        to=invitation.email,
        template="members/emails/invitation",
        context={
            "invitation": invitation,
            "organisation": invitation.organisation,
            "inviter": invitation.invited_by,
            "accept_url": url_in(invitation.language, "members:invitation", secret),
        },
        language=invitation.language,
    )
