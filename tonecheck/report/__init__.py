"""Reporters: turn checked letters into text, JSON and other outputs."""
