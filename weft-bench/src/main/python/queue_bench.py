"""asyncio peer of QueueBench.weftQueue: items through asyncio.Queue(maxsize=128) from one producer
task to one consumer task, in ns per item (the median of the runs).

Run: python3.13 weft-bench/src/main/python/queue_bench.py [--runs 5] [--items 1000000] [--uvloop]
"""

import asyncio
import time

import _common

MAXSIZE = 128


async def one_run(items):
    q = asyncio.Queue(maxsize=MAXSIZE)

    async def producer():
        for i in range(items):
            await q.put(i & 1023)

    async def consumer():
        s = 0
        for _ in range(items):
            s += await q.get()
        return s

    t0 = time.perf_counter_ns()
    p = asyncio.create_task(producer())
    c = asyncio.create_task(consumer())
    await p
    await c
    return (time.perf_counter_ns() - t0) / items


def main():
    p = _common.parser(__doc__)
    p.add_argument("--items", type=int, default=1_000_000)
    a = p.parse_args()

    async def all_runs():
        await one_run(a.items)  # warm-up
        return [await one_run(a.items) for _ in range(a.runs)]

    results = _common.run(all_runs(), a.uvloop)
    _common.report(f"{_common.loop_name(a.uvloop)} Queue(maxsize={MAXSIZE})", "ns", results)


if __name__ == "__main__":
    main()
