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


def git_merge_file(tmp_path, base: str, ours: str, theirs: str) -> tuple[str, bool]:
    import subprocess

    paths = []
    for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
        (tmp_path / name).write_text(text)
        paths.append(str(tmp_path / name))
    labels = ["-L", "your version", "-L", "generated last time", "-L", "new scaffold render"]
    done = subprocess.run(
        ["git", "merge-file", "-p", "--diff3", *labels, *paths],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return done.stdout, done.returncode != 0


# Repeated neighbouring lines: an alignment can read the new render as "delete a line here,
# insert the same line there" while the user deleted it; such a merge is a conflict.
RESURRECTIONS = [
    ("b\na\nb\na\na\na\na\nb\n", "b\na\nb\na\na\na\nb\n", "c\na\nb\na\nb\na\na\na\nb\n"),
    ("a\nb\nb\nc\nb\n", "a\nb\nc\n", "b\na\nb\nc\nb\n"),
    ("c\na\nc\nc\n", "c\nc\nc\n", "c\nc\n"),
]


@pytest.mark.parametrize(("base", "ours", "theirs"), RESURRECTIONS)
def test_a_deleted_line_never_comes_back_silently(tmp_path, base, ours, theirs):
    text, conflicted = merge3(base, ours, theirs)
    assert conflicted, text
    # git merge-file either conflicts too or keeps the deletion: never what we used to do.
    git_text, git_conflicted = git_merge_file(tmp_path, base, ours, theirs)
    if not git_conflicted:
        assert sorted(git_text.splitlines()) != sorted(theirs.splitlines())


edits = st.lists(st.sampled_from(["a\n", "b\n", "c\n", "x\n"]), max_size=9)


@given(edits, edits, edits)
def test_a_clean_merge_never_brings_back_what_one_side_deleted(base, ours, theirs):
    from collections import Counter

    text, conflicted = merge3("".join(base), "".join(ours), "".join(theirs))
    if conflicted:
        return
    got, b, o, t = (Counter(x) for x in (text.splitlines(keepends=True), base, ours, theirs))
    for line in got:
        assert not (got[line] > o[line] and t[line] <= b[line]), line
        assert not (got[line] > t[line] and o[line] <= b[line]), line


def test_bytes_merge_keeps_any_encoding_and_crlf_markers():
    from generator.merge import has_conflict_markers, merge3_bytes

    base = b"a\r\nb\r\nc\r\n"
    merged, conflicted = merge3_bytes(base, base + b"\xe9\r\n", base.replace(b"a", b"A"))
    assert (merged, conflicted) == (b"A\r\nb\r\nc\r\n\xe9\r\n", False)
    text, conflicted = merge3_bytes(base, base.replace(b"b", b"B"), base.replace(b"b", b"X"))
    assert conflicted and b"<<<<<<< your version\r\n" in text
    assert has_conflict_markers(text) and not has_conflict_markers(base)


def test_only_a_newline_splits_lines_as_in_git():
    base = "a\x0cb\nc\n"  # a form feed inside a line
    assert merge3(base, base, base.replace("c", "C")) == ("a\x0cb\nC\n", False)
