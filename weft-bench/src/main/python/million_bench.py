"""asyncio peer of Million: N tasks each sleeping one second once, in a fresh process (cold).

Two runs, as the Java side (each a fresh process):
  --mode time   : wall time from the first create_task to the last task's end, and the phases:
                  create (creating all N tasks), first step (until every task is suspended in its
                  sleep), wake-up (from the first task resuming to the last one ending).
  --mode memory : all N suspended in a long sleep; RSS growth per task (VmRSS, after gc.collect())
                  and tracemalloc's live bytes per task are not both taken: tracing a million tasks
                  takes minutes, so this mode reports RSS only.

Run: python3.13 weft-bench/src/main/python/million_bench.py N [--mode time|memory] [--uvloop]
"""

import argparse
import asyncio
import gc
import sys
import time

import _common
from sleepers_bench import rss_bytes


async def timed(n):
    loop = asyncio.get_running_loop()
    all_finished = loop.create_future()
    finished = 0
    first_wake = 0.0

    async def activity():
        nonlocal finished, first_wake
        await asyncio.sleep(1)
        if finished == 0:
            first_wake = time.perf_counter()
        finished += 1
        if finished == n:
            all_finished.set_result(None)

    start = time.perf_counter()
    tasks = [asyncio.create_task(activity()) for _ in range(n)]
    created = time.perf_counter()
    await asyncio.sleep(0)  # every task runs its first step: all now sleep
    suspended = time.perf_counter()
    tasks = None
    await all_finished
    end = time.perf_counter()
    return dict(wall=end - start, create=created - start, first=suspended - created, wake=end - first_wake,
                finished=finished)


async def memory(n):
    gc.collect()
    before = rss_bytes()

    async def activity():
        await asyncio.sleep(600)

    tasks = [asyncio.create_task(activity()) for _ in range(n)]
    await asyncio.sleep(0)
    tasks = None  # the loop keeps them alive
    gc.collect()
    during = rss_bytes()
    return dict(rss=(during - before) / n, finished=n)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("n", type=int)
    p.add_argument("--mode", choices=("time", "memory"), default="time")
    p.add_argument("--uvloop", action="store_true")
    a = p.parse_args()
    if a.mode == "time":
        r = _common.run(timed(a.n), a.uvloop)
        print(f"python {sys.version.split()[0]} {_common.loop_name(a.uvloop)}: {a.n} tasks x 1 s: wall "
              f"{r['wall']:.3f} s (create {r['create']:.3f}, first step {r['first']:.3f}, wake-up {r['wake']:.3f})",
              flush=True)
    else:
        _common.run(memory_then_exit(a.n), a.uvloop)
        return
    print("RESULT " + " ".join(f"{k}={v:.6f}" if isinstance(v, float) else f"{k}={v}" for k, v in r.items()),
          flush=True)


async def memory_then_exit(n):
    r = await memory(n)
    print(f"python {sys.version.split()[0]}: {n} tasks suspended: rss {r['rss']:.0f} B/task", flush=True)
    print("RESULT " + " ".join(f"{k}={v:.6f}" if isinstance(v, float) else f"{k}={v}" for k, v in r.items()),
          flush=True)
    import os  # noqa: PLC0415
    os._exit(0)  # the tasks are still sleeping: do not wait for them


if __name__ == "__main__":
    main()
