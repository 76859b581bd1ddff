"""The engine-agnostic core of the living OSINT timeline: load, validate and model the curated data.

Nothing in this package imports MkDocs; a site engine is an adapter over it.
"""

from timeline.contract.dataset import LoadResult, load
from timeline.contract.model import Dataset, Event, Site, Source
from timeline.contract.problems import Position, Problem

__all__ = ["Dataset", "Event", "LoadResult", "Position", "Problem", "Site", "Source", "load"]
