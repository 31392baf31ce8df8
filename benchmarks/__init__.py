"""Benchmarks, run as scripts (``python benchmarks/NAME.py``); a package so that the
tests can import the inputs they share with them (:mod:`benchmarks.letters`)."""
