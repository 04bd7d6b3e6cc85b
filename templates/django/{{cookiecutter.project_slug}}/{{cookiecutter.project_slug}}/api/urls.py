{%- import "shape.jinja" as s with context -%}
"""Everything under /api/: the items, the token endpoint{% if s.signup_api %}, sign-up{% endif %}, the OpenAPI document, docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularJSONAPIView, SpectacularSwaggerView

from ..items.api import router
from .views import ObtainTokenView{% if s.signup_api %}, SignUpView{% endif %}


class EarlierTokenPath(ObtainTokenView):
    """/api/token/, where earlier versions of this project took credentials; not documented."""

    schema = None


urlpatterns = [
    path("", include(router.urls)),
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
{%- if s.signup_api %}
    path("auth/signup/", SignUpView.as_view(), name="api-signup"),
{%- endif %}
    path("token/", EarlierTokenPath.as_view()),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="api-openapi"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-openapi"), name="api-docs"),
]
