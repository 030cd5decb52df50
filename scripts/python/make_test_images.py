#!/usr/bin/env python3
"""Writes the deterministic fixture images of test/fixtures/images/.

Each image mixes smooth gradients, hard-edged shapes and seeded noise, so that any difference in
decoding, colour conversion or resizing shows up in the pixels. The set covers the decoder paths the
engine must match (see IMAGES below): baseline JPEG, JPEG with EXIF orientation 6, CMYK JPEG, PNG RGB /
RGBA (partial alpha) / palette with and without transparency / grayscale / 16-bit RGB, WebP and GIF;
sizes from 40x30 to 700x500, very wide and very tall, and one image already at a 28-multiple size
inside the pixel limits (the processor's resize is then the identity).

Usage: python scripts/python/make_test_images.py [--out test/fixtures/images]
"""

import argparse
import io
import os
import struct
import sys
import zlib

import numpy as np
from PIL import Image, ImageDraw

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MAX_BYTES = 60 * 1024


def base_rgb(width: int, height: int, seed: int, noise: float, noise_area: float = 1.0) -> np.ndarray:
    """float RGB in [0, 255]: gradients + sinusoidal ripple + shapes + gaussian noise.

    `noise_area` < 1 confines the noise to a centred rectangle of that share of the image (keeps
    lossless files small while still giving the resizer high frequencies to get wrong).
    """
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    u, v = x / max(width - 1, 1), y / max(height - 1, 1)
    phase = rng.uniform(0, 2 * np.pi, size=3)
    r = 255 * (0.15 + 0.7 * u) + 25 * np.sin(7 * v * np.pi + phase[0])
    g = 255 * (0.2 + 0.6 * v) + 25 * np.sin(5 * u * np.pi + phase[1])
    b = 255 * (0.85 - 0.6 * (u + v) / 2) + 30 * np.sin(9 * (u - v) * np.pi + phase[2])
    rgb = np.stack([r, g, b], axis=-1)

    shapes = Image.new("RGB", (width, height), (0, 0, 0))
    mask = Image.new("L", (width, height), 0)
    draw, mdraw = ImageDraw.Draw(shapes), ImageDraw.Draw(mask)
    for _ in range(6):
        x0, y0 = rng.integers(0, width), rng.integers(0, height)
        w = int(rng.integers(max(2, width // 10), max(3, width // 3)))
        h = int(rng.integers(max(2, height // 10), max(3, height // 3)))
        color = tuple(int(c) for c in rng.integers(0, 256, 3))
        box = [int(x0), int(y0), int(x0 + w), int(y0 + h)]
        if rng.random() < 0.5:
            draw.ellipse(box, fill=color)
            mdraw.ellipse(box, fill=255)
        else:
            draw.rectangle(box, fill=color)
            mdraw.rectangle(box, fill=255)
    for _ in range(3):
        pts = [tuple(int(p) for p in (rng.integers(0, width), rng.integers(0, height))) for _ in range(2)]
        color = tuple(int(c) for c in rng.integers(0, 256, 3))
        width_px = int(rng.integers(1, 4))
        draw.line(pts, fill=color, width=width_px)
        mdraw.line(pts, fill=255, width=width_px)
    alpha = np.asarray(mask, dtype=np.float64)[..., None] / 255
    rgb = rgb * (1 - alpha) + np.asarray(shapes, dtype=np.float64) * alpha
    noise_values = rng.normal(0, noise, size=rgb.shape)
    if noise_area < 1.0:
        side = np.sqrt(noise_area)
        inside = (np.abs(u - 0.5) <= side / 2) & (np.abs(v - 0.5) <= side / 2)
        noise_values *= inside[..., None]
    rgb += noise_values
    return np.clip(rgb, 0, 255)


def to_u8(values: np.ndarray) -> np.ndarray:
    return np.clip(np.round(values), 0, 255).astype(np.uint8)


def png_rgb16(width: int, height: int, seed: int) -> bytes:
    """A 16-bit-per-channel RGB PNG written by hand (Pillow cannot write RGB at 16 bits).

    Low bytes are not copies of the high bytes, so 16 -> 8 bit reduction (truncate vs round) shows.
    """
    # The unrounded float gradient gives low bytes that are not copies of the high bytes.
    values = base_rgb(width, height, seed, noise=6.0, noise_area=0.1) / 255 * 65535
    data = np.clip(np.round(values), 0, 65535).astype(">u2")
    raw = b"".join(b"\x00" + data[row].tobytes() for row in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 16, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def jpeg_baseline(w, h, seed):
    return encode(Image.fromarray(to_u8(base_rgb(w, h, seed, 4.0))), "JPEG", quality=85, progressive=False)


def jpeg_exif_orientation6(w, h, seed):
    # Stored landscape; orientation 6 means "rotate 90 degrees clockwise to display" (portrait).
    exif = Image.Exif()
    exif[0x0112] = 6
    image = Image.fromarray(to_u8(base_rgb(w, h, seed, 4.0)))
    return encode(image, "JPEG", quality=85, exif=exif.tobytes())


def jpeg_cmyk(w, h, seed):
    # Half under-colour removal, so K is not zero (Pillow's own RGB -> CMYK leaves K at 0) and a
    # decoder's CMYK -> RGB formula matters.
    rgb = base_rgb(w, h, seed, 3.0) / 255
    k = 0.5 * (1 - rgb.max(axis=-1, keepdims=True))
    cmy = (1 - rgb - k) / (1 - k)
    cmyk = np.concatenate([cmy, k], axis=-1) * 255
    return encode(Image.fromarray(to_u8(cmyk), "CMYK"), "JPEG", quality=90)


def png_rgb(w, h, seed):
    return encode(Image.fromarray(to_u8(base_rgb(w, h, seed, 6.0, noise_area=0.08))), "PNG", optimize=True)


def png_rgba(w, h, seed):
    rgb = to_u8(base_rgb(w, h, seed, 6.0, noise_area=0.15))
    y, x = np.mgrid[0:h, 0:w]
    alpha = np.clip(255 * (x / (w - 1)) * 1.4 - 40, 0, 255)
    alpha[(y // 20 + x // 20) % 5 == 0] = 0  # fully transparent squares that still carry colour
    alpha[: h // 6] = 255
    rgba = np.concatenate([rgb, to_u8(alpha)[..., None]], axis=-1)
    return encode(Image.fromarray(rgba, "RGBA"), "PNG", optimize=True)


def png_palette(w, h, seed):
    image = Image.fromarray(to_u8(base_rgb(w, h, seed, 3.0))).quantize(colors=64, dither=Image.Dither.NONE)
    return encode(image, "PNG", optimize=True)


def png_palette_transparent(w, h, seed):
    image = Image.fromarray(to_u8(base_rgb(w, h, seed, 3.0))).quantize(colors=48, dither=Image.Dither.NONE)
    counts = np.bincount(np.asarray(image).ravel(), minlength=48)
    return encode(image, "PNG", transparency=int(np.argmax(counts)), optimize=True)


def png_gray(w, h, seed):
    return encode(Image.fromarray(to_u8(base_rgb(w, h, seed, 6.0, noise_area=0.3))).convert("L"), "PNG", optimize=True)


def webp(w, h, seed):
    return encode(Image.fromarray(to_u8(base_rgb(w, h, seed, 3.0))), "WEBP", quality=80, method=4)


def gif(w, h, seed):
    image = Image.fromarray(to_u8(base_rgb(w, h, seed, 2.0))).quantize(colors=128, dither=Image.Dither.NONE)
    return encode(image, "GIF")


def rgb16(w, h, seed):
    return png_rgb16(w, h, seed)


# name, file, writer, (width, height) as stored
IMAGES = [
    ("jpeg_baseline", "jpeg_baseline_640x480.jpg", jpeg_baseline, (640, 480)),
    ("jpeg_large", "jpeg_large_700x500.jpg", jpeg_baseline, (700, 500)),
    ("jpeg_tiny", "jpeg_tiny_40x30.jpg", jpeg_baseline, (40, 30)),
    ("jpeg_exif6", "jpeg_exif_orientation6_320x240.jpg", jpeg_exif_orientation6, (320, 240)),
    ("jpeg_cmyk", "jpeg_cmyk_200x160.jpg", jpeg_cmyk, (200, 160)),
    ("png_rgb", "png_rgb_333x222.png", png_rgb, (333, 222)),
    ("png_identity", "png_rgb_identity_224x168.png", png_rgb, (224, 168)),
    ("png_rgba", "png_rgba_256x200.png", png_rgba, (256, 200)),
    ("png_palette", "png_palette_200x150.png", png_palette, (200, 150)),
    ("png_palette_trns", "png_palette_transparent_150x200.png", png_palette_transparent, (150, 200)),
    ("png_gray", "png_gray_180x120.png", png_gray, (180, 120)),
    ("png_rgb16", "png_rgb16_120x90.png", rgb16, (120, 90)),
    ("webp", "webp_400x300.webp", webp, (400, 300)),
    ("gif", "gif_160x120.gif", gif, (160, 120)),
    ("wide", "png_wide_700x60.png", png_rgb, (700, 60)),
    ("tall", "jpeg_tall_64x500.jpg", jpeg_baseline, (64, 500)),
]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(REPO_ROOT, "test", "fixtures", "images"))
    args = parser.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    too_big = []
    for seed, (name, file, writer, (width, height)) in enumerate(IMAGES, start=100):
        data = writer(width, height, seed)
        with open(os.path.join(args.out, file), "wb") as f:
            f.write(data)
        with Image.open(io.BytesIO(data)) as check:
            info = f"{check.format} {check.mode} {check.size}"
        print(f"{file}: {len(data)} bytes, {info}")
        if len(data) > MAX_BYTES:
            too_big.append(file)
    if too_big:
        print(f"over {MAX_BYTES} bytes: {too_big}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
