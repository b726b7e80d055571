"""PDF rendering with the college's CJK fonts."""

from infrastructure.pdf.rendering import pdf_render, qr_png_data_uri, qr_svg

__all__ = ["pdf_render", "qr_png_data_uri", "qr_svg"]
