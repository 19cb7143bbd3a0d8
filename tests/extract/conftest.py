"""Fixtures of the extraction tests."""
from __future__ import annotations

from datetime import date

import pytest

from extract.forces import load_lexicon
from extract.pipeline import extract_article
from gazetteer import load_gazetteer
from records.article import Article


@pytest.fixture(scope="session")
def claims_of():
    """text → its (mention, force, relation) claims, as an article published on 1 May 2019 (embedded data)."""
    gaz, forces = load_gazetteer(), load_lexicon()

    def run(text: str) -> set[tuple[str, str, str]]:
        art = Article(id="t", text=text, published=date(2019, 5, 1))
        return {(e.mention, e.force, e.relation) for e in extract_article(art, gazetteer=gaz, forces=forces)}

    return run
