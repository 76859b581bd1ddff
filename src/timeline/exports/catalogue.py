"""What the Open data page lists: every export, and the fields of each, from the same definitions
the exports and their schemas are made from, so that the page cannot drift from the files."""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass

from typing_extensions import is_typeddict

from timeline.exports import csvfile, shapes
from timeline.exports.atom import FEED_SIZE, SCOPED_FEED_SIZE
from timeline.site import urls


@dataclass(frozen=True, slots=True)
class Export:
    path: str
    kind: str
    holds: str
    schema: str | None = None


EXPORTS: tuple[Export, ...] = (
    Export(urls.FEED, "Atom", f"The {FEED_SIZE} events added last, newest first."),
    Export("sites/<id>/feed.xml", "Atom", f"The {SCOPED_FEED_SIZE} of one site added last (linked from its page)."),
    Export("tags/<id>/feed.xml", "Atom", f"The {SCOPED_FEED_SIZE} of one tag added last (linked from its page)."),
    *(
        Export(urls.api(f"{name}.json"), "JSON", f"Every {label}.", urls.schema(f"api-{name}.schema.json"))
        for name, label in (
            ("events", "month of events: the parts the events are split into, with their number"),
            ("sites", "site"),
            ("sources", "source"),
            ("tags", "tag"),
            ("equipment", "equipment type"),
        )
    ),
    Export(
        urls.api("changes.json"),
        "JSON",
        "Every addition, status or date change, correction and edit of an event, newest first, with its commit.",
        urls.schema("api-changes.schema.json"),
    ),
    Export(urls.CHANGES_FEED, "Atom", f"The {FEED_SIZE} latest of those changes, newest first."),
    Export(
        urls.events_part("<YYYY-MM>", "json"),
        "JSON",
        "The events the timeline lists under that month, oldest first.",
        urls.schema("api-events-month.schema.json"),
    ),
    Export(urls.events_part("<YYYY-MM>", "csv"), "CSV", "The same events, one row each."),
    Export(urls.events_part("<YYYY-MM>", "ics"), "iCalendar", "The same events, each an all-day entry."),
    Export(urls.api("sites.geojson"), "GeoJSON", "Every site as a point."),
    Export("sites/<id>/events.geojson", "GeoJSON", "One site's events, each at the site's point."),
)


@dataclass(frozen=True, slots=True)
class FieldRow:
    name: str
    kind: str
    description: str


def fields(shape: type) -> list[FieldRow]:
    """The fields of a TypedDict from ``shapes``, nested objects flattened as ``parent.child``."""
    rows: list[FieldRow] = []
    for name, annotation in typing.get_type_hints(shape, include_extras=True).items():
        description = ""
        if typing.get_origin(annotation) is typing.Annotated:
            annotation, *extras = typing.get_args(annotation)
            description = next((extra.description for extra in extras if getattr(extra, "description", None)), "")
        rows.append(FieldRow(name, _kind(annotation), description))
        nested = _nested_shape(annotation)
        if nested is not None:
            rows.extend(FieldRow(f"{name}.{row.name}", row.kind, row.description) for row in fields(nested))
    return rows


def _nested_shape(annotation: object) -> type | None:
    if is_typeddict(annotation):
        return typing.cast(type, annotation)
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        return typing.cast(type, item) if is_typeddict(item) else None
    return None


def _kind(annotation: object) -> str:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [_kind(option) for option in typing.get_args(annotation) if option is not type(None)]
        return " or ".join(options) + " or null"
    if origin is list:
        (item,) = typing.get_args(annotation)
        return f"list of {_kind(item)}s" if not is_typeddict(item) else "list of objects"
    if is_typeddict(annotation):
        return "object"
    names: dict[object, str] = {str: "text", int: "whole number", float: "number", bool: "true or false"}
    return names.get(annotation, "value")


JSON_FIELDS = {
    **{name: (f"api/{name}.json", fields(shape)) for name, shape in shapes.FILE_SHAPES.items()},
    **{name: (path, fields(shape)) for name, (shape, path) in shapes.PART_SHAPES.items()},
}
"""A JSON file's name (its schema's, ``api-<name>.schema.json``) → its address or pattern, and its fields."""
CSV_COLUMNS = csvfile.COLUMNS
