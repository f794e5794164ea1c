"""Money amounts: surface text to a numeric value, an ISO currency and a qualifier."""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Amount:
    text: str
    value: float | None
    currency: str | None
    qualifier: str | None  # "up to", "more than", "about", "ceiling", ... as written


_SYMBOLS = {"us$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "a$": "AUD", "c$": "CAD",
            "hk$": "HKD", "₹": "INR", "₩": "KRW", "rs.": "INR", "r$": "BRL", "s$": "SGD", "nz$": "NZD",
            "zł": "PLN", "₴": "UAH", "₪": "ILS"}
_CODES = {"r", "rs", "usd", "eur", "gbp", "jpy", "cny", "aud", "cad", "chf", "inr", "krw", "rmb", "sek", "nok", "dkk",
          "pln", "brl", "mxn", "zar", "sgd", "nzd", "hkd", "twd", "czk", "huf", "ils", "aed", "sar", "uah"}
_WORDS = {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP",
          "pounds": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
          "rupees": "INR", "won": "KRW", "francs": "CHF", "zloty": "PLN", "złoty": "PLN", "zlotys": "PLN",
          "kronor": "SEK", "kroner": "NOK", "reais": "BRL", "hryvnias": "UAH", "shekels": "ILS"}
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
           "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "lakh": 1e5, "crore": 1e7}
_QUALIFIERS = ("up to", "more than", "over", "at least", "nearly", "almost", "about", "around",
               "approximately", "roughly", "less than", "under", "as much as", "ceiling",
               "maximum")

_SYMBOL_RE = "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))
_CODE_RE = "|".join(_CODES)
_SCALE_RE = "|".join(sorted(_SCALES, key=len, reverse=True))
_WORD_RE = "|".join(sorted(_WORDS, key=len, reverse=True))
AMOUNT_RE = re.compile(
    rf"(?:(?P<sym>{_SYMBOL_RE})\s?|(?P<code>\b(?:{_CODE_RE}))\s?)"
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"(?:\s?(?P<scale>(?:{_SCALE_RE}))\b)?"
    rf"|(?P<num2>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?"
    rf"(?P<scale2>(?:{_SCALE_RE}))?\s?(?P<word>(?:{_WORD_RE}))\b"
    rf"|(?P<num3>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?(?P<scale3>(?:{_SCALE_RE}))?\s(?P<code3>(?:{_CODE_RE}))\b",
    re.IGNORECASE,
)
_WORD_AMOUNT_RE = re.compile(rf"\b(?P<scale>hundreds|tens|billions|millions) of (?P<unit>millions of )?(?P<word>{_WORD_RE})\b",
                             re.IGNORECASE)


def _number(num: str, scale: str | None) -> float:
    value = float(num.replace(",", ""))
    if scale:
        value *= _SCALES[scale.lower()]
    return round(value, 2)  # 213.14 crore is 2131400000, not 2131399999.9999998


def find_amounts(text: str) -> list[tuple[int, int, Amount]]:
    """Every money amount in ``text`` with its character span."""
    found = []
    for m in AMOUNT_RE.finditer(text):
        g = m.groupdict()
        if g["num"]:
            currency = _SYMBOLS.get((g["sym"] or "").lower()) or (g["code"] or "").upper() or None
            value = _number(g["num"], g["scale"])
        elif g["num2"]:
            currency = _WORDS[g["word"].lower()]
            value = _number(g["num2"], g["scale2"])
        else:
            currency = g["code3"].upper()
            value = _number(g["num3"], g["scale3"])
        if currency == "RMB":
            currency = "CNY"
        if currency == "R":
            if g["code"] != "R" or text[m.end("code"):m.end("code") + 1] == " ":
                continue  # "R187 million" is rand; a lone "r" is not
            currency = "ZAR"
        if currency == "RS":
            if (g["code"] or "") != "Rs":
                continue  # "rs" is a rupee sign only written "Rs"
            currency = "INR"
        start, end = m.start(), m.end()
        found.append((start, end, Amount(text[start:end], value, currency, _qualifier(text, start, end))))
    for m in _WORD_AMOUNT_RE.finditer(text):
        if any(s <= m.start() < e for s, e, _ in found):
            continue
        found.append((m.start(), m.end(), Amount(m.group(0), None, _WORDS[m.group("word").lower()],
                                                 "unspecified")))
    return sorted(found, key=lambda t: t[0])


def _qualifier(text: str, start: int, end: int) -> str | None:
    before = text[max(0, start - 30):start].lower()
    after = text[end:end + 20].lower()
    for q in _QUALIFIERS:
        if before.rstrip().endswith(q):
            return q
    for q in ("ceiling", "maximum"):
        if after.lstrip().startswith(q):
            return q
    return None
