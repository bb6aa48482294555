"""Drawing a page of a PDF with pdftoppm (poppler), as a person's PDF reader would: the PDF tests check
that the page draws at all and at A4 size. To look at a page, render it to a file of your own with
``render_pdf_page`` and open the PNG."""

import shutil
import subprocess
from pathlib import Path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# A4 at 60 dpi: 210 × 297 mm is 497 × 702 pixels (pdftoppm rounds up).
A4_AT_60_DPI = (497, 702)


def render_pdf_page(pdf: Path, target: Path, *, page: int = 1, dpi: int = 60) -> Path:
    """Draw page ``page`` of the PDF file ``pdf`` into ``target`` with ".png" added; returns that path.
    Fails (CalledProcessError) when poppler cannot open or draw it."""
    subprocess.run(  # noqa: S603 - a fixed program with our own arguments, no shell
        [
            shutil.which("pdftoppm"),
            "-png",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(target),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    png = target.with_name(target.name + ".png")
    assert png.exists(), f"pdftoppm drew nothing for {pdf}"
    return png


def render_first_page(content: bytes, directory: Path, *, dpi: int = 60) -> bytes:
    """The first page of the PDF ``content`` as a PNG image (its bytes), drawn in ``directory`` (a test's
    ``tmp_path``)."""
    source = directory / "document.pdf"
    source.write_bytes(content)
    png = render_pdf_page(source, directory / "page", dpi=dpi).read_bytes()
    assert png.startswith(PNG_SIGNATURE)
    return png


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the PNG's IHDR chunk."""
    assert png.startswith(PNG_SIGNATURE)
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
