"""Pure extraction functions: bytes or str in, frozen dataclasses out.

Nothing here performs I/O against the network or the warehouse, and nothing imports
prefect or duckdb. Version strings are recorded in every ledger event an extractor
produces, so results of older versions stay distinguishable after a replay.
"""
from __future__ import annotations

TEXT_EXTRACTOR_VERSION = "text.v1"
NEWS_EVENT_EXTRACTOR_VERSION = "rules.v5"  # v5: 2026-11-27 (fifth session), see extractors/rules/CHANGES.md
