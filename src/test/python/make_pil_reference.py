#!/usr/bin/env python3
"""Build-time helper for ascore: writes the image fixtures and the PIL/torchvision reference outputs
that PilReferenceTest compares ascore's Preprocessor with. Python is NOT needed to build or test
ascore; the outputs of this script are committed.

Run from the repository root (needs pillow and numpy only):

    python3 src/test/python/make_pil_reference.py

Outputs, under src/test/resources/pil/:
  images/*.png, *.jpg   small fixtures: odd sizes, grey, 16-bit grey (I;16) and 16-bit RGB, palette
                        with and without transparency, RGBA, LA, EXIF orientation, JPEG 4:2:0/4:2:2/
                        4:4:4, grey JPEG, CMYK JPEG
  expected/*.npy        uint8 arrays (channels, crop, crop): what the reference pipeline gives before
                        ToTensor's division by 255
  cases.csv             image, channels, resize, crop, expected file, largest difference allowed in
                        levels (0 for PNG: exact; for JPEG the measured difference of the decoders)

The reference pipeline is the one reference features are computed with (pytorch-fid style):

    Image.open(f).convert("RGB" or "L")          # no ImageOps.exif_transpose
    torchvision.transforms.Resize(resize)        # shorter side, BILINEAR, PIL's antialiasing
    torchvision.transforms.CenterCrop(crop)
    torchvision.transforms.ToTensor()            # uint8 / 255

torchvision is not imported (its wheels here need CUDA): `resize` and `center_crop` below are its
size and offset arithmetic (torchvision.transforms.functional._compute_resized_output_size and
center_crop), and the resampling itself is PIL's Image.resize, which is what torchvision calls for
PIL images.
"""
import csv
import io
import os
import struct
import zlib

import numpy as np
import PIL
from PIL import Image

ROOT = os.path.join("src", "test", "resources", "pil")
IMAGES = os.path.join(ROOT, "images")
EXPECTED = os.path.join(ROOT, "expected")


def resize(img, size):
    """torchvision Resize(size) for an int size on a PIL image."""
    w, h = img.size
    short, long = (w, h) if w <= h else (h, w)
    new_short, new_long = size, int(size * long / short)
    new_w, new_h = (new_short, new_long) if w <= h else (new_long, new_short)
    if (new_w, new_h) == (w, h):
        return img
    return img.resize((new_w, new_h), Image.BILINEAR)


def center_crop(img, crop):
    """torchvision CenterCrop(crop) when the image is at least crop in both sides."""
    w, h = img.size
    top = int(round((h - crop) / 2.0))
    left = int(round((w - crop) / 2.0))
    return img.crop((left, top, left + crop, top + crop))


def reference(path, channels, size, crop):
    with Image.open(path) as img:
        converted = img.convert("L" if channels == 1 else "RGB")
    out = np.asarray(center_crop(resize(converted, size), crop), dtype=np.uint8)
    return out[None, :, :] if out.ndim == 2 else out.transpose(2, 0, 1)


def photo(w, h, seed):
    """Photo-like RGB: smooth gradients, a hard-edged disc, fine stripes and noise, so that every
    rounding difference of a resampler shows."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    u, v = x / w, y / h
    r = 255 * u
    g = 255 * (0.5 + 0.5 * np.sin(6 * v + 3 * u))
    b = 255 * (1 - u * v)
    disc = np.hypot(u - 0.4, v - 0.55) < 0.22
    r, g, b = np.where(disc, 250 - 0.3 * r, r), np.where(disc, 20 + 0.2 * g, g), np.where(disc, 60, b)
    stripes = (x.astype(int) // 2 + y.astype(int) // 3) % 2 == 0
    b = np.where(stripes & (u > 0.7), 255 - b, b)
    rgb = np.stack([r, g, b], axis=-1) + rng.normal(0, 6, (h, w, 3))
    return np.clip(np.rint(rgb), 0, 255).astype(np.uint8)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def write_png16_rgb(path, rgb16):
    """A 16-bit RGB PNG, written by hand because Pillow cannot save one."""
    h, w, _ = rgb16.shape
    raw = b"".join(b"\0" + rgb16[y].astype(">u2").tobytes() for y in range(h))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0)))
        f.write(png_chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(png_chunk(b"IEND", b""))


def orientation(value):
    exif = Image.Exif()
    exif[0x0112] = value
    return exif


def make_images():
    os.makedirs(IMAGES, exist_ok=True)
    p = lambda name: os.path.join(IMAGES, name)
    Image.fromarray(photo(300, 225, 1)).save(p("rgb_300x225.png"))
    Image.fromarray(photo(37, 23, 2)).save(p("rgb_37x23.png"))
    Image.fromarray(photo(257, 131, 3)).convert("L").save(p("grey_257x131.png"))
    # 16-bit grey reaching past 255 in most pixels: Pillow's I;16 → L/RGB conversion clips them.
    grey16 = photo(97, 61, 4)[:, :, 1].astype(np.uint16) * 3
    Image.fromarray(grey16).save(p("grey16_97x61.png"))
    rgb16 = photo(64, 48, 5).astype(np.uint16) * 257 - np.random.default_rng(5).integers(0, 200, (48, 64, 3))
    write_png16_rgb(p("rgb16_64x48.png"), np.clip(rgb16, 0, 65535).astype(np.uint16))
    pal = Image.fromarray(photo(80, 60, 6)).quantize(64)
    pal.save(p("palette_80x60.png"))
    pal.save(p("palette_trns_80x60.png"), transparency=bytes([0] * 16 + [128] * 16 + [255] * 32))
    rgba = photo(71, 53, 7)
    alpha = np.tile(np.linspace(0, 255, 71).astype(np.uint8), (53, 1))
    Image.fromarray(np.dstack([rgba, alpha]), "RGBA").save(p("rgba_71x53.png"))
    la = np.dstack([photo(45, 90, 8)[:, :, 0], np.tile(np.linspace(255, 0, 45).astype(np.uint8), (90, 1))])
    Image.fromarray(la, "LA").save(p("la_45x90.png"))
    # EXIF orientation 6 (rotate 90° clockwise to view): the reference pipeline does not apply it.
    Image.fromarray(photo(60, 40, 9)).save(p("exif6_60x40.png"), exif=orientation(6))
    Image.fromarray(photo(60, 40, 9)).save(p("exif6_60x40.jpg"), quality=95, exif=orientation(6))
    for name, subsampling in (("420", 2), ("422", 1), ("444", 0)):
        Image.fromarray(photo(128, 128, 10)).save(p(f"jpeg{name}_128x128.jpg"), quality=90, subsampling=subsampling)
    Image.fromarray(photo(128, 128, 11)).convert("L").save(p("jpeggrey_128x128.jpg"), quality=90)
    # Partial MCUs at both edges, coarse quantisation; progressive with restart markers.
    Image.fromarray(photo(75, 53, 13)).save(p("jpeg420q50_75x53.jpg"), quality=50, subsampling=2)
    Image.fromarray(photo(97, 64, 14)).save(p("jpegprogressive_97x64.jpg"), quality=80, progressive=True,
                                            restart_marker_blocks=3)
    cmyk = Image.fromarray(photo(128, 128, 12)).convert("CMYK")
    cmyk.save(p("cmyk_128x128.jpg"), quality=95)


# (image, [(channels, resize, crop), ...]). Together: down- and upscaling, both shorter sides, the
# image already at the target size, grey from colour, centre offsets that round half to even both
# ways ((300 - 201) / 2 = 49.5 → 50, (300 - 203) / 2 = 48.5 → 48).
CASES = [
    ("rgb_300x225.png", [(3, 224, 224), (3, 128, 112), (3, 64, 56), (1, 32, 28), (3, 256, 224),
                         (3, 225, 201), (3, 225, 203), (1, 100, 99)]),
    ("rgb_37x23.png", [(3, 50, 40), (1, 64, 63), (3, 23, 23), (3, 10, 9)]),
    ("grey_257x131.png", [(1, 100, 96), (3, 131, 129), (1, 300, 280), (3, 33, 32)]),
    ("grey16_97x61.png", [(1, 61, 61), (3, 40, 36)]),
    ("rgb16_64x48.png", [(3, 48, 48), (3, 32, 30), (1, 48, 47)]),
    ("palette_80x60.png", [(3, 60, 60), (1, 40, 32)]),
    ("palette_trns_80x60.png", [(3, 60, 60), (3, 50, 48)]),
    ("rgba_71x53.png", [(3, 53, 53), (3, 40, 32), (1, 53, 51)]),
    ("la_45x90.png", [(1, 45, 45), (3, 30, 28)]),
    ("exif6_60x40.png", [(3, 40, 40), (3, 40, 31)]),
    ("exif6_60x40.jpg", [(3, 40, 40)]),
    ("jpeg420_128x128.jpg", [(3, 128, 128), (3, 100, 96), (1, 128, 128)]),
    ("jpeg422_128x128.jpg", [(3, 128, 128)]),
    ("jpeg444_128x128.jpg", [(3, 128, 128)]),
    ("jpeggrey_128x128.jpg", [(1, 128, 128), (3, 64, 60)]),
    ("jpeg420q50_75x53.jpg", [(3, 53, 53), (3, 40, 37)]),
    ("jpegprogressive_97x64.jpg", [(3, 64, 64), (1, 50, 48)]),
    ("cmyk_128x128.jpg", [(3, 128, 128), (3, 100, 96)]),
]

# Largest difference in levels that PilReferenceTest allows, per image: the PNG decoders agree
# exactly, JPEG decoders do not (see docs/preprocessing.md; measured with the JDK 17 reader against
# the Pillow named in cases.csv).
JPEG_TOLERANCE = {
    "exif6_60x40.jpg": 0,
    "jpeg420_128x128.jpg": 0,
    "jpeg422_128x128.jpg": 0,
    "jpeg444_128x128.jpg": 0,
    "jpeggrey_128x128.jpg": 0,
    "jpeg420q50_75x53.jpg": 0,
    "jpegprogressive_97x64.jpg": 0,
    "cmyk_128x128.jpg": 0,
}


def main():
    make_images()
    os.makedirs(EXPECTED, exist_ok=True)
    rows = []
    for image, settings in CASES:
        for channels, size, crop in settings:
            name = f"{image.replace('.', '_')}_{channels}_{size}_{crop}.npy"
            np.save(os.path.join(EXPECTED, name), reference(os.path.join(IMAGES, image), channels, size, crop))
            rows.append([image, channels, size, crop, name, JPEG_TOLERANCE.get(image, 0)])
    with open(os.path.join(ROOT, "cases.csv"), "w", newline="") as f:
        f.write(f"# written by src/test/python/make_pil_reference.py with Pillow {PIL.__version__}, "
                f"numpy {np.__version__}\n")
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["image", "channels", "resize", "crop", "expected", "max_diff"])
        writer.writerows(rows)


if __name__ == "__main__":
    main()
