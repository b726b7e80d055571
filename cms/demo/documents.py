"""Demo documents: the certificate template's seal and signatory.

The seal is drawn here with Pillow, a few KB of two-colour PNG, because a real
seal is uploaded by the committee's office and never ships with the code.
"""

import io
import math

from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFont
from wagtail.images.models import Image as WagtailImage

from certificates.services import template_default

SEAL_TITLE = "示例印章（演示）"
SEAL_RED = (200, 16, 46)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(
            settings.CJK_FONT_FILE, size=size, index=settings.CJK_FONT_INDEX
        )
    except OSError:
        return ImageFont.load_default()


def seal_png(*, text: str = "上海市人大常委会代表工作委员会", size: int = 360) -> bytes:
    """A round red seal: ring, star, the body's name along the upper arc."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    ring = size // 30
    draw.ellipse((ring, ring, size - ring, size - ring), outline=SEAL_RED, width=ring)
    centre, star = size / 2, size * 0.16
    points = [
        (
            centre + star * (1 if i % 2 == 0 else 0.4) * math.sin(i * math.pi / 5),
            centre - star * (1 if i % 2 == 0 else 0.4) * math.cos(i * math.pi / 5),
        )
        for i in range(10)
    ]
    draw.polygon(points, fill=SEAL_RED)
    font = _font(size // 9)
    radius = size / 2 - ring * 2 - size / 14
    spread = 250  # degrees of arc the name covers
    for n, char in enumerate(text):
        angle = -spread / 2 + spread * (n + 0.5) / len(text)
        glyph = Image.new("RGBA", (size // 8, size // 8), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text(
            (size // 16, size // 16), char, font=font, fill=SEAL_RED, anchor="mm"
        )
        glyph = glyph.rotate(-angle, resample=Image.Resampling.BICUBIC)
        x = centre + radius * math.sin(math.radians(angle)) - glyph.width / 2
        y = centre - radius * math.cos(math.radians(angle)) - glyph.height / 2
        image.alpha_composite(glyph, (round(x), round(y)))
    # Two colours and transparency: a palette PNG of a few KB.
    flat = image.getchannel("A").point(lambda a: 1 if a > 100 else 0).convert("P")
    flat.putpalette([255, 255, 255, *SEAL_RED])
    buffer = io.BytesIO()
    flat.save(buffer, format="PNG", optimize=True, transparency=0, bits=1)
    return buffer.getvalue()


def seed_documents() -> None:
    """The default certificate template gets a seal and a signatory, once."""
    template = template_default()
    if template.seal_id is None:
        seal = WagtailImage.objects.filter(title=SEAL_TITLE).first()
        if seal is None:
            seal = WagtailImage(title=SEAL_TITLE)
            seal.file = ImageFile(io.BytesIO(seal_png()), name="demo-seal.png")
            seal.save()
        template.seal = seal
    template.signatory = template.signatory or "王建国"
    template.signatory_title = template.signatory_title or "主任"
    template.save()
