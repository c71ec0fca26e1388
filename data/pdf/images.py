"""Images of the PDFs drawn directly: the firm's logo, a PNG or a JPEG (domain/firm/identity.py accepts only those).

A JPEG goes in as it is (DCTDecode); a PNG is decoded by Pillow and compressed again, its alpha channel becoming a
soft mask (PDF/A-3 allows one). A logo is converted once per process and shared by every document drawing it.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class PdfImage:
    width: int  # pixels
    height: int
    data: bytes
    extra: tuple[tuple[str, object], ...]  # the stream's dictionary
    mask: PdfImage | None = None


def _flate(width: int, height: int, pixels: bytes, space: str) -> PdfImage:
    return PdfImage(width, height, zlib.compress(pixels, 6), (
        ("Type", "/XObject"), ("Subtype", "/Image"), ("Width", width), ("Height", height),
        ("ColorSpace", space), ("BitsPerComponent", 8), ("Filter", "/FlateDecode")))


@lru_cache(maxsize=8)
def pdf_image(content: bytes, mime: str) -> PdfImage:
    """The image as a PDF image XObject; ValueError when Pillow cannot read it."""
    from PIL import Image

    try:
        picture = Image.open(io.BytesIO(content))
        picture.load()
    except Exception as err:  # Pillow raises many kinds for a broken file
        raise ValueError(f"Logo illisible : {err}") from err
    if mime == "image/jpeg" and picture.mode in ("RGB", "L"):
        return PdfImage(picture.width, picture.height, content, (
            ("Type", "/XObject"), ("Subtype", "/Image"), ("Width", picture.width), ("Height", picture.height),
            ("ColorSpace", "/DeviceRGB" if picture.mode == "RGB" else "/DeviceGray"), ("BitsPerComponent", 8),
            ("Filter", "/DCTDecode")))
    alpha = None
    if picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info:
        picture = picture.convert("RGBA")
        alpha = _flate(picture.width, picture.height, picture.getchannel("A").tobytes(), "/DeviceGray")
    rgb = picture.convert("RGB")
    image = _flate(rgb.width, rgb.height, rgb.tobytes(), "/DeviceRGB")
    return PdfImage(image.width, image.height, image.data, image.extra, alpha)
