"""Shared by the Python peers of ./weft bench: argument parsing, the event loop choice, the RESULT line.

Standard library only; uvloop is used when asked for (--uvloop) and importable. Every script prints a
human line and then one machine line, "RESULT key=value ...", that the Java suite parses.
"""

import argparse
import asyncio
import statistics
import sys


def parser(doc):
    p = argparse.ArgumentParser(description=doc)
    p.add_argument("--runs", type=int, default=5, help="measured runs (one more, first, is warm-up)")
    p.add_argument("--uvloop", action="store_true", help="run asyncio on uvloop")
    return p


def run(main, use_uvloop):
    """asyncio.run(main) on the default loop, or on uvloop."""
    if use_uvloop:
        import uvloop  # noqa: PLC0415 -- only when asked for
        return uvloop.run(main) if hasattr(uvloop, "run") else _legacy_uvloop(main, uvloop)
    return asyncio.run(main)


def _legacy_uvloop(main, uvloop):
    uvloop.install()
    return asyncio.run(main)


def loop_name(use_uvloop):
    if use_uvloop:
        import uvloop  # noqa: PLC0415
        return "uvloop " + uvloop.__version__
    return "asyncio"


def report(what, unit, results, **extra):
    """Prints the median of the runs with its spread, then the RESULT line."""
    med = statistics.median(results)
    lo, hi = min(results), max(results)
    print(f"python {sys.version.split()[0]} {what}: median {med:.1f} {unit} "
          f"(min {lo:.1f}, max {hi:.1f}, {len(results)} runs)", flush=True)
    fields = {"median": f"{med:.4f}", "min": f"{lo:.4f}", "max": f"{hi:.4f}", "runs": len(results),
              "unit": unit.replace(" ", "_")}
    fields.update(extra)
    print("RESULT " + " ".join(f"{k}={v}" for k, v in fields.items()), flush=True)
