"""CITATION.cff: how to cite the dataset, read once so that the Open data page says what the file says.

The Citation File Format (CFF 1.2.0) has many fields; the page needs few, so only those are read and the
rest is left to the format's own schema, which a test checks the file against. The file may arrive in a
pull request like any data file: it is read with the same hardened loader, and its problems are reported
as ``path:line:col`` lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from timeline.contract.problems import ProblemLog, display_path
from timeline.contract.records import build_record
from timeline.contract.yamlsafe import load_file

FILE_NAME = "CITATION.cff"

LICENCE_NAMES = {"CC-BY-4.0": "Creative Commons Attribution 4.0 International (CC BY 4.0)"}
LICENCE_URLS = {"CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/"}


class _Author(BaseModel):
    # A person (family-names, given-names) or an entity (name); CFF's other author fields are ignored.
    model_config = ConfigDict(extra="ignore", frozen=True)

    name: str | None = None
    family_names: str | None = Field(None, alias="family-names")
    given_names: str | None = Field(None, alias="given-names")


class _CitationFile(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, hide_input_in_errors=True)

    title: str
    message: str
    authors: list[_Author] = Field(min_length=1)
    license: str
    version: str | None = None
    date_released: str | None = Field(None, alias="date-released")


@dataclass(frozen=True, slots=True)
class DatasetCitation:
    title: str
    message: str
    authors: tuple[str, ...]
    """As a reference list writes them: "Family, Given" for a person, the name for an entity."""
    licence: str
    """The SPDX id, e.g. CC-BY-4.0."""
    version: str | None

    @property
    def licence_name(self) -> str:
        return LICENCE_NAMES.get(self.licence, self.licence)

    @property
    def licence_url(self) -> str | None:
        return LICENCE_URLS.get(self.licence)


def read(root: Path, log: ProblemLog) -> DatasetCitation | None:
    """The citation in ``root/CITATION.cff``; None when there is no such file or it has problems (logged)."""
    path = root / FILE_NAME
    if not path.is_file():
        return None
    shown_as = display_path(path)
    node = load_file(path, shown_as, log)
    if node is None:
        return None
    record = build_record(_CitationFile, node, shown_as, log)
    if record is None:
        return None
    authors = []
    for author in record.authors:
        person = ", ".join(part for part in (author.family_names, author.given_names) if part)
        authors.append(author.name or person)
    return DatasetCitation(record.title, record.message, tuple(authors), record.license, record.version)
