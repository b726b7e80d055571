"""Markdown in, safe HTML out: markdown-it-py renders, then nh3 keeps an allowlist.

Raw HTML in the Markdown is escaped as text (html off); whatever the renderer
emits still passes the allowlist: no script, style, SVG, image, event handler,
class or style attribute, and links only to http(s) or mailto (javascript:,
data:, vbscript: and the rest are dropped).
"""

import nh3
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
    "strikethrough"
)

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitise_html(html: str) -> str:
    """The allowlist: what survives it is inert."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer ugc",
        strip_comments=True,
    )


def markdown_render(text: str) -> str:
    """A post's Markdown as sanitised HTML; headings start at level 3."""
    html = _markdown.render(text)
    for level in (2, 1):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return sanitise_html(html)


def plain_text(html: str) -> str:
    """The text of rendered HTML, for excerpts, notices and search (no tags at all)."""
    text = nh3.clean(html.replace("</p>", "</p>\n"), tags=set(), strip_comments=True)
    # nh3 escapes what it keeps; templates escape again when they show it.
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'")):
        text = text.replace(entity, char)
    return text.replace("&amp;", "&").strip()


def excerpt(text: str, length: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"
