"""The worker and the CLI set OpenMP's passive wait before torch loads; a user's value wins."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.cpu_threads import PASSIVE, WAIT_POLICY, wait_passively

ROOT = Path(__file__).resolve().parents[2]


def test_the_policy_is_set_unless_the_user_chose_one():
    env: dict[str, str] = {}
    assert wait_passively(env) is True and env == {WAIT_POLICY: PASSIVE}
    mine = {WAIT_POLICY: "ACTIVE"}
    assert wait_passively(mine) is False and mine == {WAIT_POLICY: "ACTIVE"}
    assert wait_passively({WAIT_POLICY: "passive"}) is True


def test_once_torch_is_loaded_the_environment_is_left_alone(monkeypatch):
    import torch  # noqa: F401  (loaded: libgomp has read its environment)

    monkeypatch.delenv(WAIT_POLICY, raising=False)
    assert wait_passively() is False
    assert WAIT_POLICY not in os.environ  # no claim that would not hold


def _doctor(env_policy: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != WAIT_POLICY}
    env.update({"PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"})
    if env_policy is not None:
        env[WAIT_POLICY] = env_policy
    out = subprocess.run(
        [sys.executable, "-m", "core.cli", "doctor", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(out.stdout)


@pytest.mark.parametrize(("given", "in_force"), [(None, PASSIVE), ("ACTIVE", "ACTIVE")])
def test_the_cli_process_waits_passively_unless_told_otherwise(given, in_force):
    assert _doctor(given)["cpu_wait"] == in_force
