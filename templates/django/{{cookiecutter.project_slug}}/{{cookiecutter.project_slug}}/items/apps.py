from django.apps import AppConfig


class ItemsConfig(AppConfig):
    """The sample app: items with a name and a description."""

    name = "{{ cookiecutter.project_slug }}.items"
    label = "items"
    verbose_name = "Items"
