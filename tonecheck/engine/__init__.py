"""The rule engine: rule files, check kinds and the runner that produces findings."""
