"""HTML: the article body via trafilatura (offline), title/date/source in `meta`; the visible body text when
trafilatura gives up."""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING

from loaders.errors import ExtractionError
from loaders.read.boilerplate import strip_boilerplate
from loaders.read.text import decode_text

if TYPE_CHECKING:
    import lxml.html

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def _decode_html(raw: bytes) -> tuple[str, str]:
    match = _META_CHARSET.search(raw[:4096])
    if match and not raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        declared = match.group(1).decode("ascii").lower()
        # gb2312/gbk pages routinely contain GBK-only characters: read them with the superset
        encoding = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5-hkscs": "big5hkscs"}.get(
            declared, declared
        )
        try:
            return raw.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            pass  # wrong declaration: detect like plain text
    return decode_text(raw)


def read_html(raw: bytes) -> tuple[str, str, dict[str, str]]:
    html, encoding = _decode_html(raw)
    import trafilatura

    meta: dict[str, str] = {}
    text = ""
    try:
        # Parsed here, with libxml2's depth limit lifted: its default (256 levels, reached by unclosed <font>
        # tags or deep nesting) silently cut the page; trafilatura takes the tree as it is.
        doc = trafilatura.bare_extraction(
            copy.deepcopy(_parse_html(html)),
            include_comments=False,
            include_tables=True,
            include_formatting=False,
            favor_recall=True,
            with_metadata=True,
            deduplicate=False,
        )
    except Exception as exc:  # trafilatura/lxml raise assorted errors on broken markup
        raise ExtractionError(f"cannot parse HTML: {exc}") from exc
    if doc is not None:
        text = (doc.text or "").strip()
        for key in ("title", "date", "sitename", "author"):
            value = getattr(doc, key, None)
            if value:
                meta[key] = str(value).strip()
    visible = _html_visible_text(html)
    if len(text) < 20:
        # trafilatura gives up on very short or oddly built pages: fall back to the visible body text
        text = visible
    title = meta.get("title", "")
    if title and title not in text[: len(title) + 200]:
        text = f"{title}\n{text}"  # trafilatura keeps the <h1> as metadata only; later stages read the title line
    # 发布时间 / 来源 usually sit in a header block trafilatura drops: read them from the whole page
    _, page_meta = strip_boilerplate(visible)
    for key, value in page_meta.items():
        if key == "date" or key not in meta:
            meta[key] = value
    return text, encoding, meta


_NON_CONTENT = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "iframe")


def _parse_html(html: str) -> lxml.html.HtmlElement:
    import lxml.html

    try:
        return lxml.html.fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))
    except Exception as exc:  # lxml raises ParserError/ValueError for empty or broken input
        raise ExtractionError(f"cannot parse HTML: {exc}") from exc


def _html_visible_text(html: str) -> str:
    tree = _parse_html(html)
    for bad in tree.xpath("|".join(f"//{tag}" for tag in _NON_CONTENT)):
        bad.drop_tree()
    body = tree.find("body")
    root = body if body is not None else tree
    lines = (line.strip() for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)

