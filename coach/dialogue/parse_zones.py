"""Time zones: the ones offered for an exam and language, and the names people type for them
(IANA names, cities, and the abbreviations in daily use: EST, PT, CET, TRT ...)."""

from __future__ import annotations

import re
from zoneinfo import available_timezones

from coach.dialogue.parse_base import Problem, fold

# An abbreviation stands for the zone most people who type it live in; summer and winter
# forms lead to the same zone (its rules switch by date).
ABBREVIATIONS = {
    "est": "America/New_York", "edt": "America/New_York", "et": "America/New_York",
    "eastern": "America/New_York", "cst": "America/Chicago", "cdt": "America/Chicago",
    "ct": "America/Chicago", "central": "America/Chicago", "mst": "America/Denver",
    "mdt": "America/Denver", "mt": "America/Denver", "mountain": "America/Denver",
    "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles", "pt": "America/Los_Angeles",
    "pacific": "America/Los_Angeles", "akst": "America/Anchorage", "hst": "Pacific/Honolulu",
    "gmt": "Europe/London", "bst": "Europe/London", "wet": "Europe/Lisbon",
    "cet": "Europe/Berlin", "cest": "Europe/Berlin", "met": "Europe/Berlin",
    "eet": "Europe/Athens", "eest": "Europe/Athens", "trt": "Europe/Istanbul",
    "tsi": "Europe/Istanbul", "msk": "Europe/Moscow", "ast": "Asia/Riyadh",
    "gst": "Asia/Dubai", "jst": "Asia/Tokyo", "kst": "Asia/Seoul", "aest": "Australia/Sydney",
    "utc": "UTC", "z": "UTC",
}  # fmt: skip
# Cities and countries whose zone name is not the city itself.
CITY_ZONES = {
    "istanbul": "Europe/Istanbul", "ankara": "Europe/Istanbul", "izmir": "Europe/Istanbul",
    "bursa": "Europe/Istanbul",
    "antalya": "Europe/Istanbul", "adana": "Europe/Istanbul", "konya": "Europe/Istanbul",
    "türkiye": "Europe/Istanbul", "turkiye": "Europe/Istanbul", "turkey": "Europe/Istanbul",
    "münchen": "Europe/Berlin", "munich": "Europe/Berlin", "köln": "Europe/Berlin",
    "cologne": "Europe/Berlin", "hamburg": "Europe/Berlin", "frankfurt": "Europe/Berlin",
    "almanya": "Europe/Berlin", "germany": "Europe/Berlin", "londra": "Europe/London",
    "viyana": "Europe/Vienna", "bakü": "Asia/Baku", "lefkoşa": "Asia/Nicosia",
    "nicosia": "Asia/Nicosia", "new york": "America/New_York", "nyc": "America/New_York",
    "boston": "America/New_York", "washington": "America/New_York",
    "miami": "America/New_York", "atlanta": "America/New_York",
    "philadelphia": "America/New_York", "houston": "America/Chicago",
    "dallas": "America/Chicago", "austin": "America/Chicago", "la": "America/Los_Angeles",
    "san francisco": "America/Los_Angeles", "seattle": "America/Los_Angeles",
    "san diego": "America/Los_Angeles", "las vegas": "America/Los_Angeles",
    "salt lake city": "America/Denver", "new jersey": "America/New_York",
    "california": "America/Los_Angeles", "texas": "America/Chicago",
    "abd": "America/New_York", "usa": "America/New_York",
}  # fmt: skip

# The zones offered as buttons, by the exam's language: US zones for an English exam (SAT),
# Türkiye first for a Turkish one (YKS) with the cities where many Turkish families live.
_OFFERED = {
    "en": (
        "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
        "Europe/London", "Europe/Istanbul",
    ),
    "tr": ("Europe/Istanbul", "Europe/Berlin", "Europe/London", "Europe/Amsterdam"),
}  # fmt: skip
_HOME = {"tr": "Europe/Istanbul"}
_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?00)?$")


def zone_choices(exam_language: str | None, locale: str | None) -> tuple[str, ...]:
    """The zones to offer, best guess first: the exam's region, and a Turkish speaker's home
    zone first whatever the exam."""
    offered = list(_OFFERED.get(exam_language or "", _OFFERED["tr"]))
    home = _HOME.get(locale or "")
    if home is not None:
        offered = [home, *(zone for zone in offered if zone != home)]
    return tuple(offered)


def parse_timezone(text: str) -> str | Problem:
    """An IANA time zone from a name ('Europe/Berlin'), a city ('Berlin', 'Los Angeles'), an
    abbreviation ('EST', 'CET', 'TRT') or an offset ('UTC+3', 'GMT-5')."""
    lowered = fold(text).strip(" .()")
    if lowered in ABBREVIATIONS:
        return ABBREVIATIONS[lowered]
    if lowered in CITY_ZONES:
        return CITY_ZONES[lowered]
    if (offset := _OFFSET.match(lowered)) and int(offset.group(2)) <= 14:
        # "UTC+3": IANA's Etc zones count the other way round (Etc/GMT-3 is three hours ahead).
        hours = int(offset.group(2))
        if hours == 0:
            return "UTC"
        return f"Etc/GMT{'-' if offset.group(1) == '+' else '+'}{hours}"
    by_lower = {name.lower(): name for name in available_timezones()}
    if lowered in by_lower:
        return by_lower[lowered]
    suffix = "/" + lowered.replace(" ", "_")
    for name in sorted(by_lower.values()):
        if name.lower().endswith(suffix):
            return name
    return Problem("timezone_unknown", {})
