"""What the bench scripts share (run them as ``python bench/<name>.py``: this folder is on the path)."""

from __future__ import annotations

import os


def pin_one_core(wanted: int | None) -> int | None:
    """Pin this process to CPU ``wanted`` (default: its first allowed one); None if unsupported."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    allowed = os.sched_getaffinity(0)
    if wanted is not None and wanted not in allowed:
        raise ValueError(f"CPU {wanted} is not one this process may use ({sorted(allowed)}).")
    cpu = min(allowed) if wanted is None else wanted
    os.sched_setaffinity(0, {cpu})
    return cpu
