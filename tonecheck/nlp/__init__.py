"""Dutch NLP: the spaCy pipeline and what it tells about a letter."""
