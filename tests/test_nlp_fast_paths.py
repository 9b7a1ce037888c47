"""The speed paths of the NLP layer give the same results as the plain ones."""

from __future__ import annotations

import spacy

from kg.nlp.linker import kb_index, match_spans
from kg.nlp.pipeline import make_nlp, paper_text, run_staged
from kg.nlp.tokenizer import FastTokenizer

TEXTS = [
    paper_text("OTPrune: Faster Inference", "We propose OTPrune, built on CLIP. It beats ViT-B/16 on COCO."),
    paper_text(
        "A Study", "We evaluate GPT-4o and LLaMA's variants on ImageNet and KADID-10k (see https://x.io/a)."
    ),
    paper_text("", "Vision-language models (VLMs) and LLM-based agents; YOLOv11 detects objects."),
    "Irregular  spacing\tand a tab .",
]


def _summary(doc: spacy.tokens.Doc) -> list[object]:
    return [
        [t.text for t in doc],
        [t.whitespace_ for t in doc],
        [s.start for s in doc.sents],
        {k: [(s.start, s.end, s.label_, s.kb_id_) for s in g] for k, g in doc.spans.items()},
    ]


def test_run_staged_gives_the_docs_of_nlp_pipe():
    nlp = make_nlp()
    staged = run_staged(nlp, TEXTS)
    piped = list(nlp.pipe(TEXTS))
    assert [_summary(d) for d in staged] == [_summary(d) for d in piped]
    assert any(d.spans["kg_mentions"] for d in staged)


def test_tokenizer_inside_a_memory_zone_matches_outside():
    nlp = spacy.blank("en")
    nlp.tokenizer = FastTokenizer(nlp.vocab)
    outside = [[(t.text, t.whitespace_) for t in nlp(t)] for t in TEXTS]
    with nlp.memory_zone():
        inside = [[(t.text, t.whitespace_) for t in nlp(t)] for t in TEXTS]
    again = [[(t.text, t.whitespace_) for t in nlp(t)] for t in TEXTS]
    assert inside == outside == again
    assert outside[1][:4] == [("A", " "), ("Study", " "), (".", " "), ("We", " ")]


def test_match_memo_is_renewed_when_the_kb_sets_change():
    nlp = make_nlp()
    idx = kb_index()
    doc = nlp(TEXTS[0])
    before = [(s.start, s.end, s.label_) for s in match_spans(doc, idx)]
    assert [lab for *_, lab in before] == ["clip", "coco"]
    memo = idx.match_memo()
    assert idx.match_memo() is memo and memo.singles["zzqxs"] == ()
    idx.aliases.add("zzqx")
    try:
        renewed = idx.match_memo()
        assert renewed is not memo and renewed.singles["zzqxs"] == ("zzqx",)
    finally:
        idx.aliases.discard("zzqx")
    assert idx.match_memo().singles["zzqxs"] == ()
    assert [(s.start, s.end, s.label_) for s in match_spans(doc, idx)] == before
