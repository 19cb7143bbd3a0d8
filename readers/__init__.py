"""Input: files, folders, JSONL, CSV, HTML and stdin become ``Article`` records (or ``Problem`` reports)."""
