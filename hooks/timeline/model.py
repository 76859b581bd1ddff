"""The data contract: what each data file may say, and the validated dataset built from them.

The ``*Record`` models describe one file each. They are the single source of truth for the contract:
the checker validates against them and the published JSON Schemas are generated from them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator as After
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from .dates import EdtfDate

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)

EventStatus = Literal["confirmed", "reported", "claimed", "disputed", "retracted"]
SiteKind = Literal["air_base", "naval_base", "ground_base", "city", "route", "sea_area", "other"]
SitePrecision = Literal["exact", "approximate", "area"]
SourceKind = Literal[
    "news_outlet", "imagery_provider", "analyst", "think_tank", "government", "state_media", "social_media", "other"
]
EquipmentCategory = Literal["aircraft", "helicopter", "air_defence", "radar", "ship", "ground_vehicle", "other"]

SOURCE_KINDS_NEEDING_ARCHIVE = frozenset({"social_media", "analyst"})
"""Posts on X and the like vanish or get edited; an archived copy or a reason for its absence is required."""

# Trojan Source: characters that reorder how text is displayed, so a reviewer sees something else.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _bad_character(text: str, multiline: bool) -> str | None:
    for char in text:
        if char in "\n\t" and multiline:
            continue
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            return f"a lone surrogate (U+{code:04X})"
        if char in _BIDI_CONTROLS:
            return f"a bidirectional override character (U+{code:04X}) that can disguise text"
        if unicodedata.category(char) == "Cc" or code in (0xFFFE, 0xFFFF):
            name = "a line break" if char in "\r\n" else f"a control character (U+{code:04X})"
            return name
    return None


def _line_text(value: str) -> str:
    return _checked_text(value, multiline=False)


def _block_text(value: str) -> str:
    return _checked_text(value, multiline=True)


def _checked_text(value: str, multiline: bool) -> str:
    problem = _bad_character(value, multiline)
    if problem:
        raise ValueError(f"contains {problem}; remove it")
    if not value.strip():
        raise ValueError("is blank")
    return value


def _http_url(value: str) -> str:
    _line_text(value)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"must be an http:// or https:// link, not '{parts.scheme or value}'")
    if not parts.hostname or any(char.isspace() for char in value):
        raise ValueError("is not a complete link (https://host/path)")
    if parts.username or parts.password:
        raise ValueError("must not carry a user name or password")
    return value


def _whole_number(value: object) -> object:
    # Our loader hands over text; YAML's own number rules (0x10, 1_000, 0o7) are deliberately not followed.
    if isinstance(value, str):
        if not re.fullmatch(r"[0-9]+", value):
            raise ValueError(f"'{value}' is not a whole number")
        return int(value)
    return value


def _decimal(value: object) -> object:
    if isinstance(value, str):
        if not re.fullmatch(r"[-+]?[0-9]+(\.[0-9]+)?", value):
            raise ValueError(f"'{value}' is not a decimal number like 35.401")
        return float(value)
    return value


def _id(value: str) -> str:
    if not ID_RE.fullmatch(value):
        raise ValueError(f"'{value}' is not a valid id: use lowercase letters, digits and single hyphens")
    return value


Id = Annotated[str, After(_id), WithJsonSchema({"type": "string", "pattern": ID_PATTERN})]
LineText = Annotated[str, After(_line_text), WithJsonSchema({"type": "string", "minLength": 1})]
BlockText = Annotated[str, After(_block_text), WithJsonSchema({"type": "string", "minLength": 1})]
Markdown = Annotated[
    str,
    After(_block_text),
    WithJsonSchema({"type": "string", "minLength": 1, "description": "Markdown; raw HTML is not rendered"}),
]
HttpUrl = Annotated[str, After(_http_url), WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"})]
EdtfText = Annotated[
    str,
    After(_line_text),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[0-9X?~%./-]+$",
            "description": "EDTF level 0–1: 2024-12-13, 2024-12, 2024-12~, 2024-12-12?, 2024-12-10/2024-12-13",
            "examples": ["2024-12-13", "2024-12~", "2024-12-10/2024-12-13"],
        }
    ),
]
WholeNumber = Annotated[int, BeforeValidator(_whole_number), Field(ge=1)]
Latitude = Annotated[float, BeforeValidator(_decimal), Field(ge=-90, le=90)]
Longitude = Annotated[float, BeforeValidator(_decimal), Field(ge=-180, le=180)]


class _Record(BaseModel):
    # Unknown keys are mistakes (usually typos), never silently ignored.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, hide_input_in_errors=True)


class EquipmentSighting(_Record):
    """Equipment an event shows."""

    type: Id = Field(description="An id from data/equipment.yaml.")
    count: WholeNumber | None = Field(None, description="How many were seen, if the source says.")
    note: LineText | None = Field(None, description="What was seen, e.g. 'nose cone open'.")


class Citation(_Record):
    """One piece of evidence for an event."""

    source: Id = Field(description="Who reported it: an id from data/sources/.")
    title: LineText = Field(description="Title of the article, post or image release.")
    url: HttpUrl | None = Field(
        None, description="Link to it. If no link is known, leave it out and say why in url_note."
    )
    url_note: LineText | None = Field(None, description="Why there is no url, e.g. 'the article gives no link'.")
    archive_url: HttpUrl | None = Field(None, description="An archived copy (archive.org, archive.today).")
    archive_note: LineText | None = Field(None, description="Why there is no archived copy.")
    published: EdtfText | None = Field(None, description="When the source published it.")
    quote: BlockText | None = Field(None, description="The words of the source that support the event.")
    via: Id | None = Field(None, description="The source id of the outlet through which this report reached us.")


class EventRecord(_Record):
    """One dated event: data/events/YYYY/<id>.yaml."""

    model_config = ConfigDict(title="Event", json_schema_extra={"$id": "event.schema.json"})

    title: LineText = Field(description="One line: what happened, where.")
    date: EdtfText = Field(description="When it happened, as EDTF.")
    sites: list[Id] = Field(min_length=1, description="Site ids from data/sites/.")
    tags: list[Id] = Field(default_factory=list, description="Tag ids from data/tags.yaml.")
    status: EventStatus = Field(description="How well established the event is; see the methodology page.")
    summary: Markdown = Field(description="What happened, in Markdown.")
    equipment: list[EquipmentSighting] = Field(default_factory=list)
    citations: list[Citation] = Field(min_length=1)
    supersedes: list[Id] = Field(default_factory=list, description="Event ids this one replaces.")
    related: list[Id] = Field(default_factory=list, description="Event ids that report the same thing.")


class Coordinates(_Record):
    lat: Latitude
    lon: Longitude


class SiteRecord(_Record):
    """A base or place: data/sites/<id>.yaml."""

    model_config = ConfigDict(title="Site", json_schema_extra={"$id": "site.schema.json"})

    name: LineText
    aliases: list[LineText] = Field(default_factory=list, description="Other spellings, e.g. Khmeimim.")
    kind: SiteKind
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code, e.g. SY.")]
    coordinates: Coordinates
    precision: SitePrecision = Field(description="How exact the coordinates are.")
    summary: Markdown


class SourceRecord(_Record):
    """An outlet, imagery provider, analyst or official: data/sources/<id>.yaml."""

    model_config = ConfigDict(title="Source", json_schema_extra={"$id": "source.schema.json"})

    name: LineText
    kind: SourceKind
    url: HttpUrl | None = None
    affiliation: LineText | None = Field(None, description="Employer or institution, for a person.")
    summary: Markdown


class TagRecord(_Record):
    label: LineText
    description: LineText


class EquipmentRecord(_Record):
    name: LineText
    category: EquipmentCategory
    description: LineText


# The validated dataset. Frozen dataclasses: built once per build, then only read.


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    path: str
    date: EdtfDate
    record: EventRecord


@dataclass(frozen=True, slots=True)
class Site:
    id: str
    path: str
    record: SiteRecord


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    path: str
    record: SourceRecord


@dataclass(frozen=True, slots=True)
class Dataset:
    events: tuple[Event, ...]
    """Oldest first, by date then id, so that every consumer sees the same order."""
    sites: dict[str, Site]
    sources: dict[str, Source]
    tags: dict[str, TagRecord]
    equipment: dict[str, EquipmentRecord]
    site_aliases: dict[str, str]
    """Alias slug → site id, e.g. 'khmeimim' → 'hmeimim'."""
