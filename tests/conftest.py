"""Puts ``tests/`` on the import path (pytest does so for a conftest's folder), so that every layer
imports the shared ``helpers`` package."""

from pathlib import Path

import pytest

_LAYERS = ("unit", "e2e", "browser")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each test takes the marker of its layer, the folder it is in: ``pytest -m unit`` runs the fast layer."""
    for item in items:
        folder = Path(item.path).parent.name
        if folder in _LAYERS:
            item.add_marker(getattr(pytest.mark, folder))
