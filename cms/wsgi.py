import os

from django.core.wsgi import get_wsgi_application

from cms.startup import WSGI_CANNOT_LOAD, explain_startup_errors

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

with explain_startup_errors(exit_code=WSGI_CANNOT_LOAD):
    application = get_wsgi_application()
