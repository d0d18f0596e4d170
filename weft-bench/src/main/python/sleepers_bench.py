"""asyncio peer of Sleepers: N tasks that each wait at a gate and then sleep S times for T ms.
One run per process (the Java suite starts it again for each repetition).

How it measures (as the Java side does): start the N tasks; each awaits one shared future (the
gate); once all wait, measure memory; open the gate; each sleeps S times, then ends. Wall time is from
the first create_task to the last task's end, less the pause for the memory measurement.

Memory, two ways, each per task:
  --mode time   : RSS growth (VmRSS from /proc/self/status, or getrusage maxrss where there is no
                  /proc) while all wait, against the same before the first task, after gc.collect().
  --mode traced : tracemalloc's traced bytes while all wait, against before (the live Python objects a
                  task holds: coroutine frame, Task, its future callbacks); tracemalloc slows creation,
                  so this mode's wall time is not reported.

Run: python3.13 weft-bench/src/main/python/sleepers_bench.py N [--sleeps 3] [--sleep-ms 100]
     [--mode time|traced] [--uvloop]
"""

import argparse
import asyncio
import gc
import resource
import sys
import time

import _common


def rss_bytes():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    m = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # peak, KB on Linux, bytes on macOS
    return m if sys.platform == "darwin" else m * 1024


async def crowd(n, sleeps, sleep_s, mode):
    import tracemalloc  # noqa: PLC0415

    loop = asyncio.get_running_loop()
    gate = loop.create_future()
    finished = 0
    all_finished = loop.create_future()

    async def activity():
        nonlocal finished
        await gate
        for _ in range(sleeps):
            await asyncio.sleep(sleep_s)
        finished += 1
        if finished == n:
            all_finished.set_result(None)

    gc.collect()
    if mode == "traced":
        tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0] if mode == "traced" else rss_bytes()
    start = time.perf_counter()
    tasks = [asyncio.create_task(activity()) for _ in range(n)]
    await asyncio.sleep(0)  # every task runs its first step: all now wait at the gate
    all_waiting = time.perf_counter()
    tasks = None  # measure the tasks, not our list of them (the loop keeps them alive)
    gc.collect()
    during = tracemalloc.get_traced_memory()[0] if mode == "traced" else rss_bytes()
    if mode == "traced":
        tracemalloc.stop()
    opened = time.perf_counter()
    gate.set_result(None)
    await all_finished
    end = time.perf_counter()
    return (all_waiting - start) + (end - opened), (during - before) / n, finished


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("n", type=int)
    p.add_argument("--sleeps", type=int, default=3)
    p.add_argument("--sleep-ms", type=float, default=100)
    p.add_argument("--mode", choices=("time", "traced"), default="time")
    p.add_argument("--uvloop", action="store_true")
    a = p.parse_args()
    wall, per_task, finished = _common.run(crowd(a.n, a.sleeps, a.sleep_ms / 1000, a.mode), a.uvloop)
    what = "rss" if a.mode == "time" else "traced"
    print(f"python {sys.version.split()[0]} {_common.loop_name(a.uvloop)}: {a.n} tasks x {a.sleeps} sleeps "
          f"of {a.sleep_ms:g} ms: wall {wall:.3f} s, {what} {per_task:.0f} B/task", flush=True)
    print(f"RESULT wall={wall:.6f} bytes={per_task:.1f} mode={a.mode} finished={finished}", flush=True)


if __name__ == "__main__":
    main()
