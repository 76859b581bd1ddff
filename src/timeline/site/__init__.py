"""The site's pages: a checked ``Dataset`` → planned pages and redirects, as files any engine can take.

Owns the view models (``views``, ``changes``), the pages' addresses (``urls``), contributor Markdown
(``markup``), maps and charts (``maps``, ``charts``, the committed ``basemap/``), the search records
(``search``), the one autoescaping Jinja environment and its ``templates/``, and ``PlannedFile``, the
one type for a file the build writes.

May import ``timeline.contract`` only.
"""

from timeline.site.options import RenderOptions
from timeline.site.planned import PlannedFile, Rendered, render_all
from timeline.site.render import SitePlan, plan_site

__all__ = ["PlannedFile", "RenderOptions", "Rendered", "SitePlan", "plan_site", "render_all"]
