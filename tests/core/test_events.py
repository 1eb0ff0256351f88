"""The event schema: every event round-trips, and malformed lines are refused with a reason."""

from __future__ import annotations

import json

import pytest

from core import events as ev


def _samples() -> list[ev.Event]:
    node = ev.FusionNode(
        0,
        4,
        "P4_out <- P4_in, P4_td, P3_out",
        "P4_out",
        ["P4_in", "P4_td", "P3_out"],
        [0.2, 0.5, 0.3],
    )
    return [
        ev.Started("runs/x", {"level": "d0"}, "cpu", 10, 2),
        ev.Progress(0, 3, 1, 5, {"loss": 1.5, "class_loss": 1.0, "box_loss": 0.5}, 0.01, 3.2, 60.0),
        ev.EpochEnd(0, {"loss": 1.2}, 4.5),
        ev.Eval(0, {"AP": 0.1, "AP50": 0.3}, {"cat": 0.1}),
        ev.Fusion(0, "fast", [node, ev.FusionNode(0, 0, "x", "P6_td", ["P6_in", "P7_in"], None)]),
        ev.Checkpoint(0, "runs/x/last.pt", False),
        ev.Warning("unreadable_image", "images/한글 사진.jpg: truncated", 1),
        ev.Error("out_of_memory", "CUDA out of memory", "lower the batch size"),
        ev.Finished("runs/x", 1, True, 0.1),
        ev.Ready("best.pt", ["a", "b"], "cpu"),
        ev.Predictions("r1", "a.jpg", [ev.Detection([1.0, 2.0, 3.0, 4.0], 0.9, "a")]),
    ]


@pytest.mark.parametrize("event", _samples(), ids=lambda e: e.name)
def test_every_event_round_trips(event):
    line = ev.encode(event)
    assert "\n" not in line
    assert json.loads(line)["event"] == event.name
    assert ev.decode(line) == event


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("not json", "not JSON"),
        ('{"v": 2, "event": "eval"}', "version"),
        ('{"v": 1, "event": "bogus"}', "unknown event"),
        ('{"v": 1, "event": "checkpoint", "epoch": 1, "path": "p"}', "missing field 'best'"),
        ('{"v": 1, "event": "checkpoint", "epoch": "1", "path": "p", "best": true}', "integer"),
        ('{"v": 1, "event": "checkpoint", "epoch": 1, "path": "p", "best": 1}', "bool"),
        (
            '{"v": 1, "event": "checkpoint", "epoch": 1, "path": "p", "best": true, "x": 0}',
            "unknown fields",
        ),
    ],
)
def test_malformed_lines_are_refused_with_a_reason(line, reason):
    with pytest.raises(ev.EventError, match=reason):
        ev.decode(line)


def test_commands_round_trip_and_bare_words_are_accepted():
    assert ev.decode_command(ev.encode_command("predict", id="7", paths=["a.jpg"])) == (
        "predict",
        {"id": "7", "paths": ["a.jpg"]},
    )
    assert ev.decode_command("stop\n") == ("stop", {})
    with pytest.raises(ev.EventError):
        ev.decode_command('{"cmd": "format_disk"}')


def test_read_events_ignores_a_torn_last_line(tmp_path):
    path = tmp_path / "events.jsonl"
    lines = [ev.encode(e) for e in _samples()[:3]]
    path.write_text("\n".join(lines) + '\n{"v": 1, "event": "progr', encoding="utf-8")
    assert [e.name for e in ev.read_events(str(path))] == ["started", "progress", "epoch_end"]
    path.write_text('{"v": 1, "event": "progr\n' + lines[0] + "\n", encoding="utf-8")
    assert ev.read_event_log(str(path)) == ([ev.decode(lines[0])], 1)  # torn elsewhere: skipped
