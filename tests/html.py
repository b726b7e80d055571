"""What a user reads on a page: its text, and its tables row by row."""

import re
from html import unescape


def visible_text(html: str) -> str:
    """The page's text as a reader sees it: no tags, scripts, styles; spaces folded."""
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def table_rows(html: str) -> list[list[str]]:
    """Every row of every table, as the visible text of its cells."""
    return [
        [
            visible_text(cell)
            for cell in re.findall(r"(?is)<t[hd]\b[^>]*>(.*?)</t[hd]>", row)
        ]
        for row in re.findall(r"(?is)<tr\b[^>]*>(.*?)</tr>", html)
    ]


def search_text(html: str) -> str:
    """Visible text with the search highlight's <mark> removed, so words stay whole."""
    return visible_text(re.sub(r"</?mark>", "", html))
