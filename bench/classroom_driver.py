"""N kernels of one kernelspec started at once, as a class logging in together: bench/classroom.bench.js.

usage: classroom_driver.py NAME[,NAME...] CWD N
For each kernelspec in turn (never two kinds at once): N kernels are started together, each answers one cell
(`1 + 1`, valid TypeScript and Python); all_answered_s is the time from the start until the last reply.
Then, with all N idle, rss_mb is each kernel's resident memory (its process and the processes below it, e.g.
our SIGINT relay), mean and max. Prints one JSON object keyed by kernel name.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.manager import KernelManager


def tree(pid: int) -> list[int]:
    """pid and every process below it."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(name))
    out: list[int] = []
    todo = [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def rss_mb(pid: int) -> float:
    total = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def one(name: str, cwd: str, t0: float) -> tuple[KernelManager, BlockingKernelClient, float]:
    km = KernelManager(kernel_name=name)
    km.start_kernel(cwd=cwd, stdout=sys.stderr, stderr=sys.stderr)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=600)
    reply = kc.execute("1 + 1", reply=True, timeout=600)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"{name}: the cell failed: {reply['content']}")
    return km, kc, time.monotonic() - t0


def measure(name: str, cwd: str, n: int) -> dict[str, Any]:
    t0 = time.monotonic()
    with ThreadPoolExecutor(max_workers=n) as pool:
        results = list(pool.map(lambda _: one(name, cwd, t0), range(n)))
    answered = max(r[2] for r in results)
    time.sleep(1.0)  # let start-up garbage settle before reading memory
    rss = [rss_mb(km.provisioner.pid) for km, _, _ in results]
    for _km, kc, _ in results:
        kc.stop_channels()
    with ThreadPoolExecutor(max_workers=n) as pool:
        list(pool.map(lambda r: r[0].shutdown_kernel(now=True), results))
    return {
        "n": n,
        "all_answered_s": answered,
        "first_answered_s": min(r[2] for r in results),
        "rss_mb_mean": statistics.mean(rss),
        "rss_mb_max": max(rss),
    }


def main() -> None:
    names, cwd, n = sys.argv[1].split(","), sys.argv[2], int(sys.argv[3])
    print(json.dumps({name: measure(name, cwd, n) for name in names}))


if __name__ == "__main__":
    main()
