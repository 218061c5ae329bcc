#!/usr/bin/env python3
"""Build-time helper for ascore: makes the TorchScript feature models, demo images and reference
fixtures that the Java project and its tests use. Python is NOT needed to build or run ascore; the
outputs of this script are committed.

Run from the repository root (needs torch, numpy, pillow):

    python3 src/test/python/make_models.py DATA_DIR
    ASCORE_FMNIST_DIR=DATA_DIR python3 src/test/python/make_models.py

DATA_DIR holds the Fashion-MNIST IDX gz files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,
t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz), as published by Zalando Research
(github.com/zalandoresearch/fashion-mnist; MIT licence, Copyright 2017 Zalando SE). They are not part
of the repository: download them first.

Outputs (paths relative to the repository root):
  src/demo/models/fmnist-cnn.pt               small CNN trained on Fashion-MNIST (64-d feature output)
  conf/models/fmnist-cnn.conf                 its model card (sha256, normalization, test accuracy)
  src/demo/real/                              Fashion-MNIST test images 0..299 as 28x28 grayscale PNG
  src/demo/heldout-real/                      Fashion-MNIST test images 300..599
  src/demo/generated/pca-{4,16,64}/           300 images each from a Gaussian model in PCA space
  src/demo/LICENSE-fashion-mnist.txt, src/demo/README.md
  src/test/resources/models/{linear,relu,bn_dropout_scripted}.pt   tiny test models
  src/test/resources/models/*.fixture.json    reference C and V values (function `reference_c_v`)
  src/test/resources/models/{linear,relu,bn_dropout_scripted,fmnist-cnn}_f64.pt  the same models in
                                              float64 (take and return float64), and their
  src/test/resources/models/*_f64.fixture.json  fixtures ("precision": "float64"; same image/noise/
                                              jitter values as the float32 fixtures, computed in float64)

    python3 src/test/python/make_models.py --only-f64

rewrites only the float64 variants, from the committed float32 models and fixtures (no training);
a full run ends with it.

Conventions: every TorchScript model takes a float32 batch [B, C, H, W] that is already normalized
((x - mean) / std per channel, mean/std from the model card) and returns float32 features [B, d].
The metric's feature function is M(x) = ts((x - mean) / std) with x in [0, 1] pixel space.
The *_f64.pt models take and return float64; with them the whole algorithm runs in float64 (image,
noise, jitter and mean/std are the float32 values, converted), because in float32 V is chaotic with
respect to rounding (sign() of near-zero gradients) and backends cannot agree on it.

Everything is seeded; with the same torch version and thread count (2) the outputs are reproducible.
"""

import argparse
import copy
import gzip
import hashlib
import json
import os
import struct
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

SEED = 20240611
REPO = Path(__file__).resolve().parents[3]
DATA_ENV = "ASCORE_FMNIST_DIR"
FMNIST_FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")

TEST_MODELS_DIR = REPO / "src" / "test" / "resources" / "models"
DEMO_DIR = REPO / "src" / "demo"
CARD_PATH = REPO / "conf" / "models" / "fmnist-cnn.conf"
FMNIST_PT = DEMO_DIR / "models" / "fmnist-cnn.pt"

FMNIST_MEAN = [0.2860]
FMNIST_STD = [0.3530]

PARAMS = {"K": 10, "eps_c": 0.01, "noise": "gaussian", "J": 10,
          "eps_v": 8.0 / 255.0, "alpha": 2.0 / 255.0}
N_DEMO = 300


# ----------------------------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------------------------

def read_idx(path):
    with gzip.open(path, "rb") as fh:
        data = fh.read()
    magic = struct.unpack(">I", data[:4])[0]
    if magic == 2051:
        n, h, w = struct.unpack(">III", data[4:16])
        return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, h, w)
    if magic == 2049:
        n = struct.unpack(">I", data[4:8])[0]
        return np.frombuffer(data, dtype=np.uint8, offset=8).reshape(n)
    raise ValueError(f"{path}: unknown IDX magic {magic}")


def load_fmnist(data_dir):
    d = Path(data_dir)
    return tuple(read_idx(d / name) for name in FMNIST_FILES)


def fmnist_dir_or_exit(given):
    """The Fashion-MNIST folder from the argument or $ASCORE_FMNIST_DIR; exits 2 naming what is missing."""
    data_dir = given or os.environ.get(DATA_ENV)
    missing = list(FMNIST_FILES) if not data_dir else [
        name for name in FMNIST_FILES if not (Path(data_dir) / name).is_file()]
    if missing:
        where = f"{data_dir} lacks" if data_dir else f"no data folder given (pass DATA_DIR or set {DATA_ENV}); need"
        print(f"make_models.py: {where} {', '.join(missing)}: the Fashion-MNIST IDX gz files "
              "from github.com/zalandoresearch/fashion-mnist", file=sys.stderr)
        sys.exit(2)
    return data_dir


# ----------------------------------------------------------------------------------------------
# Models
# ----------------------------------------------------------------------------------------------

class FmnistCnn(nn.Module):
    """Classifier used for training; `features` is what gets exported (64-d, after the ReLU)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(16)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(32)
        self.fc1 = nn.Linear(32 * 7 * 7, 64)
        self.drop = nn.Dropout(0.3)
        self.fc2 = nn.Linear(64, 10)

    def features(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        return F.relu(self.fc1(torch.flatten(x, 1)))

    def forward(self, x):
        return self.fc2(self.drop(self.features(x)))


class FeatureHead(nn.Module):
    """Wraps a trained FmnistCnn so that forward() returns the penultimate 64-d feature."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return self.net.features(x)


class LinearModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3 * 16 * 16, 16)

    def forward(self, x):
        return self.fc(torch.flatten(x, 1))


class ReluModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1)
        self.pool = nn.AdaptiveAvgPool2d(4)
        self.fc1 = nn.Linear(128, 32)
        self.fc2 = nn.Linear(32, 16)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = torch.flatten(self.pool(x), 1)
        return self.fc2(F.relu(self.fc1(x)))


class BnDropoutModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.bn = nn.BatchNorm2d(8)
        self.drop = nn.Dropout(0.5)
        self.pool = nn.AdaptiveAvgPool2d(4)
        self.fc = nn.Linear(128, 16)

    def forward(self, x):
        x = self.drop(F.relu(self.bn(self.conv(x))))
        return self.fc(torch.flatten(self.pool(x), 1))


def export_frozen(model, path):
    model = model.eval()
    ts = torch.jit.freeze(torch.jit.script(model))
    path.parent.mkdir(parents=True, exist_ok=True)
    ts.save(str(path))
    return ts


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        h.update(fh.read())
    return h.hexdigest()


# ----------------------------------------------------------------------------------------------
# The reference algorithm (float32 unless the inputs/model are float64)
# ----------------------------------------------------------------------------------------------

def reference_c_v(ts, mean, std, x, noise_raw, jitter, K, eps_c, J, eps_v, alpha, stats_dtype=None):
    """Complexity C, vulnerability V (s = -1 'reference' and s = +1 'ascent') and the final
    L-inf distance of each attack, for one image x of shape [1, C, H, W] in [0, 1].
    stats_dtype: if given, mean/std are first rounded to that dtype, then converted to x's dtype
    (float64 fixtures: the card's float32 mean/std values, computed with in float64)."""
    dtype = x.dtype
    sd = dtype if stats_dtype is None else stats_dtype
    mean_t = torch.tensor(mean, dtype=sd).to(dtype).view(1, -1, 1, 1)
    std_t = torch.tensor(std, dtype=sd).to(dtype).view(1, -1, 1, 1)

    def M(z):
        return ts((z - mean_t) / std_t)

    # complexity
    n = noise_raw / torch.linalg.vector_norm(noise_raw)
    xs = torch.cat([torch.clamp(x + (eps_c * k) * n, 0, 1) for k in range(K + 1)])
    with torch.no_grad():
        f = M(xs)
    diff = f[1:] - f[:-1]
    u = diff / torch.linalg.vector_norm(diff, dim=1, keepdim=True)
    cos = (u[1:] * u[:-1]).sum(1).clamp(-1, 1)
    C = torch.arccos(cos).mean()
    features = f[0]

    # vulnerability
    out = {}
    with torch.no_grad():
        f0 = M(x)
    for name, s in (("reference", -1.0), ("ascent", 1.0)):
        xp = torch.clamp(x + jitter, 0, 1)
        for _ in range(J):
            xp = xp.detach().requires_grad_(True)
            loss = ((f0 - M(xp)) ** 2).mean(dim=1).sum()
            g, = torch.autograd.grad(loss, xp)
            xp = xp.detach() + alpha * s * g.sign()
            xp = torch.clamp(x + torch.clamp(xp - x, -eps_v, eps_v), 0, 1)
        with torch.no_grad():
            V = torch.linalg.vector_norm(f0 - M(xp), dim=1)
        out[name] = (V.item(), (xp - x).abs().max().item())
    return {"features": features, "C": C.item(), "V": out}


class InBatch(nn.Module):
    """Sensitivity check only: evaluates a single image inside a batch of 4 (3 fixed filler rows),
    which changes the float32 kernels' rounding but not the math."""

    def __init__(self, ts, filler):
        super().__init__()
        self.ts, self.filler = ts, filler

    def forward(self, z):
        if z.shape[0] != 1:
            return self.ts(z)
        return self.ts(torch.cat([z, self.filler.to(z.dtype)]))[:1]


def f32(t):
    """Flat list of Python floats holding the exact float32 values."""
    return [float(v) for v in t.detach().to(torch.float32).reshape(-1).tolist()]


def make_fixture(name, model_ref, ts, ts64, mean, std, shape, images, seed):
    """images: list of float32 tensors [1, C, H, W]. ts64: float64 version of the model (or None)."""
    c, h, w = shape
    p = PARAMS
    gen = torch.Generator().manual_seed(seed)
    cases, sens = [], []
    for i, x in enumerate(images):
        noise = torch.randn(1, c, h, w, generator=gen, dtype=torch.float32)
        jitter = (torch.rand(1, c, h, w, generator=gen, dtype=torch.float32) * 2 - 1) * 1e-6
        r = reference_c_v(ts, mean, std, x, noise, jitter, p["K"], p["eps_c"], p["J"], p["eps_v"],
                          p["alpha"])
        case = {
            "image": f32(x), "noise": f32(noise), "jitter": f32(jitter),
            "features": f32(r["features"]),
            "complexity": r["C"],
            "vulnerability_reference": r["V"]["reference"][0],
            "vulnerability_ascent": r["V"]["ascent"][0],
            "final_linf_reference": r["V"]["reference"][1],
            "final_linf_ascent": r["V"]["ascent"][1],
        }
        cases.append(case)
        if ts64 is not None:
            r64 = reference_c_v(ts64, mean, std, x.double(), noise.double(), jitter.double(),
                                p["K"], p["eps_c"], p["J"], p["eps_v"], p["alpha"])
            filler = torch.rand(3, c, h, w, generator=torch.Generator().manual_seed(seed + 77))
            rb = reference_c_v(InBatch(ts, filler), mean, std, x, noise, jitter, p["K"], p["eps_c"],
                               p["J"], p["eps_v"], p["alpha"])
            row = {"case": i, "C32": r["C"], "C64": r64["C"]}
            for k in ("reference", "ascent"):
                row[f"V32_{k}"] = r["V"][k][0]
                row[f"V32b_{k}"] = rb["V"][k][0]
                row[f"V64_{k}"] = r64["V"][k][0]
            feat_diff = (r["features"].double() - r64["features"]).abs().max().item()
            row["feat_maxabs"] = feat_diff
            sens.append(row)
            # Extra, informative only: the same algorithm in float64 (model converted to double).
            # V in float32 is sensitive to rounding (sign() of tiny gradients), see the summary.
            case["complexity_float64"] = r64["C"]
            case["vulnerability_reference_float64"] = r64["V"]["reference"][0]
            case["vulnerability_ascent_float64"] = r64["V"]["ascent"][0]
    fixture = {
        "model": model_ref, "channels": c, "height": h, "width": w,
        "mean": mean, "std": std, "feature_dim": len(cases[0]["features"]),
        "params": dict(PARAMS), "torch_version": torch.__version__, "cases": cases,
    }
    TEST_MODELS_DIR.mkdir(parents=True, exist_ok=True)
    path = TEST_MODELS_DIR / f"{name}.fixture.json"
    with open(path, "w") as fh:
        json.dump(fixture, fh)
        fh.write("\n")
    return path, cases, sens


def rel(a, b):
    return abs(a - b) / max(abs(a), abs(b), 1e-30)


# ----------------------------------------------------------------------------------------------
# Float64 variants (written by `--only-f64`, which a full run also calls in a fresh process)
# ----------------------------------------------------------------------------------------------
# In float32, V is chaotic with respect to rounding (sign() of near-zero gradients), so two backends
# cannot agree on it to 1e-4. The *_f64 models compute the same functions in float64: they are
# derived from the committed float32 files (never retrained), and their fixtures reuse the float32
# fixtures' image/noise/jitter values (float32 values, converted to float64).

class FmnistFeaturesFolded(nn.Module):
    """FeatureHead(FmnistCnn) as the frozen TorchScript file holds it: freezing folded each
    BatchNorm into the preceding conv, so this has conv1, conv2 (with the folded weights) and fc1."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.fc1 = nn.Linear(32 * 7 * 7, 64)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return F.relu(self.fc1(torch.flatten(x, 1)))


def frozen_weights(ts):
    """(weight, bias) constants of every aten::conv2d / aten::linear of a frozen module, in graph
    order (frozen modules keep their weights as graph constants, so ScriptModule.double() cannot
    convert them)."""
    out = []
    for node in ts.graph.nodes():
        if node.kind() in ("aten::conv2d", "aten::linear"):
            ins = list(node.inputs())
            out.append((ins[1].toIValue(), ins[2].toIValue()))
    return out


def rebuild_eager(eager, ts):
    """Loads a frozen module's weights into the eager module `eager` (same layer order)."""
    layers = [m for m in eager.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    consts = frozen_weights(ts)
    if len(layers) != len(consts):
        raise ValueError(f"{len(layers)} layers but {len(consts)} conv/linear nodes in the graph")
    with torch.no_grad():
        for layer, (w, b) in zip(layers, consts):
            layer.weight.copy_(w)
            layer.bias.copy_(b)
    return eager.eval()


# name, float32 TorchScript file, eager architecture of the frozen graph (None: not frozen,
# torch.jit.script only: ScriptModule.double() converts its parameters and buffers)
F64_SPECS = [
    ("linear", TEST_MODELS_DIR / "linear.pt", LinearModel),
    ("relu", TEST_MODELS_DIR / "relu.pt", ReluModel),
    ("bn_dropout_scripted", TEST_MODELS_DIR / "bn_dropout_scripted.pt", None),
    ("fmnist-cnn", FMNIST_PT, FmnistFeaturesFolded),
]


def reference_c_v_batch(ts, mean, std, X, noise_raw, jitter, K, eps_c, J, eps_v, alpha):
    """reference_c_v for a batch X [B, C, H, W] at once (as a backend batches it): per-image C,
    V_reference, V_ascent. mean/std: float32 values, used in X's dtype. Check only."""
    dtype, B = X.dtype, X.shape[0]
    mean_t = torch.tensor(mean, dtype=torch.float32).to(dtype).view(1, -1, 1, 1)
    std_t = torch.tensor(std, dtype=torch.float32).to(dtype).view(1, -1, 1, 1)

    def M(z):
        return ts((z - mean_t) / std_t)

    n = noise_raw / torch.linalg.vector_norm(noise_raw.reshape(B, -1), dim=1).view(B, 1, 1, 1)
    xs = torch.stack([torch.clamp(X + (eps_c * k) * n, 0, 1) for k in range(K + 1)], dim=1)
    with torch.no_grad():
        f = M(xs.reshape(B * (K + 1), *X.shape[1:])).reshape(B, K + 1, -1)
    diff = f[:, 1:] - f[:, :-1]
    u = diff / torch.linalg.vector_norm(diff, dim=2, keepdim=True)
    cos = (u[:, 1:] * u[:, :-1]).sum(2).clamp(-1, 1)
    C = torch.arccos(cos).mean(1)
    with torch.no_grad():
        f0 = M(X)
    V = {}
    for name, s in (("reference", -1.0), ("ascent", 1.0)):
        xp = torch.clamp(X + jitter, 0, 1)
        for _ in range(J):
            xp = xp.detach().requires_grad_(True)
            loss = ((f0 - M(xp)) ** 2).mean(dim=1).sum()
            g, = torch.autograd.grad(loss, xp)
            xp = xp.detach() + alpha * s * g.sign()
            xp = torch.clamp(X + torch.clamp(xp - X, -eps_v, eps_v), 0, 1)
        with torch.no_grad():
            V[name] = torch.linalg.vector_norm(f0 - M(xp), dim=1)
    return C.tolist(), V["reference"].tolist(), V["ascent"].tolist()


def make_f64(log):
    """Writes <name>_f64.pt and <name>_f64.fixture.json for every entry of F64_SPECS; returns rows
    for the summary. Reads only the committed float32 files."""
    p = PARAMS
    rows = []
    for j, (name, f32_path, arch) in enumerate(F64_SPECS):
        out_pt = TEST_MODELS_DIR / f"{name}_f64.pt"
        ts32 = torch.jit.load(str(f32_path)).eval()
        if arch is None:
            m64 = torch.jit.load(str(f32_path)).double().eval()
            m64.save(str(out_pt))
        else:
            eager = rebuild_eager(arch(), ts32)
            c = 1 if arch is FmnistFeaturesFolded else 3
            hw = 28 if arch is FmnistFeaturesFolded else 16
            x = torch.rand(4, c, hw, hw, generator=torch.Generator().manual_seed(SEED + 3000 + j))
            d = (eager(x) - ts32(x)).abs().max().item()
            log(f"{name}: rebuilt eager float32 vs {f32_path.name}: max |diff| = {d:.3g}")
            if d > 1e-5:
                raise RuntimeError(f"{name}: rebuilt eager model differs from {f32_path}")
            export_frozen(copy.deepcopy(eager).double(), out_pt)
        ts64 = torch.jit.load(str(out_pt)).eval()

        fx32 = json.loads((TEST_MODELS_DIR / f"{name}.fixture.json").read_text())
        c, h, w = fx32["channels"], fx32["height"], fx32["width"]
        mean, std = fx32["mean"], fx32["std"]
        x = torch.rand(4, c, h, w, generator=torch.Generator().manual_seed(SEED + 3100 + j))
        y32 = ts32(x).double()
        y64 = ts64(x.double())
        out_diff = ((y64 - y32).abs() / y32.abs().clamp_min(1e-3)).max().item()
        log(f"{name}: {out_pt.name} dtype {y64.dtype}, max |f64 - f32| = "
            f"{(y64 - y32).abs().max().item():.3g} (relative {out_diff:.3g})")
        if out_diff > 1e-4:
            raise RuntimeError(f"{name}: float64 model disagrees with the float32 one")

        def t64(values):
            return torch.tensor(values, dtype=torch.float32).view(1, c, h, w).double()

        gen = torch.Generator().manual_seed(SEED + 3200 + j)
        cases = []
        for i, case32 in enumerate(fx32["cases"]):
            x, noise, jitter = t64(case32["image"]), t64(case32["noise"]), t64(case32["jitter"])
            r = reference_c_v(ts64, mean, std, x, noise, jitter, p["K"], p["eps_c"], p["J"],
                              p["eps_v"], p["alpha"], stats_dtype=torch.float32)
            cases.append({
                "image": case32["image"], "noise": case32["noise"], "jitter": case32["jitter"],
                "features": [float(v) for v in r["features"].tolist()],
                "complexity": r["C"],
                "vulnerability_reference": r["V"]["reference"][0],
                "vulnerability_ascent": r["V"]["ascent"][0],
                "final_linf_reference": r["V"]["reference"][1],
                "final_linf_ascent": r["V"]["ascent"][1],
            })
            # check: the same image alone and at row i % 4 of a batch of 4 (other rows random)
            one = reference_c_v_batch(ts64, mean, std, x, noise, jitter, p["K"], p["eps_c"], p["J"],
                                      p["eps_v"], p["alpha"])
            X = torch.rand(4, c, h, w, generator=gen, dtype=torch.float32).double()
            Nz = torch.randn(4, c, h, w, generator=gen, dtype=torch.float32).double()
            Jt = ((torch.rand(4, c, h, w, generator=gen, dtype=torch.float32) * 2 - 1) * 1e-6).double()
            k = i % 4
            X[k], Nz[k], Jt[k] = x[0], noise[0], jitter[0]
            four = reference_c_v_batch(ts64, mean, std, X, Nz, Jt, p["K"], p["eps_c"], p["J"],
                                       p["eps_v"], p["alpha"])
            rows.append({
                "name": name, "case": i, "C": r["C"], "V_ref": r["V"]["reference"][0],
                "V_asc": r["V"]["ascent"][0],
                "C32": case32["complexity"], "V32_ref": case32["vulnerability_reference"],
                "V32_asc": case32["vulnerability_ascent"],
                "alone": max(rel(r["C"], one[0][0]), rel(r["V"]["reference"][0], one[1][0]),
                             rel(r["V"]["ascent"][0], one[2][0])),
                "batch4_C": rel(one[0][0], four[0][k]),
                "batch4_V": max(rel(one[1][0], four[1][k]), rel(one[2][0], four[2][k])),
            })
        fixture = {
            "model": out_pt.name, "channels": c, "height": h, "width": w,
            "mean": mean, "std": std, "feature_dim": len(cases[0]["features"]),
            "params": dict(PARAMS), "torch_version": torch.__version__, "precision": "float64",
            "cases": cases,
        }
        path = TEST_MODELS_DIR / f"{name}_f64.fixture.json"
        with open(path, "w") as fh:
            json.dump(fixture, fh)
            fh.write("\n")
    return rows


def print_f64_summary(rows):
    print("\n=== float64 fixtures (C, V in float64; rel = relative difference) ===")
    for r in rows:
        print(f"  {r['name']} case {r['case']}: C={r['C']!r} V_ref={r['V_ref']!r} V_asc={r['V_asc']!r}")
        print(f"      vs float32 fixture: C rel {rel(r['C'], r['C32']):.2e}, "
              f"V_ref rel {rel(r['V_ref'], r['V32_ref']):.2e}, V_asc rel {rel(r['V_asc'], r['V32_asc']):.2e}; "
              f"batched code alone vs reference_c_v {r['alone']:.2e}; "
              f"alone vs in a batch of 4: C {r['batch4_C']:.2e}, V {r['batch4_V']:.2e}")
    print(f"  max over all cases, alone vs in a batch of 4: C {max(r['batch4_C'] for r in rows):.2e}, "
          f"V {max(r['batch4_V'] for r in rows):.2e}")
    for name, _, _ in F64_SPECS:
        for f in (TEST_MODELS_DIR / f"{name}_f64.pt", TEST_MODELS_DIR / f"{name}_f64.fixture.json"):
            print(f"  {f.relative_to(REPO)}: {f.stat().st_size} bytes, sha256 {sha256(f)}")


# ----------------------------------------------------------------------------------------------
# Training of the demo model
# ----------------------------------------------------------------------------------------------

def train_fmnist(xtr, ytr, xte, yte, epochs, log):
    torch.manual_seed(SEED)
    net = FmnistCnn()
    mean, std = FMNIST_MEAN[0], FMNIST_STD[0]
    Xtr = ((torch.from_numpy(xtr.copy()).float() / 255.0 - mean) / std).unsqueeze(1)
    Ytr = torch.from_numpy(ytr.astype(np.int64))
    Xte = ((torch.from_numpy(xte.copy()).float() / 255.0 - mean) / std).unsqueeze(1)
    Yte = torch.from_numpy(yte.astype(np.int64))
    opt = torch.optim.Adam(net.parameters(), lr=2e-3)
    gen = torch.Generator().manual_seed(SEED + 1)
    bs = 128
    steps_per_epoch = (len(Xtr) + bs - 1) // bs
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, epochs=epochs,
                                                steps_per_epoch=steps_per_epoch)
    for ep in range(epochs):
        net.train()
        perm = torch.randperm(len(Xtr), generator=gen)
        t0, tot, correct = time.time(), 0.0, 0
        for i in range(0, len(Xtr), bs):
            idx = perm[i:i + bs]
            logits = net(Xtr[idx])
            loss = F.cross_entropy(logits, Ytr[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            tot += loss.item() * len(idx)
            correct += (logits.argmax(1) == Ytr[idx]).sum().item()
        acc = evaluate(net, Xte, Yte)
        log(f"  epoch {ep + 1}/{epochs}: train loss {tot / len(Xtr):.4f}, "
            f"train acc {correct / len(Xtr):.4f}, test acc {acc:.4f}, {time.time() - t0:.1f}s")
    return net.eval(), evaluate(net, Xte, Yte)


def evaluate(net, X, Y):
    net.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(X), 1000):
            correct += (net(X[i:i + 1000]).argmax(1) == Y[i:i + 1000]).sum().item()
    return correct / len(X)


# ----------------------------------------------------------------------------------------------
# Demo images
# ----------------------------------------------------------------------------------------------

def save_png(arr_u8, path):
    Image.fromarray(np.ascontiguousarray(arr_u8, dtype=np.uint8), mode="L").save(path, format="PNG")


def clear_pngs(d):
    d.mkdir(parents=True, exist_ok=True)
    for p in d.glob("*.png"):
        p.unlink()


def write_demo_images(xtr, xte, log):
    real = DEMO_DIR / "real"
    held = DEMO_DIR / "heldout-real"
    clear_pngs(real)
    clear_pngs(held)
    for i in range(N_DEMO):
        save_png(xte[i], real / f"fmnist-test-{i:05d}.png")
        save_png(xte[N_DEMO + i], held / f"fmnist-test-{N_DEMO + i:05d}.png")

    # Gaussian in PCA space, fit on all 60k training images in [0, 1]
    X = xtr.reshape(len(xtr), -1).astype(np.float64) / 255.0
    mu = X.mean(axis=0)
    Xc = X - mu
    cov = Xc.T @ Xc / (len(X) - 1)
    evals, evecs = np.linalg.eigh(cov)              # ascending
    order = np.argsort(evals)[::-1]
    evals, evecs = np.clip(evals[order], 0, None), evecs[:, order]
    stats = {}
    for k in (4, 16, 64):
        rng = np.random.default_rng(SEED + k)
        z = rng.standard_normal((N_DEMO, k)) * np.sqrt(evals[:k])
        imgs = np.clip(mu + z @ evecs[:, :k].T, 0.0, 1.0)
        u8 = np.rint(imgs * 255.0).astype(np.uint8).reshape(N_DEMO, 28, 28)
        d = DEMO_DIR / "generated" / f"pca-{k}"
        clear_pngs(d)
        for i in range(N_DEMO):
            save_png(u8[i], d / f"pca-{k}-{i:05d}.png")
        stats[k] = float(evals[:k].sum() / evals.sum())
        log(f"  pca-{k}: explained variance {stats[k]:.4f}")
    return stats


MIT_TEXT = """Fashion-MNIST (https://github.com/zalandoresearch/fashion-mnist)

The MIT License (MIT)

Copyright (c) 2017 Zalando SE, https://tech.zalando.com

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def write_demo_docs(acc, pca_stats, epochs):
    (DEMO_DIR / "LICENSE-fashion-mnist.txt").write_text(MIT_TEXT)
    pca_lines = "\n".join(f"  - `generated/pca-{k}/`: k = {k} components "
                          f"({v * 100:.1f}% of the pixel variance)" for k, v in pca_stats.items())
    (DEMO_DIR / "README.md").write_text(f"""# Demo data for ascore

Everything here was made by `src/test/python/make_models.py` (run it from the repository root:
`python3 src/test/python/make_models.py DATA_DIR`; needs torch, numpy, pillow) from the Fashion-MNIST IDX
files (Zalando Research; MIT licence, Copyright 2017 Zalando SE: see `LICENSE-fashion-mnist.txt`).
All images are 8-bit grayscale PNG, 28x28.

- `real/`: the first {N_DEMO} images of the Fashion-MNIST **test** split (indices 0..{N_DEMO - 1}),
  `fmnist-test-NNNNN.png` with NNNNN the index in the test split.
- `heldout-real/`: the next {N_DEMO} test images (indices {N_DEMO}..{2 * N_DEMO - 1}); a sanity check:
  their Anomaly Score against `real/` should be small.
- `generated/pca-K/`: {N_DEMO} images from a Gaussian model in PCA space fit on the 60,000
  **training** images (pixels in [0, 1], 784 dimensions): mean + z V_K^T with
  z ~ N(0, diag(top-K eigenvalues of the covariance)), clipped to [0, 1] and rounded to uint8.
  More components give a better "generator".
{pca_lines}
- `models/fmnist-cnn.pt`: the demo feature model, a small CNN (conv 1->16 + BN + ReLU + maxpool,
  conv 16->32 + BN + ReLU + maxpool, linear 1568->64 + ReLU, linear 64->10 classifier) trained for
  {epochs} epochs with Adam on the training split; test accuracy {acc:.4f}. The TorchScript file
  (frozen, eval mode) returns the 64-d penultimate feature, takes input normalized with mean 0.2860,
  std 0.3530; its model card is `conf/models/fmnist-cnn.conf`.
""")


def write_card(acc, digest, epochs):
    CARD_PATH.parent.mkdir(parents=True, exist_ok=True)
    CARD_PATH.write_text(f"""# Model card: small CNN trained on Fashion-MNIST by src/test/python/make_models.py
name = "fmnist-cnn"
file = "../../src/demo/models/fmnist-cnn.pt"   # relative to this card
sha256 = "{digest}"
channels = 1
resize = 28        # shorter side resized to this (bilinear), then center-cropped
crop = 28
mean = [0.2860]
std = [0.3530]
feature_dim = 64
batch_size = 64
licence = "MIT (weights trained by ascore on Fashion-MNIST, MIT, Copyright 2017 Zalando SE)"
test_accuracy = {acc:.4f}
description = "Small CNN (2 conv+BN+ReLU+maxpool blocks, 64-d ReLU penultimate layer) trained {epochs} epochs on the Fashion-MNIST training split; outputs the 64-d penultimate feature. Demo model, not one of the paper's backbones."
""")


# ----------------------------------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data_dir", nargs="?", default=None,
                    help=f"directory with the Fashion-MNIST IDX gz files (default: ${DATA_ENV}); "
                         "not needed with --only-f64")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--only-f64", action="store_true",
                    help="only (re)write the float64 variants *_f64.pt / *_f64.fixture.json from the "
                         "existing float32 models and fixtures (no data, no training)")
    args = ap.parse_args()

    t_start = time.time()
    torch.set_num_threads(2)
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    torch.use_deterministic_algorithms(True)

    def log(msg):
        print(f"[{time.time() - t_start:7.1f}s] {msg}", flush=True)

    if args.only_f64:
        log(f"torch {torch.__version__}: float64 variants")
        print_f64_summary(make_f64(log))
        return

    data_dir = fmnist_dir_or_exit(args.data_dir)
    log(f"torch {torch.__version__}, numpy {np.__version__}, data {data_dir}")
    xtr, ytr, xte, yte = load_fmnist(data_dir)
    log(f"loaded train {xtr.shape}, test {xte.shape}")

    # 1. demo model
    log("training fmnist-cnn")
    net, acc = train_fmnist(xtr, ytr, xte, yte, args.epochs, log)
    feat = FeatureHead(net).eval()
    ts_fm = export_frozen(copy.deepcopy(feat), FMNIST_PT)
    digest = sha256(FMNIST_PT)
    write_card(acc, digest, args.epochs)
    log(f"fmnist-cnn test accuracy {acc:.4f}, sha256 {digest}")

    # 2. demo images
    log("writing demo images")
    pca_stats = write_demo_images(xtr, xte, log)
    write_demo_docs(acc, pca_stats, args.epochs)

    # 3. test models
    torch.manual_seed(SEED + 100)
    lin = LinearModel().eval()
    export_frozen(copy.deepcopy(lin), TEST_MODELS_DIR / "linear.pt")

    torch.manual_seed(SEED + 200)
    relu = ReluModel().eval()
    export_frozen(copy.deepcopy(relu), TEST_MODELS_DIR / "relu.pt")

    torch.manual_seed(SEED + 300)
    bnd = BnDropoutModel()
    with torch.no_grad():
        bnd.bn.weight.uniform_(0.5, 1.5)
        bnd.bn.bias.uniform_(-0.2, 0.2)
    bnd.train()
    with torch.no_grad():
        for _ in range(10):
            bnd(torch.rand(16, 3, 16, 16))
    bnd.eval()
    torch.jit.script(bnd).save(str(TEST_MODELS_DIR / "bn_dropout_scripted.pt"))
    log(f"bn running_mean {bnd.bn.running_mean.tolist()}")
    log(f"bn running_var {bnd.bn.running_var.tolist()}")

    # 4. fixtures, computed with the models loaded back from their files
    results = []
    specs = [
        ("linear", "linear.pt", [0.0, 0.0, 0.0], [1.0, 1.0, 1.0], lin),
        ("relu", "relu.pt", [0.5, 0.4, 0.3], [0.25, 0.2, 0.3], relu),
        ("bn_dropout_scripted", "bn_dropout_scripted.pt", [0.0, 0.0, 0.0], [1.0, 1.0, 1.0], None),
    ]
    for j, (name, fname, mean, std, eager) in enumerate(specs):
        ts = torch.jit.load(str(TEST_MODELS_DIR / fname)).eval()
        if eager is not None:
            ts64 = copy.deepcopy(eager).double().eval()
        else:
            ts64 = torch.jit.load(str(TEST_MODELS_DIR / fname)).double().eval()
        g = torch.Generator().manual_seed(SEED + 1000 + j)
        imgs = [torch.rand(1, 3, 16, 16, generator=g) * 0.4 + 0.3 for _ in range(2)]
        imgs.append(torch.rand(1, 3, 16, 16, generator=g))
        results.append((name,) + make_fixture(name, fname, ts, ts64, mean, std, (3, 16, 16), imgs,
                                              SEED + 2000 + j))
    ts = torch.jit.load(str(FMNIST_PT)).eval()
    ts64 = copy.deepcopy(feat).double().eval()
    imgs = [torch.from_numpy(xte[i].copy()).float().div(255.0).view(1, 1, 28, 28) for i in (0, 1, 2)]
    results.append(("fmnist-cnn",) + make_fixture("fmnist-cnn", "src/demo/models/fmnist-cnn.pt", ts,
                                                  ts64, FMNIST_MEAN, FMNIST_STD, (1, 28, 28), imgs,
                                                  SEED + 2100))

    # sanity: the loaded TorchScript models equal the eager ones
    for name, fname, mean, std, eager in specs[:2]:
        ts = torch.jit.load(str(TEST_MODELS_DIR / fname))
        x = torch.rand(4, 3, 16, 16)
        log(f"{name}: max |ts - eager| = {(ts(x) - eager(x)).abs().max().item():.3g}")
    x = torch.randn(4, 1, 28, 28)
    log(f"fmnist-cnn: max |ts - eager| = "
        f"{(torch.jit.load(str(FMNIST_PT))(x) - feat(x)).abs().max().item():.3g}")

    # summary
    print("\n=== fixtures ===")
    worst = []
    for name, path, cases, sens in results:
        print(f"{name}: {path.relative_to(REPO)}")
        for i, c in enumerate(cases):
            print(f"  case {i}: C={c['complexity']!r} V_ref={c['vulnerability_reference']!r} "
                  f"V_asc={c['vulnerability_ascent']!r} linf_ref={c['final_linf_reference']!r} "
                  f"linf_asc={c['final_linf_ascent']!r}")
        for s in sens:
            rc = rel(s["C32"], s["C64"])
            rr = rel(s["V32_reference"], s["V64_reference"])
            ra = rel(s["V32_ascent"], s["V64_ascent"])
            print(f"  case {s['case']} float32 vs float64: feat maxabs {s['feat_maxabs']:.2e}, "
                  f"C rel {rc:.2e}, V_ref rel {rr:.2e} (f64 {s['V64_reference']:.8g}), "
                  f"V_asc rel {ra:.2e} (f64 {s['V64_ascent']:.8g}); float32 in a batch of 4: "
                  f"V_ref rel {rel(s['V32_reference'], s['V32b_reference']):.2e}, "
                  f"V_asc rel {rel(s['V32_ascent'], s['V32b_ascent']):.2e}")
            for what, r in (("C", rc), ("V_reference", rr), ("V_ascent", ra)):
                if r > 1e-4:
                    worst.append(f"{name} case {s['case']} {what}: rel {r:.2e}")
    print("\nfloat32 vs float64 relative differences above 1e-4:", worst or "none")

    print("\n=== files ===")
    files = [FMNIST_PT, CARD_PATH, DEMO_DIR / "README.md", DEMO_DIR / "LICENSE-fashion-mnist.txt"]
    files += sorted(TEST_MODELS_DIR.glob("*"))
    for f in files:
        print(f"  {f.relative_to(REPO)}: {f.stat().st_size} bytes")
    for d in ("real", "heldout-real", "generated/pca-4", "generated/pca-16", "generated/pca-64"):
        pngs = list((DEMO_DIR / d).glob("*.png"))
        print(f"  src/demo/{d}/: {len(pngs)} PNG, {sum(p.stat().st_size for p in pngs)} bytes")
    print(f"\ntest accuracy {acc:.4f}; sha256 {digest}; total time {time.time() - t_start:.1f}s")

    # 5. float64 variants, derived from the files just written, in a fresh process (so that the
    # TorchScript files do not depend on what this process compiled before)
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--only-f64"], check=True)


if __name__ == "__main__":
    main()
