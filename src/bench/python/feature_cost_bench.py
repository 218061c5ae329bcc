#!/usr/bin/env python3
"""What storing the backbone features costs (BENCHMARKS.md, "Features and FD").

Exports a 768-d feature model (a ViT-B-wide patch embedding: 16x16/16 convolution to 768 channels,
two 1x1 convolution + GELU layers of width 768, mean pool; random seeded weights, traced), then
scores the same images with `ascore.output.features` true and false, alternating round by round,
each run with its own run id and `ascore.reuse=false`. The model is cheap on purpose: what the
feature costs (one host copy of d floats per image, 4*d bytes per Parquet row, the Frechet
distance after scoring) does not grow with the backbone, so its share is largest for a small one;
a real 768-d backbone (ConvNeXt-T, ViT-B) spends far more per image on the forward passes.

Reports per setting the median scoring stage (the job's log line "Wrote N score rows in X s"), wall
time and the job process's CPU time (user + system, which a busy machine disturbs far less than
wall time), the per-round ratios, and the scores table's bytes per row.

Usage, from the project root:  python3 src/bench/python/feature_cost_bench.py [--rounds 3] [--images 200]
Writes target/bench/wide768.{pt,conf} and /tmp/ascore-feature-bench.
"""
import argparse
import hashlib
import os
import re
import resource
import shutil
import statistics
import subprocess
import time
from pathlib import Path

import torch
from torch import nn

SCORED = re.compile(r"Wrote (\d+) score rows in ([0-9.]+) s")
CARD = """# Written by src/bench/python/feature_cost_bench.py: benchmark model, not committed.
name = "wide768-random"
file = "wide768.pt"
sha256 = "{sha}"
channels = 3
resize = 224
crop = 224
mean = [0.5, 0.5, 0.5]
std = [0.25, 0.25, 0.25]
feature_dim = 768
batch_size = 32
licence = "none: random weights (seed 0), for timing only"
description = "16x16/16 patch embedding to 768 channels, two 1x1 conv + GELU layers, mean pool: 768-d feature."
"""


class Wide768(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(3, 768, 16, 16), nn.GELU(),
            nn.Conv2d(768, 768, 1), nn.GELU(),
            nn.Conv2d(768, 768, 1), nn.GELU())

    def forward(self, x):
        return self.body(x).mean(dim=(2, 3))


def export(out):
    torch.manual_seed(0)
    net = Wide768().eval()
    example = torch.rand(1, 3, 224, 224, requires_grad=True)
    ts = torch.jit.trace(net, example)
    out.mkdir(parents=True, exist_ok=True)
    pt = out / "wide768.pt"
    ts.save(str(pt))
    sha = hashlib.sha256(pt.read_bytes()).hexdigest()
    (out / "wide768.conf").write_text(CARD.format(sha=sha))
    return out / "wide768.conf"


def inputs(n):
    base = Path("/tmp/ascore-feature-bench")
    shutil.rmtree(base, ignore_errors=True)
    for name, src in (("real", Path("src/demo/real")), ("gen", Path("src/demo/generated/pca-64"))):
        d = base / name
        d.mkdir(parents=True)
        for f in sorted(src.glob("*.png"))[:n]:
            shutil.copy(f, d / f.name)
    return base


def run(card, base, features, run_id):
    cmd = ["submit/ascore", "score", "--real", str(base / "real"), "--generated", f"gen={base / 'gen'}",
           "--model", str(card), "--out", str(base / "out"), "--run-id", run_id,
           "--conf", "ascore.reuse=false", "--conf", f"ascore.output.features={str(features).lower()}",
           "--conf", "ascore.bootstrap.replicates=0"]
    t0 = time.perf_counter()
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "OPT_OUT_TRACKING": "true"})
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    log = p.stdout + p.stderr
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({p.returncode}):\n{log[-3000:]}")
    m = SCORED.search(log)
    return wall, float(m.group(2)), int(m.group(1)), cpu


def bytes_per_row(base, run_id, rows):
    size = sum(f.stat().st_size for f in (base / "out" / "scores").rglob("*.parquet") if f"run_id={run_id}" in str(f))
    return size / rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--images", type=int, default=200, help="images per set (real and generated)")
    args = ap.parse_args()
    card = export(Path("target/bench"))
    base = inputs(args.images)
    run(card, base, True, "warmup")
    res = {True: [], False: []}
    for r in range(args.rounds):
        for features in (True, False) if r % 2 == 0 else (False, True):
            run_id = f"r{r}-{'on' if features else 'off'}"
            wall, stage, rows, cpu = run(card, base, features, run_id)
            res[features].append((wall, stage, bytes_per_row(base, run_id, rows), os.getloadavg()[0], cpu))
            print(f"round {r} features={features}: wall {wall:.1f} s, scoring stage {stage:.1f} s, "
                  f"CPU {cpu:.1f} s, {rows} rows, {res[features][-1][2]:.0f} B/row, "
                  f"load {res[features][-1][3]:.1f}", flush=True)
    for features in (True, False):
        w = statistics.median(x[0] for x in res[features])
        s = statistics.median(x[1] for x in res[features])
        c = statistics.median(x[4] for x in res[features])
        print(f"features={features}: median wall {w:.1f} s, median CPU {c:.1f} s, median scoring stage {s:.1f} s "
              f"({2 * args.images / s:.1f} images/s), {statistics.median(x[2] for x in res[features]):.0f} B/row")
    ratios = [on[1] / off[1] for on, off in zip(res[True], res[False])]
    print("scoring stage on/off per round: " + ", ".join(f"{x:.3f}" for x in ratios))
    cpu_ratios = [on[4] / off[4] for on, off in zip(res[True], res[False])]
    print("process CPU time on/off per round: " + ", ".join(f"{x:.3f}" for x in cpu_ratios))


if __name__ == "__main__":
    main()
