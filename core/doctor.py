"""`efficientdet doctor`: what this machine offers for training, checked rather than assumed.

Reports the versions (app, torch, timm, CUDA, cuDNN), whether this torch was built with CUDA at
all, the GPUs torch sees with their memory, and a short probe of each precision path (a cuDNN
convolution, a bf16 and an fp16 matmul, each checked against fp32), plus Apple's MPS. A missing
CUDA is named in the plain words of ``core.devices`` (the GUI refuses a GPU run with the same).
``--json`` prints the report as one JSON object (Help > About reads that).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable

from core import devices
from core.cpu_threads import WAIT_POLICY, thread_settings
from core.versions import versions

PROBE_BUDGET_S = 1.0  # each probe: a few small kernels, well under this once CUDA is up


def _probe(fn: Callable[[], str | None]) -> dict:
    start = time.perf_counter()
    try:
        detail = fn()
        ok = True
    except Exception as exc:  # a probe reports every failure; it never raises
        ok, detail = False, f"{type(exc).__name__}: {str(exc).strip().splitlines()[0][:200]}"
    return {"ok": ok, "detail": detail or "", "seconds": round(time.perf_counter() - start, 3)}


def _matmul(device: str, dtype_name: str) -> Callable[[], str]:
    def run() -> str:
        import torch

        dtype = getattr(torch, dtype_name)
        a = torch.randn(64, 64, device=device)
        b = torch.randn(64, 64, device=device)
        ref = a @ b
        with torch.autocast(device_type=device.split(":")[0], dtype=dtype):
            out = a @ b
        if out.dtype != dtype:
            raise RuntimeError(f"autocast gave {out.dtype}, not {dtype}")
        err = (out.float() - ref).abs().max().item()
        if not err < 1.0:
            raise RuntimeError(f"{dtype_name} matmul is off by {err:.3g}")
        return f"matmul error {err:.2g}"

    return run


def _conv(device: str) -> Callable[[], str]:
    def run() -> str:
        import torch

        x = torch.randn(2, 8, 32, 32, device=device)
        w = torch.randn(16, 8, 3, 3, device=device)
        out = torch.nn.functional.conv2d(x, w, padding=1)
        ref = torch.nn.functional.conv2d(x.cpu(), w.cpu(), padding=1)
        err = (out.cpu() - ref).abs().max().item()
        if not err < 1e-2:
            raise RuntimeError(f"convolution is off by {err:.3g}")
        return f"conv error {err:.2g}"

    return run


def report() -> dict:
    """The doctor's findings as plain data (JSON-ready)."""
    import torch

    seen = devices.nvidia_gpus()
    cuda_ok = torch.cuda.is_available()
    gpus = []
    if cuda_ok:
        for i in range(torch.cuda.device_count()):
            p = torch.cuda.get_device_properties(i)
            gpus.append(
                {
                    "index": i,
                    "name": p.name,
                    "memory_gb": round(p.total_memory / 2**30, 1),
                    "capability": f"{p.major}.{p.minor}",
                }
            )
    cuda = {
        "built_with": torch.version.cuda,
        "available": cuda_ok,
        "problem": None if cuda_ok else devices.cuda_problem(torch.version.cuda, bool(seen)),
        "driver_gpus": [{"name": g.name, "memory_gb": round(g.memory_gb, 1)} for g in seen],
        "gpus": gpus,
    }
    probes: dict[str, dict | None] = {"cudnn": None, "bf16": None, "fp16": None}
    if cuda_ok:
        torch.backends.cudnn.enabled = True
        probes["cudnn"] = _probe(_conv("cuda"))
        probes["cudnn"]["ok"] &= torch.backends.cudnn.is_available()
        probes["bf16"] = _probe(_matmul("cuda", "bfloat16"))
        if probes["bf16"]["ok"] and not torch.cuda.is_bf16_supported():
            probes["bf16"] = {"ok": False, "detail": "emulated: this GPU has no bf16", "seconds": 0}
        probes["fp16"] = _probe(_matmul("cuda", "float16"))
    mps_built = bool(torch.backends.mps.is_built())
    mps_ok = bool(torch.backends.mps.is_available())
    mps = {
        "built": mps_built,
        "available": mps_ok,
        "probe": _probe(_conv("mps")) if mps_ok else None,
    }
    best = "cuda" if cuda_ok else "mps" if mps_ok else "cpu"
    return {
        "versions": versions(),
        "cuda": cuda,
        "probes": probes,
        "mps": mps,
        "cpu_threads": torch.get_num_threads(),
        "cpu_wait": thread_settings()[WAIT_POLICY] or "spin (libgomp default)",
        "auto_device": best,
    }


def _line(name: str, probe: dict | None, why_not: str) -> str:
    if probe is None:
        return f"  {name}: not checked ({why_not})"
    state = "works" if probe["ok"] else "FAILS"
    return f"  {name}: {state} ({probe['detail']}, {probe['seconds']:.2f} s)"


def format_report(r: dict) -> str:
    """The report for people: one fact a line, a missing CUDA named plainly."""
    v, cuda = r["versions"], r["cuda"]
    lines = [
        f"EfficientDet Studio {v['app']} (Python {v['python']})",
        f"torch {v['torch']}, torchvision {v['torchvision']}, timm {v['timm']}",
        "torch built with CUDA: "
        + (f"yes, CUDA {cuda['built_with']}" if cuda["built_with"] else "no (a CPU-only build)"),
        f"cuDNN: {v['cudnn'] or 'none'}",
    ]
    if cuda["available"]:
        lines.append(f"CUDA: available, {len(cuda['gpus'])} GPU(s)")
        lines += [
            f"  GPU {g['index']}: {g['name']}, {g['memory_gb']:.1f} GB, compute {g['capability']}"
            for g in cuda["gpus"]
        ]
    else:
        lines.append(cuda["problem"])
        lines += [
            f"  driver lists: {g['name']} ({g['memory_gb']:.0f} GB)" for g in cuda["driver_gpus"]
        ]
    why = "no CUDA"
    lines.append("Probes:")
    lines.append(_line("cuDNN convolution", r["probes"]["cudnn"], why))
    lines.append(_line("bf16 autocast", r["probes"]["bf16"], why))
    lines.append(_line("fp16 autocast", r["probes"]["fp16"], why))
    mps = r["mps"]
    if mps["available"]:
        lines.append(_line("MPS (Apple GPU)", mps["probe"], ""))
    else:
        lines.append(f"  MPS (Apple GPU): {'built, but ' if mps['built'] else ''}not available")
    lines.append(
        f"Training with device auto uses: {r['auto_device']} ({r['cpu_threads']} CPU threads, "
        f"{WAIT_POLICY} {r.get('cpu_wait', 'unknown')})"
    )
    return "\n".join(lines)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")


def run(args: argparse.Namespace) -> int:
    r = report()
    print(json.dumps(r) if args.json else format_report(r), flush=True)
    return 0
