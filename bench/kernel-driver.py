"""Measures kernelspecs for bench/kernel.bench.js; prints one JSON object keyed by kernel name.

usage: kernel-driver.py NAME[,NAME...] CWD STARTS
startup_ms: start -> first kernel_info_reply (jupyter_client's wait_for_ready), median of STARTS kernels.
roundtrip_ms: median of 20 trivial cells, execute_request sent -> its idle status received.
burst: a 100,000-line console.log loop; lines delivered and seconds until its idle (or until IOPub has been
quiet for 3 s after the reply, for kernels that lose the idle).
"""
import json
import queue
import statistics
import sys
import time

from jupyter_client.manager import KernelManager

BURST_LINES = 100_000


def start(name, cwd):
    km = KernelManager(kernel_name=name)
    t0 = time.monotonic()
    km.start_kernel(cwd=cwd, stdout=sys.stderr, stderr=sys.stderr)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    return km, kc, (time.monotonic() - t0) * 1000


def stop(km, kc):
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def run_until_idle(kc, code, quiet=3.0, timeout=120):
    """Returns (seconds to idle or last message, stdout text, got_idle)."""
    t0 = time.monotonic()
    msg_id = kc.execute(code)
    out = []
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


def main():
    # Kernels are measured interleaved (start A, start B, A, B, ...; cells alternate between the two live
    # kernels) so that load from other processes on a shared machine hits both alike.
    names, cwd, starts = sys.argv[1].split(","), sys.argv[2], int(sys.argv[3])
    startup = {n: [] for n in names}
    for _ in range(starts - 1):
        for n in names:
            km, kc, ms = start(n, cwd)
            startup[n].append(ms)
            stop(km, kc)
    live = {}
    for n in names:
        km, kc, ms = start(n, cwd)
        startup[n].append(ms)
        live[n] = (km, kc)
    result = {}
    try:
        for n in names:
            run_until_idle(live[n][1], "0")  # warm-up: the first cell pays for lazy initialisation
        rt = {n: [] for n in names}
        for i in range(20):
            for n in names:
                t, _, _ = run_until_idle(live[n][1], f"{i}")
                rt[n].append(t * 1000)
        for n in names:
            seconds, text, idle = run_until_idle(live[n][1], f"for (let i = 0; i < {BURST_LINES}; i++) console.log(i);")
            delivered = sum(1 for line in text.split("\n") if line != "")
            result[n] = {
                "startup_ms": statistics.median(startup[n]),
                "roundtrip_ms": statistics.median(rt[n]),
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
