"""Arabic text handling below the gazetteer and the extractor: normalisation and date expressions."""
