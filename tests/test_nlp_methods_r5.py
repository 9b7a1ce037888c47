"""Method-list rules of round 5: a lower-case family name that ends another one found in the same text
refers back to it ("language models" after "large language models"). Texts written for the tests."""

from __future__ import annotations

from kg.extract import extract
from kg.model import PaperRecord, match_key


def test_shorter_family_name_is_dropped_for_the_longer_one():
    rec = PaperRecord(
        key="arxiv:2601.00003",
        title="Probing Language Models",
        abstract="We probe large language models (LLMs). Language models store facts; we also use CLIP.",
    )
    got = {match_key(e.name) for e in extract([rec])[0].methods}
    assert "largelanguagemodels" in got and "clip" in got
    assert "languagemodels" not in got


def test_two_versions_of_one_model_are_two_methods():
    rec = PaperRecord(
        key="arxiv:2601.00004",
        title="Evaluating assistants",
        abstract="We evaluate LLAMA 3.3 70B, LLAMA 3.1 405B and Claude 3.5 Sonnet. LLAMA 3.3 70B wins.",
    )
    ms = extract([rec])[0].methods
    got = {match_key(f) for e in ms for f in (e.name, *e.aliases)}
    assert {match_key("LLAMA 3.3 70B"), match_key("LLAMA 3.1 405B")} <= got
    owner = {match_key(f): e.key for e in ms for f in (e.name, *e.aliases)}
    assert owner[match_key("LLAMA 3.3 70B")] != owner[match_key("LLAMA 3.1 405B")]
    assert (
        sum(1 for e in ms if match_key(e.name) == match_key("LLAMA 3.3 70B")) == 0
    )  # the first stays the KB entity


def test_abbreviated_long_form_with_an_agent_noun_head_is_a_method():
    rec = PaperRecord(
        key="arxiv:2601.00005",
        title="Compression",
        abstract="A recent scheme uses a rejection-sampled universal quantizer (RSUQ) to compress updates.",
    )
    got = {match_key(f) for e in extract([rec])[0].methods for f in (e.name, *e.aliases)}
    assert "rsuq" in got
