"""The date a news event happened: a date stated in its sentence, resolved against the article date."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

_DATEISH = re.compile(r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:mon|tues|wednes|thurs|fri|"
                      r"satur|sun)day\b|\b(?:today|yesterday)\b", re.IGNORECASE)
_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_WEEKDAY = re.compile(r"(?:(?:on|last|this)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
                      re.IGNORECASE)
_VAGUE = re.compile(r"\b(?:years?|decades?|months|weeks|recent|coming|next|this year|last year|annual|quarter)\b",
                    re.IGNORECASE)


def resolve_event_date(date_text: str | None, article_date: date | None) -> date | None:
    """The calendar date ``date_text`` names ("on Tuesday", "March 3, 2026", "in September 2023"),
    taking relative expressions relative to ``article_date``; None when it names no day or month."""
    if not date_text or not _DATEISH.search(date_text) or _VAGUE.search(date_text):
        return None
    weekday = _WEEKDAY.fullmatch(date_text.strip())
    if weekday:
        if article_date is None:
            return None
        wanted = _DAYS.index(weekday.group(1).lower()[:3])
        return article_date - timedelta(days=(article_date.weekday() - wanted) % 7)
    import dateparser

    base = datetime.combine(article_date, time(12)) if article_date else None
    settings = {"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False,
                "REQUIRE_PARTS": ["month"]}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    text = re.sub(r"^(?:on|in|since|by|from|as of|until)\s+", "", date_text.strip(), flags=re.IGNORECASE)
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None:
        return None
    if article_date and parsed.date() > article_date:  # a weekday without a year lands in the past week
        return None if parsed.year != article_date.year else parsed.date()
    return parsed.date()
