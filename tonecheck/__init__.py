"""tonecheck: checks Dutch letters and decision notices for tone and clarity."""

__version__ = "0.3.0"
