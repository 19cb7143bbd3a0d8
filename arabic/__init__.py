"""Arabic text handling below the gazetteer and the extractor: normalisation, date expressions, and the shared
word lists (``arabic/data/words.json``) the gazetteer and the claim grammar both read."""
