"""CPython peer of GeneratorBench.weftSend: one generator round trip (a value sent in, a value yielded
back) with a generator that echoes what it is sent. Prints ns per round trip, the median of the runs.

Run: python3.13 weft-bench/src/main/python/generator_bench.py [--runs 5] [--sends 1000000]

The figure includes the interpreter's own for-loop around the send (a few ns): that is what a Python
program pays for a send.
"""

import time

import _common


def echo():
    v = None
    while True:
        v = yield v


def one_run(sends):
    g = echo()
    next(g)  # started: suspended at its first yield
    token = object()
    t0 = time.perf_counter_ns()
    for _ in range(sends):
        g.send(token)
    elapsed = time.perf_counter_ns() - t0
    g.close()
    return elapsed / sends


def main():
    p = _common.parser(__doc__)
    p.add_argument("--sends", type=int, default=1_000_000)
    a = p.parse_args()
    one_run(a.sends)  # warm-up
    results = [one_run(a.sends) for _ in range(a.runs)]
    _common.report("generator send", "ns", results)


if __name__ == "__main__":
    main()
