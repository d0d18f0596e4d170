"""asyncio peer of TaskBench.weftZeroSleepPingPong: two tasks alternating through
`await asyncio.sleep(0)`, in ns per switch (the median of the runs).

Run: python3.13 weft-bench/src/main/python/switch_bench.py [--runs 5] [--switches 200000] [--uvloop]
"""

import asyncio
import time

import _common


async def one_run(switches):
    count = 0

    async def player():
        nonlocal count
        for _ in range(switches // 2):
            count += 1
            await asyncio.sleep(0)

    t0 = time.perf_counter_ns()
    a = asyncio.create_task(player())
    b = asyncio.create_task(player())
    await a
    await b
    elapsed = time.perf_counter_ns() - t0
    assert count == switches // 2 * 2
    return elapsed / switches


def main():
    p = _common.parser(__doc__)
    p.add_argument("--switches", type=int, default=200_000)
    a = p.parse_args()

    async def all_runs():
        await one_run(a.switches)  # warm-up
        return [await one_run(a.switches) for _ in range(a.runs)]

    results = _common.run(all_runs(), a.uvloop)
    _common.report(_common.loop_name(a.uvloop) + " sleep(0) ping-pong", "ns", results)


if __name__ == "__main__":
    main()
