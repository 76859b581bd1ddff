"""The data contract: what each data file may say, and the validated dataset built from them.

The ``*Record`` models describe one file each. They are the single source of truth for the contract:
the checker validates against them and the published JSON Schemas are generated from them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Literal

import pycountry
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from timeline.contract import hygiene, limits, weblinks
from timeline.contract.archives import CAPTURE_PATTERN
from timeline.contract.dates import EdtfDate
from timeline.contract.statuses import NEEDING_ATTRIBUTION, EventStatus
from timeline.contract.yamlsafe import QuotedText

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)

SiteKind = Literal["air_base", "naval_base", "ground_base", "city", "route", "sea_area", "other"]
SitePrecision = Literal["exact", "approximate", "area"]
SourceKind = Literal[
    "news_outlet", "imagery_provider", "analyst", "think_tank", "government", "state_media", "social_media", "other"
]
EquipmentCategory = Literal["aircraft", "helicopter", "air_defence", "radar", "ship", "ground_vehicle", "other"]

SOURCE_KINDS_NEEDING_ARCHIVE = frozenset({"social_media", "analyst"})
"""Posts on X and the like vanish or get edited; an archived copy or a reason for its absence is required."""

# Characters no text field may hold: C0 and C1 controls, and the bidirectional overrides that make a
# reviewer see something other than what is stored (Trojan Source). Lone surrogates cannot reach a
# pattern at all: pydantic-core refuses them as invalid Unicode first.
_BIDI = r"\u202A-\u202E\u2066-\u2069"
_BAD_IN_LINE = rf"\x00-\x1F\x7F-\x9F\u2028\u2029{_BIDI}\uFFFE\uFFFF"
_BAD_IN_BLOCK = rf"\x00-\x08\x0B-\x1F\x7F-\x9F{_BIDI}\uFFFE\uFFFF"  # tab and line feed allowed

# The checks run as patterns inside pydantic-core, which is what keeps `check` near bare parsing speed.
# The same patterns land in the JSON Schemas, so editors flag these characters too. Valid in both
# Rust's regex and ECMAScript, the two engines that read them.
LINE_PATTERN = rf"^[^{_BAD_IN_LINE}]*[^\s{_BAD_IN_LINE}][^{_BAD_IN_LINE}]*$"
BLOCK_PATTERN = rf"^[^{_BAD_IN_BLOCK}]*[^\s{_BAD_IN_BLOCK}][^{_BAD_IN_BLOCK}]*$"
URL_PATTERN = rf"^https?://[A-Za-z0-9\[][^\s/?#@{_BAD_IN_LINE}]*([/?#][^\s{_BAD_IN_LINE}]*)?$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"


def _iso_country(value: str) -> str:
    # The pattern only checks the form; 'XX' or 'UK' look right and are not ISO 3166-1 codes.
    if pycountry.countries.get(alpha_2=value) is None:
        raise ValueError(f"'{value}' is not an ISO 3166-1 country code")
    return value


def _whole_number(value: object) -> object:
    # Our loader hands over text; YAML's own number rules (0x10, 1_000, 0o7) are deliberately not followed.
    if isinstance(value, QuotedText):
        raise ValueError(f"must be a number, not quoted text: write {value[:20]} without quotes")
    if isinstance(value, str):
        if not re.fullmatch(r"[0-9]+", value):
            raise ValueError(f"'{value[:20]}' is not a whole number")
        if len(value) > 9:
            raise ValueError("is too large")
        return int(value)
    return value


def _decimal(value: object) -> object:
    if isinstance(value, QuotedText):
        raise ValueError(f"must be a number, not quoted text: write {value[:20]} without quotes")
    if isinstance(value, str):
        if len(value) > 20 or not re.fullmatch(r"[-+]?[0-9]+(\.[0-9]+)?", value):
            raise ValueError(f"'{value[:20]}' is not a decimal number like 35.401")
        return float(value)
    return value


Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=limits.IDENTIFIER)]
LineText = Annotated[str, Field(pattern=LINE_PATTERN, max_length=limits.LINE), AfterValidator(hygiene.visible)]
BlockText = Annotated[
    str,
    Field(pattern=BLOCK_PATTERN, max_length=limits.QUOTE),
    AfterValidator(hygiene.visible),
    AfterValidator(hygiene.shallow),
]
Markdown = Annotated[
    str,
    Field(pattern=BLOCK_PATTERN, max_length=limits.SUMMARY, description="Markdown; raw HTML is not rendered."),
    AfterValidator(hygiene.visible),
    AfterValidator(hygiene.shallow),
]
AliasText = Annotated[str, Field(pattern=LINE_PATTERN, max_length=limits.IDENTIFIER), AfterValidator(hygiene.visible)]


def _web_link(value: str) -> str:
    if problem := weblinks.problem(value):
        raise ValueError(problem)
    return value


# The pattern is for editors (the JSON Schemas); the checker's word on a link is weblinks.problem's.
HttpUrl = Annotated[
    str,
    Field(max_length=weblinks.MAX_LENGTH, json_schema_extra={"format": "uri", "pattern": URL_PATTERN}),
    AfterValidator(_web_link),
]
Sha256 = Annotated[
    str,
    Field(
        pattern=SHA256_PATTERN,
        description="SHA-256 of a downloaded file: 64 hex digits, lower case.",
    ),
]
EdtfText = Annotated[
    str,
    Field(
        pattern=r"^[0-9X?~%./-]+$",
        description="EDTF level 0–1: 2024-12-13, 2024-12, 2024-12~, 2024-12-12?, 2024-12-10/2024-12-13",
        examples=["2024-12-13", "2024-12~", "2024-12-10/2024-12-13"],
    ),
]
# Constraints before the validator: in the other order pydantic writes "ge" into the JSON Schema, which
# no editor understands, instead of "minimum".
Country = Annotated[
    str, Field(pattern=COUNTRY_PATTERN, description="ISO 3166-1 alpha-2 code, e.g. SY."), AfterValidator(_iso_country)
]
WholeNumber = Annotated[int, Field(ge=1), BeforeValidator(_whole_number)]
Latitude = Annotated[float, Field(ge=-90, le=90), BeforeValidator(_decimal)]
Longitude = Annotated[float, Field(ge=-180, le=180), BeforeValidator(_decimal)]


class _Record(BaseModel):
    # Unknown keys are mistakes (usually typos), never silently ignored.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, hide_input_in_errors=True)


class EquipmentSighting(_Record):
    """Equipment an event shows."""

    type: Id = Field(description="An id from data/equipment.yaml.")
    count: WholeNumber | None = Field(None, description="How many were seen, if the source says.")
    note: LineText | None = Field(None, description="What was seen, e.g. 'nose cone open'.")


class Citation(_Record):
    """One piece of evidence, with its provenance: where it is, when it was seen, a dated copy."""

    model_config = ConfigDict(json_schema_extra={"dependentRequired": {"url": ["accessed"]}})

    source: Id = Field(description="Who reported it: an id from data/sources/.")
    title: LineText = Field(description="Title of the article, post or image release.")
    url: HttpUrl | None = Field(None, description="Link to it; if none is known, leave it out and fill url_note.")
    url_note: LineText | None = Field(None, description="Why there is no url.")
    accessed: EdtfText | None = Field(
        None, description="The day you last saw it at url, e.g. 2024-12-14. Required with url."
    )
    archive_url: HttpUrl | None = Field(
        None,
        description="A dated capture of url, e.g. web.archive.org/web/YYYYMMDDhhmmss/<url>.",
        # In the schema only: editors flag an undated copy at once; the checker explains it in words.
        json_schema_extra={"pattern": CAPTURE_PATTERN},
    )
    archive_note: LineText | None = Field(None, description="Why there is no archived copy.")
    published: EdtfText | None = Field(None, description="When the source published it.")
    quote: BlockText | None = Field(None, description="The source's words that support the event.")
    via: Id | None = Field(None, description="The outlet it reached us through: a source id.")
    sha256: Sha256 | None = Field(None, description="For a downloaded video or image: its SHA-256.")
    collected_by: LineText | None = Field(None, description="Who found or saved it: a name or handle.")


class Correction(_Record):
    """A change to an event that changed what readers were told: kept on the event, in the open."""

    date: EdtfText = Field(description="When the correction was made: a single day, e.g. 2024-12-16.")
    note: LineText = Field(description="What changed and why, e.g. 'Two aircraft, not three.'")


class EventRecord(_Record):
    """One dated event: data/events/YYYY/<id>.yaml."""

    model_config = ConfigDict(
        title="Event",
        json_schema_extra={
            "$id": "event.schema.json",
            # What the checker enforces across fields, so that editors flag it as well.
            "if": {"properties": {"status": {"enum": list(NEEDING_ATTRIBUTION)}}, "required": ["status"]},
            "then": {"required": ["claimed_by"]},
        },
    )

    title: LineText = Field(description="What happened, where.")
    date: EdtfText = Field(description="When it happened, as EDTF.")
    sites: list[Id] = Field(min_length=1, max_length=limits.SITES, description="Site ids from data/sites/.")
    tags: list[Id] = Field(default_factory=list, max_length=limits.TAGS, description="Tag ids from data/tags.yaml.")
    status: EventStatus = Field(description="How well established it is (the methodology page).")
    claimed_by: list[Id] = Field(
        default_factory=list,
        max_length=limits.CLAIMANTS,
        description="Who makes the claim: cited source ids. Required unless confirmed.",
    )
    summary: Markdown = Field(description="What happened, in Markdown.")
    equipment: list[EquipmentSighting] = Field(
        default_factory=list, max_length=limits.EQUIPMENT, description="Equipment the event shows."
    )
    citations: list[Citation] = Field(
        min_length=1, max_length=limits.CITATIONS, description="The evidence: who reported it, where, in what words."
    )
    supersedes: list[Id] = Field(
        default_factory=list, max_length=limits.RELATED, description="Event ids this one replaces."
    )
    related: list[Id] = Field(
        default_factory=list, max_length=limits.RELATED, description="Event ids that report the same thing."
    )
    corrections: list[Correction] = Field(
        default_factory=list, max_length=limits.CORRECTIONS, description="Corrections after publication, oldest first."
    )


class Coordinates(_Record):
    lat: Latitude = Field(description="Latitude in decimal degrees, north positive, e.g. 35.412.")
    lon: Longitude = Field(description="Longitude in decimal degrees, east positive, e.g. 35.945.")


class SiteRecord(_Record):
    """A base or place: data/sites/<id>.yaml."""

    model_config = ConfigDict(title="Site", json_schema_extra={"$id": "site.schema.json"})

    name: LineText = Field(description="The usual English name, e.g. Hmeimim air base.")
    aliases: list[AliasText] = Field(
        default_factory=list, max_length=limits.ALIASES, description="Other spellings, e.g. Khmeimim."
    )
    kind: SiteKind = Field(description="What the site is.")
    country: Country
    coordinates: Coordinates = Field(description="Where it is: lat and lon in decimal degrees.")
    precision: SitePrecision = Field(description="How exact the coordinates are.")
    summary: Markdown = Field(description="What the site is and why it matters, in Markdown.")
    citations: list[Citation] = Field(
        default_factory=list,
        max_length=limits.CITATIONS,
        description="The evidence for the summary, as on events. Required if it gives a figure.",
    )


class SourceRecord(_Record):
    """An outlet, imagery provider, analyst or official: data/sources/<id>.yaml."""

    model_config = ConfigDict(title="Source", json_schema_extra={"$id": "source.schema.json"})

    name: LineText = Field(description="The name they use for themselves.")
    short_name: LineText | None = Field(
        None, description="How headlines name them, e.g. 'an unattributed report'; default: name."
    )
    kind: SourceKind = Field(description="What kind of source it is.")
    url: HttpUrl | None = Field(None, description="Their website.")
    affiliation: LineText | None = Field(None, description="Employer or institution, for a person.")
    summary: Markdown = Field(description="Who they are; why to trust them, or to take care; in Markdown.")


class TagRecord(_Record):
    label: LineText = Field(description="The tag's name as readers see it, e.g. Airlift.")
    description: LineText = Field(description="What the tag covers.")


class EquipmentRecord(_Record):
    name: LineText = Field(description="The full name, e.g. Antonov An-124.")
    category: EquipmentCategory = Field(description="What kind of equipment it is.")
    description: LineText = Field(description="What it is and does.")


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
    # Read-only views (MappingProxyType): renderers share one Dataset and must not change it.
    sites: Mapping[str, Site]
    sources: Mapping[str, Source]
    tags: Mapping[str, TagRecord]
    equipment: Mapping[str, EquipmentRecord]
    site_aliases: Mapping[str, str]
    """Alias slug → site id, e.g. 'khmeimim' → 'hmeimim'."""
