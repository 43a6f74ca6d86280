project = "Mini"
extensions = ["myst_parser", "briefing.pdf"]
exclude_patterns = ["_build", "_data/**"]
copyright = "the Mini authors"
version = release = "1"
