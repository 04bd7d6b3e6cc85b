"""The decision engine against the two seed documents, rule by rule and case by case."""

from __future__ import annotations

import json
import re
import shlex
from itertools import combinations
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.answers import coerce, load_answers_file
from generator.cli import cli
from generator.criteria import APIS, CRITERIA, OVERVIEW
from generator.engine import TIE_BREAK_RULE, TIE_BREAKER, Change, recommend, score
from generator.explain import recommendation_data, recommendation_text
from generator.questions import DECISION_QUESTIONS, NEUTRAL, QUESTIONS
from generator.record import read_record
from generator.sources import DOCUMENTS, cite

ROOT = Path(__file__).resolve().parents[1]


def _find_seeds() -> Path | None:
    # The documents sit in `shared/seeds/` beside the checkout (or a worktree of it).
    for parent in Path(__file__).resolve().parents:
        if (parent / "shared" / "seeds").is_dir():
            return parent / "shared" / "seeds"
    return None


SEEDS = _find_seeds()
DEFAULTS = {q.key: q.default for q in DECISION_QUESTIONS}


def doc_lines(doc: str) -> list[str]:
    if SEEDS is None:
        pytest.skip("seed documents (shared/seeds/) not found beside the checkout")
    return (SEEDS / doc).read_text(encoding="utf-8").splitlines()


def doc_line(source: str) -> str:
    doc, _, line = source.rpartition(":")
    return doc_lines(doc)[int(line) - 1]


# One row per rule: the answer, the side it favours, and the document line it applies,
# with words that line must contain (so a drifting citation fails the test).
DOCUMENT_RULES = [
    ("size", "large", "django", f"{OVERVIEW}:68", "large project"),
    ("size", "small", "flask", f"{OVERVIEW}:80", "smaller, simpler web application"),
    ("size", "small", "flask", f"{OVERVIEW}:57", "overkill for small projects"),
    ("size", "large", "django", f"{OVERVIEW}:51", "large web applications"),
    ("deadline", "tight", "django", f"{OVERVIEW}:70", "Deadlines are a driving factor"),
    ("deadline", "tight", "django", f"{OVERVIEW}:47", "tight deadlines"),
    ("app_type", "api", "flask", f"{OVERVIEW}:86", "API support"),
    ("app_type", "api", "flask", f"{OVERVIEW}:12", "RESTful by Design"),
    ("app_type", "microservice", "flask", f"{APIS}:12", "microservices"),
    ("app_type", "microservice", "flask", f"{APIS}:24", "microservices"),
    ("app_type", "microservice", "flask", f"{APIS}:103", "Microservices Architecture"),
    ("app_type", "prototype", "flask", f"{APIS}:21", "Quick Prototyping"),
    ("app_type", "prototype", "flask", f"{APIS}:104", "Prototyping"),
    ("app_type", "serverless", "flask", f"{APIS}:105", "Serverless"),
    ("app_type", "static", "flask", f"{OVERVIEW}:22", "few static pages"),
    ("app_type", "fullstack", "django", f"{APIS}:32", "not designed to handle full-stack"),
    ("app_type", "fullstack", "django", f"{OVERVIEW}:26", "Not Suitable for Complex Systems"),
    ("admin", True, "django", f"{APIS}:60", "Admin Interface"),
    ("admin", True, "django", f"{APIS}:94", "Admin Interface"),
    ("auth", True, "django", f"{APIS}:96", "Authentication"),
    ("auth", True, "django", f"{OVERVIEW}:37", "authentication"),
    ("db_control", "orm", "django", f"{OVERVIEW}:72", "database management"),
    ("db_control", "orm", "django", f"{APIS}:95", "Built-in ORM"),
    ("db_control", "hands-on", "flask", f"{OVERVIEW}:88", "control over database"),
    ("db_control", "hands-on", "flask", f"{OVERVIEW}:20", "multiple types of databases"),
    ("flexibility", "conventions", "django", f"{OVERVIEW}:39", "Structured and Consistent"),
    ("flexibility", "freedom", "flask", f"{OVERVIEW}:82", "coding flexibility"),
    ("flexibility", "freedom", "flask", f"{OVERVIEW}:84", "extensions and customized"),
    ("flexibility", "freedom", "flask", f"{OVERVIEW}:61", "Opinionated"),
    ("flexibility", "freedom", "flask", f"{APIS}:68", "use alternative components"),
    ("growth", True, "django", f"{OVERVIEW}:74", "scale up to a more complex app"),
    ("growth", True, "django", f"{APIS}:34", "scaling monolithic Flask applications"),
    ("growth", False, "flask", f"{OVERVIEW}:57", "no plans to scale up"),
    ("python_experience", "beginner", "flask", f"{OVERVIEW}:10", "beginners"),
    ("python_experience", "beginner", "flask", f"{OVERVIEW}:59", "solid understanding of Python"),
    ("python_experience", "beginner", "flask", f"{APIS}:65", "Steep Learning Curve"),
    ("python_experience", "beginner", "django", f"{OVERVIEW}:76", "community support"),
    ("python_experience", "experienced", "flask", f"{APIS}:46", "expertise"),
    ("security", "builtin", "django", f"{OVERVIEW}:41", "Security-Focused"),
    ("security", "builtin", "django", f"{APIS}:58", "SQL injection"),
    ("security", "builtin", "django", f"{APIS}:116", "security are priorities"),
    ("security", "manual", "flask", f"{APIS}:97", "Manual setup required"),
    ("domain", "ecommerce", "django", f"{APIS}:108", "E-commerce"),
    ("domain", "social", "django", f"{APIS}:109", "Social Media"),
    ("domain", "cms", "django", f"{OVERVIEW}:53", "content management"),
    ("domain", "enterprise", "django", f"{APIS}:110", "Enterprise-level APIs"),
    ("domain", "notification", "flask", f"{APIS}:103", "email notification service"),
    ("domain", "iot", "flask", f"{APIS}:105", "IoT"),
]


@pytest.mark.parametrize(("key", "answer", "favours", "source", "phrase"), DOCUMENT_RULES)
def test_rule_applies_the_cited_document_line(key, answer, favours, source, phrase):
    rule = [c for c in CRITERIA if c.key == key and c.answer == answer and c.favours == favours]
    assert rule, f"no criterion for {key}={answer} favouring {favours}"
    assert source in rule[0].sources
    rec = recommend({key: answer})
    assert rec.scores[favours] >= rule[0].weight
    assert any(r is rule[0] for r in rec.reasons)
    assert phrase.lower() in doc_line(source).lower(), f"{source} reads {doc_line(source)!r}"


def test_every_criterion_is_checked_against_a_document_line():
    checked = {(k, a, f) for k, a, f, _, _ in DOCUMENT_RULES}
    unchecked = [c for c in CRITERIA if (c.key, c.answer, c.favours) not in checked]
    assert unchecked == []


def test_every_cited_line_exists_and_is_not_blank():
    for criterion in CRITERIA:
        for source in criterion.sources:
            assert doc_line(source).strip(), source


def test_every_criterion_names_a_real_question_and_value():
    for criterion in CRITERIA:
        assert criterion.answer in QUESTIONS[criterion.key].values
        assert criterion.answer != NEUTRAL
        assert 1 <= criterion.weight <= 3


def test_every_use_case_of_both_documents_is_a_choice():
    app_types = set(QUESTIONS["app_type"].choices)
    domains = set(QUESTIONS["domain"].choices)
    assert {"microservice", "prototype", "serverless", "api", "fullstack"} <= app_types
    assert {"ecommerce", "social", "enterprise", "cms", "notification", "iot"} <= domains


# --- citations by title and section ------------------------------------------------------


def _clean(text: str) -> str:
    """A heading or bold label without its Markdown: `## **1. Foo**` -> `1. Foo`."""
    text = re.sub(r"^(#+\s*|\d+\.\s+)", "", text.strip())
    return text.replace("*", "").strip().rstrip(":").strip()


def _is_label(text: str) -> bool:
    """A line that is only a bold label, e.g. `**Pros:**` or `1. **Flask**:`."""
    return re.fullmatch(r"(\d+\.\s+)?\*\*[^*]+\*\*:?", text.strip()) is not None


@pytest.mark.parametrize("doc", sorted(DOCUMENTS))
def test_the_title_is_the_documents_own(doc):
    assert doc_lines(doc)[0].startswith("# ")
    assert DOCUMENTS[doc].title == _clean(doc_lines(doc)[0])


@pytest.mark.parametrize("doc", sorted(DOCUMENTS))
def test_the_sections_are_the_documents_headings_and_labels(doc):
    lines = doc_lines(doc)
    marked = {
        n: _clean(text)
        for n, text in enumerate(lines, start=1)
        if n > 1 and (text.startswith("#") or _is_label(text))
    }
    table = {s.line: (s.parts[-1] if s.parts else s.heading) for s in DOCUMENTS[doc].sections}
    assert table == marked
    for section in DOCUMENTS[doc].sections:
        # A section's heading is the last `#` heading at or above it.
        heading = next(
            _clean(lines[n - 1]) for n in range(section.line, 0, -1) if lines[n - 1].startswith("#")
        )
        assert section.heading == heading, section


def test_every_source_resolves_to_a_title_and_section():
    for criterion in CRITERIA:
        for source in criterion.sources:
            citation = cite(source)
            assert citation.document in {d.title for d in DOCUMENTS.values()}
            assert citation.section


def test_reasons_name_document_titles_not_files():
    text = " ".join(recommendation_text(recommend({"size": "large", "app_type": "api"})).split())
    assert ".md" not in text
    assert '"The combination of Flask and Django": When to Use Flask or Django >' in text
    assert "Use Django When" in text and "Use Flask When" in text


# --- the neutral questionnaire -----------------------------------------------------------


@pytest.mark.parametrize("question", DECISION_QUESTIONS, ids=lambda q: q.key)
def test_every_default_is_neutral(question):
    assert recommend({question.key: question.default}).scores == {"flask": 0, "django": 0}
    if question.kind == "bool":
        # admin and auth shape the project, so they stay yes/no; "no" is a reason for
        # neither side in the documents and scores nothing.
        assert question.default is False
    else:
        assert question.default == NEUTRAL
        assert NEUTRAL in question.values


@pytest.mark.parametrize("question", DECISION_QUESTIONS, ids=lambda q: q.key)
def test_every_question_has_an_answer_for_each_side(question):
    sides = {c.favours for c in CRITERIA if c.key == question.key}
    # The documents give a reason for one side only here: not needing a feature, or a
    # relaxed schedule, is no reason for the other framework.
    one_sided = {"admin", "auth", "deadline"}
    assert sides == ({"django"} if question.key in one_sided else {"flask", "django"})


def test_all_defaults_do_not_decide_and_say_so():
    rec = recommend(DEFAULTS)
    assert rec.scores == {"flask": 0, "django": 0}
    assert rec.reasons == ()
    assert not rec.decided
    assert rec.framework == TIE_BREAKER
    assert rec.flip == (Change("size", NEUTRAL, "large"),)
    assert rec.settle == (Change("size", NEUTRAL, "small"),)
    text = recommendation_text(rec)
    assert text.startswith("Recommendation: Flask, by the tie-break  (Django 0 : Flask 0")
    assert "The answers do not decide: nothing answered favours either framework." in text
    assert "Tie-break: Equal scores go to Flask" in text
    assert "What would make it Django: size unsure -> large" in text
    assert "What would decide it for Flask: size unsure -> small" in text


def test_equal_reasons_on_both_sides_do_not_decide_either():
    rec = recommend({**DEFAULTS, "app_type": "api", "deadline": "tight"})  # 2 : 2
    assert not rec.decided and rec.framework == TIE_BREAKER
    assert "the reasons on both sides weigh the same" in recommendation_text(rec)
    assert recommend({**DEFAULTS, **{c.key: c.after for c in rec.settle}}).decided


# The answers the questionnaire used to default to (size=medium, deadline=flexible,
# app_type=api, db_control=orm, flexibility=conventions, growth=false,
# python_experience=experienced, security=builtin, domain=other) still mean the same.
OLD_DEFAULTS = {
    "size": "medium", "deadline": "flexible", "app_type": "api", "admin": False,
    "auth": False, "db_control": "orm", "flexibility": "conventions", "growth": False,
    "python_experience": "experienced", "security": "builtin", "domain": "other",
}  # fmt: skip


def test_the_old_defaults_still_score_as_before():
    assert recommend(OLD_DEFAULTS).scores == {"django": 6, "flask": 4}


def test_old_answers_files_and_records_still_load(tmp_path):
    answers = tmp_path / "answers.yml"
    answers.write_text(yaml.safe_dump(OLD_DEFAULTS))
    assert load_answers_file(answers) == OLD_DEFAULTS
    record = {
        "template": "django",
        "recommendation": {"framework": "django", "scores": {"django": 6, "flask": 4}},
        "answers": {**OLD_DEFAULTS, "project_name": "Old", "project_slug": "old"},
    }
    (tmp_path / ".scaffold.yml").write_text(yaml.safe_dump(record))
    assert dict(read_record(tmp_path).answers) == record["answers"]


@pytest.mark.parametrize(
    ("raw", "value"), [("unsure", NEUTRAL), (" Unsure ", NEUTRAL), ("yes", True), ("no", False)]
)
def test_growth_takes_yes_no_or_unsure(raw, value):
    assert coerce("growth", raw) == value


# --- what the documents decide clearly ----------------------------------------------------

# Each case: the answers, the framework the documents name, and the lines that say so
# (with words they must contain). Every other answer stays at its neutral default.
CLEAR_CASES = [
    ("large, tight deadline, admin", {"size": "large", "deadline": "tight", "admin": True},
     "django", [(f"{OVERVIEW}:68", "large project"), (f"{OVERVIEW}:70", "Deadlines"),
                (f"{APIS}:116", "admin interfaces")]),
    ("large project", {"size": "large"}, "django", [(f"{OVERVIEW}:68", "large project")]),
    ("tight deadline", {"deadline": "tight"}, "django", [(f"{OVERVIEW}:70", "Deadlines")]),
    ("one-stop security and database", {"security": "builtin", "db_control": "orm"},
     "django", [(f"{OVERVIEW}:72", "security and database management")]),
    ("scale up later", {"growth": True}, "django", [(f"{OVERVIEW}:74", "scale up")]),
    ("full-fledged app", {"app_type": "fullstack"}, "django", [(f"{APIS}:99", "Full-fledged")]),
    ("user management, database, admin, security", {
        "auth": True, "db_control": "orm", "admin": True, "growth": True, "security": "builtin"},
     "django", [(f"{APIS}:116", "user management, database interactions, and admin")]),
    ("e-commerce", {"domain": "ecommerce", "auth": True, "admin": True}, "django",
     [(f"{APIS}:108", "multiple user roles")]),
    ("social media", {"domain": "social", "auth": True}, "django",
     [(f"{APIS}:109", "user profiles")]),
    ("enterprise API", {"domain": "enterprise", "app_type": "api", "security": "builtin",
                        "size": "large"},
     "django", [(f"{APIS}:110", "large-scale APIs with high security")]),
    ("small API, freedom", {"size": "small", "app_type": "api", "flexibility": "freedom"},
     "flask", [(f"{APIS}:115", "small APIs"), (f"{OVERVIEW}:82", "flexibility")]),
    ("small microservice, freedom",
     {"size": "small", "app_type": "microservice", "flexibility": "freedom"},
     "flask", [(f"{APIS}:115", "microservices"), (f"{OVERVIEW}:82", "flexibility")]),
    ("small serverless, freedom",
     {"size": "small", "app_type": "serverless", "flexibility": "freedom"},
     "flask", [(f"{APIS}:105", "AWS Lambda"), (f"{OVERVIEW}:82", "flexibility")]),
    ("use Flask when", {"size": "small", "flexibility": "freedom", "app_type": "api",
                        "db_control": "hands-on"},
     "flask", [(f"{OVERVIEW}:80", "smaller"), (f"{OVERVIEW}:88", "database communication")]),
    ("notification service", {"app_type": "microservice", "domain": "notification"}, "flask",
     [(f"{APIS}:103", "email notification service")]),
    ("prototype", {"app_type": "prototype"}, "flask", [(f"{APIS}:104", "demo")]),
    ("beginner's prototype", {"app_type": "prototype", "python_experience": "beginner"},
     "flask", [(f"{OVERVIEW}:10", "beginners"), (f"{APIS}:22", "prototyping")]),
    ("IoT, serverless", {"app_type": "serverless", "domain": "iot"}, "flask",
     [(f"{APIS}:105", "IoT and Serverless")]),
    ("a few static pages", {"app_type": "static"}, "flask", [(f"{OVERVIEW}:22", "static pages")]),
    ("more control over the database", {"db_control": "hands-on"}, "flask",
     [(f"{OVERVIEW}:88", "control over database")]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("answers", "expected", "sources"),
    [case[1:] for case in CLEAR_CASES],
    ids=[case[0] for case in CLEAR_CASES],
)
def test_the_documents_clear_cases(answers, expected, sources):
    rec = recommend({**DEFAULTS, **answers})
    assert rec.framework == expected
    assert rec.decided
    assert rec.reasons_for(expected)
    for source, phrase in sources:
        assert phrase.lower() in doc_line(source).lower(), f"{source} reads {doc_line(source)!r}"


def test_a_tie_goes_to_the_tie_breaker():
    framework, totals = score({})
    assert totals == {"flask": 0, "django": 0}
    assert framework == TIE_BREAKER


# --- properties ---------------------------------------------------------------------------

answer_sets = st.fixed_dictionaries({q.key: st.sampled_from(q.values) for q in DECISION_QUESTIONS})


def _lean(key: str, value: object) -> int:
    """Net points toward Django of one answer (negative: toward Flask)."""
    return sum(
        (c.weight if c.favours == "django" else -c.weight)
        for c in CRITERIA
        if c.key == key and c.answer == value
    )


@settings(max_examples=150, deadline=None)
@given(answer_sets)
def test_deterministic(answers):
    assert recommend(answers) == recommend(dict(answers))


@settings(max_examples=200, deadline=None)
@given(answer_sets, st.data())
def test_an_answer_leaning_further_to_the_winner_never_flips_it(answers, data):
    rec = recommend(answers)
    key = data.draw(st.sampled_from([q.key for q in DECISION_QUESTIONS]))
    new_value = data.draw(st.sampled_from(QUESTIONS[key].values))
    toward_django = _lean(key, new_value) - _lean(key, answers[key])
    changed = {**answers, key: new_value}
    if rec.framework == "django" and toward_django >= 0:
        assert recommend(changed).framework == "django"
    if rec.framework == "flask" and toward_django <= 0:
        assert recommend(changed).framework == "flask"


def _no_smaller_set_wins(answers, size, toward, outright):
    """No `size`-or-fewer set of changes makes `toward` win (the best value per key)."""
    sign = 1 if toward == "django" else -1
    keys = [q.key for q in DECISION_QUESTIONS]
    for n in range(1, size):
        for chosen in combinations(keys, n):
            best = {
                k: max(QUESTIONS[k].values, key=lambda v, k=k: sign * _lean(k, v)) for k in chosen
            }
            framework, totals = score({**answers, **best})
            other = "flask" if toward == "django" else "django"
            wins = totals[toward] > totals[other] if outright else framework == toward
            assert not wins, (chosen, best)


@settings(max_examples=60, deadline=None)
@given(answer_sets)
def test_flip_is_the_smallest_change_that_flips(answers):
    rec = recommend(answers)
    assert rec.flip, "some change of answers always flips the recommendation"
    changed = {**answers, **{c.key: c.after for c in rec.flip}}
    assert recommend(changed).framework != rec.framework
    for change in rec.flip:
        assert answers[change.key] == change.before != change.after
    other = "flask" if rec.framework == "django" else "django"
    _no_smaller_set_wins(answers, len(rec.flip), other, outright=False)


@settings(max_examples=60, deadline=None)
@given(answer_sets)
def test_settle_is_the_smallest_change_that_decides(answers):
    rec = recommend(answers)
    if rec.decided:
        assert rec.settle == ()
        return
    assert rec.settle
    settled = recommend({**answers, **{c.key: c.after for c in rec.settle}})
    assert settled.decided and settled.framework == rec.framework
    _no_smaller_set_wins(answers, len(rec.settle), rec.framework, outright=True)


# --- `scaffold recommend`: JSON and text -------------------------------------------------


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_recommend_json_with_every_default():
    data = json.loads(run("recommend", "--no-input", "--json"))
    assert data == {
        "framework": "flask",
        "decided": False,
        "scores": {"flask": 0, "django": 0},
        "reasons": [],
        "flip": [{"key": "size", "from": "unsure", "to": "large"}],
        "settle": [{"key": "size", "from": "unsure", "to": "small"}],
        "tie_break": TIE_BREAK_RULE,
    }


def test_recommend_json_of_a_decided_case():
    args = ["--set", "size=large", "--set", "admin=true", "--set", "growth=unsure"]
    data = json.loads(run("recommend", "--no-input", "--json", *args))
    assert data["framework"] == "django" and data["decided"] is True
    assert data["scores"] == {"flask": 0, "django": 6}
    assert data["settle"] == []
    assert data["flip"] == [
        {"key": "size", "from": "large", "to": "small"}  # 3 : 3, a tie, goes to Flask
    ]
    size = data["reasons"][0]
    assert {k: size[k] for k in ("criterion", "answer", "favours", "weight")} == {
        "criterion": "size", "answer": "large", "favours": "django", "weight": 3,
    }  # fmt: skip
    assert size["sources"][0] == f"{OVERVIEW}:68"
    assert size["citations"][0] == {
        "source": f"{OVERVIEW}:68",
        "document": "The combination of Flask and Django",
        "section": "When to Use Flask or Django > Use Django When",
    }
    assert [c["source"] for c in size["citations"]] == size["sources"]


def test_recommend_text_with_every_default():
    output = run("recommend", "--no-input")
    assert output == recommendation_text(recommend(DEFAULTS)) + "\n"
    assert "The answers do not decide" in output


def test_json_data_is_the_text_data():
    rec = recommend({**DEFAULTS, "app_type": "prototype"})
    data = recommendation_data(rec)
    assert data["framework"] == rec.framework == "flask"
    assert [r["criterion"] for r in data["reasons"]] == ["app_type"]


def _readme_examples() -> list[tuple[str, str]]:
    """Every `$ scaffold recommend ...` block of the README, with the output it shows."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```console\n\$ (scaffold recommend[^\n]*)\n(.*?)```", text, re.S)
    return [(command, output) for command, output in blocks]


def test_the_readme_shows_recommend_examples():
    commands = [command for command, _ in _readme_examples()]
    assert "scaffold recommend --no-input" in commands
    assert any("--json" in command for command in commands)


@pytest.mark.parametrize(("command", "shown"), _readme_examples())
def test_the_readme_examples_are_what_the_tool_prints(command, shown):
    assert run(*shlex.split(command)[1:]) == shown
