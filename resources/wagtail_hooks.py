from wagtail.snippets.models import register_snippet

from resources.viewsets import DirectoryViewSetGroup

register_snippet(DirectoryViewSetGroup)
