"""Raw documents, content-addressed (SHA-256 of the bytes) and zlib-compressed.

Kept so text and news-event extraction can be replayed with a newer extractor
without fetching again.
"""
from __future__ import annotations

import hashlib
import zlib
from datetime import datetime, timezone

import duckdb
import pyarrow as pa


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def store_documents(con: duckdb.DuckDBPyConnection, contents: list[bytes]) -> list[str]:
    """Store each document once; returns their hashes in input order."""
    hashes = [content_hash(c) for c in contents]
    fresh: dict[str, bytes] = {}
    for h, c in zip(hashes, contents):
        fresh.setdefault(h, c)
    if fresh:  # compress only what is not stored yet
        known = {r[0] for r in con.execute("SELECT content_hash FROM documents WHERE list_contains(?, content_hash)",
                                           [list(fresh)]).fetchall()}
        fresh = {h: c for h, c in fresh.items() if h not in known}
    if fresh:
        batch = pa.table({
            "content_hash": list(fresh),
            "compression": ["zlib"] * len(fresh),
            "size_bytes": [len(c) for c in fresh.values()],
            "content": [zlib.compress(c, 6) for c in fresh.values()],
            "stored_at": [datetime.now(timezone.utc)] * len(fresh),
        })
        con.register("_incoming_documents", batch)
        try:
            con.execute("""INSERT INTO documents BY NAME
                           SELECT * FROM _incoming_documents i
                           ANTI JOIN documents d ON d.content_hash = i.content_hash""").fetchall()
        finally:
            con.unregister("_incoming_documents")
    return hashes


def load_documents(con: duckdb.DuckDBPyConnection, hashes: list[str]) -> dict[str, bytes]:
    rows = con.execute("SELECT content_hash, compression, content FROM documents WHERE list_contains(?, content_hash)",
                       [list(set(hashes))]).fetchall()
    return {h: (zlib.decompress(c) if comp == "zlib" else bytes(c)) for h, comp, c in rows}
