"""One article's text in both spaces: as written, and normalised for matching, with the maps between them.

The gazetteer scan, the force finder and the claim rules all match on the normalised text, and every
offset they report must index the text as written. Building this value once per article (the pipeline
does) means the article is normalised once, every stage shares one offsets table, and no module keeps a
"last article seen" cache to avoid normalising it again.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from arabic.normalize import normalize_with_offsets


@dataclass(frozen=True, eq=False)
class NormalizedText:
    """``original``, its ``normalized`` form (``arabic.normalize``) and ``offsets``, the map between them.

    ``offsets[i]`` is the index in ``original`` of the character that produced ``normalized[i]``, and
    ``offsets[len(normalized)] == len(original)``; it never decreases. Build it with ``NormalizedText.of``.
    Treat ``offsets`` as read-only: it is shared by every stage that reads the article.
    """

    original: str
    normalized: str
    offsets: list[int]

    @classmethod
    def of(cls, text: str | NormalizedText) -> NormalizedText:
        """The value for ``text`` (a value given is returned as is, so callers may accept either)."""
        if isinstance(text, NormalizedText):
            return text
        norm, offsets = normalize_with_offsets(text)
        return cls(text, norm, offsets)

    def to_original(self, i: int) -> int:
        """Index in ``original`` of the character that produced ``normalized[i]``."""
        return self.offsets[i]

    def to_normalized(self, o: int) -> int:
        """The first normalised index whose character comes from ``original[o:]``."""
        return bisect_left(self.offsets, o)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span that normalised ``[start, end)`` (non-empty) comes from."""
        return self.offsets[start], self.offsets[end - 1] + 1

    def normalized_span(self, start: int, end: int) -> tuple[int, int]:
        """The normalised span of original ``[start, end)``."""
        return bisect_left(self.offsets, start), bisect_left(self.offsets, end)
