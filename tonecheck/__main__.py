"""``python -m tonecheck``."""

from tonecheck.cli import main

# guarded: worker processes started by spawn (Dask's nannies) import this module again
if __name__ == "__main__":
    main()
