"""Absolute http(s) IRIs, checked against the grammar of RFC 3987.

Source URLs, the article's URL and ``--base-url`` all end up as IRIs in the
export (JSON-LD ``id`` values) and as links in the site and the PDF. The
grammar below is RFC 3987 §2.2 restricted to the ``http`` and ``https``
schemes with an authority (a host is required): it refuses what a browser
would quietly repair and a JSON-LD processor would not, such as spaces,
``{ } | ^ ` < > "``, backslashes, controls, and ``%`` not followed by two
hexadecimal digits. ``javascript:`` and ``data:`` are not http(s).
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata

_UCSCHAR = (
    "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
    "\U00010000-\U0001fffd\U00020000-\U0002fffd\U00030000-\U0003fffd"
    "\U00040000-\U0004fffd\U00050000-\U0005fffd\U00060000-\U0006fffd"
    "\U00070000-\U0007fffd\U00080000-\U0008fffd\U00090000-\U0009fffd"
    "\U000a0000-\U000afffd\U000b0000-\U000bfffd\U000c0000-\U000cfffd"
    "\U000d0000-\U000dfffd\U000e1000-\U000efffd"
)
_IPRIVATE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
_UNRESERVED = rf"A-Za-z0-9\-._~{_UCSCHAR}"
_SUB_DELIMS = r"!$&'()*+,;="
_PCT = r"%[0-9A-Fa-f]{2}"
_PCHAR = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|{_PCT})"

_IRI = re.compile(
    rf"""
    (?P<scheme>[Hh][Tt][Tt][Pp][Ss]?):
    //
    (?:(?P<userinfo>(?:[{_UNRESERVED}{_SUB_DELIMS}:]|{_PCT})*)@)?
    (?P<host>\[[0-9A-Fa-f:.]+\]|(?:[{_UNRESERVED}{_SUB_DELIMS}]|{_PCT})+)
    (?::(?P<port>[0-9]*))?
    (?P<path>(?:/{_PCHAR}*)*)
    (?:\?(?P<query>(?:{_PCHAR}|[/?{_IPRIVATE}])*))?
    (?:\#(?P<fragment>(?:{_PCHAR}|[/?])*))?
    """,
    re.VERBOSE,
)

MAX_LENGTH = 2000
"""Longer addresses are refused (browsers and servers stop near 2,000 characters)."""


def iri_problem(value: str, *, base: bool = False) -> str | None:
    """Why ``value`` is not an absolute http(s) IRI (or, with ``base``, one to prefix ids
    with: no query, no fragment, no user name); ``None`` when it is one."""
    if len(value) > MAX_LENGTH:
        return f"is {len(value):,} characters long; the limit is {MAX_LENGTH:,}"
    scheme = value.partition(":")[0] if ":" in value else ""
    if scheme.lower() not in ("http", "https"):
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", scheme):
            return f"must be an http:// or https:// address, not `{scheme}:`"
        return "needs a scheme: an absolute http:// or https:// address, such as https://example.org/"
    match = _IRI.fullmatch(value)
    if match is None:
        return _first_fault(value)
    host = match["host"]
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return f"`{host}` is not an IPv6 address"
    if match["port"] and int(match["port"]) > 65535:
        return f"port {match['port']} is out of range"
    if base and (match["query"] is not None or match["fragment"] is not None):
        return "a base address must not contain `?` or `#`"
    if base and match["userinfo"] is not None:
        return "a base address must not contain a user name (`user@`)"
    return None


def _first_fault(value: str) -> str:
    """The first character (or escape) the grammar refuses, in words."""
    if not value.partition(":")[2].startswith("//") or value.partition("//")[2][:1] in ("", "/", "?", "#"):
        return "needs a host after `//`, such as https://example.org/"
    for i, char in enumerate(value):
        if char == "%" and not re.fullmatch(r"[0-9A-Fa-f]{2}", value[i + 1 : i + 3]):
            return f"`%` at character {i + 1} is not followed by two hexadecimal digits"
        if char == "%":
            continue
        if not re.fullmatch(rf"[{_UNRESERVED}{_SUB_DELIMS}:@/?#\[\]{_IPRIVATE}]", char):
            name = unicodedata.name(char, "")
            shown = f"U+{ord(char):04X}" + (f" ({name})" if name else "")
            encoded = "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
            return f"{shown} at character {i + 1} is not allowed in an address; write it as {encoded}"
    return "is not a well-formed address"


def check_iri(value: str) -> str:
    """``value`` if it is an absolute http(s) IRI; ``ValueError`` with the reason otherwise."""
    problem = iri_problem(value)
    if problem is not None:
        raise ValueError(f"not a valid http(s) address: {problem}")
    return value


def check_base_iri(value: str) -> str:
    """``value`` as a base for the export's ids: an absolute http(s) IRI ending in ``/`` (added)."""
    problem = iri_problem(value, base=True)
    if problem is not None:
        raise ValueError(problem)
    return value if value.endswith("/") else value + "/"
