"""Arabic text: normalisation, offsets, date expressions, and the shared word lists (``arabic/data/words.json``)."""
