"""The pages: plain templates, no database, so the built files are what the app serves."""

from django.urls import path
from django.views.generic import TemplateView

app_name = "pages"

# The pages, in menu order: URL name, title and template; `freeze` builds each one.
PAGES = (
    ("index", "Home", "pages/index.html"),
    ("about", "About", "pages/about.html"),
)

urlpatterns = [
    path(
        "" if name == "index" else f"{name}/",
        TemplateView.as_view(template_name=template, extra_context={"menu": PAGES}),
        name=name,
    )
    for name, _title, template in PAGES
]
