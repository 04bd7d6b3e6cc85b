"""Parsing an answers file strictly: no silent coercion, no surprises from YAML 1.1.

PyYAML follows YAML 1.1, where `010` is 8, `0x1F`, `0b11`, `1_000` and `1:30` are numbers
and a repeated key silently wins. An answers file is a few plain values, so each of those
is refused with a line saying how to write the value instead.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from generator.errors import AnswersFileError

# Plain decimal integers that fit any use (workers are at most two digits).
_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9]{0,17})", re.ASCII)


class _Refused(ValueError):
    """A value or structure an answers file must not contain; the text says why."""


class StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys and integers other than plain decimals."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, list | dict):
                continue  # SafeLoader itself reports unhashable keys
            if key in seen:
                raise _Refused(f"key {key!r} appears twice (line {key_node.start_mark.line + 1})")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        text = self.construct_scalar(node)
        if not _PLAIN_INT.fullmatch(str(text)):
            shown = str(text) if len(str(text)) <= 20 else str(text)[:20] + "..."
            raise _Refused(
                f"{shown!r} (line {node.start_mark.line + 1}) is read by YAML as a number in "
                "another base or form; write a plain decimal number, or quote it as text"
            )
        return int(str(text))


StrictLoader.add_constructor("tag:yaml.org,2002:int", StrictLoader.construct_yaml_int)


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(f"key {key!r} appears twice")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise _Refused(f"{name} is not a value an answer can take")


def _plain_int(text: str) -> int:
    if not _PLAIN_INT.fullmatch(text):
        raise _Refused(f"the number {text[:20]}... is too long")
    return int(text)


def parse_answers_text(path: Path, text: str) -> dict[Any, Any]:
    """The mapping an answers file holds; AnswersFileError in one line if it is not one."""
    try:
        if path.suffix == ".json":
            data = json.loads(
                text,
                object_pairs_hook=_unique_pairs,
                parse_constant=_no_constant,
                parse_int=_plain_int,
            )
        else:
            data = yaml.load(text, Loader=StrictLoader)  # a SafeLoader subclass
    except _Refused as err:
        raise AnswersFileError(f"answers file {path}: {err}") from err
    except RecursionError as err:
        raise AnswersFileError(f"answers file {path} is nested too deeply") from err
    except (ValueError, yaml.YAMLError) as err:
        first_line = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise AnswersFileError(f"answers file {path} is not valid YAML/JSON: {first_line}") from err
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise AnswersFileError(
            f"answers file {path} must be a mapping of keys to values, not a {type(data).__name__}"
        )
    return data
