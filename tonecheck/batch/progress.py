"""A progress bar on standard error (tqdm): letters done, letters per second, time left.

Shown only when standard error is a terminal and not with ``--quiet``, so pipelines and
logs never see it; standard output carries results only.
"""

from __future__ import annotations

import sys

from tqdm import tqdm


class Progress:
    def __init__(self, total: int, enabled: bool) -> None:
        self.bar = (
            tqdm(total=total, unit=" brieven", file=sys.stderr, dynamic_ncols=True, leave=False)
            if enabled and total > 1
            else None
        )

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
