"""The contract every gazetteer source honours (the default stack is in ``gazetteer.sources.registry``).

A source is anything that yields ``Place`` records: the embedded GeoNames extract, the curated
supplement, a user's imported dump. The index is built from the stack and cached under a key
made of every source's ``fingerprint()``, so a source must change its fingerprint whenever its
places change, and computing it must be cheap (it runs on every start).
"""
from __future__ import annotations

import abc
import logging
from typing import Iterator

from gazetteer.model import Place

log = logging.getLogger(__name__)

DEFAULT_COUNTRIES = ("SY", "IQ", "TR", "LB", "JO")


class Source(abc.ABC):
    """A provider of places.

    Implementations may raise ``core.errors.GazetteerError`` from ``fingerprint()`` or
    ``places()`` when their data is missing or malformed; the message must say how to fix it
    (reinstall a package, re-import a file, remove the source). They must not raise anything else
    on bad data, and must not touch the network.
    """

    name: str = ""

    @abc.abstractmethod
    def fingerprint(self) -> str:
        """A short string that changes whenever ``places()`` would yield something different."""

    @abc.abstractmethod
    def places(self) -> Iterator[Place]:
        """Every place of this source (already filtered to the countries asked for, if it can)."""
