"""The pipeline's own tokenizer and sentence tweaks (extractors/nlp.py)."""
from __future__ import annotations


def test_titles_stay_whole_and_never_end_a_sentence(extractor):
    doc = extractor.nlp("Canada sanctioned five officials. They include Brig. Gen. Mehdi Farahani and Lt. Col. Reza Amini.")
    assert [s.text.split()[0] for s in doc.sents] == ["Canada", "They"]
    assert {"Brig.", "Lt.", "Gen.", "Col."} <= {t.text for t in doc}


def test_millions_stay_whole(extractor):
    assert "18.6m" in [t.text for t in extractor.nlp("The regulator imposed a £18.6m fine.")]


def test_a_line_break_starts_a_sentence(extractor):
    doc = extractor.nlp("Treasury sanctions Iranian network\nThe Treasury on Tuesday designated six firms.")
    assert len(list(doc.sents)) == 2
