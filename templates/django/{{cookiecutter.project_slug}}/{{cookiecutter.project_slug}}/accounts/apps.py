from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users: the project's own user model, in place from the first migration."""

    name = "{{ cookiecutter.project_slug }}.accounts"
    label = "accounts"
    verbose_name = "Accounts"
