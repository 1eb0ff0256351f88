"""Shared test set-up: offscreen Qt, settings in a temporary folder, few torch threads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")  # tests never reach a model hub

ROOT = Path(__file__).resolve().parents[1]
SHARED_FORMATS = ROOT.parent / "shared" / "data" / "formats"


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory, monkeypatch):
    """QSettings and other per-user state go to a temporary folder, never the real home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("EFFDET_STUDIO_SETTINGS", str(home / "settings.ini"))
    yield


@pytest.fixture
def shared_formats() -> Path:
    if not SHARED_FORMATS.is_dir():
        pytest.skip(f"{SHARED_FORMATS} is absent (it lives beside the repository)")
    return SHARED_FORMATS


@pytest.fixture
def server():
    """A weights server on 127.0.0.1 (tests/weights_server.py), closed afterwards."""
    from tests.weights_server import WeightsServer

    s = WeightsServer()
    yield s
    s.close()
