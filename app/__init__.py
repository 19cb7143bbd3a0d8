"""The application: every CLI command and the shared options. ``argparse`` lives only here (and in ``cli.py``)."""
