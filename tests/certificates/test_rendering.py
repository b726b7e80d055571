import pytest
from django.core.exceptions import ImproperlyConfigured

from infrastructure.pdf.checks import pdf_fonts_check
from infrastructure.pdf.fonts import harfbuzz_subset_available, missing_glyphs
from infrastructure.pdf.rendering import _fetcher_class, pdf_render


def test_harfbuzz_subsetting_is_installed():
    # Without libharfbuzz-subset0 a Chinese certificate takes 10-13 s instead of ~0.1 s.
    assert harfbuzz_subset_available()


def test_the_system_check_is_clean_here_and_loud_when_the_font_is_missing(
    settings, tmp_path
):
    assert [p.id for p in pdf_fonts_check(None)] == []
    settings.CJK_FONT_FILE = str(tmp_path / "missing.ttc")
    assert "infrastructure.E001" in [p.id for p in pdf_fonts_check(None)]


def test_rendering_fails_loudly_without_the_cjk_font(settings, tmp_path):
    settings.CJK_FONT_FILE = str(tmp_path / "missing.ttc")
    with pytest.raises(ImproperlyConfigured):
        pdf_render(template="certificates/verify_limited.html", context={}, title="x")


def test_common_and_rare_name_characters_are_printable():
    assert missing_glyphs("张喆堃昇赟玥珺𠈌") == []
    assert missing_glyphs("王\U000f0000") == ["\U000f0000"]


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/logo.png",
        "https://127.0.0.1/x.css",
        "file:///etc/passwd",
        "ftp://example.org/a",
    ],
)
def test_the_url_fetcher_refuses_the_network_and_other_files(url):
    with pytest.raises(ValueError, match="Refused"):
        _fetcher_class()().fetch(url)


def test_the_url_fetcher_serves_data_urls():
    response = _fetcher_class()().fetch("data:text/plain,hello")
    assert response.read() == b"hello"
