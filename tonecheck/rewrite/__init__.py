"""Rewrites of the writer's words for findings: officialese replaced, passive made active,
commands softened, long sentences split (see ``rules/structure/rewrites.yml``)."""
