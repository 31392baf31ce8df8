"""The web page and HTTP API (``tonecheck serve``; needs the ``web`` extra)."""
