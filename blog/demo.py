"""The blog's part of the demo content (``cms/demo/data/60-blog.yaml``): posts a member
submitted from the public site that wait for the editors' review.

The generic demo loader creates the blog and its published posts as pages; it calls
``submissions`` for each entry of the section named after it. A submission is made through
``services.post_submit`` by the member who would send it, with the photos they would upload
checked as the submission form checks them, so that it is a draft in the review workflow, in the
editors' moderation list and in the member's list of their posts, as in real use. A second run
finds it under its key and leaves it as the editors and the member left it.
"""

import inspect

from django.core.files.base import ContentFile

from cms.demo.loader import DemoDataError, Texts, generated_image

from . import services
from .models import PostSubmission
from .uploads import cleaned_image


def submissions(loader, entry):
    """``{key, by, blog, organisation, title, teaser, text, sector, district, images}``: the
    member ``by`` submits a post for their organisation to ``blog``; ``images`` are painted
    like the demo's other pictures (``{colours, alt}``), the first heading the post."""
    submission = loader.loaded(entry["key"], PostSubmission)
    created = submission is None
    if created:
        values = loader.resolve(
            {name: entry[name] for name in entry if name not in {"key", "images"}},
            Texts(loader.where),
        )
        uploads = [
            (cleaned_image(ContentFile(generated_image(image), name="foto.jpg")), image["alt"])
            for image in entry.get("images", [])
        ]
        values = {"sector": None, "district": None, **values, "uploads": uploads}
        unknown = set(values) - set(inspect.signature(services.post_submit).parameters)
        if unknown:
            raise DemoDataError(f"{loader.where}: no option “{sorted(unknown)[0]}”")
        try:
            submission = services.post_submit(**values)
        except services.SubmissionRefused as refusal:
            raise DemoDataError(f"{loader.where}: {refusal.message}") from None
    loader.remember(entry["key"], submission, created)
    loader.log(f"submitted post “{submission}”", created)
