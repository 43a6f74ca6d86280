project = "Dangling"
extensions = ["myst_parser", "briefing.sphinxext"]
