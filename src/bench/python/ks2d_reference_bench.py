#!/usr/bin/env python3
"""O(n^2) reference of the two-sample 2D KS statistic (docs/metric.md, "AS"), timed, and compared with
ascore's Ks2d on the very same data in the same run.

The algorithm is the one docs/metric.md describes (ndtest's ks2d2s with Fasano-Franceschini origins),
written from those formulas in numpy; no code was copied from ndtest. Two variants of the same
O(n^2) computation (--styles): "block" broadcasts a block of origins against every point of a
sample (boolean matrices [origins x points]); "loop" makes one numpy pass per origin and counts
with np.count_nonzero; "ndtest" is the same loop with the operations ndtest itself performs per
origin and sample (boolean masks, np.sum of their conjunctions, division by n), i.e. the cost of
running the authors' AS code. "loop" is the fastest of the three on this hardware. --check-testdata first verifies
the reference against the ndtest vectors of src/test/resources/ks (|dD| <= 1e-12,
relative |dp| <= 1e-9).

For each n: draw n = m correlated Gaussian points per sample (seeded), write them to
<workdir>/n<N>/{real,generated}.csv (header c,v, full precision), time the reference (median of
--reps runs, one core: set OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1), then, with --java, run
`org.ascore.bench.Ks2dBench csv` on the same files, check that the two D values are bit-identical
and print the speed ratio.

Usage (from the project root, after mvn -q -o test-compile and building target/classpath.txt):
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python3 src/bench/python/ks2d_reference_bench.py \
      --sizes 1000 10000 20000 --styles ndtest loop block --java --check-testdata src/test/resources/ks
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

BLOCK = 512  # origins per block: 512 x 20000 booleans = 10 MB per matrix


def quadrant_counts(ox, oy, x, y):
    """Counts a = #{x<=X, y<=Y}, b = #{x<=X, y>Y}, c = #{x>X, y<=Y} of sample (x, y) for every
    origin (X, Y) in (ox, oy)."""
    a = np.empty(len(ox), dtype=np.int64)
    b = np.empty(len(ox), dtype=np.int64)
    c = np.empty(len(ox), dtype=np.int64)
    for s in range(0, len(ox), BLOCK):
        X = ox[s:s + BLOCK, None]
        Y = oy[s:s + BLOCK, None]
        ix = x[None, :] <= X
        iy = y[None, :] <= Y
        a[s:s + BLOCK] = np.count_nonzero(ix & iy, axis=1)
        b[s:s + BLOCK] = np.count_nonzero(ix & ~iy, axis=1)
        c[s:s + BLOCK] = np.count_nonzero(~ix & iy, axis=1)
    return a, b, c


def fractions(ox, oy, x, y):
    n = len(x)
    a, b, c = quadrant_counts(ox, oy, x, y)
    fa, fb, fc = a / n, b / n, c / n
    fd = 1 - fa - fb - fc
    return fa, fb, fc, fd


def maxdist(x1, y1, x2, y2):
    """maxdist(P, Q) of docs/metric.md with P = (x1, y1) as the origins."""
    n1 = len(x1)
    p = fractions(x1, y1, x1, y1)
    q = fractions(x1, y1, x2, y2)
    D = np.stack([p[k] - q[k] for k in range(4)], axis=1)
    D[:, 0] -= 1 / n1
    return float(max(-D.min(), D.max() + 1 / n1))


def quadrant_fractions_one(X, Y, x, y, count):
    """a, b, c, d of sample (x, y) for one origin (X, Y), as docs/metric.md writes them; count sums a mask."""
    n = len(x)
    ix = x <= X
    iy = y <= Y
    a = count(ix & iy) / n
    b = count(ix & ~iy) / n
    c = count(~ix & iy) / n
    return a, b, c, 1 - a - b - c


def maxdist_loop(x1, y1, x2, y2, count=np.count_nonzero):
    """maxdist(P, Q) with one numpy pass per origin (the shape of ndtest's own loop); with
    count=np.sum it performs ndtest's own per-origin operations."""
    n1 = len(x1)
    D = np.empty((n1, 4))
    for i in range(n1):
        p = quadrant_fractions_one(x1[i], y1[i], x1, y1, count)
        q = quadrant_fractions_one(x1[i], y1[i], x2, y2, count)
        D[i] = [p[0] - q[0], p[1] - q[1], p[2] - q[2], p[3] - q[3]]
    D[:, 0] -= 1 / n1
    return float(max(-D.min(), D.max() + 1 / n1))


def pearson(x, y):
    """scipy.stats.pearsonr's r (NaN for a constant column)."""
    from scipy.stats import pearsonr
    if np.all(x == x[0]) or np.all(y == y[0]):
        return math.nan
    return pearsonr(x, y)[0]


def ks2d(x1, y1, x2, y2, style="block"):
    """(D, p) of docs/metric.md; style "block" (origins in blocks of BLOCK), "loop" (one origin at a time)
    or "ndtest" (one origin at a time, counted as ndtest counts)."""
    from scipy.stats import kstwobign
    md = {"block": maxdist, "loop": maxdist_loop,
          "ndtest": lambda *xy: maxdist_loop(*xy, count=np.sum)}[style]
    d = (md(x1, y1, x2, y2) + md(x2, y2, x1, y1)) / 2
    n1, n2 = len(x1), len(x2)
    sqen = math.sqrt(n1 * n2 / (n1 + n2))
    r1, r2 = pearson(x1, y1), pearson(x2, y2)
    if math.isnan(r1) or math.isnan(r2):
        return d, None
    r = math.sqrt(1 - (r1 ** 2 + r2 ** 2) / 2)
    lam = d * sqen / (1 + r * (0.25 - 0.75 / sqen))
    return d, float(kstwobign.sf(lam))


def draw(n, seed):
    """Same family as Ks2dBench: real rho 0.5; generated rho 0.3, shifted (0.1, -0.05), scaled 1.1."""
    rng = np.random.default_rng(seed)

    def sample(rho, dc, dv, scale):
        a = rng.standard_normal(n)
        b = rho * a + math.sqrt(1 - rho * rho) * rng.standard_normal(n)
        return dc + scale * a, dv + scale * b

    c1, v1 = sample(0.5, 0.0, 0.0, 1.0)
    c2, v2 = sample(0.3, 0.1, -0.05, 1.1)
    return c1, v1, c2, v2


def write_csv(path, c, v):
    with open(path, "w") as f:
        f.write("c,v\n")
        for a, b in zip(c.tolist(), v.tolist()):
            f.write(f"{a!r},{b!r}\n")


def java_command(root):
    cp_file = root / "target" / "classpath.txt"
    opts = (root / "target" / "launcher" / "jvm.options").read_text().split()
    cp = f"{root}/target/classes:{root}/target/test-classes:{cp_file.read_text().strip()}"
    return ["java", *opts, "-Xmx2g", "-cp", cp, "org.ascore.bench.Ks2dBench", "csv"]


def read_points(path):
    """CSV c,v; values written as np.float64(...) (numpy scalars printed into a CSV) are unwrapped."""
    rows = []
    for line in path.read_text().splitlines()[1:]:
        if line.strip():
            rows.append([float(t.strip().removeprefix("np.float64(").removesuffix(")")) for t in line.split(",")])
    return np.array(rows, dtype=np.float64).reshape(-1, 2)


def check_testdata(root, style):
    worst_d, worst_p, cases = 0.0, 0.0, 0
    for case in sorted(root.glob("case-*")):
        exp = json.loads((case / "expected.json").read_text())
        r, g = read_points(case / "real.csv"), read_points(case / "generated.csv")
        d, p = ks2d(r[:, 0], r[:, 1], g[:, 0], g[:, 1], style)
        worst_d = max(worst_d, abs(d - exp["d"]))
        if (p is None) != (exp["p_value"] is None):
            raise SystemExit(f"{case}: p {p} vs ndtest {exp['p_value']}")
        if p is not None:
            worst_p = max(worst_p, abs(p - exp["p_value"]) / max(abs(exp["p_value"]), 1e-300))
        cases += 1
    print(f"# reference ({style}) vs ndtest on {cases} cases of {root}: max |dD| = {worst_d:.3g}, "
          f"max rel dp = {worst_p:.3g}", flush=True)
    if worst_d > 1e-12 or worst_p > 1e-9:
        raise SystemExit("the reference does not reproduce ndtest's D and p")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 20000])
    ap.add_argument("--reps", type=int, default=0, help="runs per size (default: 5, 3 from n=10^4)")
    ap.add_argument("--workdir", default="/tmp/ascore-ks2d-bench")
    ap.add_argument("--styles", nargs="+", default=["ndtest"], choices=["block", "loop", "ndtest"],
                    help="ndtest: ndtest's own per-origin operations (default); loop: the same loop counting "
                         "with np.count_nonzero; block: origins vectorized in blocks")
    ap.add_argument("--java", action="store_true", help="also time Ks2d on the same files (same run)")
    ap.add_argument("--check-testdata", metavar="DIR",
                    help="first check this reference against ndtest's values in DIR/case-*/ (src/test/resources/ks)")
    ap.add_argument("--root", default=str(Path(__file__).resolve().parents[3]), help="project root")
    args = ap.parse_args()

    print(f"# numpy {np.__version__}, python {sys.version.split()[0]}, "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}, "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}", flush=True)
    if args.check_testdata:
        for style in args.styles:
            check_testdata(Path(args.check_testdata), style)
    rows = []
    dirs = []
    for n in args.sizes:
        c1, v1, c2, v2 = draw(n, seed=1000 + n)
        d_dir = Path(args.workdir) / f"n{n}"
        d_dir.mkdir(parents=True, exist_ok=True)
        write_csv(d_dir / "real.csv", c1, v1)
        write_csv(d_dir / "generated.csv", c2, v2)
        # Re-read what was written, so both implementations see exactly the file's values.
        r = np.loadtxt(d_dir / "real.csv", delimiter=",", skiprows=1)
        g = np.loadtxt(d_dir / "generated.csv", delimiter=",", skiprows=1)
        assert np.array_equal(r[:, 0], c1) and np.array_equal(g[:, 1], v2)
        reps = args.reps or (5 if n < 10000 else 3)
        row = {"n": n}
        for style in args.styles:
            ks2d(c1[:200], v1[:200], c2[:200], v2[:200], style)  # warm-up (imports, allocator)
            times, cpu = [], []
            for _ in range(reps):
                c0 = time.thread_time()
                t0 = time.perf_counter()
                d, p = ks2d(c1, v1, c2, v2, style)
                times.append(time.perf_counter() - t0)
                cpu.append(time.thread_time() - c0)
            if "d" in row and row["d"] != d:
                raise SystemExit(f"n={n}: styles disagree on D: {row['d']!r} vs {d!r}")
            row.update({"d": d, "p_value": p, "runs": reps})
            row[style] = {"median_s": statistics.median(times), "min_s": min(times),
                          "cpu_median_s": statistics.median(cpu)}
        rows.append(row)
        dirs.append(str(d_dir))
        print(json.dumps({"reference": row}), flush=True)

    java = {}
    if args.java:
        out = subprocess.run(java_command(Path(args.root)) + dirs, check=True, capture_output=True, text=True,
                             env={**os.environ, "OPT_OUT_TRACKING": "true"})
        for line in out.stdout.splitlines():
            if line.startswith("{"):
                j = json.loads(line)
                java[j["dir"]] = j
            else:
                print(line)

    print()
    print("Median of the runs; CPU = CPU time of the timing thread (everything is single-threaded).")
    print()
    print("| n = m | reference | reference median wall s | Ks2d median wall s | speed-up (wall) "
          "| reference median CPU s | Ks2d median CPU s | speed-up (CPU) | D (both) | D bit-equal | p reference | p Ks2d |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|")
    ok = True
    for row, d_dir in zip(rows, dirs):
        j = java.get(d_dir)
        for style in args.styles:
            r = row[style]
            if j is None:
                print(f"| {row['n']} | {style} | {r['median_s']:.3f} | | | {r['cpu_median_s']:.3f} | | "
                      f"| {row['d']!r} | | {row['p_value']} | |")
                continue
            same = j["d"] == row["d"]
            ok &= same
            print(f"| {row['n']} | {style} | {r['median_s']:.3f} | {j['median_s']:.6f} "
                  f"| {r['median_s'] / j['median_s']:.0f}x | {r['cpu_median_s']:.3f} | {j['cpu_median_s']:.6f} "
                  f"| {r['cpu_median_s'] / j['cpu_median_s']:.0f}x | {row['d']!r} | {'yes' if same else 'NO: ' + repr(j['d'])} "
                  f"| {row['p_value']:.6g} | {j['p_value']:.6g} |")
    if not ok:
        print("D differs between the reference and Ks2d", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
