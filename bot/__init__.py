"""citebot: answers questions about the Taliban-Pakistan relationship with cited quotes."""

__version__ = "0.1.0"
