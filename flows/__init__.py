"""Prefect flows: the only package that imports prefect. Flows sequence tasks; tasks wrap
functions from ``newsledger.pipeline``, ``extractors`` and ``warehouse``."""
