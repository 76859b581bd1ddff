"""The engine-agnostic core of the living OSINT timeline. Its layers, each a subpackage, import one way:

    contract  ←  site  ←  exports  ←  build  ←  contrib (the ``timeline`` command), and the engine's adapter

- ``contract``: read and check ``data/`` into a frozen ``Dataset``, or report every problem;
- ``site``: the pages, as planned files any static-site engine can take;
- ``exports``: feeds and open data;
- ``build``: plan a whole build and write it, alone or beside an engine;
- ``contrib``: the command line for contributors.

``settings`` holds the one ``Settings`` value the entry points make. Nothing here imports MkDocs.
"""
