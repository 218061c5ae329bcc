#!/usr/bin/env python3
"""Writes the image-format corpus of src/test/resources/formats (needs Pillow and numpy).

Run from the repository root: python3 src/test/python/make_format_fixtures.py

Every file holds the same small synthetic picture (a colour gradient with a few hard edges), in one
format or variant that ascore must read. For the lossless ones, the pixels Pillow decodes are
written next to them as <file>.rgb (or .rgba): raw interleaved uint8 rows, the reference the Java
tests compare the decoded pixels against (exactly for the lossless files; the lossy ones' references
bound how far another JPEG/WebP decoder may be from Pillow's). The YCCK JPEG is written by ImageMagick when `magick` or a
real `convert` is on the PATH (Pillow cannot write YCCK); otherwise the existing file is kept.
"""
import os
import shutil
import subprocess

import numpy as np
from PIL import Image

OUT = os.path.join("src", "test", "resources", "formats")
W, H = 40, 28


def picture():
    y, x = np.mgrid[0:H, 0:W]
    rgb = np.stack([x * 255 // (W - 1), y * 255 // (H - 1), (x * y) % 256], axis=-1).astype(np.uint8)
    rgb[4:10, 6:18] = (250, 20, 30)
    rgb[15:25, 22:36] = (10, 200, 90)
    return rgb


def reference(path):
    """The pixels Pillow decodes, as raw RGB (or RGBA when the file has alpha)."""
    with Image.open(path) as im:
        mode = "RGBA" if "A" in im.getbands() else "RGB"
        arr = np.asarray(im.convert(mode))
    ext = ".rgba" if mode == "RGBA" else ".rgb"
    arr.tofile(path + ext)


def main():
    os.makedirs(OUT, exist_ok=True)
    rgb = picture()
    img = Image.fromarray(rgb, "RGB")
    alpha = Image.fromarray(((np.arange(W)[None, :] * 6 + np.arange(H)[:, None] * 3) % 256).astype(np.uint8), "L")
    rgba = img.copy()
    rgba.putalpha(alpha)

    def out(name):
        return os.path.join(OUT, name)

    # Lossy WebP of a smooth picture: on the checkerboard-like blue channel, decoders that upsample
    # chroma differently (libwebp's "fancy" filter) disagree by tens of levels per sample.
    smooth = rgb.copy()
    smooth[..., 2] = (np.mgrid[0:H, 0:W][0] * 4 + np.mgrid[0:H, 0:W][1] * 3).astype(np.uint8)
    Image.fromarray(smooth, "RGB").save(out("lossy.webp"), "WEBP", quality=90)
    img.save(out("lossless.webp"), "WEBP", lossless=True)
    rgba.save(out("alpha-lossless.webp"), "WEBP", lossless=True)
    img.save(out("deflate.tif"), "TIFF", compression="tiff_adobe_deflate")
    img.save(out("lzw.tiff"), "TIFF", compression="tiff_lzw")
    img.save(out("rgb24.bmp"), "BMP")
    img.convert("P", palette=Image.ADAPTIVE, colors=16).save(out("palette8.bmp"), "BMP")
    img.convert("CMYK").save(out("cmyk.jpg"), "JPEG", quality=95)
    img.save(out("upper.PNG"), "PNG")
    img.save(out("mixed.JpG"), "JPEG", quality=95)
    img.save(out("plain.gif"), "GIF")
    for lossless in ("lossless.webp", "alpha-lossless.webp", "deflate.tif", "lzw.tiff", "rgb24.bmp",
                     "palette8.bmp", "upper.PNG", "plain.gif"):
        reference(out(lossless))

    magick = shutil.which("magick")
    convert = shutil.which("convert")
    tool = [magick] if magick else ([convert] if convert and b"ImageMagick" in subprocess.run(
        [convert, "-version"], capture_output=True).stdout else None)
    if tool:
        src = out("ycck-source.png")
        img.save(src)
        # CMYK stored as YCCK: libjpeg's J_COLOR_SPACE 5 (JCS_YCCK), with an Adobe marker of transform 2.
        subprocess.run(tool + [src, "-colorspace", "CMYK", "-define", "jpeg:colorspace=5", "-quality", "95",
                               out("ycck.jpg")], check=True)
        os.remove(src)
    for lossy in ("lossy.webp", "cmyk.jpg", "mixed.JpG", "ycck.jpg"):
        if os.path.exists(out(lossy)):
            reference(out(lossy))


if __name__ == "__main__":
    main()
