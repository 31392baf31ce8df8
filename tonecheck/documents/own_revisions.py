"""tonecheck's own tracked changes in a letter it annotated before.

tonecheck writes each proposed rewrite as a tracked change (``w:del`` + ``w:ins``) with
the author ``tonecheck``. Such a change is a proposal, not the writer's text: as long as
nobody has accepted it, the letter is read as if it were rejected (tonecheck's deletions
read, its insertions not), so checking the annotated letter again finds what the first
check found, on the same offsets. Other people's tracked changes are read as if accepted.
"""

from __future__ import annotations

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OWN_AUTHOR = "tonecheck"
AUTHOR = f"{{{W}}}author"
INS, DEL = f"{{{W}}}ins", f"{{{W}}}del"
REVISIONS = frozenset({INS, DEL})


def is_own(element: etree._Element) -> bool:
    """Whether a comment or tracked change was written by tonecheck."""
    return element.get(AUTHOR) == OWN_AUTHOR
