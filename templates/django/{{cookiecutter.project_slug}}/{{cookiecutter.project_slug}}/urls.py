{%- import "shape.jinja" as s with context -%}
"""URL configuration: {% if s.pages %}the pages{% else %}the API (api/urls.py), the root leading to its docs{% endif %}{% if s.login_pages %}, the accounts{% endif %}{% if s.admin %}, the admin{% endif %}{% if cookiecutter.api and s.pages %}, the API (api/urls.py){% endif %}.

/healthz and /readyz are answered by health.py's middleware.
"""

from django.conf import settings
from django.conf.urls.static import static
{%- if s.admin %}
from django.contrib import admin
{%- endif %}
from django.urls import include, path
{%- if not s.pages %}
from django.views.generic import RedirectView
{%- endif %}
{%- if s.admin %}

admin.site.site_header = f"{settings.SITE_NAME} administration"
admin.site.site_title = settings.SITE_NAME
{%- endif %}

urlpatterns = [
{%- if cookiecutter.app_type == "static" %}
    # First: the static pages own "/".
    path("", include("{{ cookiecutter.project_slug }}.pages.urls")),
{%- endif %}
{%- if s.pages %}
    path("", include("{{ cookiecutter.project_slug }}.items.urls")),
{%- else %}
    # An API-only project has no pages: its root leads to the API's documentation.
    path("", RedirectView.as_view(pattern_name="api-docs")),
{%- endif %}
{%- if s.login_pages %}
    path("accounts/", include("{{ cookiecutter.project_slug }}.accounts.urls")),
{%- endif %}
{%- if s.admin %}
    path("admin/", admin.site.urls),
{%- endif %}
{%- if cookiecutter.api %}
    path("api/", include("{{ cookiecutter.project_slug }}.api.urls")),
{%- endif %}
]

# Uploaded files in development (Nginx serves them in production).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
