"""How often one client may send a public form: plenty for a person, too few for a script.
Counted per client address and hour in the cache that every app server shares; while it is
away, nobody is refused for want of a count."""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from cms.cache import count
from cms.security import client_address

WINDOW_SECONDS = 60 * 60
TOO_OFTEN = _(
    "This form was sent from your address too often in the last hour. Please try again "
    "later; what you typed is still here."
)


def sent_too_often(request, form_name):
    """Counts this sending of the form ``form_name`` and says whether the client has sent it
    more often this hour than ``PUBLIC_FORM_SUBMISSIONS_PER_HOUR``."""
    window = int(time.time() // WINDOW_SECONDS)
    counted, _found = count(
        cache, f"form-sent:{form_name}:{client_address(request)}:{window}", WINDOW_SECONDS * 2
    )
    return counted > settings.PUBLIC_FORM_SUBMISSIONS_PER_HOUR
