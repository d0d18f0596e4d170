"""asyncio peer of QueueBench.weftQueue: 1M items through asyncio.Queue(maxsize=128), one producer
task, one consumer task. Prints ns/item (best and median of the runs).

Run: /root/.pyenv/versions/3.13.0/bin/python3.13 weft-bench/src/main/python/queue_bench.py [runs]
"""

import asyncio
import statistics
import sys
import time

ITEMS = 1_000_000
MAXSIZE = 128


async def one_run():
    q = asyncio.Queue(maxsize=MAXSIZE)

    async def producer():
        for i in range(ITEMS):
            await q.put(i & 1023)

    async def consumer():
        s = 0
        for _ in range(ITEMS):
            s += await q.get()
        return s

    t0 = time.perf_counter_ns()
    p = asyncio.create_task(producer())
    c = asyncio.create_task(consumer())
    await p
    await c
    return (time.perf_counter_ns() - t0) / ITEMS


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    results = [asyncio.run(one_run()) for _ in range(runs)]
    print(f"python {sys.version.split()[0]} asyncio.Queue(maxsize={MAXSIZE}), {ITEMS} items: "
          f"best {min(results):.1f} ns/item, median {statistics.median(results):.1f} ns/item "
          f"({1e9 / min(results) / 1e6:.2f} M items/s best)")


if __name__ == "__main__":
    main()
