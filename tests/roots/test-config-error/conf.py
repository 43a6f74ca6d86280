project = "Config error"
extensions = ["myst_parser", "briefing.sphinxext"]
briefing_data_dir = "../outside"
