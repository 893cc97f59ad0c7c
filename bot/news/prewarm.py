"""Imported by the multiprocessing fork server when it starts (``set_forkserver_preload``,
after :mod:`bot.news.forkguard`): builds what classifying reads (:func:`workers.warm`) once,
so that every parser worker forked from the fork server starts with it built, instead of each
worker building its own on its first feeds, inside a poll cycle.

``gc.freeze`` then moves those objects out of the collector's sight: a worker's collections
do not walk them (nor touch, and so copy, the pages they live on).
"""

from __future__ import annotations

import gc
import sys

from bot.news.workers import warm

if "multiprocessing.forkserver" in " ".join(sys.orig_argv):
    # Only in the fork server (a fresh interpreter whose parent is the bot).
    warm()
    gc.freeze()
