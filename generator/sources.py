"""The two documents the criteria come from: their titles and section headings.

Users of the published tool do not have the documents, so a reason names its source by
document title and section rather than by file and line. The criteria keep line-level
citations (`<file>:<line>`); this table turns a line into the section it sits in. The tests
check every entry against the documents' own headings.
"""

from __future__ import annotations

from dataclasses import dataclass

OVERVIEW = "flask-and-django-overview.md"
APIS = "choosing-flask-or-django-for-apis.md"


@dataclass(frozen=True)
class Section:
    """A heading (and the bold sub-headings below it) starting at a document line."""

    line: int
    heading: str
    parts: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        """The heading and sub-headings as one readable string."""
        return " > ".join((self.heading, *self.parts))


@dataclass(frozen=True)
class Document:
    """A seed document: its title and its sections in line order."""

    title: str
    sections: tuple[Section, ...]

    def section_at(self, line: int) -> Section:
        """The section a line belongs to: the last one starting at or before it."""
        found = [s for s in self.sections if s.line <= line]
        if not found:
            raise LookupError(f"line {line} of {self.title!r} is before its first section")
        return found[-1]


_FLASK = "2. Flask: The Lightweight, Flexible Choice"
_DJANGO = "3. Django: The Full-Featured, Robust Framework"
_COMPARISON = "4. Flask vs. Django: Detailed Comparison and Use Cases"
_WHEN = "When to Use Flask or Django"

DOCUMENTS: dict[str, Document] = {
    OVERVIEW: Document(
        "The combination of Flask and Django",
        (
            Section(4, "Flask"),
            Section(7, "Flask", ("Key Features of Flask",)),
            Section(16, "Advantages of Flask"),
            Section(24, "Disadvantages of Flask"),
            Section(31, "Django"),
            Section(35, "Key Features of Django"),
            Section(45, "Advantages of Django"),
            Section(55, "Disadvantages of Django"),
            Section(64, _WHEN),
            Section(66, _WHEN, ("Use Django When",)),
            Section(78, _WHEN, ("Use Flask When",)),
        ),
    ),
    APIS: Document(
        "Choosing Between Flask and Django",
        (
            Section(5, "1. Overview: Flask vs. Django"),
            Section(14, _FLASK),
            Section(18, _FLASK, ("Pros",)),
            Section(28, _FLASK, ("Cons",)),
            Section(36, _FLASK, ("Scalability Considerations with Flask",)),
            Section(44, _FLASK, ("Deployment Challenges",)),
            Section(50, _DJANGO),
            Section(54, _DJANGO, ("Pros",)),
            Section(64, _DJANGO, ("Cons",)),
            Section(72, _DJANGO, ("Scalability Considerations with Django",)),
            Section(80, _DJANGO, ("Deployment Challenges",)),
            Section(88, _COMPARISON),
            Section(101, _COMPARISON, ("Use Cases",)),
            Section(102, _COMPARISON, ("Use Cases", "Flask")),
            Section(107, _COMPARISON, ("Use Cases", "Django")),
            Section(112, "5. Conclusion: Making the Right Choice"),
        ),
    ),
}


@dataclass(frozen=True)
class Citation:
    """Where a rule comes from, readable without the document at hand."""

    source: str  # `<file>:<line>`, as in the criteria table
    document: str
    section: str


def cite(source: str) -> Citation:
    """The document title and section of a `<file>:<line>` source."""
    file, _, line = source.rpartition(":")
    document = DOCUMENTS[file]
    return Citation(source, document.title, document.section_at(int(line)).path)


def cite_all(sources: tuple[str, ...]) -> str:
    """Sources as `"Title": section; section. "Other title": section.` (each named once)."""
    by_title: dict[str, list[str]] = {}
    for citation in map(cite, sources):
        sections = by_title.setdefault(citation.document, [])
        if citation.section not in sections:
            sections.append(citation.section)
    return " ".join(f'"{title}": {"; ".join(parts)}.' for title, parts in by_title.items())
