"""A pure, line-based three-way merge (diff3), with conflicts marked inline.

`merge3(base, ours, theirs)`: `base` is what scaffold generated last time, `ours` is the
file as the user has it now, `theirs` is the new render. Changes on one side only are
taken; the same change on both sides is taken once; different changes to the same lines
become a conflict block in the text itself, never a side file.
"""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher

OURS_LABEL = "your version"
BASE_LABEL = "generated last time"
THEIRS_LABEL = "new scaffold render"

# (base_start, base_end, ours_start, ours_end, theirs_start, theirs_end)
_Region = tuple[int, int, int, int, int, int]


def _sync_regions(base: list[str], ours: list[str], theirs: list[str]) -> list[_Region]:
    """Stretches of base that both sides kept unchanged, with where they sit on each side."""
    ours_blocks = SequenceMatcher(None, base, ours, autojunk=False).get_matching_blocks()
    theirs_blocks = SequenceMatcher(None, base, theirs, autojunk=False).get_matching_blocks()
    regions: list[_Region] = []
    i = j = 0
    while i < len(ours_blocks) and j < len(theirs_blocks):
        o_base, o_at, o_len = ours_blocks[i]
        t_base, t_at, t_len = theirs_blocks[j]
        start, end = max(o_base, t_base), min(o_base + o_len, t_base + t_len)
        if start < end:
            o_start, t_start = o_at + start - o_base, t_at + start - t_base
            regions.append(
                (start, end, o_start, o_start + end - start, t_start, t_start + end - start)
            )
        if o_base + o_len < t_base + t_len:
            i += 1
        else:
            j += 1
    regions.append((len(base), len(base), len(ours), len(ours), len(theirs), len(theirs)))
    return regions


def _lines(text: str) -> list[str]:
    """Split after each `\\n` only, as git does: a lone `\\r` or form feed is not a break."""
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    return [*out, lines[-1]] if lines[-1] else out


def _with_newline(lines: list[str], eol: str) -> list[str]:
    if lines and not lines[-1].endswith("\n"):
        return [*lines[:-1], lines[-1] + eol]
    return lines


def _deleted(base_chunk: list[str], chunk: list[str]) -> Counter[str]:
    return Counter(base_chunk) - Counter(chunk)


def _inserted(base_chunk: list[str], chunk: list[str]) -> Counter[str]:
    return Counter(chunk) - Counter(base_chunk)


def merge3(base: str, ours: str, theirs: str) -> tuple[str, bool]:
    """Merge two edits of `base`; return the text and whether a conflict was marked.

    Where lines repeat, the two alignments can read one side's edit as "delete a line here
    and insert the same line there" while the other side deleted it: taking both would
    bring back a line the user deleted. Such a chunk is marked as a conflict instead, as
    `git merge-file` does.
    """
    base_lines, ours_lines, theirs_lines = _lines(base), _lines(ours), _lines(theirs)
    eol = "\r\n" if ours_lines and ours_lines[0].endswith("\r\n") else "\n"
    chunks: list[tuple[list[str], list[str], list[str], list[str]]] = []
    b = o = t = 0
    for b_sync, b_end, o_sync, o_end, t_sync, t_end in _sync_regions(
        base_lines, ours_lines, theirs_lines
    ):
        chunks.append(
            (base_lines[b:b_sync], ours_lines[o:o_sync], theirs_lines[t:t_sync],
             base_lines[b_sync:b_end])
        )  # fmt: skip
        b, o, t = b_end, o_end, t_end
    both_deleted: Counter[str] = Counter()
    for base_chunk, ours_chunk, theirs_chunk, _ in chunks:
        if ours_chunk == theirs_chunk:
            both_deleted += _deleted(base_chunk, ours_chunk)
    out: list[str] = []
    conflicted = False
    for base_chunk, ours_chunk, theirs_chunk, sync in chunks:
        one_sided = ours_chunk if theirs_chunk == base_chunk else theirs_chunk
        resurrects = ours_chunk != theirs_chunk and bool(
            _inserted(base_chunk, one_sided) & both_deleted
        )
        if not resurrects and (ours_chunk == theirs_chunk or theirs_chunk == base_chunk):
            out += ours_chunk
        elif not resurrects and ours_chunk == base_chunk:
            out += theirs_chunk
        else:
            conflicted = True
            out += [f"<<<<<<< {OURS_LABEL}{eol}", *_with_newline(ours_chunk, eol)]
            out += [f"||||||| {BASE_LABEL}{eol}", *_with_newline(base_chunk, eol)]
            out += [f"======={eol}", *_with_newline(theirs_chunk, eol)]
            out += [f">>>>>>> {THEIRS_LABEL}{eol}"]
        out += sync
    return "".join(out), conflicted


def merge3_bytes(base: bytes, ours: bytes, theirs: bytes) -> tuple[bytes, bool]:
    """merge3 over bytes: any encoding (Latin-1 too) passes through unchanged, as in git."""
    decoded = (data.decode("utf-8", "surrogateescape") for data in (base, ours, theirs))
    text, conflicted = merge3(*decoded)
    return text.encode("utf-8", "surrogateescape"), conflicted


_MARKERS = (f"<<<<<<< {OURS_LABEL}".encode(), f">>>>>>> {THEIRS_LABEL}".encode())


def has_conflict_markers(data: bytes) -> bool:
    """Whether scaffold's conflict markers are still in a file (each at a line start)."""
    lines = [line.rstrip(b"\r") for line in data.split(b"\n")]
    return all(marker in lines for marker in _MARKERS)
