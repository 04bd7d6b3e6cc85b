"""Extension instances, bound to the application in ``create_app``."""
{% if cookiecutter.celery %}
from celery import Celery, Task
from flask import Flask
{%- endif %}
{%- if cookiecutter.redis %}
from flask_caching import Cache
{%- endif %}
from flask_migrate import Migrate
{%- if cookiecutter.redis %}
from flask_session import Session
{%- endif %}
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Deterministic constraint names, so that migrations can drop and alter them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
{%- if cookiecutter.redis %}
cache = Cache()
server_session = Session()
{%- endif %}
{%- if cookiecutter.celery %}


def celery_init_app(app: Flask) -> Celery:
    """Create the Celery app of ``app``, configured from ``app.config["CELERY"]``.

    Every task runs inside the Flask application context, so tasks use ``db`` and
    ``current_app`` as views do. ``app.extensions["celery"]`` holds it; tasks are
    declared with ``@shared_task`` and so need no import of it.
    """

    class FlaskTask(Task):
        def __call__(self, *args: object, **kwargs: object) -> object:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(app.config["CELERY"])
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app
{%- endif %}
