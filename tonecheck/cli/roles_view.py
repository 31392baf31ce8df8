"""How the sentence roles of a letter are shown by ``explain`` and ``inspect``."""

from __future__ import annotations

from tonecheck.nlp.letter import Letter
from tonecheck.nlp.letter_aggregate import letter_answers
from tonecheck.nlp.roles import RoleModel

NEAR = 0.2  # a role below its threshold is still shown from this score on (marked '?')
SHOWN = 90  # characters of a sentence shown
# the legend of the role lines
ROLE_MARKS = (
    "rol score; '?' = onder de drempel; '!' = ingehouden: de zin mist wat de rol vraagt; "
    "'+' = door de zinsbouw of de zin ervoor"
)


def role_rows(letter: Letter, model: RoleModel | None = None) -> list[dict]:
    """Each sentence with its zone, its roles and every role's score (for JSON); with
    the ``model``, what gave each gained role."""
    text = letter.document.text
    rows = []
    for item in letter.roles:
        by: dict[str, str] = {}
        if model is not None and item.gained:
            span = letter.doc[item.start : item.end]
            model_roles = item.roles - item.gained
            for role in sorted(item.gained):
                by[role] = model.evidence.gain_cause(role, model_roles, span)
        rows.append(
            {
                "start": item.start_char,
                "end": item.end_char,
                "zone": item.zone,
                "text": text[item.start_char : item.end_char].strip(),
                "roles": sorted(item.roles),
                # at the threshold, but the sentence lacks what role-evidence.yml asks
                "withheld": sorted(item.withheld),
                # by the parse, whatever the score (gains in role-evidence.yml)
                "gained": sorted(item.gained),
                # what gave each gained role (in Dutch), when the model is known
                "gained_by": by,
                "scores": {role: round(score, 3) for role, score in item.scores.items()},
            }
        )
    return rows


def letter_level_rows(letter: Letter) -> dict[str, dict]:
    """The letter-level questions (tonecheck/nlp/letter_aggregate.py) with their
    probability, their mark and the letter's most likely sentence (for JSON)."""
    text = letter.document.text
    rows = {}
    for name, answer in letter_answers(letter.doc).items():
        best = answer.best
        rows[name] = {
            "probability": round(answer.probability, 3),
            "mark": answer.mark,
            "present": answer.present,
            "sentence": text[best.start_char : best.end_char].strip() if best else "",
        }
    return rows


def render_roles(letter: Letter, model: RoleModel | None) -> list[str]:
    """One line per sentence: its roles with scores, roles withheld for lack of evidence
    marked '!' with what the sentence lacks, roles gained by the parse marked '+' with
    what gives them (both as the ``model``'s evidence describes them), and near misses
    marked '?'; then the ``model``'s thresholds."""
    thresholds = model.thresholds if model else {}
    needs = model.evidence.described() if model else {}
    gives = model.evidence.described_gains() if model else {}
    if not letter.roles:
        return ["  (geen zinsrollen: het model voor zinsrollen ontbreekt)"]
    lines = []
    for row in role_rows(letter, model):
        labels = [
            f"{r}+ {row['scores'][r]:.2f} "
            f"({row['gained_by'].get(r) or gives.get(r, 'door de zinsbouw')})"
            if r in row["gained"]
            else f"{r} {row['scores'][r]:.2f}"
            for r in row["roles"]
        ]
        labels += [
            f"{r}! {row['scores'][r]:.2f} (mist {needs.get(r, 'wat de rol vraagt')})"
            for r in row["withheld"]
        ]
        given = set(row["roles"]) | set(row["withheld"])
        near = sorted(
            (s, r)
            for r, s in row["scores"].items()
            if r != "other" and r not in given and s >= NEAR
        )
        labels += [f"{r}? {s:.2f}" for s, r in reversed(near)]
        text = " ".join(row["text"].split())
        if len(text) > SHOWN:
            text = text[: SHOWN - 1] + "\u2026"
        lines.append(f"  [{', '.join(labels) or '-'}] {row['zone']}: \u201c{text}\u201d")
    lines.append("  drempels: " + ", ".join(f"{r} {t:.2f}" for r, t in sorted(thresholds.items())))
    answers = letter_level_rows(letter)
    if answers:
        shown = ", ".join(
            f"{name} {row['probability']:.2f} ({'ja' if row['present'] else 'nee'}, grens "
            f"{row['mark']:.2f})"
            for name, row in answers.items()
        )
        lines.append(f"  hele brief (letter_has): {shown}")
    return lines
