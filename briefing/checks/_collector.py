"""The cyclic garbage collector, paused while checking."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Checking builds many long-lived objects and no reference cycles to free.

    As they pile up, the cyclic garbage collector would rescan all of them
    again and again: over half of the time of checking a thousand articles.
    Reference counting still frees everything as usual.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        # Everything made meanwhile is still young: the first collection after
        # enabling would scan it all. Move it among the old objects instead, where
        # the collector looks only as often as it does at any long-lived data.
        gc.freeze()
        gc.unfreeze()
        gc.enable()
