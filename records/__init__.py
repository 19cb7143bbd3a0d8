"""The bottom floor of shared records: articles, events, the relation vocabulary, the event schema, the force table.

Every other package imports these; this package imports nothing of ours but ``core``.
"""
