"""The engine-agnostic core of the living OSINT timeline: load, validate and model the curated data.

Nothing in this package imports MkDocs; a site engine is an adapter over it.
"""

from .dataset import LoadResult, load
from .model import Dataset, Event, Site, Source
from .problems import Position, Problem

__all__ = ["Dataset", "Event", "LoadResult", "Position", "Problem", "Site", "Source", "load"]
