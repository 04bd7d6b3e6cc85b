"""URL configuration: the pages, the admin{% if cookiecutter.api %}, the API (api/urls.py){% endif %}.

/healthz and /readyz are answered by health.py's middleware.
"""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = f"{settings.SITE_NAME} administration"
admin.site.site_title = settings.SITE_NAME

urlpatterns = [
{%- if cookiecutter.app_type == "static" %}
    # First: the static pages own "/".
    path("", include("{{ cookiecutter.project_slug }}.pages.urls")),
{%- endif %}
    path("", include("{{ cookiecutter.project_slug }}.items.urls")),
    path("admin/", admin.site.urls),
{%- if cookiecutter.api %}
    path("api/", include("{{ cookiecutter.project_slug }}.api.urls")),
{%- endif %}
]

# Uploaded files in development (Nginx serves them in production).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
