"""newsledger's edge: settings, the feed list, fetching, the pipeline steps and the CLI."""
