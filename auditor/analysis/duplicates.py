"""Find photos shared by several people, without comparing every pair.

Perceptual hashes (64 bits) are split into bands; two photos can only be near-duplicates
(Hamming distance <= `max_distance`) if, by the pigeonhole principle, at least one of
`max_distance + 1` bands is identical. Bucketing by band keeps the work linear in the team size
for real teams, instead of n² comparisons.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

__all__ = ["FINE_DUPLICATE_BITS", "NEAR_DUPLICATE_BITS", "find_duplicates", "fine_agrees"]

NEAR_DUPLICATE_BITS = 4  # pHash bits that may differ for "the same photo" (resized, re-encoded)
HASH_BITS = 64
# The 256-bit hash confirms a candidate: a resized or re-encoded copy differs in <= 8 of its
# bits and a brightened one in <= 32 (corpus); two people in one studio's framing (FRLL, GPO)
# in >= 42, though their 64-bit hashes came as close as 4 bits.
FINE_DUPLICATE_BITS = 24


def _bands(value: int, count: int) -> list[tuple[int, int]]:
    width = HASH_BITS // count
    mask = (1 << width) - 1
    return [(i, (value >> (i * width)) & mask) for i in range(count)]


def fine_agrees(fine: Mapping[str, str], a: str, b: str) -> bool:
    """True unless both photos have a 256-bit hash (hex) and those differ beyond the limit."""
    if not fine.get(a) or not fine.get(b):
        return True
    return (int(fine[a], 16) ^ int(fine[b], 16)).bit_count() <= FINE_DUPLICATE_BITS


def find_duplicates(
    hashes: Mapping[str, str],
    sha256: Mapping[str, str | None],
    max_distance: int = NEAR_DUPLICATE_BITS,
    fine: Mapping[str, str] | None = None,
) -> dict[str, dict[str, int]]:
    """For each photo id, the other ids whose photo is the same or nearly the same.

    `fine` (256-bit hashes, where measured) must agree within FINE_DUPLICATE_BITS as well.
    Returns {id: {other_id: distance}} where distance 0 with equal sha256 means byte-identical
    (reported as -1 so callers can tell "identical file" from "visually identical").
    """
    values = {pid: int(h, 16) for pid, h in hashes.items() if h}
    buckets: dict[tuple[int, int], list[str]] = defaultdict(list)
    for pid, value in values.items():
        for band in _bands(value, max_distance + 1):
            buckets[band].append(pid)
    found: dict[str, dict[str, int]] = defaultdict(dict)
    for members in buckets.values():
        if len(members) < 2:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if b in found[a]:
                    continue
                distance = (values[a] ^ values[b]).bit_count()
                if distance <= max_distance and fine_agrees(fine or {}, a, b):
                    same_file = sha256.get(a) and sha256.get(a) == sha256.get(b)
                    found[a][b] = found[b][a] = -1 if same_file else distance
    # Byte-identical files are duplicates even if (impossibly) their hashes were missing.
    by_sha: dict[str, list[str]] = defaultdict(list)
    for pid, digest in sha256.items():
        if digest:
            by_sha[digest].append(pid)
    for members in by_sha.values():
        for a in members:
            for b in members:
                if a != b:
                    found[a][b] = -1
    return {pid: others for pid, others in found.items() if others}
