"""The batch dashboard: one self-contained HTML page with the batch summary as charts.

Charts are inline SVG bars drawn by the template (no JavaScript, no external files), so
the page opens offline and can be archived with the batch.
"""

from __future__ import annotations

import os
from pathlib import Path

from tonecheck import __version__
from tonecheck.batch.summary import BIN_WIDTH, BatchSummary
from tonecheck.common.categories import style_of
from tonecheck.report.html_report import environment


def render_dashboard(summary: BatchSummary, report_file: Path) -> str:
    """The dashboard page; links to letters' own reports are relative to ``report_file``."""
    folder = report_file.resolve().parent

    def link(path: str | None) -> str | None:
        return os.path.relpath(Path(path).resolve(), folder) if path else None

    categories = sorted(
        ((style_of(c), counts, sum(counts.values())) for c, counts in summary.by_category.items()),
        key=lambda row: -row[2],
    )
    return (
        environment()
        .get_template("batch.html.j2")
        .render(
            summary=summary,
            version=__version__,
            bins=[
                (f"{i * BIN_WIDTH}-{min(i * BIN_WIDTH + 9, 100)}", n)
                for i, n in enumerate(summary.score_bins)
            ],
            categories=categories,
            most_findings=max((row[2] for row in categories), default=1),
            types=summary.by_type.most_common(),
            lines=sorted(summary.lines, key=lambda x: (x.score is None, x.score or 0, x.path)),
            link=link,
        )
    )
