"""``python manage.py freeze``: the pages and their static files, written to build/."""

import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import reverse

from {{ cookiecutter.project_slug }}.pages.urls import PAGES


class Command(BaseCommand):
    help = "Build the pages into build/ (or --output) for Nginx to serve."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=settings.BASE_DIR / "build")

    def handle(self, *args, output: Path, **options):
        shutil.rmtree(output, ignore_errors=True)
        # Each page as the app answers it, through the full middleware stack.
        client = Client(HTTP_HOST="localhost")
        for name, _title, _template in PAGES:
            url = reverse(f"pages:{name}")
            response = client.get(url)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
            target = output / url.lstrip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(response.content)
        # The project's own static files, where the pages' static-tag links point.
        for folder in settings.STATICFILES_DIRS:
            shutil.copytree(folder, output / settings.STATIC_URL.strip("/"), dirs_exist_ok=True)
        self.stdout.write(f"Built {len(PAGES)} pages into {output}")
