#!/usr/bin/env python3
"""Writes the sample-archive fixtures of src/test/resources/archives (needs numpy, Pillow, pyarrow).

Run from the repository root: python3 src/test/python/make_archive_fixtures.py

The pictures are demo images (src/demo/generated/pca-4, 28x28 greyscale) made RGB with a tint:
- shard-000000.tar: a WebDataset shard, samples 000000..000003 with .png/.jpg/.webp/.PNG images
  and .cls/.json members that are not images;
- hf-images.parquet: a Hugging Face `Image` column (struct<bytes: binary, path: string>) and a label;
- savez.npz (np.savez, stored): arr_0 uint8 [5, 28, 28, 3] and arr_1 int64 labels [5];
- savez_compressed.npz (np.savez_compressed): images float32 [3, 28, 28] in [0, 1];
- single.npy: uint8 [2, 28, 28, 1];
- for every array image, <file>.<array>.<index>.png written by Pillow from the same array (float
  arrays as round(x * 255)): the pixels the Java side must decode the array image to.
"""
import io
import json
import os
import tarfile

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from PIL import Image

DEMO = os.path.join("src", "demo", "generated", "pca-4")
OUT = os.path.join("src", "test", "resources", "archives")


def pictures(n):
    names = sorted(f for f in os.listdir(DEMO) if f.endswith(".png"))[:n]
    out = []
    for i, name in enumerate(names):
        g = np.asarray(Image.open(os.path.join(DEMO, name)).convert("L"), dtype=np.uint8)
        rgb = np.stack([g, (g.astype(int) * (i + 1) % 256).astype(np.uint8), 255 - g], axis=-1)
        out.append(rgb)
    return out


def encoded(rgb, fmt):
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, fmt)
    return buf.getvalue()


def reference(path, array, index, hwc):
    Image.fromarray(hwc.squeeze(-1) if hwc.ndim == 3 and hwc.shape[-1] == 1 else hwc).save(
        f"{path}.{array}.{index}.png")


def main():
    os.makedirs(OUT, exist_ok=True)
    pics = pictures(5)

    with tarfile.open(os.path.join(OUT, "shard-000000.tar"), "w") as tar:
        members = [("000000.png", encoded(pics[0], "PNG")), ("000000.cls", b"3"),
                   ("000001.jpg", encoded(pics[1], "JPEG")), ("000001.json", json.dumps({"seed": 1}).encode()),
                   ("000002.webp", encoded(pics[2], "WEBP")), ("sub dir/000003.PNG", encoded(pics[3], "PNG"))]
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))

    image_type = pa.struct([("bytes", pa.binary()), ("path", pa.string())])
    images = pa.array([{"bytes": encoded(p, "PNG"), "path": f"img_{i:03d}.png"} for i, p in enumerate(pics[:4])],
                      type=image_type)
    pq.write_table(pa.table({"image": images, "label": pa.array([0, 1, 2, 3], pa.int64())}),
                   os.path.join(OUT, "hf-images.parquet"))

    stack = np.stack(pics)
    path = os.path.join(OUT, "savez.npz")
    np.savez(path, stack, np.arange(5, dtype=np.int64))
    for i in range(5):
        reference(path, "arr_0", i, stack[i])

    floats = (stack[:3, :, :, 0].astype(np.float32) / 255.0)
    path = os.path.join(OUT, "savez_compressed.npz")
    np.savez_compressed(path, images=floats)
    for i in range(3):
        reference(path, "images", i, np.round(floats[i] * 255).astype(np.uint8)[:, :, None])

    single = stack[:2, :, :, 1:2].copy()
    path = os.path.join(OUT, "single.npy")
    np.save(path, single)
    for i in range(2):
        reference(path, "npy", i, single[i])


if __name__ == "__main__":
    main()
