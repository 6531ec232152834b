"""Measures one kernelspec for bench/kernel.bench.js; prints one JSON object.

startup_ms: start -> first kernel_info_reply (jupyter_client's wait_for_ready), median of `starts` kernels.
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
    name, cwd, starts = sys.argv[1], sys.argv[2], int(sys.argv[3])
    startup = []
    for _ in range(starts - 1):
        km, kc, ms = start(name, cwd)
        startup.append(ms)
        stop(km, kc)
    km, kc, ms = start(name, cwd)
    startup.append(ms)
    try:
        run_until_idle(kc, "0")  # warm-up: first cell pays for lazy initialisation in both kernels
        rt = []
        for i in range(20):
            t, _, _ = run_until_idle(kc, f"{i}")
            rt.append(t * 1000)
        seconds, text, idle = run_until_idle(kc, f"for (let i = 0; i < {BURST_LINES}; i++) console.log(i);")
        delivered = sum(1 for line in text.split("\n") if line != "")
    finally:
        stop(km, kc)
    print(json.dumps({
        "startup_ms": statistics.median(startup),
        "roundtrip_ms": statistics.median(rt),
        "burst_lines_delivered_fraction": delivered / BURST_LINES,
        "burst_seconds": seconds,
        "burst_idle": idle,
    }))


if __name__ == "__main__":
    main()
