"""The default stack of gazetteer sources: embedded GeoNames extract, curated supplement, user imports.

Apart from ``base`` so that the source base class does not import the concrete sources that
subclass it (that was an import circle).
"""
from __future__ import annotations

from typing import Sequence

from gazetteer.sources.base import DEFAULT_COUNTRIES, Source
from gazetteer.sources.embedded import EmbeddedSource
from gazetteer.sources.imported import list_imported
from gazetteer.sources.supplement import SupplementSource


def default_sources(countries: Sequence[str] | None = None) -> list[Source]:
    """Embedded GeoNames extract + curated supplement + whatever the user imported."""
    countries = tuple(countries or DEFAULT_COUNTRIES)
    sources: list[Source] = [EmbeddedSource(countries), SupplementSource()]
    sources.extend(list_imported())
    return sources
