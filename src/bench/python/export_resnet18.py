#!/usr/bin/env python3
"""Exports a ResNet-18-sized feature model for the scoring benchmark (BENCHMARKS.md).

ResNet-18 (He et al. 2016, the torchvision layout: 7x7/2 stem, max-pool, 4 stages of 2 BasicBlocks
with 64/128/256/512 channels, global average pool) written in plain torch, because torchvision is
not installed. Weights are random (Kaiming init, seeded); BatchNorm running statistics are set by
a few training-mode passes over random inputs so that eval-mode activations stay in a sane range.
The model returns the pooled 512-d feature. It is put in eval mode, traced on a 1x3x224x224 input
and frozen (torch.jit.freeze also folds BatchNorm into the convolutions), then saved to
target/bench/resnet18.pt with a model card target/bench/resnet18.conf (sha256 included) next to
it. Neither file is committed: the weights are meaningless; only the compute cost matters.

Usage, from the project root:  python3 src/bench/python/export_resnet18.py [--out target/bench]
"""
import argparse
import hashlib
from pathlib import Path

import torch
from torch import nn


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        identity = x if self.down is None else self.down(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class ResNet18Features(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(inplace=True),
            nn.MaxPool2d(3, 2, 1))
        layers = []
        cin = 64
        for cout, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
            layers += [BasicBlock(cin, cout, stride), BasicBlock(cout, cout, 1)]
            cin = cout
        self.layers = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x):
        return torch.flatten(self.pool(self.layers(self.stem(x))), 1)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


CARD = """# Model card written by src/bench/python/export_resnet18.py: benchmark model, not committed.
name = "resnet18-random"
file = "resnet18.pt"   # relative to this card
sha256 = "{sha}"
channels = 3
resize = 256       # shorter side to 256, then a 224x224 center crop (the ImageNet recipe)
crop = 224
mean = [0.485, 0.456, 0.406]
std = [0.229, 0.224, 0.225]
feature_dim = 512
batch_size = 32
licence = "none: random weights (seed 0), for timing only"
description = "ResNet-18 layout in plain torch, random Kaiming weights, BN stats from random inputs; traced + frozen (BN folded); {params} parameters; pooled 512-d feature."
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="target/bench")
    args = ap.parse_args()
    torch.manual_seed(0)
    net = ResNet18Features()
    params = sum(p.numel() for p in net.parameters())
    net.train()
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.momentum = None  # cumulative average over the calibration passes
    with torch.no_grad():
        for _ in range(4):
            net(torch.rand(8, 3, 224, 224))
    net.eval()
    with torch.no_grad():
        ts = torch.jit.freeze(torch.jit.trace(net, torch.rand(1, 3, 224, 224)))
        x = torch.rand(4, 3, 224, 224)
        assert torch.allclose(ts(x), net(x), rtol=1e-4, atol=1e-5)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pt = out / "resnet18.pt"
    ts.save(str(pt))
    digest = sha256(pt)
    (out / "resnet18.conf").write_text(CARD.format(sha=digest, params=params))
    print(f"wrote {pt} ({pt.stat().st_size / 1e6:.1f} MB, {params} parameters, sha256 {digest}) and {out / 'resnet18.conf'}")


if __name__ == "__main__":
    main()
