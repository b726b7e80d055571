"""The college writes as the glossary says (docs/glossary.md).

The glossary's table of forbidden forms is read here: none of them may appear in
the templates (PDF templates included), in the zh_Hans catalogue's translations,
or in the demo content's strings.
"""

import ast
import re
from pathlib import Path

from tests.test_translations import _entries

BASE_DIR = Path(__file__).resolve().parent.parent
GLOSSARY = BASE_DIR / "docs" / "glossary.md"
CATALOGUE = BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
APPS = [
    "cms",
    "certificates",
    "coverage",
    "courses",
    "forum",
    "infrastructure",
    "people",
]


def glossary_table(heading: str) -> list[list[str]]:
    """The rows of the table under a `## heading` of the glossary, as cells."""
    rows, inside = [], False
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            inside = line[3:].strip() == heading
            continue
        if inside and line.startswith("|") and not line.startswith("| ---"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows[1:]  # the header row


def _code(cell: str) -> str:
    match = re.fullmatch(r"`(.+)`", cell)
    assert match, f"the glossary's first column holds `code`: {cell!r}"
    return match.group(1)


def forbidden_forms() -> list[tuple[str, re.Pattern]]:
    forms = []
    for row in glossary_table("Forbidden forms (checked)"):
        form = _code(row[0])
        if form.startswith("re:"):
            forms.append((form, re.compile(form[3:])))
        else:
            forms.append((form, re.compile(re.escape(form))))
    return forms


def hits(text: str, forms) -> list[str]:
    found = []
    for form, pattern in forms:
        for match in pattern.finditer(text):
            start = max(0, match.start() - 12)
            found.append(f"{form} in …{text[start : match.end() + 12]}…")
    return found


def template_files() -> list[Path]:
    folders = [BASE_DIR / "templates"] + [BASE_DIR / app / "templates" for app in APPS]
    return sorted(
        path
        for folder in folders
        if folder.exists()
        for path in folder.rglob("*")
        if path.is_file()
    )


def demo_strings(path: Path) -> list[tuple[int, str]]:
    """Every string literal of a module (f-strings' literal parts too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_the_glossary_lists_the_forbidden_forms_the_issue_names():
    forms = dict(forbidden_forms())
    assert len(forms) >= 10
    for text in [
        "代表网络学院",
        "人大代表网络学院",
        "推进人大网络学院建设和使用",
        "免修",
        "选课记录",
        "验证码",
        "附议",
        "列席后向原选区群众反馈",
        "12.0 学时",
        "以 60% 通过",
        "及格分：60%",
        "五年学习培训规划 2023–2027",
        "五年学习培训规划（2023—2027）",
        "继续学习: 宪法",
        "工作安排：：开局之年",
        "2023年工作安排：开局之年：夯实基础",
    ]:
        assert hits(text, forms.items()), f"the glossary does not forbid {text!r}"
    for text in [
        "上海人大网络学院",
        "五年学习培训规划（2023—2027年）",
        "得分60分，已通过；及格线60分",
        "继续学习：宪法与国家机构",
        "12 学时",
        "向原选举单位和所联系群众反馈",
        "http://127.0.0.1:8000/",
    ]:
        assert not hits(text, forms.items()), f"the glossary forbids {text!r}"


def test_no_template_uses_a_forbidden_form():
    forms = forbidden_forms()
    files = template_files()
    assert any(path.match("*/pdf/*.html") for path in files), "PDF templates read"
    found = [
        f"{path.relative_to(BASE_DIR)}: {hit}"
        for path in files
        for hit in hits(path.read_text(encoding="utf-8"), forms)
    ]
    assert not found, "\n".join(found)


def test_no_chinese_translation_uses_a_forbidden_form():
    forms = forbidden_forms()
    entries = _entries(CATALOGUE)
    assert len(entries) > 100
    found = [
        f"{entry['msgid']!r}: {hit}"
        for entry in entries
        for msgstr in entry["msgstr"].values()
        for hit in hits(msgstr, forms)
    ]
    assert not found, "\n".join(found)


def test_the_demo_content_uses_no_forbidden_form():
    forms = forbidden_forms()
    modules = sorted((BASE_DIR / "cms" / "demo").glob("*.py"))
    assert modules
    found = [
        f"{path.relative_to(BASE_DIR)}:{line}: {hit}"
        for path in modules
        for line, text in demo_strings(path)
        for hit in hits(text, forms)
    ]
    assert not found, "\n".join(found)
