from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import FundingNotice


class FundingNoticeViewSet(SnippetViewSet):
    model = FundingNotice
    icon = "doc-full"
    list_display = ["name"]


register_snippet(FundingNoticeViewSet)
