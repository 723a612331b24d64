"""The member's side of the blog: submitting a post from the public site and following what
the editors decided. A visitor without an account may fill the form in; what they typed is
kept while they sign up or log in, and the form shows it again afterwards."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .forms import KEPT_FIELDS, PostSubmissionForm

KEPT_SESSION_KEY = "blog-submission-draft"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def submit(request):
    blog = selectors.blog_in_language(get_language())
    user = request.user
    if request.method == "POST":
        form = PostSubmissionForm(
            request.POST, request.FILES, user=user, language_code=get_language()
        )
        if not user.is_authenticated:
            request.session[KEPT_SESSION_KEY] = {
                name: request.POST.get(name, "")[:12000] for name in KEPT_FIELDS
            }
            messages.info(
                request,
                _(
                    "Please create a member account or log in to send your post. What you "
                    "typed is kept; images have to be chosen again."
                ),
            )
            submit_url = reverse("blog:submit")
            return redirect(f"{reverse('account_signup')}?{urlencode({'next': submit_url})}")
        if form.is_valid() and blog is not None:
            try:
                services.post_submit(by=user, blog=blog, **form.post_fields())
            except services.SubmissionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                request.session.pop(KEPT_SESSION_KEY, None)
                messages.success(
                    request,
                    _("Thank you! Your post has been sent to the editors, who will review it."),
                )
                return redirect("blog:submissions")
    else:
        form = PostSubmissionForm(
            initial=request.session.get(KEPT_SESSION_KEY, {}),
            user=user,
            language_code=get_language(),
        )
    return TemplateResponse(
        request,
        "blog/submit.html",
        {"form": form, "blog": blog, "private_page": True},
    )


@never_cache
@login_required
def submissions(request):
    return TemplateResponse(
        request,
        "blog/submissions.html",
        {"submissions": selectors.submissions_of(request.user), "private_page": True},
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def revise(request, pk):
    submission = selectors.submission_to_revise(request.user, pk)
    post = submission.post.get_latest_revision_as_object()
    form = PostSubmissionForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        language_code=get_language(),
        initial={
            "title": post.title,
            "teaser": post.intro,
            "text": services.text_of(post),
            "sector": next(iter(post.sectors.all()), None),
            "district": next(iter(post.districts.all()), None),
            "organisation": submission.organisation,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.post_revise(submission=submission, by=request.user, **form.post_fields())
        except services.SubmissionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Thank you! The editors will look at your post again."))
            return redirect("blog:submissions")
    return TemplateResponse(
        request,
        "blog/submit.html",
        {"form": form, "submission": submission, "private_page": True},
    )
