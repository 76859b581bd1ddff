"""Puts ``tests/`` on the import path (pytest does so for a conftest's folder), so that every layer
imports the shared ``helpers`` package."""
