from __future__ import annotations

import pytest

from extractors.amounts import find_amounts


@pytest.mark.parametrize("text,value,currency,qualifier", [
    ("loss of over $200 million in contracts", 200e6, "USD", "over"),
    ("a US$450m deal", 450e6, "USD", None),
    ("a €30 million fine", 30e6, "EUR", None),
    ("worth £2.5bn", 2.5e9, "GBP", None),
    ("EUR 12,000,000 in penalties", 12e6, "EUR", None),
    ("1.5 billion euros", 1.5e9, "EUR", None),
    ("a $75,000 award", 75e3, "USD", None),
    ("up to $9 billion", 9e9, "USD", "up to"),
    ("more than $200 million", 200e6, "USD", "more than"),
    ("USD 3.2 million", 3.2e6, "USD", None),
])
def test_amount_formats(text, value, currency, qualifier):
    (start, end, amount), = find_amounts(text)
    assert amount.value == pytest.approx(value)
    assert amount.currency == currency
    assert amount.qualifier == qualifier
    assert text[start:end] == amount.text


def test_vague_amount_has_currency_but_no_value():
    (_, _, amount), = find_amounts("contracts worth hundreds of millions of dollars")
    assert amount.value is None and amount.currency == "USD"


def test_numbers_without_currency_are_not_amounts():
    assert find_amounts("in 2024, 10% growth and 800 million users") == []
