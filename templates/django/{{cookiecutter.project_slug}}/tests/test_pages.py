"""The static pages: answered by the app, and built by `manage.py freeze` into linked files."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.core.management import call_command


class Links(HTMLParser):
    """Every href and src of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.found += [value for name, value in attrs if name in {"href", "src"} and value]


def links(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.found


def test_every_page_answers_with_its_menu(client):
    for path, heading in (("/", "<h1>"), ("/about/", "<h1>About</h1>")):
        response = client.get(path)
        assert response.status_code == 200
        page = response.content.decode()
        assert heading in page
        assert 'aria-current="page"' in page
        assert {"/", "/about/"} <= set(links(page))


def test_freeze_builds_every_page_and_every_internal_link_resolves(tmp_path):
    build = tmp_path / "build"
    call_command("freeze", output=build)
    pages = sorted(build.rglob("*.html"))
    assert [p.relative_to(build).as_posix() for p in pages] == ["about/index.html", "index.html"]
    for page in pages:
        for link in links(page.read_text(encoding="utf-8")):
            url = urlsplit(link)
            if url.scheme or url.netloc:
                continue  # an external link: not this site's to check
            target = build / url.path.lstrip("/")
            if url.path.endswith("/"):
                target = target / "index.html"
            assert target.is_file(), f"{page.name} links to {link}, which the build lacks"
