"""Cyclic garbage collection paused around bulk work, safely across threads.

Reading and storing a 100,000-line statement allocates a few hundred thousand lists and
tuples, none of them in reference cycles. The cycle collector walked all of them again
and again while they piled up: half of a CSV import's time (1.4 s of 2.8 s measured).
Reference counting still frees everything as usual; collection resumes afterwards.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0  # bulk operations running now, in any thread
_was_enabled = True


@contextmanager
def collection_paused() -> Iterator[None]:
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
