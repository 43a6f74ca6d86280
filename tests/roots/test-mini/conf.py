project = "Mini"
extensions = ["myst_parser", "briefing.sphinxext"]
exclude_patterns = ["_build", "_data/**"]
suppress_warnings = ["epub.unknown_project_files"]  # sphinx.testing keeps doctrees beside the output
copyright = "the Mini authors"
version = release = "1"
