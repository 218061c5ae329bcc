#!/usr/bin/env python3
"""Times the authors' algorithm (docs/metric.md: complexity with K+1 noisy forwards batched, then a J-step
PGD attack) in PyTorch eager on the same TorchScript file ascore runs, with the same K, J and batch
sizes, two intra-op threads, timed the same way as org.ascore.bench.ScoringBench; with --java it
then runs ScoringBench on the same card in the same command and prints the ascore/reference ratio.

Per batch of B images (pixels in [0, 1]; M includes the card's mean/std normalization):
  n = randn per image, scaled to unit L2 norm; x_k = clamp(x + eps_c*k*n, 0, 1), k = 0..K
  f = M(stack(x_k)) (one no-grad forward of B*(K+1) images) -> C (mean turning angle)
  f0 = M(x) (no grad); x' = clamp(x + U(-1e-6, 1e-6), 0, 1)
  J times: L = sum over images of mean((f0 - M(x'))^2); g = dL/dx'; x' += alpha*s*sign(g), s = -1
           (the reference direction); project to the eps_v L-inf ball and [0, 1]
  V = ||f0 - M(x')||
That is (K+1) + 1 + 1 forwards and J forward+backward passes, against ascore's (K+1) + 1 and J
(ascore reuses f_0 as M(x)).

Usage, from the project root (after src/bench/python/export_resnet18.py for the 224 model):
  python3 src/bench/python/reference_scoring_bench.py --card conf/models/fmnist-cnn.conf \
      --batches 1,8,32 --reps 5 --rounds 3 --threads 2 --java
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import torch

K, EPS_C = 10, 0.01
J, EPS_V, ALPHA, JITTER, SIGN = 10, 8 / 255, 2 / 255, 1e-6, -1.0


def read_card(path):
    """The few keys of a HOCON model card this script needs (flat key = value lines)."""
    text = Path(path).read_text()

    def value(key):
        m = re.search(rf"^\s*{key}\s*=\s*(.+?)\s*(#.*)?$", text, re.M)
        if not m:
            raise SystemExit(f"{path}: no {key}")
        return m.group(1).strip().strip('"')

    def floats(key):
        return [float(t) for t in value(key).strip("[]").split(",")]

    card = {"name": value("name"), "channels": int(value("channels")), "crop": int(value("crop")),
            "mean": floats("mean"), "std": floats("std"),
            "precision": value("precision") if re.search(r"^\s*precision\s*=", text, re.M) else "float32"}
    card["file"] = str((Path(path).parent / value("file")).resolve())
    return card


class Reference:
    def __init__(self, card):
        self.ts = torch.jit.load(card["file"]).eval()
        self.dtype = torch.float64 if card["precision"] == "float64" else torch.float32
        c = card["channels"]
        self.mean = torch.tensor(card["mean"], dtype=torch.float32).to(self.dtype).view(1, c, 1, 1)
        self.std = torch.tensor(card["std"], dtype=torch.float32).to(self.dtype).view(1, c, 1, 1)

    def M(self, z):
        return self.ts((z - self.mean) / self.std)

    def score(self, X):
        B = X.shape[0]
        noise = torch.randn(X.shape, dtype=X.dtype)
        n = noise / torch.linalg.vector_norm(noise.reshape(B, -1), dim=1).view(B, 1, 1, 1)
        xs = torch.stack([torch.clamp(X + (EPS_C * k) * n, 0, 1) for k in range(K + 1)], dim=1)
        with torch.no_grad():
            f = self.M(xs.reshape(B * (K + 1), *X.shape[1:])).reshape(B, K + 1, -1)
        diff = f[:, 1:] - f[:, :-1]
        u = diff / torch.linalg.vector_norm(diff, dim=2, keepdim=True)
        cos = (u[:, 1:] * u[:, :-1]).sum(2).clamp(-1, 1)
        C = torch.arccos(cos).mean(1)
        with torch.no_grad():
            f0 = self.M(X)
        jitter = (torch.rand(X.shape, dtype=X.dtype) * 2 - 1) * JITTER
        xp = torch.clamp(X + jitter, 0, 1)
        for _ in range(J):
            xp = xp.detach().requires_grad_(True)
            loss = ((f0 - self.M(xp)) ** 2).mean(dim=1).sum()
            g, = torch.autograd.grad(loss, xp)
            xp = xp.detach() + ALPHA * SIGN * g.sign()
            xp = torch.clamp(X + torch.clamp(xp - X, -EPS_V, EPS_V), 0, 1)
        with torch.no_grad():
            V = torch.linalg.vector_norm(f0 - self.M(xp), dim=1)
        return C, V


def time_op(shape, dtype, reps, op, d):
    """Median wall and thread-CPU seconds of op(x, target) on fresh random input; the first of
    reps + 1 runs is a warm-up."""
    s, c = [], []
    for _ in range(reps + 1):
        x = torch.rand(shape, dtype=dtype)
        target = torch.zeros(shape[0], d, dtype=dtype)
        c0 = time.thread_time()
        t0 = time.perf_counter()
        op(x, target)
        s.append(time.perf_counter() - t0)
        c.append(time.thread_time() - c0)
    return statistics.median(s[1:]), statistics.median(c[1:])


def java_command(root, card, batches, reps):
    opts = (root / "target" / "launcher" / "jvm.options").read_text().split()
    cp = f"{root}/target/classes:{root}/target/test-classes:{(root / 'target' / 'classpath.txt').read_text().strip()}"
    return ["java", *opts, "-cp", cp, "org.ascore.bench.ScoringBench", "throughput", "--card", card,
            "--batches", batches, "--reps", str(reps)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--card", default="conf/models/fmnist-cnn.conf")
    ap.add_argument("--batches", default="1,8,32")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=1,
                    help="alternate reference and ascore this many times (contention drifts on a shared machine)")
    ap.add_argument("--java", action="store_true", help="then run ScoringBench on the same card (same command)")
    ap.add_argument("--root", default=str(Path(__file__).resolve().parents[3]))
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    card = read_card(args.card)
    ref = Reference(card)
    shape1 = (card["channels"], card["crop"], card["crop"])
    d = ref.M(torch.zeros(1, *shape1, dtype=ref.dtype)).shape[1]
    print(f"# torch {torch.__version__}, intra-op threads {torch.get_num_threads()}, "
          f"inter-op {torch.get_num_interop_threads()}, model {card['name']} {shape1} d={d}, K={K} J={J}", flush=True)

    def fwd(x, t):
        with torch.no_grad():
            return ref.M(x)

    def fwdbwd(x, t):
        x = x.requires_grad_(True)
        loss = ((t - ref.M(x)) ** 2).mean(dim=1).sum()
        return torch.autograd.grad(loss, x)[0]

    def measure_reference():
        rows = {}
        for b in [int(t) for t in args.batches.split(",")]:
            X = torch.rand((b, *shape1), generator=torch.Generator().manual_seed(1234 + b)).to(ref.dtype)
            r = {"section": "reference", "model": card["name"], "batch": b, "reps": args.reps}
            r["fwd_s"], r["fwd_cpu_s"] = time_op((b, *shape1), ref.dtype, args.reps, fwd, d)
            r["fwd_path_s"], r["fwd_path_cpu_s"] = time_op((b * (K + 1), *shape1), ref.dtype, args.reps, fwd, d)
            r["fwdbwd_s"], r["fwdbwd_cpu_s"] = time_op((b, *shape1), ref.dtype, args.reps, fwdbwd, d)
            ref.score(X)
            ref.score(X)  # warm-up (the TorchScript profiling executor specializes on the first calls)
            wall, cpu = [], []
            for _ in range(args.reps):
                c0 = time.thread_time()
                t0 = time.perf_counter()
                ref.score(X)
                wall.append(time.perf_counter() - t0)
                cpu.append(time.thread_time() - c0)
            r["score_cpu_s"] = statistics.median(cpu)  # all the work with 1 thread, part of it with more
            r["score_s"] = statistics.median(wall)
            r["score_min_s"] = min(wall)
            r["images_per_s"] = b / r["score_s"]
            r["bound_s"] = (K + 3) * r["fwd_s"] + J * r["fwdbwd_s"]
            r["bound_cpu_s"] = (K + 3) * r["fwd_cpu_s"] + J * r["fwdbwd_cpu_s"]
            rows[b] = r
            print(json.dumps(r), flush=True)
        return rows

    def measure_java():
        env = {**os.environ, "OPT_OUT_TRACKING": "true"}
        cmd = java_command(Path(args.root), args.card, args.batches, args.reps) + ["--threads", str(args.threads)]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env, cwd=args.root)
        rows = {}
        for line in out.stdout.splitlines():
            print(line, flush=True)
            if line.startswith("{"):
                j = json.loads(line)
                rows[j["batch"]] = j
        return rows

    rounds = []
    for rnd in range(args.rounds):
        print(f"# round {rnd + 1} of {args.rounds}: reference" + (", then ascore" if args.java else ""), flush=True)
        rounds.append((measure_reference(), measure_java() if args.java else {}))

    def med(key, side, b):
        vals = [rd[side][b][key] for rd in rounds if b in rd[side]]
        return statistics.median(vals) if vals else float("nan")

    print()
    print(f"Medians over {args.rounds} round(s) of each side's per-round median of {args.reps} runs; "
          f"ratio = median over rounds of (reference s/batch) / (ascore s/batch) in the same round. CPU = CPU "
          f"time of the calling thread: all the work with --threads 1, only the caller's share with more.")
    print()
    print("| model | threads | batch | reference images/s | ascore images/s | ascore / reference, wall (per round) "
          "| ascore / reference, CPU (per round) "
          "| reference s/batch | ascore s/batch | ref CPU s/batch | ascore CPU s/batch | ref fwd(B) s "
          "| ascore fwd(B) s | ref fwd+bwd(B) s | ascore fwd+bwd(B) s | ref fwd(B·(K+1)) s | ascore fwd(B·(K+1)) s |")
    print("|---|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for b in rounds[0][0]:
        ratios = [rd[0][b]["score_s"] / rd[1][b]["score_s"] for rd in rounds if b in rd[1]]
        ratio = (f"{statistics.median(ratios):.2f}x ({', '.join(f'{x:.2f}' for x in ratios)})" if ratios else "")
        cpu_ratios = [rd[0][b]["score_cpu_s"] / rd[1][b]["score_cpu_s"] for rd in rounds if b in rd[1]]
        cpu_ratio = (f"{statistics.median(cpu_ratios):.2f}x ({', '.join(f'{x:.2f}' for x in cpu_ratios)})"
                     if cpu_ratios else "")
        rs, js = med("score_s", 0, b), med("score_s", 1, b)
        print(f"| {card['name']} | {args.threads} | {b} | {b / rs:.3f} | {b / js:.3f} | {ratio} | {cpu_ratio} | {rs:.4f} | {js:.4f} "
              f"| {med('score_cpu_s', 0, b):.4f} | {med('score_cpu_s', 1, b):.4f} | {med('fwd_s', 0, b):.4f} "
              f"| {med('fwd_s', 1, b):.4f} | {med('fwdbwd_s', 0, b):.4f} | {med('fwdbwd_s', 1, b):.4f} "
              f"| {med('fwd_path_s', 0, b):.4f} | {med('fwd_path_s', 1, b):.4f} |")


if __name__ == "__main__":
    main()
