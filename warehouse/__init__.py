"""Everything DuckDB: connection and migrations, the ledger, raw documents, projections, queries.

No prefect imports here; flows call these functions from tasks.
"""
