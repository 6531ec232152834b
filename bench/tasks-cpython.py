# CPython anchor for tasks.bench.js: asyncio.gather of N trivial coroutines (each wrapped in a Task by
# gather), best (and median) of 5 after warm-up, printed as microseconds per task.
from __future__ import annotations

import asyncio
import json
import sys
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000


async def trivial(i: int) -> int:
    return i


async def batch(n: int) -> list[int]:
    return await asyncio.gather(*[trivial(i) for i in range(n)])


async def main() -> None:
    for _ in range(3):
        await batch(10_000)
    samples: list[float] = []
    for _ in range(5):
        start = time.perf_counter()
        results = await batch(N)
        samples.append((time.perf_counter() - start) * 1e6 / N)
        assert len(results) == N
    samples.sort()  # best of 5, as for the TypeScript runs
    print(json.dumps({"us": samples[0], "median": samples[2], "version": sys.version.split()[0]}))


asyncio.run(main())
