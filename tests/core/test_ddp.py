"""DistributedDataParallel on the CPU: two gloo processes train together and end up equal."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
import torch
import torch.multiprocessing as mp

from core.train.callbacks import Hook

pytestmark = pytest.mark.slow


class _SaveParameters(Hook):
    def __init__(self, path: Path) -> None:
        self.path = path

    def after_train(self, state) -> None:
        params = {n: p.detach().clone() for n, p in state.model.named_parameters()}
        torch.save({"params": params, "step": state.step, "world": state.world_size}, self.path)


def _rank_main(rank: int, world: int, port: int, project: str, out: str) -> None:
    from core.train.loop import train
    from tests.core.test_train import tiny_config

    torch.set_num_threads(1)
    os.environ.update(
        {
            "MASTER_ADDR": "127.0.0.1",
            "MASTER_PORT": str(port),
            "RANK": str(rank),
            "WORLD_SIZE": str(world),
            "LOCAL_RANK": str(rank),
        }
    )
    events: list = []
    cfg = tiny_config(Path(project), epochs=1, batch_size=2)
    train(
        cfg,
        Path(out) / "run",
        emit=events.append,
        hooks=[_SaveParameters(Path(out) / f"rank{rank}.pt")],
    )
    (Path(out) / f"events{rank}.json").write_text(json.dumps(len(events)))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_two_gloo_processes_train_to_identical_weights(tmp_path):
    from tests.core.test_train import make_project

    project = make_project(tmp_path / "p")
    mp.spawn(_rank_main, args=(2, _free_port(), str(project), str(tmp_path)), nprocs=2, join=True)
    a = torch.load(tmp_path / "rank0.pt", weights_only=True)
    b = torch.load(tmp_path / "rank1.pt", weights_only=True)
    assert a["world"] == b["world"] == 2
    # 7 train images over 2 ranks: 4 each (padded), batch 2 -> 2 steps in the one epoch.
    assert a["step"] == b["step"] == 2
    assert a["params"].keys() == b["params"].keys()
    for name, pa in a["params"].items():
        assert torch.allclose(pa, b["params"][name], atol=1e-6), name
    start = torch.load(tmp_path / "run" / "last.pt", weights_only=True)["model"]
    differ = [n for n, p in a["params"].items() if not torch.equal(p, start[n])]
    assert not differ  # rank 0's checkpoint holds the trained weights
    assert json.loads((tmp_path / "events0.json").read_text()) > 0
    assert json.loads((tmp_path / "events1.json").read_text()) == 0  # only rank 0 reports
