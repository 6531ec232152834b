"""A/B round trip of two kernelspecs on a shared machine: both kernels live side by side, cells interleaved.

usage: kernel-ab.py A B [PAIRS] [CELLS]

Starts PAIRS fresh pairs (default 6; the start order alternates), warms each kernel with 5 cells, then sends
CELLS trivial cells (default 60) alternating between the two, and reads each kernel process's CPU time
(utime + stime from /proc) around the cells, and its resident memory 1 s after the warm-up (as the bench's
`idle_rss_mb`). Prints per-pair medians, the overall median round trip, CPU milliseconds per cell and idle
resident memory of each, and B ÷ A. Load from other processes hits both kernels alike, so the ratio
survives a busy machine better than two separate bench runs do. To compare a change, install the change's
kernelspec under another name (`tslab-asyncio install --prefix DIR`, then rename its kernel directory) and
put DIR/share/jupyter first on JUPYTER_PATH.
"""

from __future__ import annotations

import importlib.util
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType

from jupyter_client.manager import KernelManager


def load_driver() -> ModuleType:
    path = Path(__file__).with_name("kernel-driver.py")
    spec = importlib.util.spec_from_file_location("kernel_driver", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"kernel-ab: cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cpu_seconds(km: KernelManager) -> float:
    """User + system CPU time of the kernel process (its threads included)."""
    pid = km.provisioner.process.pid  # type: ignore[union-attr]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100


def main() -> None:
    if len(sys.argv) < 3:
        raise SystemExit("usage: kernel-ab.py A B [PAIRS] [CELLS]  (A and B are kernelspec names)")
    kd = load_driver()
    a, b = sys.argv[1], sys.argv[2]
    pairs = int(sys.argv[3]) if len(sys.argv) > 3 else 6
    cells = int(sys.argv[4]) if len(sys.argv) > 4 else 60
    rt: dict[str, list[float]] = {a: [], b: []}
    cpu: dict[str, list[float]] = {a: [], b: []}
    rss: dict[str, list[float]] = {a: [], b: []}
    medians: list[tuple[float, float]] = []
    for p in range(pairs):
        order = (a, b) if p % 2 == 0 else (b, a)
        live = {}
        try:
            for n in order:
                km, kc, _ = kd.start(n, "/tmp")
                live[n] = (km, kc)
            for n in order:
                for i in range(5):
                    kd.run_until_idle(live[n][1], f"{i}")
            time.sleep(1.0)
            for n in order:
                rss[n].append(kd.rss_mb(live[n][0]))
            this: dict[str, list[float]] = {a: [], b: []}
            before = {n: cpu_seconds(live[n][0]) for n in order}
            for i in range(cells):
                for n in order if i % 2 == 0 else order[::-1]:
                    seconds, _, _ = kd.run_until_idle(live[n][1], f"{i}")
                    this[n].append(seconds * 1000)
            for n in order:
                cpu[n].append((cpu_seconds(live[n][0]) - before[n]) * 1000 / cells)
                rt[n] += this[n]
            medians.append((statistics.median(this[a]), statistics.median(this[b])))
        finally:
            for km, kc in live.values():
                kd.stop(km, kc)
    print("per-pair median round trip (ms), A and B:", [(round(x, 2), round(y, 2)) for x, y in medians])
    for name, label in ((a, "A"), (b, "B")):
        print(
            f"{label} {name}: round trip median {statistics.median(rt[name]):.2f} ms;"
            f" CPU per cell median {statistics.median(cpu[name]):.2f} ms;"
            f" idle RSS median {statistics.median(rss[name]):.1f} MB {sorted(rss[name])}"
        )
    print(
        f"B / A: round trip {statistics.median(rt[b]) / statistics.median(rt[a]):.3f},"
        f" CPU {statistics.median(cpu[b]) / statistics.median(cpu[a]):.3f},"
        f" idle RSS {statistics.median(rss[b]) / statistics.median(rss[a]):.3f}"
    )


if __name__ == "__main__":
    main()
