"""Images a submission shows (an organisation's logo), read from inside the project.

An image is read once, here, and travels in the document model as bytes:
the DOCX embeds them and the PDF gets a ``data:`` URL, so WeasyPrint never
needs to open a file of the project for it.
"""

from __future__ import annotations

from pathlib import Path

from .paths import PathProblem, confined, read_limited
from .records import Record

MAX_IMAGE_BYTES = 5 * 1024 * 1024
_KINDS = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


class Asset(Record, frozen=True):
    src: str  # as written, relative to the project
    data: bytes
    mime: str
    width_px: int
    height_px: int


# Every image file read since ``forget_files_read``: a target's inputs for ``--all`` include them.
_files_read: set[Path] = set()


def files_read() -> set[Path]:
    return set(_files_read)


def forget_files_read() -> None:
    _files_read.clear()


def load_asset(root: Path, src: str, where: str = "the project") -> Asset:
    """The PNG or JPEG image ``src`` names; raises PathProblem with a message for the user.

    ``root`` is the folder of the repository that wrote ``src``: a shared
    repository's logo is its own file, never the main project's of that name.
    """
    path = confined(root, src, where)
    _files_read.add(path)
    data = read_limited(path, MAX_IMAGE_BYTES, src)
    mime = next((m for magic, m in _KINDS.items() if data.startswith(magic)), None)
    if mime is None:
        raise PathProblem(f"'{src}' is not a PNG or JPEG image")
    from docx.image.image import Image  # the parser Word output needs anyway

    try:
        image = Image.from_blob(data)
        width, height = image.px_width, image.px_height
    except Exception:  # a truncated or forged file: its parser's complaint is not ours to show
        raise PathProblem(f"'{src}' is a damaged {mime[6:].upper()} image") from None
    if not (0 < width <= 5000 and 0 < height <= 5000):  # a logo, not a photograph to decode
        raise PathProblem(f"'{src}' has an impossible size ({width}x{height} pixels)")
    return Asset(src, data, mime, width, height)
