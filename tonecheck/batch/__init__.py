"""Checking many letters: inputs, worker processes, and the summary of a batch."""
