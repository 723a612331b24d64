from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import LocaleColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ContactPerson


class ContactPersonViewSet(SnippetViewSet):
    model = ContactPerson
    icon = "user"
    list_display = ["name", "role", "organisation", "city", LocaleColumn(label=_("Language"))]
    search_fields = ["name", "organisation"]


register_snippet(ContactPersonViewSet)
