"""Annotated briefings: a news article plus reviewed YAML annotations, published
as a cross-linked Sphinx site and a print-quality PDF brief."""

__version__ = "0.1.0"
