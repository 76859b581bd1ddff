"""The data contract: reading ``data/`` safely and checking it, into a frozen, typed ``Dataset``.

Owns the hardened YAML loader and its positions (``yamlsafe``), problems and "did you mean" hints
(``problems``, ``hints``), uncertain dates (``dates``), the records and models (``records``, ``model``),
the editorial rules (``rules``), loading a folder (``dataset``), the JSON Schemas of the data files
(``schema``) and what git says of the files (``repository``).

Imports nothing else of the package: every other layer builds on this one.
"""

from timeline.contract.dataset import LoadResult, load
from timeline.contract.model import Dataset, Event, Site, Source
from timeline.contract.problems import Position, Problem

__all__ = ["Dataset", "Event", "LoadResult", "Position", "Problem", "Site", "Source", "load"]
