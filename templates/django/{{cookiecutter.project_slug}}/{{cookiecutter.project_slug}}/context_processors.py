"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    """The site's name, for titles and headers (autoescaped like any template variable)."""
    return {"site_name": settings.SITE_NAME}
