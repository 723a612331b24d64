"""The production settings, with only what a benchmark on loopback needs.

``bench/badges`` sets the environment (a throwaway database, Redis, media and static folders);
this module fills in what production requires of an operator and adds the bare view.
"""

import os
import secrets
from pathlib import Path

# Production stops without these; a benchmark run has no operator to set them.
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("WAGTAILADMIN_BASE_URL", "https://127.0.0.1")
os.environ.setdefault("EMAIL_URL", "consolemail://")

from cms.settings.production import *  # noqa: F403
from cms.settings.production import MEDIA_ROOT

ROOT_URLCONF = "bench.urls"
# All the load comes from one address, which the limiter would refuse after 120 checks a
# minute. The limiter still counts every request, so its cost stays in the figures.
BADGE_CHECKS_PER_MINUTE = 100_000_000
# The demo loader keeps its accounts' password in the run's throwaway folder, not in var/,
# whichever database the run uses.
DEMO_PASSWORD_FILE = Path(MEDIA_ROOT).with_name("demo-password")
