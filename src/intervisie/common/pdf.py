"""PDFs with an embedded Unicode font, for every app that makes one (evidence now; quotes, invoices and
reports later).

fpdf2's built-in fonts (Helvetica, Courier) only know Windows-1252: "Yılmaz" loses its ı, "Đorđević"
its Đ, and Cyrillic, Greek or Arabic names become "?". So every PDF embeds DejaVu Sans (regular and
bold; Bitstream Vera license, see fonts/LICENSE), which covers Latin with every accent, Greek,
Cyrillic, Arabic and Hebrew, and has €, typographic quotes and dashes. fpdf2 embeds only the glyphs a
document uses, so a PDF grows by some tens of kilobytes, not by the 1.4 MB of the font files.

Arabic and Hebrew need text shaping (joined letters, right to left) from uharfbuzz. It is turned on
when uharfbuzz is installed; without it those letters still print, but unjoined and left to right.
Loading the two fonts takes about a tenth of a second per document.

This module imports no app.
"""

import importlib.util
from pathlib import Path

from fpdf import FPDF

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"  # use as pdf.set_font(FONT, "" or "B", size)
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
HAS_SHAPING = importlib.util.find_spec("uharfbuzz") is not None


def register_fonts(pdf: FPDF) -> FPDF:
    """Add the Unicode font (regular and bold) to ``pdf``, turn on text shaping when possible and
    select the font, so no text can fall back to a core font."""
    for style, filename in FONT_FILES.items():
        pdf.add_font(FONT, style, str(FONTS_DIR / filename))
    if HAS_SHAPING:
        pdf.set_text_shaping(True)
    pdf.set_font(FONT, "", 10)
    return pdf


class UnicodePDF(FPDF):
    """An FPDF with the Unicode font registered and selected. Subclass it for a document type."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        register_fonts(self)


def new_pdf(**kwargs) -> UnicodePDF:
    """A ready-to-use document: ``new_pdf(format="A4")``; the arguments are FPDF's."""
    return UnicodePDF(**kwargs)
