"""Generates notebooks/data/*.txt: realistic, deterministic web-service logs for the file-reading example.

large_log_file.txt   application log lines (INFO/DEBUG/WARN/ERROR) of a small web service.
processed_errors.txt the ERROR lines of that log, summarised one per line, as a processing step would.
Run: python3 scripts/make_notebook_data.py   (same seed, same bytes every time)
"""

from __future__ import annotations

import datetime
import os
import random

rng = random.Random(20241124)
out = os.path.join(os.path.dirname(__file__), "..", "notebooks", "data")
os.makedirs(out, exist_ok=True)

services = ["api-gateway", "orders", "payments", "inventory", "auth", "search"]
paths = [
    "/v1/orders",
    "/v1/orders/{id}",
    "/v1/cart",
    "/v1/login",
    "/v1/search?q={q}",
    "/v1/items/{id}",
    "/healthz",
]
words = ["lamp", "chair", "desk", "kettle", "router", "monitor", "cable", "mug"]
errors = [
    ("payments", "upstream timeout after {ms} ms calling card-processor"),
    ("orders", "deadlock detected on table order_items, retrying (attempt {n})"),
    ("inventory", "stock level for item {id} went negative ({neg})"),
    ("auth", "invalid token signature for user {user}"),
    ("api-gateway", "502 from {svc} for {path}"),
]

t = datetime.datetime(2024, 11, 24, 9, 0, 0)
lines: list[str] = []
failures: list[str] = []
for _ in range(4000):
    t += datetime.timedelta(milliseconds=rng.randint(5, 900))
    stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
    req = f"req-{rng.randrange(16**8):08x}"
    roll = rng.random()
    if roll < 0.03:
        svc, msg = rng.choice(errors)
        text = msg.format(
            ms=rng.choice([3000, 5000, 10000]),
            n=rng.randint(1, 3),
            id=rng.randint(1000, 9999),
            neg=-rng.randint(1, 5),
            user=f"u{rng.randint(100, 999)}",
            svc=rng.choice(services),
            path=rng.choice(paths).format(id=rng.randint(1, 500), q=rng.choice(words)),
        )
        lines.append(f"{stamp} ERROR [{svc}] {req} {text}")
        failures.append(f"{stamp} {svc:<11} {req} {text}")
    elif roll < 0.10:
        svc = rng.choice(services)
        lines.append(f"{stamp} WARN  [{svc}] {req} slow response: {rng.randint(800, 2500)} ms")
    elif roll < 0.35:
        svc = rng.choice(services)
        outcome = "hit" if rng.random() < 0.7 else "miss"
        lines.append(f"{stamp} DEBUG [{svc}] {req} cache {outcome} for key item:{rng.randint(1, 500)}")
    else:
        path = rng.choice(paths).format(id=rng.randint(1, 500), q=rng.choice(words))
        method = (
            "GET" if "search" in path or "items" in path or "healthz" in path else rng.choice(["GET", "POST"])
        )
        status = rng.choice([200] * 12 + [201, 204, 304, 404])
        lines.append(f"{stamp} INFO  [api-gateway] {req} {method} {path} {status} {rng.randint(2, 350)} ms")

with open(os.path.join(out, "large_log_file.txt"), "w") as f:
    f.write("\n".join(lines) + "\n")
with open(os.path.join(out, "processed_errors.txt"), "w") as f:
    f.write(f"# {len(failures)} errors extracted from large_log_file.txt\n" + "\n".join(failures) + "\n")
print(f"wrote {len(lines)} log lines and {len(failures)} errors to {os.path.normpath(out)}")
