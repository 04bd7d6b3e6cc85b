from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """The project's user.

    It adds nothing to Django's user yet; having it from the first migration means
    fields can be added later without replacing the user model mid-project, which
    Django cannot do for an existing database.
    """
