"""A pure, line-based three-way merge (diff3), with conflicts marked inline.

`merge3(base, ours, theirs)`: `base` is what scaffold generated last time, `ours` is the
file as the user has it now, `theirs` is the new render. Changes on one side only are
taken; the same change on both sides is taken once; different changes to the same lines
become a conflict block in the text itself, never a side file.
"""

from __future__ import annotations

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


def _with_newline(lines: list[str]) -> list[str]:
    if lines and not lines[-1].endswith("\n"):
        return [*lines[:-1], lines[-1] + "\n"]
    return lines


def merge3(base: str, ours: str, theirs: str) -> tuple[str, bool]:
    """Merge two edits of `base`; return the text and whether a conflict was marked."""
    base_lines = base.splitlines(keepends=True)
    ours_lines = ours.splitlines(keepends=True)
    theirs_lines = theirs.splitlines(keepends=True)
    out: list[str] = []
    conflicted = False
    b = o = t = 0
    for b_sync, b_end, o_sync, o_end, t_sync, t_end in _sync_regions(
        base_lines, ours_lines, theirs_lines
    ):
        base_chunk = base_lines[b:b_sync]
        ours_chunk = ours_lines[o:o_sync]
        theirs_chunk = theirs_lines[t:t_sync]
        if ours_chunk == theirs_chunk or theirs_chunk == base_chunk:
            out += ours_chunk
        elif ours_chunk == base_chunk:
            out += theirs_chunk
        else:
            conflicted = True
            out += [f"<<<<<<< {OURS_LABEL}\n", *_with_newline(ours_chunk)]
            out += [f"||||||| {BASE_LABEL}\n", *_with_newline(base_chunk)]
            out += ["=======\n", *_with_newline(theirs_chunk), f">>>>>>> {THEIRS_LABEL}\n"]
        out += base_lines[b_sync:b_end]
        b, o, t = b_end, o_end, t_end
    return "".join(out), conflicted
