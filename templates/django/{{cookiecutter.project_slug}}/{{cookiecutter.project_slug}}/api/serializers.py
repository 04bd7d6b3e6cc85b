"""Serializer behaviour every API input shares: unknown fields and bad text are errors."""

from collections.abc import Mapping

from rest_framework import serializers


def _text_error(value: object) -> str | None:
    """Why a value sent for a text field is refused; None when it is fine.

    DRF would turn a number into text ("1" for 1); unpaired UTF-16 surrogates such as
    "\\ud800" are valid JSON but no database stores them.
    """
    if value is None:
        return None  # the field itself says whether null is allowed
    if not isinstance(value, str):
        return "Not a valid string."
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "Not valid Unicode text."
    return None


class StrictFieldsMixin:
    """Reject fields the serializer does not accept (DRF would silently drop them), and
    anything but text for a text field."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            errors = {}
            for name, value in data.items():
                field = self.fields.get(name)
                if field is None:
                    errors[name] = ["Unknown field."]
                elif field.read_only:
                    errors[name] = ["This field is read-only."]
                elif isinstance(field, serializers.CharField) and (error := _text_error(value)):
                    errors[name] = [error]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class StrictModelSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    """A ModelSerializer that refuses unknown fields."""
