"""The contributors' tools: the ``timeline`` command (``cli``), ``new`` files from questions or flags
(``newfiles``, ``prompts``) and the house layout of data files (``formatter``).

The top layer: may import every other one.
"""

from timeline.contrib.cli import main

__all__ = ["main"]
