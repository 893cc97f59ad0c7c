"""Imported by the multiprocessing fork server when it starts (``set_forkserver_preload``):
the fork server dies with the bot's main process, even when that is killed with kill -9.

The fork server's parent is the main process, so Linux's parent-death signal covers it; a
watchdog thread on the main process's pid covers other systems. Workers forked from the fork
server do the same for the fork server and for the main process (``workers._init``).
"""

from __future__ import annotations

import os
import sys

from bot.news.workers import die_with_parent, watch_parent

if "multiprocessing.forkserver" in " ".join(sys.orig_argv):
    # Only in the fork server (a fresh interpreter whose parent is the bot).
    die_with_parent()
    watch_parent(os.getppid())
