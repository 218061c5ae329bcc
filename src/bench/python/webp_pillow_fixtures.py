#!/usr/bin/env python3
"""Lossy WebP pictures and Pillow's decoding of them, for WebpPillowBench (docs/inputs.md, BENCHMARKS.md §12).

Usage, from the project root (needs numpy and Pillow):
  python3 src/bench/python/webp_pillow_fixtures.py --out /tmp/webp-measure

For each picture, at Pillow's default quality 80 and at 95: NAME.qQ.webp (encoded by Pillow) and
NAME.qQ.webp.rgb (Pillow's decoding, raw interleaved RGB rows). Pictures: RGB and greyscale test
pictures of src/test/resources/pil/images (synthetic, with hard colour edges), and three demo
pictures upscaled to 256 x 256 and tinted (smooth, photo-like). Also formats-lossy.webp, the
format corpus' lossy fixture, with Pillow's decoding.
"""
import argparse
import os
import shutil

import numpy as np
from PIL import Image

PIL_IMAGES = os.path.join("src", "test", "resources", "pil", "images")
NAMES = ["rgb_300x225.png", "jpeg420_128x128.jpg", "jpeg444_128x128.jpg", "rgb_37x23.png", "grey_257x131.png"]
DEMO = os.path.join("src", "demo", "real")


def write(out, name, rgb):
    for q in (80, 95):
        f = os.path.join(out, f"{name}.q{q}.webp")
        Image.fromarray(rgb).save(f, "WEBP", quality=q)
        reference(f, f + ".rgb")


def reference(webp, rgb_file):
    with open(rgb_file, "wb") as fh:
        fh.write(np.asarray(Image.open(webp).convert("RGB")).tobytes())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    out = ap.parse_args().out
    os.makedirs(out, exist_ok=True)
    for n in NAMES:
        write(out, n, np.asarray(Image.open(os.path.join(PIL_IMAGES, n)).convert("RGB")))
    for i, n in enumerate(sorted(os.listdir(DEMO))[:3]):
        g = np.asarray(Image.open(os.path.join(DEMO, n)).convert("L").resize((256, 256), Image.BILINEAR),
                       dtype=np.float32)
        write(out, f"demo{i}_256", np.clip(np.rint(g[:, :, None] * np.array([1.0, 0.7, 0.45])), 0, 255)
              .astype(np.uint8))
    lossy = os.path.join(out, "formats-lossy.webp")
    shutil.copy(os.path.join("src", "test", "resources", "formats", "lossy.webp"), lossy)
    reference(lossy, lossy + ".rgb")


if __name__ == "__main__":
    main()
