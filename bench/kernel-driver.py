"""Measures kernelspecs for bench/kernel.bench.js; prints one JSON object keyed by kernel name.

usage: kernel-driver.py NAME[,NAME...] CWD STARTS [ANCHOR[,ANCHOR...]]
startup_ms: start -> first kernel_info_reply (jupyter_client's wait_for_ready), median of STARTS kernels
(startup_best_ms: the fastest). roundtrip_best_ms and compile_block_best_ms are the best of theirs too.
first_result_ms: start -> the first cell's result (execute_result, or the stream plain tslab prints it as),
the cell sent as soon as the kernel is ready; median of STARTS kernels.
roundtrip_ms: median of 20 trivial cells, execute_request sent -> its idle status received.
compile_block_ms: a 1 ms interval runs in the kernel while a 50-line cell is sent; the longest it waited
between the request and the first statement of that cell (median of 5 cells, each with fresh names).
compile_and_run_block_ms: the same, counting the gap around the cell's first statement whole (the cell's
own run and the kernel's work until the loop is free again are in it).
idle_rss_mb / rss_300_mb: the kernel process's resident set after its first cell, and after 300 more.
burst: a 100,000-line console.log loop; lines delivered and seconds until its idle (or until IOPub has been
quiet for 3 s after the reply, for kernels that lose the idle).
ANCHOR kernels (e.g. python3) are measured for startup, first result and round trip only, with the same
trivial cells (integer literals are valid in both languages).
"""

from __future__ import annotations

import json
import queue
import statistics
import sys
import time
from typing import Any

from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.manager import KernelManager

BURST_LINES = 100_000
BLOCK_REPEATS = 5
RSS_CELLS = 300

# Started in one cell; records each gap between ticks of a 1 ms interval as (end time, length).
GAP_PROBE = """
const gapProbe = { last: performance.now(), gaps: [] as Array<[number, number]> };
(globalThis as any).__probe = gapProbe;
(globalThis as any).__probeTimer = setInterval(() => {
  const now = performance.now();
  gapProbe.gaps.push([now, now - gapProbe.last]);
  gapProbe.last = now;
}, 1);
"""


def start(
    name: str, cwd: str, first: dict[str, list[float]] | None = None
) -> tuple[KernelManager, BlockingKernelClient, float]:
    km = KernelManager(kernel_name=name)
    t0 = time.monotonic()
    km.start_kernel(cwd=cwd, stdout=sys.stderr, stderr=sys.stderr)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
    except RuntimeError:
        # A kernel that never got ready must not outlive the bench (it holds our output pipe open).
        stop(km, kc)
        raise
    ready = (time.monotonic() - t0) * 1000
    if first is not None:
        first[name].append(first_result(kc, t0))
    return km, kc, ready


def rss_mb(km: KernelManager) -> float:
    """Resident set of the kernel process, from /proc."""
    pid = km.provisioner.process.pid  # type: ignore[union-attr]
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for kernel process {pid}")


def fifty_line_cell(tag: str) -> str:
    """A 50-line cell of ordinary declarations: types, a class, functions and a few statements."""
    lines = [
        "const ranAt = performance.now();",
        f"interface Point{tag} {{ x: number; y: number; label?: string }}",
        f"type Shape{tag} = {{ kind: 'circle'; r: number }} | {{ kind: 'rect'; w: number; h: number }};",
        f"function area{tag}(s: Shape{tag}): number {{",
        "  switch (s.kind) {",
        "    case 'circle': return Math.PI * s.r * s.r;",
        "    case 'rect': return s.w * s.h;",
        "  }",
        "}",
        f"class Stack{tag}<T> {{",
        "  private items: T[] = [];",
        "  push(x: T): void { this.items.push(x); }",
        "  pop(): T | undefined { return this.items.pop(); }",
        "  get size(): number { return this.items.length; }",
        "}",
        f"const points{tag}: Point{tag}[] = [];",
    ]
    i = 0
    while len(lines) < 47:
        lines.append(f"points{tag}.push({{ x: {i}, y: {i * 2}, label: `p${{{i}}}` }});")
        lines.append(
            f"const d{tag}_{i} = points{tag}.map((p) => Math.hypot(p.x, p.y)).reduce((a, b) => a + b, 0);"
        )
        i += 1
    lines.append(f"const s{tag} = new Stack{tag}<Point{tag}>();")
    lines.append(f"for (const p of points{tag}) s{tag}.push(p);")
    lines.append(
        f"(globalThis as any).__ran = ranAt; area{tag}({{ kind: 'rect', w: 2, h: 3 }}) + s{tag}.size;"
    )
    return "\n".join(lines)


def compile_block(kc: BlockingKernelClient, trivial: bool = False) -> tuple[list[float], list[float]]:
    """Per 50-line cell, the longest a 1 ms interval waited while the cell compiled, and with its run.

    The compile is the window from the request to the cell's first statement: a gap counts up to that
    statement, since what follows is the cell's own synchronous code (which blocks the loop in any kernel).
    The second list counts each gap that began in the window whole, so the gap around the cell's run is in it.
    With `trivial`, the cell is a one-liner instead: the same window without a real compile, which shows
    the noise floor of the machine (a loaded machine delays a 1 ms interval by itself).
    """
    compile_only: list[float] = []
    with_run: list[float] = []
    run_until_idle(kc, GAP_PROBE)
    for rep in range(BLOCK_REPEATS):
        time.sleep(0.3)
        run_until_idle(kc, "(globalThis as any).__probe.gaps.length = 0;")
        time.sleep(0.3)
        _, text, _ = run_until_idle(kc, "console.log(performance.now());")
        sent_after = float(text.strip().split()[-1])
        time.sleep(0.2)
        cell = "(globalThis as any).__ran = performance.now();" if trivial else fifty_line_cell(f"B{rep}")
        run_until_idle(kc, cell)
        _, text, _ = run_until_idle(
            kc,
            "{ const ran = (globalThis as any).__ran;"
            " const inWindow = (globalThis as any).__probe.gaps"
            f".filter(([end, gap]: [number, number]) => end - gap >= {sent_after} + 100 && end - gap <= ran);"
            " const upTo = ([end, gap]: [number, number]) => Math.min(end, ran) - (end - gap);"
            " console.log(Math.max(0, ...inWindow.map(upTo)),"
            " Math.max(0, ...inWindow.map(([, gap]: [number, number]) => gap))); }",
        )
        words = text.strip().split()
        compile_only.append(float(words[-2]))
        with_run.append(float(words[-1]))
    run_until_idle(kc, "clearInterval((globalThis as any).__probeTimer);")
    return compile_only, with_run


def first_result(kc: BlockingKernelClient, t0: float) -> float:
    """Milliseconds from launch (t0) to the first cell's result."""
    msg_id = kc.execute("1 + 1")
    while True:
        msg = kc.get_iopub_msg(timeout=120)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] in ("execute_result", "stream"):
            return (time.monotonic() - t0) * 1000


def stop(km: KernelManager, kc: BlockingKernelClient) -> None:
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def run_until_idle(
    kc: BlockingKernelClient, code: str, quiet: float = 3.0, timeout: float = 120
) -> tuple[float, str, bool]:
    """Returns (seconds to idle or last message, stdout text, got_idle)."""
    t0 = time.monotonic()
    msg_id = kc.execute(code)
    out: list[str] = []
    last = t0
    got_reply = False
    deadline = t0 + timeout
    while time.monotonic() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=0.05)
        except queue.Empty:
            if not got_reply:
                try:
                    r = kc.get_shell_msg(timeout=0.001)
                    got_reply = r["parent_header"].get("msg_id") == msg_id or got_reply
                except queue.Empty:
                    pass
            if got_reply and time.monotonic() - last > quiet:
                return last - t0, "".join(out), False
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        last = time.monotonic()
        if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            out.append(msg["content"]["text"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return last - t0, "".join(out), True
    return last - t0, "".join(out), False


def main() -> None:
    # Kernels are measured interleaved (start A, start B, A, B, ...; cells alternate between the two live
    # kernels) so that load from other processes on a shared machine hits both alike.
    names, cwd, starts = sys.argv[1].split(","), sys.argv[2], int(sys.argv[3])
    anchors = sys.argv[4].split(",") if len(sys.argv) > 4 and sys.argv[4] else []
    everyone = names + anchors
    startup: dict[str, list[float]] = {n: [] for n in everyone}
    first: dict[str, list[float]] = {n: [] for n in everyone}
    for _ in range(starts - 1):
        for n in everyone:
            km, kc, ms = start(n, cwd, first)
            startup[n].append(ms)
            stop(km, kc)
    live: dict[str, tuple[KernelManager, BlockingKernelClient]] = {}
    for n in everyone:
        km, kc, ms = start(n, cwd, first)
        startup[n].append(ms)
        live[n] = (km, kc)
    result: dict[str, dict[str, Any]] = {}
    try:
        for n in everyone:
            run_until_idle(live[n][1], "0")  # warm-up: the first cell pays for lazy initialisation
        time.sleep(1.0)
        idle_rss = {n: rss_mb(live[n][0]) for n in names}
        rt: dict[str, list[float]] = {n: [] for n in everyone}
        for i in range(20):
            for n in everyone:
                t, _, _ = run_until_idle(live[n][1], f"{i}")
                rt[n].append(t * 1000)
        for n in anchors:
            result[n] = {
                "startup_ms": statistics.median(startup[n]),
                "startup_best_ms": min(startup[n]),
                "first_result_ms": statistics.median(first[n]),
                "roundtrip_ms": statistics.median(rt[n]),
                "roundtrip_best_ms": min(rt[n]),
            }
        for n in names:
            block, block_with_run = compile_block(live[n][1])
            floor, floor_with_run = compile_block(live[n][1], trivial=True)
            for i in range(RSS_CELLS):
                run_until_idle(live[n][1], f"{i}")
            rss_300 = rss_mb(live[n][0])
            burst = f"for (let i = 0; i < {BURST_LINES}; i++) console.log(i);"
            seconds, text, idle = run_until_idle(live[n][1], burst)
            delivered = sum(1 for line in text.split("\n") if line != "")
            result[n] = {
                "startup_ms": statistics.median(startup[n]),
                "startup_best_ms": min(startup[n]),
                "first_result_ms": statistics.median(first[n]),
                "roundtrip_ms": statistics.median(rt[n]),
                "roundtrip_best_ms": min(rt[n]),
                "compile_block_ms": statistics.median(block),
                "compile_block_best_ms": min(block),
                "compile_block_all_ms": block,
                "compile_block_floor_ms": statistics.median(floor),
                "compile_and_run_block_ms": statistics.median(block_with_run),
                "compile_and_run_block_all_ms": block_with_run,
                "compile_and_run_block_floor_ms": statistics.median(floor_with_run),
                "idle_rss_mb": idle_rss[n],
                "rss_300_mb": rss_300,
                "burst_lines_delivered_fraction": delivered / BURST_LINES,
                "burst_seconds": seconds,
                "burst_idle": idle,
            }
    finally:
        for km, kc in live.values():
            stop(km, kc)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
