"""SimHash fingerprints of article text, to find near-duplicates (syndicated and wire copies).

Two texts whose 64-bit fingerprints differ in at most ``NEAR_DUPLICATE_BITS`` bits are
treated as copies of one story.
"""
from __future__ import annotations

import hashlib
import re

NEAR_DUPLICATE_BITS = 3
_WORD = re.compile(r"\w+", re.UNICODE)


def _shingles(text: str, size: int = 3):
    words = _WORD.findall(text.lower())
    if len(words) < size:
        yield " ".join(words)
        return
    for i in range(len(words) - size + 1):
        yield " ".join(words[i:i + size])


def simhash64(text: str) -> int:
    """A signed 64-bit SimHash (fits DuckDB's BIGINT) of the text's word 3-shingles."""
    weights = [0] * 64
    for shingle in _shingles(text):
        h = int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if h >> bit & 1 else -1
    value = sum(1 << bit for bit in range(64) if weights[bit] > 0)
    return value - (1 << 64) if value >= 1 << 63 else value


def hamming(a: int, b: int) -> int:
    return ((a ^ b) & ((1 << 64) - 1)).bit_count()
