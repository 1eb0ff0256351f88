"""Box geometry as pure functions (no Qt), all in pixels of the EXIF-oriented image.

Boxes are COCO ``(x, y, w, h)`` tuples: top-left corner plus size. Corner pairs are
``(x1, y1, x2, y2)`` (xyxy) and may come in any order from a mouse drag.
"""

from __future__ import annotations

Box = tuple[float, float, float, float]  # (x, y, w, h), pixels

MIN_SIZE = 4.0  # boxes thinner than this (px) are discarded
HANDLES = ("tl", "t", "tr", "r", "br", "b", "bl", "l")
INSIDE = "inside"


def xywh_to_xyxy(box: Box) -> Box:
    x, y, w, h = box
    return (x, y, x + w, y + h)


def xyxy_to_xywh(x1: float, y1: float, x2: float, y2: float) -> Box:
    """Corners in any order -> (x, y, w, h) with w, h >= 0."""
    left, right = sorted((x1, x2))
    top, bottom = sorted((y1, y2))
    return (left, top, right - left, bottom - top)


def clamp_point(x: float, y: float, width: float, height: float) -> tuple[float, float]:
    return (min(max(x, 0.0), width), min(max(y, 0.0), height))


def clip_box(box: Box, width: float, height: float) -> Box:
    """Cut a box to the image rectangle [0, width] x [0, height] (it may shrink to nothing)."""
    x1, y1, x2, y2 = xywh_to_xyxy(box)
    x1, y1 = clamp_point(x1, y1, width, height)
    x2, y2 = clamp_point(x2, y2, width, height)
    return xyxy_to_xywh(x1, y1, x2, y2)


def box_from_corners(
    p: tuple[float, float], q: tuple[float, float], width: float, height: float
) -> Box:
    """The box spanned by two drag points, kept inside the image."""
    return clip_box(xyxy_to_xywh(p[0], p[1], q[0], q[1]), width, height)


def is_too_small(box: Box, min_size: float = MIN_SIZE) -> bool:
    return box[2] < min_size or box[3] < min_size


def translate_inside(box: Box, dx: float, dy: float, width: float, height: float) -> Box:
    """Move a box by (dx, dy) but stop at the image border; its size never changes."""
    x, y, w, h = box
    nx = min(max(x + dx, 0.0), max(width - w, 0.0))
    ny = min(max(y + dy, 0.0), max(height - h, 0.0))
    return (nx, ny, w, h)


def nudge(box: Box, key_dx: int, key_dy: int, big: bool, width: float, height: float) -> Box:
    """Arrow-key move: 1 px per press, 10 px with Shift (``big``)."""
    step = 10.0 if big else 1.0
    return translate_inside(box, key_dx * step, key_dy * step, width, height)


def handle_points(box: Box) -> dict[str, tuple[float, float]]:
    """The eight resize handles (corners and edge midpoints) of a box."""
    x1, y1, x2, y2 = xywh_to_xyxy(box)
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    return {
        "tl": (x1, y1),
        "t": (mx, y1),
        "tr": (x2, y1),
        "r": (x2, my),
        "br": (x2, y2),
        "b": (mx, y2),
        "bl": (x1, y2),
        "l": (x1, my),
    }


def hit_test(box: Box, x: float, y: float, tolerance: float) -> str | None:
    """Which part of ``box`` the point hits: a handle name, an edge, ``"inside"`` or None.

    ``tolerance`` is in image pixels (the caller converts screen pixels by the zoom).
    Corners win over edges, edges over the interior.
    """
    x1, y1, x2, y2 = xywh_to_xyxy(box)
    pts = handle_points(box)
    for name in ("tl", "tr", "br", "bl"):
        hx, hy = pts[name]
        if abs(x - hx) <= tolerance and abs(y - hy) <= tolerance:
            return name
    in_x = x1 - tolerance <= x <= x2 + tolerance
    in_y = y1 - tolerance <= y <= y2 + tolerance
    if in_y and abs(x - x1) <= tolerance:
        return "l"
    if in_y and abs(x - x2) <= tolerance:
        return "r"
    if in_x and abs(y - y1) <= tolerance:
        return "t"
    if in_x and abs(y - y2) <= tolerance:
        return "b"
    if x1 <= x <= x2 and y1 <= y <= y2:
        return INSIDE
    return None


def pick(
    boxes: dict[int, Box], selected: list[int], x: float, y: float, tolerance: float
) -> tuple[int | None, str | None]:
    """What a click at (x, y) grabs, as (box id, part) or (None, None).

    ``boxes`` maps box id -> box. Any part of a selected box wins (the selection can be dragged
    and its handles stay reachable over other boxes); otherwise the smallest box the point hits.
    """
    for box_id in selected:
        part = hit_test(boxes[box_id], x, y, tolerance)
        if part is not None:
            return box_id, part
    hits = [
        (b[2] * b[3], box_id)
        for box_id, b in boxes.items()
        if hit_test(b, x, y, tolerance) is not None
    ]
    if not hits:
        return None, None
    box_id = min(hits)[1]
    return box_id, hit_test(boxes[box_id], x, y, tolerance)


def resize(box: Box, handle: str, x: float, y: float, width: float, height: float) -> Box:
    """Drag ``handle`` of ``box`` to (x, y); the opposite side stays put; kept inside the image.

    Dragging past the opposite side flips the box (corners are re-normalized).
    """
    if handle not in HANDLES:
        raise ValueError(f"unknown resize handle {handle!r}; expected one of {HANDLES}")
    x, y = clamp_point(x, y, width, height)
    x1, y1, x2, y2 = xywh_to_xyxy(box)
    if "l" in handle:
        x1 = x
    if "r" in handle:
        x2 = x
    if handle.startswith("t"):
        y1 = y
    if handle.startswith("b"):
        y2 = y
    return clip_box(xyxy_to_xywh(x1, y1, x2, y2), width, height)
