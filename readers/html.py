"""HTML page → article text: the title as first line, then the article's paragraphs.

Scraped pages carry menus, scripts, share buttons and comment threads; the claim rules
must see only the article, with paragraphs on their own lines and inline markup
(links, bold) kept inside its sentence. Uses selectolax's lexbor parser (fast, HTML5).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

# Elements whose whole subtree is boilerplate or not text at all.
DROP = frozenset({
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button", "select",
    "option", "textarea", "input", "iframe", "svg", "canvas", "object", "embed", "video", "audio", "menu",
    "dialog", "figure", "head",
})
# Elements that end a line: their text never runs into a neighbour's sentence.
BLOCK = frozenset({
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "article",
    "section", "main", "blockquote", "pre", "table", "tr", "td", "th", "hr", "address", "body", "center", "caption",
})
# Class/id words of comment threads, share bars, related-links boxes and the like.
NOISE = re.compile(r"comment|share|social|related|sidebar|breadcrumb|newsletter|advert|\bads?\b|cookie|popup|menu",
                   re.I)
PUBLISHED_META = ("article:published_time", "datepublished", "pubdate", "publishdate", "date", "dc.date",
                  "dc.date.issued", "og:published_time")


@dataclass(frozen=True)
class Page:
    """What an HTML page yields: its article text and, if the page states it, the publication date string."""

    text: str
    published: str | None = None


def html_to_text(markup: str) -> Page:
    """Reduce an HTML page to its article text (title first) and its declared publication date."""
    tree = LexborHTMLParser(markup)
    title_node = tree.css_first("title")
    title = _squash(title_node.text()) if title_node else ""
    published = _published(tree)
    root = _main_node(tree)
    body = _text_of(root) if root is not None else ""
    if not title:
        h1 = tree.css_first("h1")
        title = _squash(h1.text()) if h1 else ""
    if title and not body.startswith(title):
        body = f"{title}\n{body}" if body else title
    return Page(body, published)


def _main_node(tree: LexborHTMLParser):
    """The ``<article>`` with the most text, else ``<main>``, else ``<body>``: where the story is."""
    articles = tree.css("article")
    if articles:
        return max(articles, key=lambda n: len(n.text() or ""))
    return tree.css_first("main") or tree.body or tree.root


def _is_noise(node) -> bool:
    attrs = node.attributes or {}
    marks = " ".join(v for k, v in attrs.items() if k in ("class", "id", "role") and v)
    return bool(marks) and bool(NOISE.search(marks)) and node.tag not in ("body", "article", "main")


def _text_of(root) -> str:
    """Walk the tree without recursion (hostile pages nest deeply), keeping block structure."""
    out: list[str] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if isinstance(node, str):
            out.append(node)
            continue
        tag = node.tag
        if tag == "-text":
            out.append(node.text(deep=False) or "")
            continue
        if tag.startswith("-") or tag.startswith("_") or tag in DROP or _is_noise(node):
            continue  # comments, doctype, boilerplate
        if tag == "br":
            out.append("\n")
            continue
        block = tag in BLOCK
        children = list(node.iter(include_text=True))
        if block:
            stack.append("\n")
        stack.extend(reversed(children))
        if block:
            stack.append("\n")
    return _tidy("".join(out))


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _tidy(text: str) -> str:
    """One space between words, one line per block, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # entities like &#13; survive decoding
    lines = [re.sub(r"[ \t\f\v\xa0]+", " ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def _published(tree: LexborHTMLParser) -> str | None:
    """The page's own publication date (Open Graph/schema.org meta or ``<time datetime>``), if any."""
    for meta in tree.css("meta"):
        attrs = meta.attributes or {}
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key in PUBLISHED_META and attrs.get("content"):
            return attrs["content"].strip()
    node = tree.css_first("time[datetime]")
    if node is not None:
        return (node.attributes.get("datetime") or "").strip() or None
    return None


def declared_charset(head: bytes) -> str | None:
    """The charset a page declares in its first bytes (``<meta charset=…>``), if any."""
    match = re.search(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]{1,40})""", head[:8192], re.I)
    return match.group(1).decode("ascii").lower() if match else None
