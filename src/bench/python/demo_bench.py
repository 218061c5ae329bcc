#!/usr/bin/env python3
"""End-to-end timing of the Spark job (BENCHMARKS.md, "End-to-end demo job").

Runs `submit/demo.sh` (1500 images: 300 real, 3 x 300 generated, 300 held-out real) with each
configuration below (see CONFIGS for why all but one pass --conf ascore.reuse=false), --rounds times, round-robin (so that load drifting on a shared machine hits
every configuration alike), each run with its own --run-id. Reports per configuration the median
wall time of the whole command (JVM start, Spark start, scoring, aggregation, writing), the
scoring stage alone (the job's own log line: read, decode, score and write the scores table), and images/s of both. Then
the fixed cost of a Spark local job: the same command on 5 real and 5 generated images.

Also reports the Parquet bytes per row of the scores table (part files of one run / its rows).

Usage, from the project root:  python3 src/bench/python/demo_bench.py [--rounds 3] [--only NAME ...]
Output goes to ./ascore-out (git-ignored) and /tmp/ascore-bench-small.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import time
from pathlib import Path

# (name, extra arguments, extra environment). Every configuration but "reuse" turns off the reuse
# of earlier runs' rows (ascore.reuse, on by default), or every run after the first would copy the
# 1500 rows instead of scoring them; "reuse" measures exactly that: the default settings when all
# images were scored before (a nightly run with nothing new).
NO_REUSE = ["--conf", "ascore.reuse=false"]
CONFIGS = [
    ("default", NO_REUSE, {}),
    ("batch-16", NO_REUSE + ["--batch-size", "16"], {}),
    ("batch-128", NO_REUSE + ["--batch-size", "128"], {}),
    ("partitions-2", NO_REUSE + ["--conf", "ascore.partitions=2"], {}),
    ("partitions-12", NO_REUSE + ["--conf", "ascore.partitions=12"], {}),
    ("torch-threads-1", NO_REUSE + ["--conf", "ascore.torch-threads=1"], {}),
    ("reuse", [], {}),
]
IMAGES = 1500
# "Scored N files in X s" (older commits) or "Wrote N score rows in X s (M images through the model)"
SCORED = re.compile(r"(?:Scored (\d+) files|Wrote (\d+) score rows) in ([0-9.]+) s")
PARTS = re.compile(r"Scoring (\d+) files in (\d+) partitions")


def run(cmd, root, env=None):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=root, capture_output=True, text=True,
                       env={**os.environ, "OPT_OUT_TRACKING": "true", **(env or {})})
    wall = time.perf_counter() - t0
    log = p.stdout + p.stderr
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({p.returncode}):\n{log[-3000:]}")
    m = SCORED.search(log)
    parts = PARTS.search(log)
    return wall, (float(m.group(3)) if m else float("nan")), (int(parts.group(2)) if parts else None)


def small_inputs():
    base = Path("/tmp/ascore-bench-small")
    shutil.rmtree(base, ignore_errors=True)
    for sub, src in (("real", "src/demo/real"), ("gen", "src/demo/generated/pca-16")):
        (base / sub).mkdir(parents=True)
        for f in sorted(Path(src).glob("*.png"))[:5]:
            shutil.copy(f, base / sub / f.name)
    return base


def parquet_bytes_per_row(root, run_id, rows):
    files = list(Path(root, "ascore-out", "scores").glob(f"run_date=*/feature_model=*/run_id={run_id}/attempt=*/*.parquet"))
    if not files:
        return None, 0
    return sum(f.stat().st_size for f in files) / rows, len(files)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", nargs="*", help="configuration names to run (default: all)")
    ap.add_argument("--root", default=str(Path(__file__).resolve().parents[3]))
    args = ap.parse_args()
    root = args.root
    os.chdir(root)
    configs = [c for c in CONFIGS if not args.only or c[0] in args.only]
    # One untimed run first: builds the project if needed and warms the page cache.
    run(["submit/demo.sh", "--run-id", "bench-warmup", *NO_REUSE], root)
    results = {name: [] for name, _, _ in configs}
    small = small_inputs()
    results["spark-fixed-cost (5+5 images)"] = []
    for rnd in range(args.rounds):
        for name, extra, env in configs:
            r = run(["submit/demo.sh", "--run-id", f"bench-{name}-{rnd}", *extra], root, env)
            results[name].append(r)
            print(f"round {rnd + 1} {name}: wall {r[0]:.1f} s, scoring {r[1]:.1f} s, partitions {r[2]}", flush=True)
        r = run(["submit/ascore", "score", "--real", str(small / "real"), "--generated", f"x={small / 'gen'}",
                 "--model", "conf/models/fmnist-cnn.conf", "--out", "/tmp/ascore-bench-small/out",
                 "--run-id", f"bench-small-{rnd}", *NO_REUSE], root)
        results["spark-fixed-cost (5+5 images)"].append(r)
        print(f"round {rnd + 1} spark-fixed-cost: wall {r[0]:.1f} s, scoring {r[1]:.1f} s", flush=True)

    print()
    print(f"Median of {args.rounds} runs per configuration (round-robin). images/s = {IMAGES} / time.")
    print()
    print("| configuration | extra arguments | partitions | wall s (runs) | images/s (wall) | scoring stage s "
          "| images/s (scoring stage) | wall − scoring s |")
    print("|---|---|---:|---|---:|---:|---:|---:|")
    extra_of = {name: extra + [f"{k}={v}" for k, v in env.items()] for name, extra, env in configs}
    for name, rs in results.items():
        walls = [r[0] for r in rs]
        scoring = [r[1] for r in rs]
        w, s = statistics.median(walls), statistics.median(scoring)
        n = 10 if name.startswith("spark-fixed") else IMAGES
        extra = " ".join(extra_of.get(name, ["(5 + 5 images)"] + NO_REUSE)) or "(none)"
        print(f"| {name} | `{extra}` | {rs[0][2]} | {w:.1f} ({', '.join(f'{x:.1f}' for x in walls)}) | {n / w:.1f} "
              f"| {s:.1f} | {n / s:.1f} | {statistics.median([r[0] - r[1] for r in rs]):.1f} |")
    bpr, nfiles = parquet_bytes_per_row(root, f"bench-{configs[0][0]}-0", IMAGES)
    if bpr is not None:
        print(f"\nscores Parquet: {bpr:.1f} bytes per row ({nfiles} part files, {IMAGES} rows, run bench-{configs[0][0]}-0)")


if __name__ == "__main__":
    main()
