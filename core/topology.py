"""The BiFPN topology as plain data: which node fuses which features, at which level.

Torch-free and Qt-free: the model builds its fusion modules from it, the GUI's fusion view
draws it, and the Fusion event labels its nodes with it.

Feature names: ``P5_in`` is a cell's input at level 5, ``P5_td`` the top-down node and
``P5_out`` the cell's output. Level l has stride 2**l. A cell runs top-down (max-1 .. min), then
bottom-up (min+1 .. max), as in the paper's Fig. 2d; the top-down node of the lowest level is
already that level's output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

KINDS = ("in", "td", "out")  # cell input, top-down node, cell output
MIN_LEVEL, MAX_LEVEL = 3, 7  # P3-P7 (D0-D7); D7x goes up to P8
LABEL_ARROW = " <- "
_NAME = re.compile(r"P(\d+)_(in|td|out)")


@dataclass(frozen=True)
class Node:
    """One BiFPN node: ``output`` at ``level`` fuses the features named in ``inputs``."""

    output: str
    level: int
    inputs: tuple[str, ...]

    @property
    def label(self) -> str:
        return format_label(self.output, self.inputs)


def feature_name(level: int, kind: str) -> str:
    """``feature_name(6, "td") == "P6_td"``."""
    if kind not in KINDS:
        raise ValueError(f"feature kind must be one of {KINDS}, not {kind!r}")
    return f"P{level}_{kind}"


def parse_name(name: str) -> tuple[int, str]:
    """``"P6_td" -> (6, "td")``; ValueError for anything not named like a BiFPN feature."""
    m = _NAME.fullmatch(name)
    if not m:
        raise ValueError(f"BiFPN feature name {name!r} is not like 'P5_td'")
    return int(m.group(1)), m.group(2)


def level_of(name: str) -> int:
    return parse_name(name)[0]


def kind_of(name: str) -> str:
    return parse_name(name)[1]


@cache
def bifpn_nodes(min_level: int = MIN_LEVEL, max_level: int = MAX_LEVEL) -> tuple[Node, ...]:
    """The nodes of one cell over P{min_level}..P{max_level}, in the order they are computed."""
    if max_level <= min_level:
        raise ValueError(f"a BiFPN needs at least two levels, not P{min_level}-P{max_level}")
    latest = {lvl: feature_name(lvl, "in") for lvl in range(min_level, max_level + 1)}
    nodes: list[Node] = []
    for lvl in range(max_level - 1, min_level - 1, -1):
        name = feature_name(lvl, "out" if lvl == min_level else "td")
        nodes.append(Node(name, lvl, (feature_name(lvl, "in"), latest[lvl + 1])))
        latest[lvl] = name
    for lvl in range(min_level + 1, max_level + 1):
        same_level = (feature_name(lvl, "in"),)
        if latest[lvl] != same_level[0]:
            same_level += (latest[lvl],)
        nodes.append(Node(feature_name(lvl, "out"), lvl, same_level + (latest[lvl - 1],)))
        latest[lvl] = feature_name(lvl, "out")
    return tuple(nodes)


def cell_inputs(min_level: int = MIN_LEVEL, max_level: int = MAX_LEVEL) -> tuple[str, ...]:
    """``P3_in`` .. ``P7_in``: what a cell receives, finest first."""
    return tuple(feature_name(lvl, "in") for lvl in range(min_level, max_level + 1))


def cell_outputs(min_level: int = MIN_LEVEL, max_level: int = MAX_LEVEL) -> tuple[str, ...]:
    """``P3_out`` .. ``P7_out``: what a cell returns, finest first."""
    return tuple(feature_name(lvl, "out") for lvl in range(min_level, max_level + 1))


def feature_names(min_level: int = MIN_LEVEL, max_level: int = MAX_LEVEL) -> tuple[str, ...]:
    """Every feature of a cell: its inputs, then each node's output in computing order."""
    return cell_inputs(min_level, max_level) + tuple(
        n.output for n in bifpn_nodes(min_level, max_level)
    )


def level_range(names: list[str] | tuple[str, ...] | set[str]) -> tuple[int, int]:
    """(min level, max level) spanned by some feature names, e.g. a Fusion event's."""
    levels = [level_of(n) for n in names]
    if not levels:
        raise ValueError("no BiFPN feature names given")
    return min(levels), max(levels)


def format_label(output: str, inputs: tuple[str, ...] | list[str]) -> str:
    """The Fusion event's label: ``"P6_td <- P6_in, P7_in"``."""
    return f"{output}{LABEL_ARROW}{', '.join(inputs)}"


def parse_label(label: str) -> tuple[str, tuple[str, ...]]:
    """``"P6_td <- P6_in, P7_in" -> ("P6_td", ("P6_in", "P7_in"))``; checks every name."""
    output, sep, rest = label.partition(LABEL_ARROW.strip())
    inputs = tuple(s.strip() for s in rest.split(","))
    if not sep or not all(inputs):
        raise ValueError(f"fusion label {label!r} is not like 'P6_td <- P6_in, P7_in'")
    output = output.strip()
    for name in (output, *inputs):
        parse_name(name)
    return output, inputs
