"""Everything under /api/: the items, the token endpoint, the OpenAPI document, its docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularJSONAPIView, SpectacularSwaggerView

from ..items.api import router
from .views import ObtainTokenView


class EarlierTokenPath(ObtainTokenView):
    """/api/token/, where earlier versions of this project took credentials; not documented."""

    schema = None


urlpatterns = [
    path("", include(router.urls)),
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("token/", EarlierTokenPath.as_view()),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="api-openapi"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-openapi"), name="api-docs"),
]
