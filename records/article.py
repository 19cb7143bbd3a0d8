"""The article record every reader produces and the pipeline consumes."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Article:
    """One news article. ``id`` becomes ``source`` on every event it yields.

    ``origin`` says where it came from (``path`` or ``path:line``) for error reports;
    ``content_hash`` (sha256 of the text) makes re-ingesting idempotent.
    """

    id: str
    text: str
    published: date | None = None
    url: str | None = None
    outlet: str | None = None
    origin: str = ""
    content_hash: str = ""
    # Added by the readers (issue 4/7): a huge file is streamed as parts ``<id>#p1``, ``<id>#p2`` …;
    # ``base_offset`` is where this part's text starts in the whole decoded file (0 otherwise).
    base_offset: int = 0
    # The id as the input spelled it, for display only; ``id`` is the sanitised, path-safe form.
    raw_id: str = ""
