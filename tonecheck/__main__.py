"""``python -m tonecheck``."""

from tonecheck.cli import main

main()
