"""Box geometry rules, tested without widgets."""

from __future__ import annotations

import pytest

from app.document import geometry as geo


def test_corners_in_any_order_make_the_same_box():
    assert geo.xyxy_to_xywh(30, 40, 10, 5) == (10, 5, 20, 35)
    assert geo.xywh_to_xyxy((10, 5, 20, 35)) == (10, 5, 30, 40)


def test_drawn_box_is_cut_to_the_image():
    assert geo.box_from_corners((-10, -5), (50, 500), 100, 80) == (0, 0, 50, 80)


def test_small_boxes_are_flagged():
    assert geo.is_too_small((0, 0, 3.9, 50))
    assert geo.is_too_small((0, 0, 50, 2))
    assert not geo.is_too_small((0, 0, 4, 4))


def test_translate_stops_at_the_border_and_keeps_the_size():
    assert geo.translate_inside((10, 10, 20, 20), -50, 500, 100, 80) == (0, 60, 20, 20)


@pytest.mark.parametrize(("big", "expected"), [(False, (11, 10, 5, 5)), (True, (20, 10, 5, 5))])
def test_nudge_moves_one_or_ten_pixels(big, expected):
    assert geo.nudge((10, 10, 5, 5), 1, 0, big, 100, 100) == expected


def test_nudge_at_the_edge_does_not_leave_the_image():
    assert geo.nudge((95, 0, 5, 5), 1, -1, True, 100, 100) == (95, 0, 5, 5)


def test_hit_test_prefers_corners_then_edges_then_inside():
    box = (10, 10, 100, 50)
    assert geo.hit_test(box, 11, 9, 3) == "tl"
    assert geo.hit_test(box, 110, 60, 3) == "br"
    assert geo.hit_test(box, 60, 10, 3) == "t"
    assert geo.hit_test(box, 109, 30, 3) == "r"
    assert geo.hit_test(box, 60, 30, 3) == "inside"
    assert geo.hit_test(box, 200, 200, 3) is None


@pytest.mark.parametrize(
    ("handle", "point", "expected"),
    [
        ("br", (50, 70), (10, 10, 40, 60)),
        ("tl", (0, 0), (0, 0, 30, 30)),
        ("r", (80, 999), (10, 10, 70, 20)),
        ("t", (999, 5), (10, 5, 20, 25)),
        ("l", (50, 0), (30, 10, 20, 20)),  # dragged past the right edge: flips
    ],
)
def test_resize_moves_only_the_dragged_side(handle, point, expected):
    assert geo.resize((10, 10, 20, 20), handle, *point, 100, 100) == expected


def test_resize_is_kept_inside_the_image():
    assert geo.resize((10, 10, 20, 20), "br", 500, -50, 100, 100) == (10, 0, 90, 10)


def test_unknown_handle_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown resize handle 'x'"):
        geo.resize((0, 0, 5, 5), "x", 1, 1, 10, 10)


def test_pick_prefers_a_handle_of_the_selection_then_the_smallest_box():
    boxes = {1: (0.0, 0.0, 100.0, 100.0), 2: (40.0, 40.0, 20.0, 20.0)}
    assert geo.pick(boxes, [], 50, 50, 2) == (2, geo.INSIDE)  # the smaller box wins
    assert geo.pick(boxes, [1], 50, 50, 2) == (1, geo.INSIDE)  # the selection drags
    assert geo.pick(boxes, [1], 100, 100, 2) == (1, "br")
    assert geo.pick(boxes, [2], 0, 0, 2) == (1, "tl")
    assert geo.pick(boxes, [], 150, 150, 2) == (None, None)
