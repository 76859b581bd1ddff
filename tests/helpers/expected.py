"""What pages and exports should show, worked out from the YAML files alone (never from the project's code),
so that a test compares the output with an independent reading of the data."""

from __future__ import annotations


def headline(record: dict, sources: dict[str, dict]) -> str:
    """An event's title as readers see it: who makes the claim first, unless the event is confirmed."""
    if "claimed_by" not in record:
        return record["title"]
    verb = "Claimed by" if record["status"] in ("claimed", "disputed") else "Reported by"
    names = [sources[source_id].get("short_name") or sources[source_id]["name"] for source_id in record["claimed_by"]]
    spoken = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{verb} {spoken}: {record['title']}"
