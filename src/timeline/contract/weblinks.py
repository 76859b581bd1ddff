"""The one validator of web links: every url a contributor gives passes through ``problem``.

A link is refused unless it is http(s) with a host a browser would resolve: a DNS name (internationalised
names checked by ``idna``, IDNA 2008 with UTS 46 mapping), an IPv4 address, or an IPv6 literal in brackets.
No user name or password, no white space or control characters, a port from 1 to 65535. ``problem`` says
what is wrong in words and never raises: a malformed link is a contributor's mistake, not our crash.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from urllib.parse import urlsplit

import idna

MAX_LENGTH = 2000
"""Characters: what every browser and archive takes; a longer address is not a link a source gives."""

_SCHEME = re.compile(r"^(https?)://", re.IGNORECASE)
_AT_HOST = re.compile(r"^[^/?#]*@")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_DISALLOWED = re.compile(r"[\s\x00-\x1f\x7f-\x9f<>\"\\^`{|}]")


def problem(url: str) -> str | None:
    """Why ``url`` is not an acceptable web link, in words ("must …", "is …"); None when it is one."""
    try:
        return _problem(url)
    except (ValueError, UnicodeError) as error:  # the parsers' own refusals, worded by them
        return f"is not a valid link: {error}"


# The common shape, checked without parsing: a lower-case host name, maybe a port, then a path, query or
# fragment of allowed characters. Anything else takes the full path below, which says what is wrong.
_COMMON = re.compile(
    r"^https?://(?P<host>[a-z0-9.-]+)(?::(?P<port>[0-9]{1,5}))?(?:[/?#][^\s\x00-\x1f\x7f-\x9f<>\"\\^`{|}]*)?$"
)


def _problem(url: str) -> str | None:
    if len(url) > MAX_LENGTH:
        return f"is {len(url):,} characters long; a link may have at most {MAX_LENGTH:,}"
    common = _COMMON.match(url)
    if common:
        port = common["port"]
        if port is not None and not 1 <= int(port) <= 65535:
            return f"has port {port}, outside 1 to 65535"
        return _host_problem(common["host"])
    scheme = _SCHEME.match(url)
    if scheme is None:
        written = url.split(":", 1)[0] if ":" in url else url
        return f"must be an http:// or https:// link, not '{written[:40]}'"
    if scheme.group(1) not in ("http", "https"):
        return f"must start with '{scheme.group(1).lower()}://' in lower case"
    rest = url[scheme.end() :]
    if _AT_HOST.match(rest):
        return "must not carry a user name or password"
    bad = _DISALLOWED.search(url)
    if bad:
        char = bad.group()
        if char.isspace():
            return "must not contain spaces or line breaks; encode a space as %20"
        return f"contains a character that is not allowed in a link (U+{ord(char):04X}); encode it"
    parts = urlsplit(url)
    netloc = parts.netloc
    if not netloc:
        return "is not a complete link (https://host/path)"
    host = _host_of(netloc)
    if host is None:
        return "has an IPv6 address without its closing ']'"
    if problem_with_host := _host_problem(host):
        return problem_with_host
    if parts.port is not None and not 1 <= parts.port <= 65535:  # .port raises for a port that is not a number
        return f"has port {parts.port}, outside 1 to 65535"
    if netloc.endswith(":"):
        return "has a ':' after the host but no port number"
    return None


def _host_of(netloc: str) -> str | None:
    if netloc.startswith("["):
        end = netloc.find("]")
        return None if end < 0 else netloc[: end + 1]
    return netloc.rsplit(":", 1)[0] if ":" in netloc else netloc


_PLAIN_NAME = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*\.?$")


@functools.lru_cache(maxsize=4096)  # the same few outlets' hosts, again and again
def _host_problem(host: str) -> str | None:
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return f"has '{host[:60]}', which is not an IPv6 address"
        return None
    if not host:
        return "is not a complete link (https://host/path)"
    if re.fullmatch(r"[0-9.]+", host):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return f"has '{host[:60]}', which is neither an IPv4 address nor a host name"
        return None
    name = host.rstrip(".").lower()
    if _PLAIN_NAME.match(name) and "xn--" not in name:
        # Letters, digits and hyphens only: nothing for IDNA to map or check (idna is pure Python, and
        # checking every link through it was a third of `check`'s time).
        ascii_name = name
    else:
        try:
            ascii_name = idna.encode(name, uts46=True).decode("ascii")
        except idna.IDNAError as error:
            return f"has the host '{host[:60]}', which is not a valid host name: {error}"
    labels = ascii_name.split(".")
    if len(ascii_name) > 253 or not all(_LABEL.match(label) for label in labels):
        return f"has the host '{host[:60]}', which is not a valid host name"
    if len(labels) < 2:
        return f"has the host '{host[:60]}', which has no domain (like example.org)"
    if labels[-1].isdigit():
        return f"has the host '{host[:60]}', whose last part is a number: neither a name nor an address"
    return None


def is_web_link(url: str) -> bool:
    return problem(url) is None
