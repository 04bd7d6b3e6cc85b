"""The items API: /api/items/ (anyone reads, signed-in users write)."""

from rest_framework import routers, viewsets

from .models import Item
from .serializers import ItemSerializer


class ItemViewSet(viewsets.ModelViewSet):
    """List, create, read, update and delete items (permissions: REST_FRAMEWORK)."""

    queryset = Item.objects.all()
    serializer_class = ItemSerializer


router = routers.DefaultRouter()
router.register("items", ItemViewSet)
