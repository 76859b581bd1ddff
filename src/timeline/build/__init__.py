"""A build: plan the site and its exports, then write them, alone or beside an engine.

Owns planning a whole build (``plan``: load, check, plan pages and exports), writing files (``output``),
rendering in a second process (``background``), the engine's shells (``shell``), the Pagefind search
bundle (``search_bundle``), the order of a build beside an engine (``engine_build``) and watching the
data for a preview (``watching``).

May import ``timeline.exports``, ``timeline.site`` and ``timeline.contract``; never an engine.
"""

from timeline.build.engine_build import EngineBuild, EngineBuildError
from timeline.build.plan import Generated, generate

__all__ = ["EngineBuild", "EngineBuildError", "Generated", "generate"]
