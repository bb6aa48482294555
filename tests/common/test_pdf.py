"""The shared PDF base: an embedded Unicode font (DejaVu Sans, with its license) for every app."""

import ast
import io
from pathlib import Path

import pypdf

from intervisie.common import pdf as common_pdf
from intervisie.common.pdf import FONT, FONTS_DIR, new_pdf

NAMES = ["Şükrü Yılmaz-Đorđević", "Ольга Смирнова", "Γιώργος Παπαδόπουλος", "ليلى حسن"]
TYPOGRAPHY = "€ 250,– “aanhalingstekens” ‘enkel’ – en — streepjes…"


def _text(pdf) -> str:
    reader = pypdf.PdfReader(io.BytesIO(bytes(pdf.output())))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_new_pdf_writes_every_script_and_typographic_sign():
    pdf = new_pdf(format="A4")
    pdf.add_page()
    for style in ("", "B"):
        pdf.set_font(FONT, style, 12)
        for line in [*NAMES, TYPOGRAPHY]:
            pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    text = _text(pdf)
    for name in NAMES:
        assert text.count(name) == 2
    assert "“aanhalingstekens” ‘enkel’ – en — streepjes…" in text
    assert "€" in text
    assert "?" not in text


def test_arabic_is_shaped_right_to_left():
    # With text shaping (uharfbuzz) the letters are joined and drawn right to left, so a reader
    # gets them back in their written order; without it they would come out reversed.
    assert common_pdf.HAS_SHAPING
    pdf = new_pdf()
    pdf.add_page()
    pdf.cell(0, 8, "ليلى حسن")
    assert _text(pdf).strip() == "ليلى حسن"


def test_fonts_ship_with_their_license():
    assert sorted(path.name for path in FONTS_DIR.iterdir()) == [
        "DejaVuSans-Bold.ttf",
        "DejaVuSans.ttf",
        "LICENSE",
    ]
    license_text = (FONTS_DIR / "LICENSE").read_text()
    assert "Bitstream Vera Fonts Copyright" in license_text
    assert "Arev Fonts Copyright" in license_text


def test_common_pdf_imports_no_app():
    tree = ast.parse(Path(common_pdf.__file__).read_text())
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not [name for name in imported if name and name.startswith("intervisie")]
