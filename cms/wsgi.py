import os

from django.core.wsgi import get_wsgi_application

from cms.startup import explain_startup_errors

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

with explain_startup_errors():
    application = get_wsgi_application()
