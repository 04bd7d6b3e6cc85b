"""Serializer behaviour every API input shares: unknown fields and bad text are errors."""

from collections.abc import Mapping

from rest_framework import serializers


def _has_lone_surrogate(value: object) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
    return False


class StrictFieldsMixin:
    """Reject fields the serializer does not accept (DRF would silently drop them), and
    text no database can store (unpaired UTF-16 surrogates such as "\\ud800")."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            errors = {
                name: ["This field is read-only." if name in self.fields else "Unknown field."]
                for name in data
                if name not in writable
            }
            errors |= {
                name: ["Not valid Unicode text."]
                for name, value in data.items()
                if name in writable and _has_lone_surrogate(value)
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class StrictModelSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    """A ModelSerializer that refuses unknown fields."""
