"""The WSGI application, for gunicorn with ``cms/gunicorn.conf.py``.

That configuration loads it once in gunicorn's master process, so a configuration error or an
unreachable database or cache stops the server with one line and exit code 4. Answers kept in
the shared cache (``cms.answers``) are served before Django's middleware.
"""

import os

from django.core.wsgi import get_wsgi_application

from cms.answers import serving_stored_answers
from cms.startup import (
    WSGI_CANNOT_LOAD,
    explain_startup_errors,
    load_for_workers,
    require_services,
)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

with explain_startup_errors(exit_code=WSGI_CANNOT_LOAD):
    application = serving_stored_answers(get_wsgi_application())
    require_services(exit_code=WSGI_CANNOT_LOAD)
    load_for_workers()
