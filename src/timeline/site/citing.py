"""How to cite one event, and how to describe it to machines: plain text, BibTeX, CSL-JSON and schema.org.

Each is built here as data or text, and the templates escape it for where it goes: HTML text for the
citations a reader copies, ``|tojson`` inside the page's JSON-LD script.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from timeline.contract import dates
from timeline.contract.model import Event
from timeline.site import presenters, urls
from timeline.site.options import RenderOptions
from timeline.site.views import Views

# BibTeX's special characters, each made literal.
_BIBTEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_text(text: str) -> str:
    """Contributor text as a BibTeX value: every special character literal, on one line."""
    return "".join(_BIBTEX.get(character, character) for character in " ".join(text.split()))


@dataclass(frozen=True, slots=True)
class EventCitation:
    plain: str
    bibtex: str
    csl_json: str


def permanent_url(event: Event, options: RenderOptions) -> str:
    """The event's page: absolute when the site's address is known."""
    path = urls.event(event.id)
    return options.site_url.rstrip("/") + "/" + path if options.site_url else path


def _added_day(event: Event, options: RenderOptions) -> dt.date:
    times = options.event_times.get(event.id) if options.history_known else None
    return dates.epoch_day(times.added) if times else options.last_updated


def cite(event: Event, views: Views, options: RenderOptions) -> EventCitation:
    """The three forms of "cite this event". The entry is the site's, published the day the event was
    added (the build's day without history); "accessed" is the day of the build a reader sees."""
    headline = views.headlines[event.id]
    url = permanent_url(event, options)
    published = _added_day(event, options)
    accessed = options.last_updated
    when = dates.describe(event.date)
    plain = (
        f"{options.site_name} contributors. “{headline}” ({when}). {options.site_name}, "
        f"{dates.long_day(published)}. {url}. Accessed {dates.long_day(accessed)}."
    )
    key = "timeline-" + event.id
    bibtex = "\n".join(
        [
            f"@misc{{{bibtex_text(key)},",
            f"  author = {{{{{bibtex_text(options.site_name)} contributors}}}},",
            f"  title = {{{{{bibtex_text(headline)}}}}},",
            f"  howpublished = {{{bibtex_text(options.site_name)}}},",
            f"  year = {{{published.year}}},",
            f"  month = {{{published.month}}},",
            f"  note = {{Event dated {bibtex_text(when)}; accessed {accessed.isoformat()}}},",
            f"  url = {{{url}}},",
            f"  urldate = {{{accessed.isoformat()}}}",
            "}",
        ]
    )
    csl = {
        "id": key,
        "type": "webpage",
        "title": headline,
        "container-title": options.site_name,
        "author": [{"literal": f"{options.site_name} contributors"}],
        "issued": {"date-parts": [[published.year, published.month, published.day]]},
        "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
        "URL": url,
        "note": f"Event dated {when}",
    }
    # One field a line, as a reference manager exports it, with the short lists of numbers kept on theirs.
    fields = ",\n".join(f"    {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in csl.items())
    return EventCitation(plain, bibtex, f"[\n  {{\n{fields}\n  }}\n]")


def json_ld(event: Event, views: Views, options: RenderOptions) -> dict[str, Any]:
    """schema.org's ``Event`` for the event, with a ``citation`` per source it cites."""
    dataset = views.dataset
    record = event.record
    places = []
    for site_id in record.sites:
        site = dataset.sites[site_id].record
        place: dict[str, Any] = {"@type": "Place", "name": site.name}
        if site.coordinates is not None:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": site.coordinates.lat,
                "longitude": site.coordinates.lon,
            }
        places.append(place)
    citations = []
    for citation in record.citations:
        work: dict[str, Any] = {
            "@type": "CreativeWork",
            "name": citation.title,
            "publisher": {
                "@type": "Organization",
                "name": dataset.sources[citation.via or citation.source].record.name,
            },
        }
        if citation.url:
            work["url"] = citation.url
        published = dates.html_datetime(dates.parse(citation.published)) if citation.published else None
        if published:  # ISO 8601 only: schema.org has no way to say "around" or a span
            work["datePublished"] = published
        citations.append(work)
    url = permanent_url(event, options)
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": url,
        "name": views.headlines[event.id],
        # What search engines show, as the page's own description: the whole summary is on the page already.
        "description": presenters.summary_text(views.summaries[event.id]),
        "startDate": event.date.earliest.isoformat(),
        "endDate": event.date.latest.isoformat(),
        "location": places,
        "url": url,
        "citation": citations,
    }
