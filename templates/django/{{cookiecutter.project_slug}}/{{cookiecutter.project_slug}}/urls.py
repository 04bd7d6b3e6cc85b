"""URL configuration: the sample app, the admin{% if cookiecutter.api %}, the API{% endif %}; /healthz and /readyz are in health.py."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
{%- if cookiecutter.api %}
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authtoken.views import obtain_auth_token

from .items.api import router
{%- endif %}

admin.site.site_header = f"{settings.SITE_NAME} administration"
admin.site.site_title = settings.SITE_NAME

urlpatterns = [
    path("", include("{{ cookiecutter.project_slug }}.items.urls")),
    path("admin/", admin.site.urls),
{%- if cookiecutter.api %}
    path("api/", include(router.urls)),
    path("api/token/", obtain_auth_token, name="api-token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
{%- endif %}
]

# Uploaded files in development (Nginx serves them in production).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
