"""Database models. After changing one, run ``flask db migrate -m "..."`` and commit the result."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db

NAME_MAX_LENGTH = 100


class Item(db.Model):  # type: ignore[name-defined]
    """The sample resource served at /api/items."""

    __tablename__ = "items"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON representation."""
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "created_at": _isoformat(self.created_at),
            "updated_at": _isoformat(self.updated_at),
        }


def _isoformat(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
