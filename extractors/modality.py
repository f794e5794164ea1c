"""Modality of a news event: asserted, proposed, hypothetical or negated.

The trigger's own modifiers are read first ("a proposed rule"), then each governing
word up the dependency tree with its auxiliaries and negations; the nearest cue wins.
"""
from __future__ import annotations

import re

NEGATION_LEMMAS = {"deny", "reject", "refute", "decline", "refuse", "dismiss", "fail", "drop", "discontinue",
                   "abandon", "close", "veto"}
NEGATION_WORDS = {"not", "n't", "never", "no"}
HYPOTHETICAL_AUX = {"may", "might", "could", "would", "should", "can"}
HYPOTHETICAL_LEMMAS = {"threaten", "risk", "warn", "potentially", "possibly", "possible", "potential",
                       "if", "unless", "whether", "perhaps", "likely", "speculate", "fear", "hypothetical"}
PROPOSED_LEMMAS = {"propose", "consider", "plan", "seek", "draft", "intend", "weigh", "mull", "aim",
                   "prepare", "explore", "pending", "proposed", "planned", "expect", "debate", "review",
                   "contemplate", "recommend", "urge", "push", "call", "intent", "intention", "consultation"}
_SENTENCE_NEGATIONS = ("no decision has been made", "no decision had been made", "has not decided")
# these negate what follows them, up to a turn in the sentence ("stopped short of designating X,
# opting instead for sanctions on Y": the sanctions are asserted)
_LEADING_NEGATIONS = ("ruled out", "rule out", "rules out", "no plans to", "stopped short of", "stops short of",
                      "stop short of", "no intention of")
_TURN = re.compile(r";|,\s+(?:but|instead|while|opting|choosing|turning|and instead)\b|\binstead\b")


def _negated_ahead(trigger, sentence) -> bool:
    low = sentence.text.lower()
    at = trigger.idx - sentence.start_char
    for phrase in _LEADING_NEGATIONS:
        start = low.find(phrase)
        while start != -1:
            if start < at and not _TURN.search(low[start + len(phrase):at]):
                return True
            start = low.find(phrase, start + 1)
    return False


def _cue(token) -> str | None:
    lemma = token.lemma_.lower()
    lower = token.lower_
    if lower in NEGATION_WORDS and token.dep_ in ("neg", "det") or lemma in NEGATION_LEMMAS:
        return "negated"
    if token.dep_ in ("aux", "auxpass") and lower in HYPOTHETICAL_AUX:
        return "hypothetical"
    if lemma in HYPOTHETICAL_LEMMAS or lower in HYPOTHETICAL_LEMMAS:
        return "hypothetical"
    if lemma in PROPOSED_LEMMAS or lower in PROPOSED_LEMMAS:
        return "proposed"
    return None


def _denied(trigger) -> bool:
    """A denial anywhere above the trigger wins: "denied it planned to terminate the contract"."""
    return any(a.lemma_.lower() in ("deny", "refute", "reject") and a.pos_ == "VERB" for a in list(trigger.ancestors)[:5])


def modality_of(trigger, sentence, inside: range | None = None) -> str:
    """The modality of the news event whose trigger head is ``trigger``; words of the trigger
    itself (``inside``, token indices: "high-[risk] supplier") are not cues."""
    low = sentence.text.lower()
    if any(phrase in low for phrase in _SENTENCE_NEGATIONS) or _negated_ahead(trigger, sentence) or _denied(trigger):
        return "negated"
    # a negation among the trigger's own words comes first: "would not designate" is negated
    for child in sorted(trigger.children, key=lambda c: c.dep_ != "neg"):
        if inside is not None and child.i in inside:
            continue
        if child.dep_ in ("amod", "neg", "aux", "auxpass", "advmod", "det", "mark", "compound"):
            found = _cue(child)
            if found:
                return found
    node = trigger
    for _ in range(4):
        head = node.head
        if head is node:
            break
        if node.dep_ in ("relcl", "acl") and node.pos_ == "VERB":
            break  # a relative clause describes the noun; its modality is not the event's
        found = _cue(head) if head.pos_ in ("VERB", "ADJ", "ADV", "NOUN", "SCONJ") else None
        if found and head.dep_ not in ("amod",):
            return found
        for child in head.children:
            if child is node:
                continue
            if child.dep_ in ("neg", "aux", "auxpass", "advmod", "mark"):
                found = _cue(child)
                if found:
                    return found
        node = head
    return "asserted"
