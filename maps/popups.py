"""What a popup may contain, and how untrusted text gets into the page: only as escaped JSON.

The popup DOM itself is built in ``static/conflictmap.js`` with createElement/textContent.
Python's part is to hand it data that cannot break out of the ``<script>`` it sits in
(``script_json``) and to decide which URLs may become links (``safe_href``). folium's own
Popup/Tooltip interpolate text into HTML or JS template literals and are never used here.
"""
from __future__ import annotations

import json
from urllib.parse import urlsplit

from records.event import Evidence

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027",
            "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(obj: object) -> str:
    """JSON for inlining inside ``<script>``: no ``</script>``, no HTML comment, no line separator.

    The same escaping folium applies to its data (``_to_escaped_json``), plus U+2028/2029 which
    older JavaScript parsers read as line breaks inside string literals.
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in _ESCAPES.items():
        text = text.replace(char, escaped)
    return text


def safe_href(url: str | None) -> str | None:
    """``url`` if it may become a link (http or https with a host), else None.

    ``javascript:``, ``data:``, ``vbscript:``, relative and scheme-less URLs are shown as text only.
    """
    if not url or any(ord(c) < 33 for c in url.strip()):
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def evidence_row(ev: Evidence, force_index: int) -> list:
    """The compact row the popup script reads: sentence, source, url, href, outlet, date, relation, force, confidence."""
    return [ev.sentence, ev.source, ev.url or "", safe_href(ev.url), ev.outlet or "",
            ev.date.isoformat() if ev.date else "", ev.relation, force_index, round(float(ev.confidence), 3)]
