#!/usr/bin/env python3
"""Export the paper's backbones to TorchScript feature models with ascore model cards.

ascore itself needs no Python. This script is for users who want the paper's backbones
(ViT-S/16, ConvNeXt-T, DINOv2 ViT-S/14) as ascore feature models. It needs:

  * Python 3.8+ with PyTorch            pip install torch
  * timm (which itself needs a torchvision that matches the installed torch),
    or, for ConvNeXt-T only, torchvision  pip install timm    (or: pip install torchvision)
  * for DINOv2 from its own code: internet access for torch.hub to fetch
    github.com/facebookresearch/dinov2 (or a cached copy in torch.hub.get_dir());
    without it the timm port vit_small_patch14_dinov2 is used (same weights)
  * internet access for the pretrained weights (Hugging Face Hub for timm,
    download.pytorch.org for torchvision, dl.fbaipublicfiles.com for DINOv2),
    unless --random-weights is given (random initialization: for tests and for
    machines without internet; the features then mean nothing)

Backbones (the feature is the pooled vector the classifier head would see):

  vit_s16     timm vit_small_patch16_224.augreg_in21k_ft_in1k; the CLS token after the final
              norm (timm forward_features + forward_head(pre_logits=True)); d = 384
  convnext_t  timm convnext_tiny.fb_in1k (or torchvision convnext_tiny IMAGENET1K_V1); global
              average pool + the head's LayerNorm, before the final linear layer; d = 768
  dinov2_s14  DINOv2 ViT-S/14 (torch.hub facebookresearch/dinov2 dinov2_vits14, else timm
              vit_small_patch14_dinov2.lvd142m at 224x224); the CLS token after the final
              norm (x_norm_clstoken); d = 384

Each model is put in eval mode, wrapped so that it returns [B, d], traced on a 3x224x224 batch,
frozen (torch.jit.freeze) and saved to <out-dir>/<name>.pt. The TorchScript module takes an
already-normalized batch: ascore applies the card's mean/std itself, inside its differentiable
forward, so normalization is NOT part of the exported module. The card <card-dir>/<name>.conf
(HOCON, like conf/models/fmnist-cnn.conf) records the file (relative to the card), its sha256,
resize 256 -> center crop 224, the mean/std the weights were trained with (ImageNet's
0.485,0.456,0.406 / 0.229,0.224,0.225, except timm's AugReg ViT-S/16, trained with 0.5/0.5; see
--norm), feature_dim, batch_size, precision and the weights' licence.

The exported file is then checked: loaded back with torch.jit.load and compared with the eager
model on random batches of 1 and 3 images (the trace used 2, so a batch size baked into the trace
is caught): features must agree to 1e-4 of their scale, input gradients to 1e-3. The script
prints the differences and exits 1 on a mismatch.

Run from anywhere (paths are relative to the current directory; --card-dir defaults to this
repository's conf/models):

    python3 submit/export_model.py --arch all --out-dir models
    python3 submit/export_model.py --arch vit_s16 --out-dir /tmp/m --card-dir /tmp/m --random-weights

Exit codes: 0 ok; 1 export, download or check failed; 2 bad arguments, a missing package or an
existing output (pass --force to overwrite).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import importlib
import os
import socket
import sys
import time
import warnings
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SCRIPT = "submit/export_model.py"
ARCHS = ("vit_s16", "convnext_t", "dinov2_s14")
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
RESIZE, CROP = 256, 224
TRACE_BATCH = 2
CHECK_BATCHES = (1, 3)
FEATURE_TOL = 1e-4   # max abs diff / max(1e-6, max |eager feature|)
GRAD_TOL = 1e-3      # max abs diff / max |eager input gradient|

TIMM_VIT_S16 = "vit_small_patch16_224.augreg_in21k_ft_in1k"
TIMM_CONVNEXT_T = "convnext_tiny.fb_in1k"
TIMM_DINOV2_S14 = "vit_small_patch14_dinov2.lvd142m"

LICENCES = {
    "vit_s16": "Apache-2.0 (AugReg ViT-S/16 weights by Google Research, 'How to train your ViT', via timm; "
               "trained on ImageNet-21k and fine-tuned on ImageNet-1k, whose terms of access apply)",
    "convnext_t/timm": "MIT (ConvNeXt-T weights by Meta, facebookresearch/ConvNeXt, via timm; "
                       "trained on ImageNet-1k, whose terms of access apply)",
    "convnext_t/torchvision": "BSD-3-Clause (torchvision ConvNeXt_Tiny_Weights.IMAGENET1K_V1, trained by the "
                              "torchvision team on ImageNet-1k, whose terms of access apply)",
    "dinov2_s14": "Apache-2.0 (DINOv2 ViT-S/14 weights by Meta, facebookresearch/dinov2, trained on LVD-142M)",
}
RANDOM_LICENCE = "none: random weights (--random-weights), for tests only; the features mean nothing"

INSTALL = {
    "torch": "pip install torch   (CPU only: pip install torch --index-url https://download.pytorch.org/whl/cpu)",
    "timm": "pip install timm   (it also needs a torchvision built for the installed torch)",
    "torchvision": "pip install torchvision   (the build must match the installed torch, e.g. both CPU "
                   "or both the same CUDA; see https://pytorch.org/get-started/locally/)",
}


class ExportError(Exception):
    """A failure with a message for the user and an exit code."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def log(msg: str) -> None:
    print(msg, flush=True)


def try_import(name: str):
    """Returns (module, None) or (None, reason). Any exception counts as 'not usable': a torchvision
    built for another torch (e.g. CUDA torchvision with a CPU torch) raises RuntimeError, not ImportError."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return importlib.import_module(name), None
    except Exception as e:  # noqa: BLE001
        first = str(e).strip().splitlines()[0] if str(e).strip() else ""
        return None, f"{type(e).__name__}: {first}"


def missing(package: str, needed_for: str, reason: str, alternative: str = "") -> ExportError:
    msg = (f"error: {needed_for} needs the Python package '{package}', which cannot be imported "
           f"({reason}).\n  Install it with: {INSTALL[package]}")
    if alternative:
        msg += "\n  " + alternative
    return ExportError(msg + torchvision_hint(reason), 2)


def torchvision_hint(reason: str) -> str:
    """timm imports torchvision; say so when that is what failed."""
    if "No module named 'torchvision'" in reason:
        return ("\n  timm imports torchvision, which is not installed: pip install torchvision (a build that "
                "matches the installed torch).")
    if "torchvision" in reason:
        return ("\n  The error comes from torchvision: it is probably built for another torch (for example a "
                "CUDA torchvision with a CPU-only torch). Install the torchvision that matches your torch "
                "(https://pytorch.org/get-started/locally/).")
    return ""


# ---------------------------------------------------------------------------------------------
# Wrappers: each returns the pooled feature vector [B, d].
# ---------------------------------------------------------------------------------------------

def wrappers(torch):
    nn = torch.nn

    class TimmPooled(nn.Module):
        """timm: forward_features, then the head up to (not including) the classifier."""

        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, x):
            return self.model.forward_head(self.model.forward_features(x), pre_logits=True)

    class TorchvisionConvNextPooled(nn.Module):
        """torchvision ConvNeXt: features -> global average pool -> head LayerNorm2d -> flatten."""

        def __init__(self, model):
            super().__init__()
            self.features = model.features
            self.avgpool = model.avgpool
            self.norm = model.classifier[0]
            self.flatten = model.classifier[1]

        def forward(self, x):
            return self.flatten(self.norm(self.avgpool(self.features(x))))

    class DinoHubPooled(nn.Module):
        """DINOv2 (hub code): the CLS token after the final norm."""

        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, x):
            return self.model.forward_features(x)["x_norm_clstoken"]

    return TimmPooled, TorchvisionConvNextPooled, DinoHubPooled


# ---------------------------------------------------------------------------------------------
# Building the eager models
# ---------------------------------------------------------------------------------------------

def create_timm(timm, name: str, pretrained: bool, **kwargs):
    try:
        return timm.create_model(name, pretrained=pretrained, num_classes=0, **kwargs)
    except Exception as e:  # noqa: BLE001
        if pretrained:
            raise ExportError(f"error: cannot create timm model {name} with pretrained weights: "
                              f"{type(e).__name__}: {e}\n  The weights are downloaded from the Hugging Face Hub "
                              f"(needs internet); use --random-weights to export without them.") from e
        raise ExportError(f"error: cannot create timm model {name}: {type(e).__name__}: {e}") from e


def timm_norm(model):
    cfg = getattr(model, "pretrained_cfg", None) or {}
    mean, std = cfg.get("mean"), cfg.get("std")
    if mean and std and len(mean) == 3 and len(std) == 3:
        return tuple(float(v) for v in mean), tuple(float(v) for v in std)
    return IMAGENET_MEAN, IMAGENET_STD


def build(arch: str, args, torch):
    """Returns (wrapper module, info dict)."""
    TimmPooled, TorchvisionConvNextPooled, DinoHubPooled = wrappers(torch)
    pretrained = not args.random_weights

    if arch == "vit_s16":
        timm, why = try_import("timm")
        if timm is None:
            raise missing("timm", "vit_s16 (ViT-S/16)", why, "torchvision has no ViT-S/16, so timm is required.")
        model = create_timm(timm, TIMM_VIT_S16, pretrained)
        mean, std = timm_norm(model)
        return TimmPooled(model), dict(source=f"timm {timm.__version__} {TIMM_VIT_S16}", feature_dim=384,
                                       mean=mean, std=std, licence=LICENCES["vit_s16"],
                                       description="ViT-S/16 (AugReg, ImageNet-21k -> ImageNet-1k): "
                                                   "the CLS token after the final norm (pre-logits), 384-d.")

    if arch == "convnext_t":
        want = args.convnext_source
        timm, timm_why = (None, "not requested") if want == "torchvision" else try_import("timm")
        if timm is not None:
            model = create_timm(timm, TIMM_CONVNEXT_T, pretrained)
            mean, std = timm_norm(model)
            return TimmPooled(model), dict(source=f"timm {timm.__version__} {TIMM_CONVNEXT_T}", feature_dim=768,
                                           mean=mean, std=std, licence=LICENCES["convnext_t/timm"],
                                           description="ConvNeXt-T (ImageNet-1k): global average pool and the "
                                                       "head's LayerNorm, before the final linear layer, 768-d.")
        if want == "timm":
            raise missing("timm", "convnext_t with --convnext-source timm", timm_why)
        tv, tv_why = try_import("torchvision")
        if tv is None:
            if want == "torchvision":
                raise missing("torchvision", "convnext_t with --convnext-source torchvision", tv_why)
            raise ExportError(
                "error: convnext_t (ConvNeXt-T) needs the Python package 'timm' or 'torchvision', and neither "
                f"can be imported (timm: {timm_why}; torchvision: {tv_why}).\n"
                f"  Install one with: {INSTALL['timm']}\n  or: {INSTALL['torchvision']}"
                + torchvision_hint(timm_why + " " + tv_why), 2)
        from torchvision.models import ConvNeXt_Tiny_Weights, convnext_tiny
        weights = ConvNeXt_Tiny_Weights.IMAGENET1K_V1 if pretrained else None
        try:
            model = convnext_tiny(weights=weights)
        except Exception as e:  # noqa: BLE001
            raise ExportError(f"error: cannot download torchvision ConvNeXt_Tiny_Weights.IMAGENET1K_V1: "
                              f"{type(e).__name__}: {e}\n  This needs internet (download.pytorch.org); use "
                              f"--random-weights to export without the weights.") from e
        return TorchvisionConvNextPooled(model), dict(
            source=f"torchvision {tv.__version__} convnext_tiny"
                   + (" ConvNeXt_Tiny_Weights.IMAGENET1K_V1" if pretrained else ""),
            feature_dim=768, mean=IMAGENET_MEAN, std=IMAGENET_STD, licence=LICENCES["convnext_t/torchvision"],
            description="ConvNeXt-T (torchvision, ImageNet-1k): global average pool and the head's "
                        "LayerNorm, before the final linear layer, 768-d.")

    if arch == "dinov2_s14":
        want = args.dinov2_source
        info = dict(feature_dim=384, mean=IMAGENET_MEAN, std=IMAGENET_STD, licence=LICENCES["dinov2_s14"])
        hub_error = None
        if want in ("auto", "hub"):
            old_timeout = socket.getdefaulttimeout()
            socket.setdefaulttimeout(60)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    model = torch.hub.load("facebookresearch/dinov2", "dinov2_vits14", pretrained=pretrained,
                                           trust_repo=True, verbose=False)
                info.update(source="torch.hub facebookresearch/dinov2 dinov2_vits14"
                                   + (" (LVD-142M weights)" if pretrained else ""),
                            description="DINOv2 ViT-S/14 (LVD-142M, hub code, positional embedding interpolated "
                                        "to 16x16 patches): the CLS token after the final norm, 384-d.")
                return DinoHubPooled(model), info
            except Exception as e:  # noqa: BLE001
                hub_error = f"{type(e).__name__}: {e}"
                if want == "hub":
                    raise ExportError(
                        f"error: torch.hub could not load facebookresearch/dinov2 dinov2_vits14: {hub_error}\n"
                        "  It downloads the DINOv2 code from GitHub (and the weights from dl.fbaipublicfiles.com) "
                        "unless a copy is cached in torch.hub.get_dir(); this needs internet. Use "
                        "--dinov2-source timm for timm's port of the same weights.") from e
                log(f"  torch.hub DINOv2 unavailable ({hub_error.splitlines()[0][:200]}); using timm instead")
            finally:
                socket.setdefaulttimeout(old_timeout)
        timm, why = try_import("timm")
        if timm is None:
            raise missing("timm", "dinov2_s14 without the DINOv2 hub code", why,
                          "Or give the machine internet access so that torch.hub can fetch facebookresearch/dinov2"
                          + (f" (it failed: {hub_error.splitlines()[0][:200]})." if hub_error else "."))
        model = create_timm(timm, TIMM_DINOV2_S14, pretrained, img_size=CROP)
        info.update(source=f"timm {timm.__version__} {TIMM_DINOV2_S14} (img_size={CROP})",
                    description="DINOv2 ViT-S/14 (LVD-142M, timm port; positional embedding resampled to 16x16 "
                                "patches by timm): the CLS token after the final norm, 384-d.")
        return TimmPooled(model), info

    raise ExportError(f"error: unknown arch {arch}", 2)


# ---------------------------------------------------------------------------------------------
# Export, check, card
# ---------------------------------------------------------------------------------------------

def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def export(torch, module, dtype, path: Path) -> None:
    example = torch.randn(TRACE_BATCH, 3, CROP, CROP, generator=torch.Generator().manual_seed(1), dtype=dtype)
    with warnings.catch_warnings():
        # torch.jit is deprecated in recent PyTorch but is what DJL loads; tracer warnings about
        # Python values are covered by the check at other batch sizes.
        warnings.simplefilter("ignore")
        with torch.no_grad():
            traced = torch.jit.trace(module, example, check_trace=False)
        frozen = torch.jit.freeze(traced.eval())
    tmp = path.with_name(path.name + ".tmp")
    frozen.save(str(tmp))
    os.replace(tmp, path)


def check(torch, module, dtype, path: Path, feature_dim: int) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        loaded = torch.jit.load(str(path), map_location="cpu")
    loaded.eval()
    ok = True
    gen = torch.Generator().manual_seed(2)
    for n in CHECK_BATCHES:
        x = torch.randn(n, 3, CROP, CROP, generator=gen, dtype=dtype)
        with torch.no_grad():
            want = module(x)
            got = loaded(x)
        if tuple(got.shape) != (n, feature_dim) or tuple(want.shape) != (n, feature_dim):
            log(f"  check batch {n}: FAIL shape {tuple(got.shape)} (eager {tuple(want.shape)}), "
                f"expected ({n}, {feature_dim})")
            ok = False
            continue
        scale = max(want.abs().max().item(), 1e-6)
        diff = (got - want).abs().max().item()
        finite = bool(torch.isfinite(got).all())
        good = finite and diff <= FEATURE_TOL * scale
        log(f"  check batch {n}: features max |torchscript - eager| = {diff:.3g} (scale {scale:.3g}, "
            f"relative {diff / scale:.3g}, tolerance {FEATURE_TOL:g}){'' if finite else ', NOT FINITE'} "
            f"{'ok' if good else 'FAIL'}")
        ok = ok and good
    # ascore differentiates through the model: compare input gradients of a scalar loss too. The
    # loss is a fixed random projection of the features (not |f|^2, which a final LayerNorm with
    # unit weight, as in a randomly initialized ViT, makes constant, leaving only rounding noise).
    x = torch.randn(1, 3, CROP, CROP, generator=gen, dtype=dtype)
    direction = torch.randn(1, feature_dim, generator=gen, dtype=dtype)
    grads = []
    for m in (module, loaded):
        xi = x.clone().requires_grad_(True)
        (m(xi) * direction).sum().backward()
        grads.append(xi.grad)
    gscale = max(grads[0].abs().max().item(), 1e-30)
    gdiff = (grads[1] - grads[0]).abs().max().item()
    gfinite = bool(torch.isfinite(grads[1]).all())
    good = gfinite and grads[0].abs().max().item() > 0 and gdiff <= GRAD_TOL * gscale
    log(f"  check input gradient: max |torchscript - eager| = {gdiff:.3g} (scale {gscale:.3g}, relative "
        f"{gdiff / gscale:.3g}, tolerance {GRAD_TOL:g}){'' if gfinite else ', NOT FINITE'} {'ok' if good else 'FAIL'}")
    return ok and good


def hocon_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hocon_floats(values) -> str:
    return "[" + ", ".join(repr(round(float(v), 6)) for v in values) + "]"


def write_card(card: Path, name: str, pt: Path, sha: str, info: dict, args, precision: str) -> None:
    rel = os.path.relpath(pt.resolve(), card.parent.resolve()).replace(os.sep, "/")
    today = datetime.date.today().isoformat()
    random_note = ("# RANDOM WEIGHTS (--random-weights): for tests only, the features mean nothing\n"
                   if args.random_weights else "")
    text = (
        f"# exported by {SCRIPT} from {info['source']} on {today}\n"
        f"{random_note}"
        f"name = {hocon_string(name)}\n"
        f"file = {hocon_string(rel)}   # relative to this card\n"
        f"sha256 = \"{sha}\"\n"
        f"channels = 3\n"
        f"resize = {RESIZE}       # shorter side resized to this (bilinear), then center-cropped\n"
        f"crop = {CROP}\n"
        f"mean = {hocon_floats(info['mean'])}   # applied by ascore; the TorchScript takes normalized input\n"
        f"std = {hocon_floats(info['std'])}\n"
        f"feature_dim = {info['feature_dim']}\n"
        f"batch_size = {args.batch_size}\n"
        f"precision = \"{precision}\"\n"
        f"licence = {hocon_string(RANDOM_LICENCE if args.random_weights else info['licence'])}\n"
        f"pretrained = {'false' if args.random_weights else 'true'}\n"
        f"source = {hocon_string(info['source'])}\n"
        f"description = {hocon_string(info['description'])}\n"
    )
    tmp = card.with_name(card.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, card)


def export_one(arch: str, args, torch) -> bool:
    precision = args.precision
    name = arch if precision == "float32" else f"{arch}_f64"
    pt = Path(args.out_dir) / f"{name}.pt"
    card = Path(args.card_dir) / f"{name}.conf"
    for p in (pt, card):
        if p.exists() and not args.force:
            raise ExportError(f"error: {p} already exists; pass --force to overwrite it", 2)
    log(f"{name}: building ({'random weights' if args.random_weights else 'pretrained weights'})")
    t0 = time.time()
    torch.manual_seed(args.seed)
    module, info = build(arch, args, torch)
    if args.norm == "imagenet":
        info["mean"], info["std"] = IMAGENET_MEAN, IMAGENET_STD
    dtype = torch.float64 if precision == "float64" else torch.float32
    module = module.to(dtype).eval()
    for p in module.parameters():
        p.requires_grad_(False)
    log(f"  source: {info['source']}")
    pt.parent.mkdir(parents=True, exist_ok=True)
    card.parent.mkdir(parents=True, exist_ok=True)
    export(torch, module, dtype, pt)
    log(f"  wrote {pt} ({pt.stat().st_size / 1e6:.1f} MB)")
    if not check(torch, module, dtype, pt, info["feature_dim"]):
        raise ExportError(f"error: the exported {pt} does not reproduce the eager model (see the check above); "
                          "no card was written", 1)
    sha = sha256_of(pt)
    write_card(card, name, pt, sha, info, args, precision)
    log(f"  wrote {card} (sha256 {sha}, feature_dim {info['feature_dim']}, mean {list(info['mean'])}, "
        f"std {list(info['std'])}) in {time.time() - t0:.1f} s")
    return True


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="export_model.py",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Export the paper's backbones (ViT-S/16, ConvNeXt-T, DINOv2 ViT-S/14) to TorchScript "
                    "feature models returning pooled features [B, d], with ascore model cards.",
        epilog=(
            "Requirements: Python with torch and timm (timm needs a torchvision that matches torch); for\n"
            "convnext_t, torchvision alone also works; for dinov2_s14 the DINOv2 hub code\n"
            "(torch.hub facebookresearch/dinov2, fetched from GitHub) or else timm. Pretrained weights are\n"
            "downloaded, so the machine needs internet unless --random-weights is given.\n"
            "  pip install torch timm torchvision\n\n"
            "The TorchScript takes a batch already normalized with the card's mean/std (ascore applies them)\n"
            "and returns [B, d]: vit_s16 384, convnext_t 768, dinov2_s14 384. Each export is loaded back and\n"
            "compared with the eager model; exit 1 on a mismatch, 2 on a missing package or bad arguments.\n\n"
            "Example:\n"
            "  python3 submit/export_model.py --arch all --out-dir models\n"
            "  submit/ascore score --model conf/models/vit_s16.conf --real DIR --generated LABEL=DIR --out DIR"))
    p.add_argument("--arch", nargs="+", default=["all"], choices=list(ARCHS) + ["all"],
                   help="backbone(s) to export (default: all)")
    p.add_argument("--out-dir", required=True, help="folder for <name>.pt (large files: keep them out of git)")
    p.add_argument("--card-dir", default=str(REPO_ROOT / "conf" / "models"),
                   help="folder for the model cards <name>.conf (default: this repository's conf/models)")
    p.add_argument("--random-weights", action="store_true",
                   help="random initialization instead of downloading pretrained weights (tests, no internet)")
    p.add_argument("--batch-size", type=int, default=32, help="batch_size written to the card (default 32)")
    p.add_argument("--precision", choices=("float32", "float64"), default="float32",
                   help="dtype of the exported model (float64 cards are named <arch>_f64; default float32)")
    p.add_argument("--norm", choices=("weights", "imagenet"), default="weights",
                   help="card mean/std: those the weights were trained with (default; ImageNet's except timm's "
                        "AugReg ViT-S/16, which uses 0.5/0.5), or ImageNet's for every backbone")
    p.add_argument("--convnext-source", choices=("auto", "timm", "torchvision"), default="auto",
                   help="where ConvNeXt-T comes from (auto: timm if importable, else torchvision)")
    p.add_argument("--dinov2-source", choices=("auto", "hub", "timm"), default="auto",
                   help="where DINOv2 comes from (auto: torch.hub facebookresearch/dinov2, else timm)")
    p.add_argument("--seed", type=int, default=0, help="torch seed for --random-weights (default 0)")
    p.add_argument("--force", action="store_true", help="overwrite existing .pt files and cards")
    args = p.parse_args(argv)
    if not 1 <= args.batch_size <= 65536:
        p.error("--batch-size must be in 1..65536")
    return args


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    archs = list(ARCHS) if "all" in args.arch else list(dict.fromkeys(args.arch))
    torch, why = try_import("torch")
    if torch is None:
        print(missing("torch", SCRIPT, why), file=sys.stderr)
        return 2
    log(f"torch {torch.__version__}; exporting {', '.join(archs)} to {args.out_dir}, cards to {args.card_dir}")
    failed = []
    for arch in archs:
        try:
            export_one(arch, args, torch)
        except ExportError as e:
            print(str(e), file=sys.stderr)
            if e.code == 2:
                return 2
            failed.append(arch)
    if failed:
        print(f"error: failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    log("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
