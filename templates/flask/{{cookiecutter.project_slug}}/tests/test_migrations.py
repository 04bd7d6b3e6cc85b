"""The committed migrations build exactly the schema the models describe."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from {{ cookiecutter.project_slug }} import create_app
from {{ cookiecutter.project_slug }}.extensions import db

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")


@pytest.fixture
def empty_db_app(tmp_path: Path) -> Iterator[Flask]:
    """An app on an empty database: a SQLite file, or TEST_DATABASE_URL emptied first."""
    app = create_app("testing")
    if app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite://":
        app = create_app(
            "testing", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'migrations.db'}"}
        )
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        yield app
        db.session.remove()
        db.engine.dispose()


def test_migrations_match_the_models(empty_db_app: Flask) -> None:
    upgrade(directory=MIGRATIONS)
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert not differences, (
        "The models differ from the migrations; run `flask db migrate -m '...'` "
        f"and commit the new file in migrations/versions/: {differences}"
    )


def test_migrations_downgrade_to_empty(empty_db_app: Flask) -> None:
    upgrade(directory=MIGRATIONS)
    downgrade(directory=MIGRATIONS, revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
