"""``api/sites.geojson`` and ``sites/<id>/events.geojson``: sites, and each site's events, on a map.

Points are ``[longitude, latitude]``, as RFC 7946 orders them. An event has no coordinates of its
own: it is drawn at its site's, so an event at two sites appears in both sites' files.
"""

from __future__ import annotations

from timeline.exports.entries import Entries
from timeline.exports.jsonfiles import dumps


def sites_geojson(entries: Entries) -> str:
    features = [
        {
            "type": "Feature",
            "id": site["id"],
            "geometry": {"type": "Point", "coordinates": [site["lon"], site["lat"]]},
            "properties": {
                key: site[key]
                for key in (
                    "name",
                    "aliases",
                    "kind",
                    "country",
                    "precision",
                    "event_count",
                    "latest_event",
                    "latest_status",
                    "page",
                    "feed",
                    "events_geojson",
                    "citations",
                )
            },
        }
        for site in entries.sites
    ]
    return dumps({"type": "FeatureCollection", "features": features})


def site_events_geojson(entries: Entries, site_id: str) -> str:
    site = entries.dataset.sites[site_id].record
    point = {"type": "Point", "coordinates": [site.coordinates.lon, site.coordinates.lat]}
    features = []
    for event in entries.views.by_site.get(site_id, ()):
        entry = entries.events_by_id[event.id]
        features.append(
            {
                "type": "Feature",
                "id": entry["id"],
                "geometry": point,
                "properties": {
                    "title": entry["title"],
                    "headline": entry["headline"],
                    "claimed_by": [source["id"] for source in entry["claimed_by"]],
                    "date": entry["date"]["edtf"],
                    "date_earliest": entry["date"]["earliest"],
                    "date_latest": entry["date"]["latest"],
                    "date_text": entry["date"]["text"],
                    "status": entry["status"],
                    "site": site_id,
                    "precision": site.precision,
                    "permalink": entry["permalink"],
                    # Not the citations themselves: they are on the event's page and in api/events.json, and
                    # repeated in the file of every site of an event they were 30 MB of 10,000 events' output.
                    "citation_count": len(entry["citations"]),
                },
            }
        )
    return dumps({"type": "FeatureCollection", "features": features})
