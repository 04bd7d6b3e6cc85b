"""merge3, table-driven: every outcome of a three-way merge, word for word."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.merge import merge3

BASE = "one\ntwo\nthree\nfour\nfive\nsix\n"

CASES = [
    ("nobody changed anything", BASE, BASE, BASE, False),
    ("only theirs changed", BASE, BASE.replace("two", "TWO"), BASE.replace("two", "TWO"), False),
    ("only ours changed", BASE.replace("five", "5"), BASE, BASE.replace("five", "5"), False),
    (
        "both changed, apart",
        BASE.replace("one", "1"),
        BASE.replace("six", "6"),
        BASE.replace("one", "1").replace("six", "6"),
        False,
    ),
    ("both made the same change", BASE.replace("two", "2"), BASE.replace("two", "2"),
     BASE.replace("two", "2"), False),
    ("ours appended a line", BASE + "seven\n", BASE.replace("one", "1"),
     BASE.replace("one", "1") + "seven\n", False),
    ("theirs deleted a line ours kept", BASE, BASE.replace("three\n", ""),
     BASE.replace("three\n", ""), False),
    (
        "both changed the same line",
        BASE.replace("three", "ours"),
        BASE.replace("three", "theirs"),
        "one\ntwo\n<<<<<<< your version\nours\n||||||| generated last time\nthree\n=======\n"
        "theirs\n>>>>>>> new scaffold render\nfour\nfive\nsix\n",
        True,
    ),
]  # fmt: skip


@pytest.mark.parametrize(("name", "ours", "theirs", "expected", "conflicted"), CASES)
def test_merge3(name, ours, theirs, expected, conflicted):
    assert merge3(BASE, ours, theirs) == (expected, conflicted), name


def test_conflict_without_final_newline_keeps_markers_on_their_own_lines():
    text, conflicted = merge3("a", "b", "c")
    assert conflicted
    assert text.splitlines() == [
        "<<<<<<< your version", "b", "||||||| generated last time", "a", "=======", "c",
        ">>>>>>> new scaffold render",
    ]  # fmt: skip


lines = st.lists(st.sampled_from(["a\n", "b\n", "c\n", "d\n", "x = 1\n"]), max_size=12)


@given(lines, lines)
def test_one_sided_changes_are_taken_whole(base, other):
    base_text, other_text = "".join(base), "".join(other)
    assert merge3(base_text, base_text, other_text) == (other_text, False)
    assert merge3(base_text, other_text, base_text) == (other_text, False)
    assert merge3(base_text, other_text, other_text) == (other_text, False)
