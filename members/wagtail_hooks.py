from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from .admin_views import (
    ApplicationsAwaitingReviewPanel,
    SealRegistryViewSetGroup,
    reviews_applications,
)
from .models import ApplicationState, Recommendation, SealStatus

STATE_NAMES = dict(ApplicationState.choices) | dict(SealStatus.choices)


class TransitionFormatter(LogFormatter):
    """A change of state: the message names where it came from and went, the comment is the
    reviewer's or the committee's."""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        source, target = data.get("from"), data.get("to")
        if not (source and target):
            return self.message
        return _("%(message)s (%(source)s → %(target)s)") % {
            "message": self.message,
            "source": STATE_NAMES.get(source, source),
            "target": STATE_NAMES.get(target, target),
        }

    def format_comment(self, log_entry):
        data = log_entry.data or {}
        return data.get("comment") or data.get("reason") or ""


class CommentFormatter(LogFormatter):
    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("comment", "")


class RecommendationFormatter(CommentFormatter):
    """The message says what the reviewer recommended."""

    def format_message(self, log_entry):
        recommendation = (log_entry.data or {}).get("recommendation")
        if recommendation not in Recommendation.values:
            return self.message
        return _("%(message)s: %(recommendation)s") % {
            "message": self.message,
            "recommendation": Recommendation(recommendation).label,
        }


TRANSITIONS = {
    "members.application.submit": (_("Submit application"), _("Application submitted")),
    "members.application.start_review": (_("Start review"), _("Review started")),
    "members.application.request_changes": (_("Request changes"), _("Changes requested")),
    "members.application.answer": (_("Answer change request"), _("Change request answered")),
    "members.application.approve": (_("Approve application"), _("Application approved")),
    "members.application.reject": (_("Reject application"), _("Application rejected")),
    "members.application.withdraw": (_("Withdraw application"), _("Application withdrawn")),
    "members.seal.suspend": (_("Suspend seal"), _("Seal suspended")),
    "members.seal.reinstate": (_("Reinstate seal"), _("Seal reinstated")),
    "members.seal.revoke": (_("Revoke seal"), _("Seal revoked")),
}
COMMENTS = {
    "members.application.comment": (_("Comment on application"), _("Comment")),
}
RECOMMENDATIONS = {
    "members.application.recommend": (_("Recommend decision"), _("Decision recommended")),
}
EVENTS = {
    "members.organisation.create": (_("Create organisation"), _("Organisation created")),
    "members.organisation.change": (_("Change organisation"), _("Organisation changed")),
    "members.membership.role": (_("Change member's role"), _("Member's role changed")),
    "members.membership.remove": (_("Remove member"), _("Member removed")),
    "members.invitation.create": (_("Invite member"), _("Member invited")),
    "members.invitation.accept": (_("Accept invitation"), _("Invitation accepted")),
    "members.invitation.withdraw": (_("Withdraw invitation"), _("Invitation withdrawn")),
    "members.application.create": (_("Start application"), _("Application started")),
    "members.application.change": (_("Change application"), _("Application changed")),
    "members.application.attach": (_("Attach document"), _("Document attached")),
    "members.application.detach": (_("Remove document"), _("Document removed")),
    "members.reviewer.assign": (_("Assign reviewer"), _("Reviewer assigned")),
    "members.reviewer.unassign": (_("Unassign reviewer"), _("Reviewer unassigned")),
    "members.seal.issue": (_("Issue seal"), _("Seal issued")),
    "members.seal.renew": (_("Renew seal"), _("Seal renewed")),
    "members.seal.remind": (_("Remind of expiry"), _("Expiry reminder sent")),
    "members.ambassador.appoint": (_("Name ambassador"), _("Ambassador named")),
    "members.ambassador.end": (_("End ambassador's term"), _("Ambassador's term ended")),
}


@hooks.register("register_log_actions")
def register_member_log_actions(actions):
    for formatter_base, registered in (
        (TransitionFormatter, TRANSITIONS),
        (CommentFormatter, COMMENTS),
        (RecommendationFormatter, RECOMMENDATIONS),
    ):
        for action, (label, message) in registered.items():
            actions.register_action(action)(
                type("Formatter", (formatter_base,), {"label": label, "message": message})
            )
    for action, (label, message) in EVENTS.items():
        actions.register_action(action, label, message)


@hooks.register("register_admin_viewset")
def register_seal_registry():
    return SealRegistryViewSetGroup()


@hooks.register("construct_homepage_panels")
def applications_awaiting_review(request, panels):
    if reviews_applications(request.user):
        panels.append(ApplicationsAwaitingReviewPanel())


@hooks.register("register_sitemaps")
def register_directory_sitemap(request):
    from .sitemaps import DirectorySitemap

    return {"members": DirectorySitemap()}
