"""The CJK fonts of the PDFs: a slim serif subset built at setup, the full font behind.

WeasyPrint embeds a subset of every font it uses; subsetting from a 6,800-character
font instead of the 44,000-glyph Noto Serif CJK collection keeps certificates small.
Characters outside the slim font (rare name characters) come from the full font.
"""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SLIM_FAMILY = "College Serif SC"
# Name characters missing from GB2312 that are common enough to keep in the slim font.
NAME_EXTRAS = (
    "喆堃昇赟玥珺旻昱晞晟暐琤琇琨瑄瑢璟璐嫚婳娅媖烜炜焜煜燊"
    "镕钰铖锃镠鋆垚淼犇骉羴鑫森焱磊"
)


def slim_font_path() -> Path:
    return Path(settings.FONT_BUILD_DIR) / "CollegeSerifSC.otf"


def full_font_path() -> Path:
    return Path(settings.CJK_FONT_FILE)


def slim_charset() -> str:
    """GB2312 (its 6,763 hanzi and symbols), ASCII, CJK punctuation and name extras."""
    chars = {chr(c) for c in range(0x20, 0x7F)}
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    chars.update(chr(c) for c in range(0x3000, 0x3040))  # CJK symbols and punctuation
    chars.update(chr(c) for c in range(0xFF01, 0xFF5F))  # full-width forms
    chars.update("·—‘’“”…※€×÷")
    chars.update(NAME_EXTRAS)
    return "".join(sorted(chars))


def build_slim_font(*, target: Path | None = None) -> Path:
    """Subset the full font's SC face to the slim charset, named College Serif SC."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    target = target or slim_font_path()
    source = full_font_path()
    if not source.is_file():
        raise ImproperlyConfigured(
            f"CJK font not found: {source} (install fonts-noto-cjk)"
        )
    font = TTFont(source, fontNumber=settings.CJK_FONT_INDEX, lazy=False)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.hinting = False
    options.desubroutinize = False
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(text=slim_charset())
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 16):
            record.string = SLIM_FAMILY
        elif record.nameID in (4,):
            record.string = SLIM_FAMILY + " Regular"
        elif record.nameID == 6:
            record.string = "CollegeSerifSC-Regular"
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(target)
    return target


MAX_CODEPOINT = 0x110000


def coverage_map_path() -> Path:
    return Path(settings.FONT_BUILD_DIR) / "printable.bitmap"


def _font_codepoints(path: Path, index: int | None) -> set[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=index if index is not None else -1, lazy=True)
    return set(font.getBestCmap())


def build_coverage_map() -> Path:
    """A bitmap of every code point the PDF fonts can draw.

    With it a worker need not load the fonts' cmaps (~50 MB).
    """
    full = full_font_path()
    points = _font_codepoints(
        full, settings.CJK_FONT_INDEX if full.suffix == ".ttc" else None
    )
    if slim_font_path().is_file():
        points |= _font_codepoints(slim_font_path(), None)
    bitmap = bytearray(MAX_CODEPOINT // 8)
    for point in points:
        bitmap[point >> 3] |= 1 << (point & 7)
    target = coverage_map_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(bytes(bitmap))
    return target


@cache
def _coverage_bitmap(path: str, mtime: float) -> bytes:
    return Path(path).read_bytes()


def missing_glyphs(text: str) -> list[str]:
    """The characters of `text` no font can draw (they would print as empty boxes)."""
    if not full_font_path().is_file():
        raise ImproperlyConfigured(
            f"CJK font not found: {full_font_path()} (install fonts-noto-cjk)"
        )
    path = coverage_map_path()
    if not path.is_file():
        build_coverage_map()
    bitmap = _coverage_bitmap(str(path), path.stat().st_mtime)
    return sorted(
        {
            ch
            for ch in text
            if not ch.isspace() and not bitmap[ord(ch) >> 3] & (1 << (ord(ch) & 7))
        }
    )


def font_face_css() -> str:
    """The PDF templates' @font-face of the slim font; none (system font) if unbuilt."""
    slim = slim_font_path()
    if not slim.is_file():
        return ""
    url = slim.resolve().as_uri()
    return f'@font-face {{ font-family: "{SLIM_FAMILY}"; src: url("{url}"); }}'


def harfbuzz_subset_available() -> bool:
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    return harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))
