"""Images as they go into a document: re-encoded from their pixels, with no metadata.

A photo or a scanned diagram carries text nobody sees — EXIF Artist and comments, PNG text chunks,
XMP, GPS position, a JPEG or GIF comment — and pandoc copies an image byte for byte into the .docx,
the .html and the PDF. ``clean`` keeps only the pixels (and transparency), so nothing but the picture
is published. An image too large to decode safely is refused, never decoded.
"""

import io

from scr.errors import ScrError

#: The largest image decoded (pixels): a photo from any camera is well below it; a "decompression
#: bomb" (a tiny file that claims a huge canvas) is refused before memory grows.
MAX_PIXELS = 50_000_000
MAX_BYTES = 20 * 1024 * 1024
FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF", "MPO": "JPEG"}


def from_data_uri(uri, where="image"):
    """The bytes of a ``data:image/…;base64,…`` URI (refused, naming ``where``, when it is not one)."""
    import base64
    import binascii

    head, _, payload = uri.partition(",")
    if not head.startswith("data:image/") or not head.endswith(";base64"):
        raise ScrError(f"{where} is a data: URI that is not a base64 image")
    if len(payload) > MAX_BYTES * 4 // 3 + 4:
        raise ScrError(f"{where} is over {MAX_BYTES // (1024 * 1024)} MB: make it smaller")
    try:
        return base64.b64decode("".join(payload.split()), validate=True)
    except (binascii.Error, ValueError):
        raise ScrError(f"{where} is a data: URI whose base64 cannot be read") from None


def clean(data, where="image"):
    """``(bytes, format)``: the image ``data`` re-encoded from its pixels, without metadata.

    ``format`` is ``PNG``, ``JPEG`` or ``GIF`` (the format it came in). Raises :class:`ScrError`
    naming ``where`` for a file that is not such an image, or is too large.
    """
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_BYTES:
        raise ScrError(f"{where} is {len(data) // (1024 * 1024)} MB: an image in a report may be at most"
                       f" {MAX_BYTES // (1024 * 1024)} MB (make it smaller)")
    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = FORMATS.get(image.format)
            if kind is None:
                raise ScrError(f"{where} is not a PNG, JPEG or GIF image ({image.format})")
            if image.width * image.height > MAX_PIXELS:
                raise ScrError(f"{where} is {image.width}x{image.height} pixels: too large to include"
                               f" (at most {MAX_PIXELS:,} pixels)")
            image.load()
            transparency = image.info.get("transparency")
            pixels = image.copy()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ScrError(f"{where} claims too large a picture to include (at most {MAX_PIXELS:,} pixels)"
                       ": make it smaller") from None
    except UnidentifiedImageError as exc:
        raise ScrError(f"{where} cannot be included: {exc}") from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise ScrError(f"{where} is not a readable image: {exc}") from None
    finally:
        Image.MAX_IMAGE_PIXELS = previous
    pixels.info = {}  # every text chunk, EXIF, XMP, comment and ICC profile goes here
    options = {}
    if kind == "JPEG":
        if pixels.mode not in ("RGB", "L", "CMYK"):
            pixels = pixels.convert("RGB")
        options = {"quality": 95, "exif": b"", "comment": b""}
    elif transparency is not None and kind in ("PNG", "GIF"):
        options["transparency"] = transparency
    out = io.BytesIO()
    pixels.save(out, kind, **options)
    return out.getvalue(), kind
