"""Pages of a list: ?page=N&page_size=M (M at most 100), anything else is 404."""

import re

from rest_framework import pagination
from rest_framework.exceptions import NotFound

_POSITIVE = re.compile(r"[1-9][0-9]{0,17}")


class PageNumberPagination(pagination.PageNumberPagination):
    """DRF's page numbers, strict about their input instead of guessing."""

    page_size_query_param = "page_size"
    max_page_size = 100
    last_page_strings = ()

    def paginate_queryset(self, queryset, request, view=None):
        for name in (self.page_query_param, self.page_size_query_param):
            value = request.query_params.get(name)
            # int() also takes " 1", "1_0" and digits of other scripts, such as "²".
            if value is not None and not _POSITIVE.fullmatch(value):
                raise NotFound(f"{name} must be a positive whole number, not {value!r}.")
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        return min(int(value), self.max_page_size) if value else self.page_size

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = "Items per page: 20 unless given, at most 100."
        return parameters
