#!/usr/bin/env python3
"""Writes the ≥ 1 GB NumPy sample files of BENCHMARKS.md §12 (needs numpy and Pillow).

Usage, from the project root:
  python3 src/bench/python/make_big_npz.py --out /tmp/ascore-big [--n 5500] [--size 256]

Writes OUT/big.npz (np.savez: arr_0, uint8 [N, SIZE, SIZE, 3], stored) and OUT/big_compressed.npz
(np.savez_compressed, the same array), as EDM / guided-diffusion sampling scripts save samples.
The images are the demo's real Fashion-MNIST pictures upscaled with Pillow's bilinear filter,
tinted per image, plus Gaussian noise (sigma 4 levels), so that deflate compresses them about as
much as photographs rather than as flat or random arrays.
"""
import argparse
import os

import numpy as np
from PIL import Image

DEMO = os.path.join("src", "demo", "real")


def images(n, size, seed=0):
    rng = np.random.default_rng(seed)
    names = sorted(f for f in os.listdir(DEMO) if f.endswith(".png"))
    bases = [np.asarray(Image.open(os.path.join(DEMO, f)).convert("L").resize((size, size), Image.BILINEAR),
                        dtype=np.float32) for f in names]
    out = np.empty((n, size, size, 3), dtype=np.uint8)
    for i in range(n):
        g = bases[i % len(bases)]
        tint = rng.uniform(0.4, 1.0, size=3).astype(np.float32)
        rgb = g[:, :, None] * tint + rng.normal(0, 4, size=(size, size, 3)).astype(np.float32)
        out[i] = np.clip(np.rint(rgb), 0, 255).astype(np.uint8)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--n", type=int, default=5500)
    ap.add_argument("--size", type=int, default=256)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    arr = images(a.n, a.size)
    np.savez(os.path.join(a.out, "big.npz"), arr)
    np.savez_compressed(os.path.join(a.out, "big_compressed.npz"), arr)
    for f in ("big.npz", "big_compressed.npz"):
        print(f, os.path.getsize(os.path.join(a.out, f)), "bytes")


if __name__ == "__main__":
    main()
