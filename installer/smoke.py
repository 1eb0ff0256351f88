"""Smoke test of the frozen bundle (``make smoke``): what a new user's first minutes exercise.

    python installer/smoke.py [dist/efficientdet-studio/efficientdet-studio]

1. ``--version`` and ``--cli doctor --json`` answer (a CPU-only machine names the missing CUDA);
2. ``--cli demo-data`` writes a small demo project;
3. the GUI opens that project offscreen and starts its image helpers as the bundle's own
   executable (``--image-helper``), not as ``python -m``;
4. the frozen worker trains one epoch of D0 at 128 px and writes last.pt, with the versions in
   config.json;
5. the frozen serve worker answers one predict request.
Standard library only (plus core.events, itself standard library), so it runs from any Python.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from core import events as ev  # noqa: E402
from core.devices import NO_GPU  # noqa: E402

DEFAULT_EXE = ROOT / "dist" / "efficientdet-studio" / "efficientdet-studio"


def step(name: str) -> None:
    print(f"smoke: {name}", flush=True)


def check(exe: Path, *args: str, timeout: float = 300) -> str:
    out = subprocess.run(
        [str(exe), *args], capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
    )
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({out.returncode}):\n{out.stderr[-3000:]}")
    return out.stdout


def children(pid: int) -> list[str]:
    """Command lines of the processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            stat = (proc / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except (OSError, ValueError, IndexError):
            continue
    return found


def gui_opens(exe: Path, project: Path, env: dict) -> None:
    gui = subprocess.Popen(
        [str(exe), str(project)],
        env={**env, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # its helpers end with it, by the same signal
    )
    deadline, helpers = time.monotonic() + 90, []
    while time.monotonic() < deadline and gui.poll() is None and not helpers:
        time.sleep(0.5)
        helpers = [c for c in children(gui.pid) if "--image-helper" in c]
    time.sleep(2)  # the helpers answer their first requests
    alive = gui.poll() is None
    with contextlib.suppress(ProcessLookupError):
        os.killpg(gui.pid, signal.SIGTERM)
    _, err = gui.communicate(timeout=30)
    text = err.decode(errors="replace")
    if not alive or "Traceback" in text:
        raise SystemExit(f"the frozen GUI failed (exit {gui.returncode}):\n{text[-3000:]}")
    if not helpers or not all(h.startswith(str(exe)) for h in helpers):
        raise SystemExit(f"image helpers not started from the bundle: {helpers}\n{text[-2000:]}")


def train(exe: Path, project: Path, tmp: Path, env: dict) -> Path:
    cfg = {
        "data": str(project),
        "model": {"level": "d0", "image_size": 128},
        "epochs": 1,
        "batch_size": 4,
        "device": "cpu",
        "workers": 1,
    }
    (tmp / "cfg.json").write_text(json.dumps(cfg))
    run_dir = tmp / "run"
    argv = [str(exe), "--worker", "train", "--config", str(tmp / "cfg.json")]
    out = subprocess.run(
        [*argv, "--run-dir", str(run_dir)],
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    events = [ev.decode(line) for line in out.stdout.splitlines() if line.strip()]
    if out.returncode != 0 or not any(isinstance(e, ev.Finished) for e in events):
        raise SystemExit(f"frozen training failed ({out.returncode}):\n{out.stderr[-3000:]}")
    if not (run_dir / "last.pt").is_file():
        raise SystemExit(f"no last.pt in {run_dir}")
    recorded = json.loads((run_dir / "config.json").read_text())["versions"]
    if not {"app", "torch", "timm", "cuda"} <= set(recorded):
        raise SystemExit(f"config.json lacks versions: {recorded}")
    return run_dir / "last.pt"


def serve(exe: Path, checkpoint: Path, image: Path, env: dict) -> None:
    proc = subprocess.Popen(
        [str(exe), "--worker", "serve", str(checkpoint), "--device", "cpu"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    request = ev.encode_command("predict", id="1", paths=[str(image)], score=0.0)
    out, err = proc.communicate(request + "\n" + ev.encode_command("quit") + "\n", timeout=300)
    events = [ev.decode(line) for line in out.splitlines() if line.strip()]
    answers = [e for e in events if isinstance(e, ev.Predictions)]
    if proc.returncode != 0 or not answers or answers[0].error:
        raise SystemExit(f"frozen serve failed ({proc.returncode}): {events}\n{err[-3000:]}")


def main(argv: list[str]) -> int:
    exe = Path(argv[0] if argv else DEFAULT_EXE).resolve()
    if not exe.is_file():
        raise SystemExit(f"no bundle at {exe}: run `make bundle` first")
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="studio-smoke-") as name:
        tmp = Path(name)
        env = {**os.environ, "HOME": str(tmp)}  # a new user's settings and demo folder
        step("--version")
        assert "efficientdet-studio" in check(exe, "--version")
        step("doctor")
        report = json.loads(check(exe, "--cli", "doctor", "--json"))
        if not report["cuda"]["available"] and not report["cuda"]["driver_gpus"]:
            assert report["cuda"]["problem"].startswith(NO_GPU), report["cuda"]
        step("demo-data")
        project = tmp / "demo"
        check(exe, "--cli", "demo-data", str(project), "--images", "16", "--size", "160")
        step("GUI opens the demo project offscreen")
        gui_opens(exe, project, env)
        step("worker trains one epoch of D0 at 128 px")
        checkpoint = train(exe, project, tmp, env)
        step("serve worker answers a predict request")
        serve(exe, checkpoint, next((project / "images").glob("*.jpg")), env)
    print(f"smoke: passed in {time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
