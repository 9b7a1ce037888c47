"""Unit tests of the spaCy components on small texts written for the tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kg.model import match_key
from kg.nlp.abbrev import find_abbreviations
from kg.nlp.kb import build_kb, entry, merge_entries, proposed_entries, write_kb
from kg.nlp.lexicon import name_like
from kg.nlp.linker import kb_index
from kg.nlp.pipeline import make_nlp, paper_text


def run(title: str, abstract: str):
    return make_nlp()(paper_text(title, abstract))


def pairs(text: str) -> list[tuple[str, str]]:
    return [(text[a:b], text[c:d]) for a, b, c, d in find_abbreviations(text)]


def test_abbreviations_long_and_short_forms():
    text = (
        "We build a Graph-Smooth Null-Space Representation (GSNR) and use supervised fine-tuning (SFT). "
        "Results (see Table 2) and e.g. (i.e.) are not abbreviations; MCTS (Monte Carlo Tree Search) is."
    )
    got = pairs(text)
    assert ("Graph-Smooth Null-Space Representation", "GSNR") in got
    assert ("supervised fine-tuning", "SFT") in got
    assert ("Monte Carlo Tree Search", "MCTS") in got
    assert all(s not in {"see Table 2", "i.e."} for _, s in got)


def test_abbreviation_needs_matching_letters():
    assert pairs("We study the cost of computing (XYZ) here.") == []


def test_name_like():
    assert all(name_like(w) for w in ["OTPrune", "GPT-4o", "Qwen2.5-VL", "LENS", "$C^3$-Bench", "YOLOv8"])
    assert not any(
        name_like(w) for w in ["Vision-Language", "3D", "10k", "LLM-based", "Multi-view", "AI", "8-bit"]
    )


def test_kb_matcher_is_case_aware_and_links_aliases():
    doc = run("A title", "We compare 3DGS with Gaussian Splatting and NeRF. We sam the live results.")
    ids = [(sp.text, sp.kb_id_) for sp in doc.spans["kg_mentions"]]
    assert ("3DGS", "method:3d-gaussian-splatting") in ids
    assert ("Gaussian Splatting", "method:3d-gaussian-splatting") in ids
    assert ("NeRF", "method:neural-radiance-fields") in ids
    assert not any(t in {"sam", "live"} for t, _ in ids)


def test_kb_matcher_plural_and_hyphen_variants():
    doc = run("T", "Diffusion-Models and large language model agents use graph neural network layers.")
    keys = {sp.kb_id_ for sp in doc.spans["kg_mentions"]}
    assert {"method:diffusion-models", "method:large-language-models", "method:graph-neural-networks"} <= keys


def test_linker_uses_inmemory_kb_candidates():
    idx = kb_index()
    cands = idx.candidates(match_key("LLMs"))
    assert cands and cands[0][0] == "method:large-language-models"
    assert idx.kb.get_size_entities() > 1000


@pytest.mark.parametrize(
    ("title", "abstract", "name", "kind"),
    [
        ("OTPrune: Distribution-Aligned Token Pruning", "Tokens are many.", "OTPrune", "method"),
        (
            "Spatial reasoning in MLLMs",
            "We introduce a new benchmark, VSI-Bench, of videos.",
            "VSI-Bench",
            "dataset",
        ),
        (
            "Learning to rank",
            "In this paper we propose a ranker called Rankify that uses BM25.",
            "Rankify",
            "method",
        ),
        ("Token pruning", "We present Trimmer, a simple framework for pruning.", "Trimmer", "method"),
        (
            "Rolling forecasts",
            "We tackle this problem by introducing Elucidated Rolling Forecasters (ERF), a framework.",
            "ERF",
            "method",
        ),
        (
            "Spiking radios",
            "Results show that the proposed RF-SNX architecture saves energy.",
            "RF-SNX",
            "method",
        ),
        (
            "Seeing and doing",
            "FSD works well on 8 benchmarks and on our proposed more challenging benchmark VABenchX.",
            "VABenchX",
            "dataset",
        ),
        (
            "Video QA",
            "We also contribute CCS3D, a challenging synthetic dataset for tests.",
            "CCS3D",
            "dataset",
        ),
    ],
)
def test_proposed_name_rules(title, abstract, name, kind):
    doc = run(title, abstract)
    got = {(sp.text, sp.label_) for sp in doc.spans["kg_proposed"]}
    assert (name, kind) in got
    assert all(sp.kb_id_.startswith(f"{sp.label_}:") for sp in doc.spans["kg_proposed"])


def test_proposal_with_long_form_and_submodule():
    doc = run(
        "Robust boundary learning",
        "We propose Learner-Agnostic Robust Prefiltering (LARP). LARP uses a novel "
        "Information-Weighted Boundary Normalization (IWBN) module.",
    )
    got = {sp.text for sp in doc.spans["kg_proposed"]}
    assert {"LARP", "IWBN"} <= got


def test_no_proposal_for_unnamed_or_existing():
    doc = run(
        "Beyond Accuracy: rethinking evaluation", "We propose a novel framework that uses CLIP and BERT."
    )
    assert [sp.text for sp in doc.spans["kg_proposed"]] == []


def test_dataset_mentions_from_lists():
    doc = run("T", "We evaluate on the Foo-10k, BarSet and Quux benchmarks and on ImageNet.")
    cands = {sp.text for sp in doc.spans["kg_candidates"] if sp.label_ == "dataset"}
    kb = {sp.kb_id_ for sp in doc.spans["kg_mentions"]}
    assert {"Foo-10k", "BarSet"} <= cands
    assert "dataset:imagenet" in kb


def test_no_proposal_for_known_dataset_title_or_others_work():
    doc = run("COSMOS-Web: does halo mass alone shape clustering?", "We measure galaxies in COSMOS-Web.")
    assert [sp.text for sp in doc.spans["kg_proposed"]] == []
    assert "dataset:cosmos2020" in {sp.kb_id_ for sp in doc.spans["kg_mentions"]}
    # "proposed" after "the" reaches only a few words: a later unknown name is not proposed
    doc = run(
        "T", "The proposed method of the authors is slow, while the rest beats ZorbNet-2 on all counts."
    )
    assert [sp.text for sp in doc.spans["kg_proposed"]] == []


def test_derived_modifiers_are_not_names_but_mention_their_base():
    assert not name_like("LLM-Guided") and not name_like("LLM-Enabled") and name_like("LLM-FE")
    doc = run("LLM-Guided Exemplar Selection", "An OFDM-based link carries spikes.")
    got = {sp.text: sp.kb_id_ for sp in doc.spans["kg_mentions"]}
    assert got.get("LLM-Guided") == "method:large-language-models"
    assert got.get("OFDM-based") == "method:ofdm"
    assert "LLM-Guided" not in {sp.text for sp in doc.spans["kg_proposed"] + doc.spans["kg_candidates"]}


def test_mixed_case_names_need_their_capitals():
    kb_ids = lambda doc: {sp.kb_id_ for sp in doc.spans["kg_mentions"]}  # noqa: E731
    assert "dataset:quality" not in kb_ids(run("Enhancing Novel View Quality", "Quality matters."))
    assert "dataset:quality" in kb_ids(run("T", "We evaluate long-context reading on QuALITY."))


def test_possessive_is_split_from_the_name():
    doc = run("T", "We use PyTorch's autograd and LAAC’s rules.")
    words = [t.text for t in doc]
    assert words[4:6] == ["PyTorch", "'s"] and words[8:10] == ["LAAC", "’s"]
    assert "method:pytorch" in {sp.kb_id_ for sp in doc.spans["kg_mentions"]}
    assert [t.text for t in run("T", "WMT'24 and don't")][2] == "WMT'24"


def test_acronym_dataset_in_a_list_of_names():
    doc = run("T", "Evaluation on FooSet-A (Spanish), BarCall (Italian), and QZXW (Tamil) shows gains.")
    cands = {sp.text for sp in doc.spans["kg_candidates"] if sp.label_ == "dataset"}
    assert {"FooSet-A", "BarCall", "QZXW"} <= cands
    doc = run("T", "Evaluation on QZXW shows gains.")  # a lone acronym may be anything
    assert "QZXW" not in {sp.text for sp in doc.spans["kg_candidates"]}


@pytest.mark.parametrize(
    ("title", "abstract", "task"),
    [
        (
            "A Reduction Scheme for Constrained Contextual Bandits with Adversaries",
            "We reduce.",
            "Constrained Contextual Bandits",
        ),
        (
            "Detecting Silent Failures in Multi-Agent Trajectories",
            "Agents fail.",
            "Detecting Silent Failures",
        ),
        ("FooNet: Condition-Aware Road Surface Classification", "Roads vary.", "Road Surface Classification"),
        ("FooNet", "Advances in drone path planning are slow. We plan.", "drone path planning"),
        ("Tactile Processing in the Rodent Brain", "Rats feel.", "Tactile Processing"),
    ],
)
def test_task_phrases_from_title_chunks_and_cues(title, abstract, task):
    assert task in [sp.text for sp in run(title, abstract).spans["kg_tasks"]]


def test_title_part_before_for_is_the_means_not_the_task():
    doc = run("FooNet: Chunk-Wise Feature Fusion for Automatic Fluency Assessment", "We score speech.")
    tasks = [sp.text for sp in doc.spans["kg_tasks"]]
    assert tasks[0] == "Automatic Fluency Assessment" and "Chunk-Wise Feature Fusion" not in tasks


def test_tasks_prefer_title_phrase():
    doc = run("Fast Transformers for Nighttime Image Dehazing", "Nighttime image dehazing is hard.")
    assert [sp.text for sp in doc.spans["kg_tasks"]][:1] == ["Nighttime Image Dehazing"]


def test_kb_merge_and_build(tmp_path: Path):
    rows = merge_entries(
        [
            entry("method", "NeRF", ["Neural Radiance Fields"]),
            entry("method", "neural radiance field", [], "pwc"),
        ]
    )
    assert len(rows) == 1 and rows[0]["source"] == "curated"
    papers = tmp_path / "papers.jsonl"
    papers.write_text(
        json.dumps({"key": "arxiv:1", "proposed": [{"name": "OTPrune", "kind": "method", "aliases": []}]})
        + "\n"
    )
    assert proposed_entries([json.loads(papers.read_text())])[0]["source"] == "arxiv:1"
    built = build_kb(None, builds=[tmp_path])
    assert any(r["name"] == "OTPrune" and r["source"] == "arxiv:1" for r in built)
    n = write_kb(built, tmp_path / "kb.jsonl")
    assert n == len(built) == len((tmp_path / "kb.jsonl").read_text().splitlines())


@pytest.mark.corpus
def test_kb_build_from_corpus_is_reproducible(corpus: Path):
    a = build_kb(corpus)
    b = build_kb(corpus)
    assert a == b
    kinds = {r["types"][0] for r in a}
    assert kinds == {"method", "dataset", "task"}
    assert any(r["source"] == "pwc" for r in a) and any(r["source"] == "scirex" for r in a)


def test_method_lists_take_unknown_acronyms_next_to_known_methods():
    doc = run("T", "Our planner outperforms baselines such as DWA, HRVO and PPO in all scenes.")
    cands = {(sp.text, sp.label_) for sp in doc.spans["kg_candidates"]}
    assert {("DWA", "method"), ("HRVO", "method")} <= cands
    doc = run("T", "The DWA and HRVO values are reported.")
    assert not any(sp.text in {"DWA", "HRVO"} for sp in doc.spans["kg_candidates"])


def test_model_tier_words_extend_names():
    doc = run("T", "We compare Claude-4.5 Opus with Gemini-3 Pro on coding.")
    assert {"Claude-4.5 Opus", "Gemini-3 Pro"} <= {sp.text for sp in doc.spans["kg_candidates"]}


def test_custom_kb_via_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    kb = tmp_path / "kb.jsonl"
    write_kb([entry("dataset", "Zorblax-7", ["ZBX7"], "arxiv:2501.00001")], kb)
    nlp = make_nlp(str(kb))
    doc = nlp(paper_text("T", "We evaluate on ZBX7 and Zorblax-7."))
    assert {sp.kb_id_ for sp in doc.spans["kg_mentions"]} == {"dataset:zorblax-7"}
    monkeypatch.setenv("PAPERKG_KB", str(kb))
    assert make_nlp() is nlp


# The fast paths below must give exactly what the slower, obvious computation gives.
TRICKY = [
    "A title . It works! Does it? Yes.",
    'He said "stop." Then (see Fig. 2.) we left . . ) b',
    "x ! ( y ?! z.",
    "PyTorch's grad , LAAC’s rule and WMT'24 's . 'S",
    "Ends without a stop",
    "Lines\nand  double  spaces . With\ttabs! Then https://x.io/a. and GPT-4o.",
    "",
    ".",
]


@pytest.mark.parametrize("text", TRICKY)
def test_sentence_splitter_matches_spacy_sentencizer(text: str):
    from spacy.attrs import SENT_START

    nlp = make_nlp()
    spacy_rule = nlp.create_pipe("sentencizer", config={"punct_chars": [".", "!", "?"]})
    ours = nlp.get_pipe("sentencizer")
    assert type(ours).__name__ == "SentenceSplitter"
    expected = spacy_rule(nlp.tokenizer(text)).to_array(SENT_START).tolist()
    assert ours(nlp.tokenizer(text)).to_array(SENT_START).tolist() == expected


@pytest.mark.parametrize("text", TRICKY)
def test_tokenizer_offsets_and_span_text(text: str):
    from kg.nlp.tokenizer import info, span_text

    doc = make_nlp()(text)
    di = info(doc)
    assert di.words == [t.text for t in doc]
    if doc.user_data.get("kg_exact"):
        assert di.starts == [t.idx for t in doc]
    for a in range(len(doc)):
        for b in range(a, min(len(doc), a + 4) + 1):
            assert span_text(doc[a:b]) == doc[a:b].text


def test_word_before_parenthesis_looks_at_the_tail_only():
    import re

    from kg.nlp.abbrev import _word_before

    full = re.compile(r"([^\W_][\w\-]{1,12})\s*$")
    for text in ["a VeryLongWordHere   (", "x MCTS (", "ab-cd\n (", "(", "  (", "word_x (", "é2 ("]:
        end = text.index("(")
        want = full.search(text[:end])
        got = _word_before(text, end)
        assert (got and got.span(1)) == (want and want.span(1)), text


def test_word_features_agree_with_word_tests():
    from kg.nlp import features as ft
    from kg.nlp import lexicon as lx
    from kg.nlp.tasks import _head

    words = ["propose", "Named", "framework", "Benchmarks", "novel", ",", "OTPrune", "LLM", "H2O", "ell"]
    words += ["evaluated", "on", "baselines", "than", "segmentation", "super-resolution", "GPT-4o", "Ab"]
    words += ["LLM-based", "Condition-Aware", "introducing", "Qwen2.5-VL"]
    for w in words:
        f = ft.word_features(w)
        assert bool(f & ft.F_PROPOSE) == lx.is_propose_or_naming(w)
        assert bool(f & ft.F_CONTRIB) == lx.is_contribution(w)
        assert bool(f & ft.F_CAND) == lx.name_candidate(w)
        assert bool(f & ft.F_EVAL) == lx.is_eval_cue(w)
        assert bool(f & ft.F_TASK) == _head(w)
        assert bool(f & ft.F_PENDING) == lx.pending_candidate(w)
        assert bool(f & ft.F_DERIVED) == lx.derived(w)
    assert ft.word_features("OTPrune") & ft.F_CAND and not ft.word_features("LLM") & ft.F_CAND


def test_kb_gate_skips_punctuation_and_memoises_candidates():
    idx = kb_index()
    assert idx.gate(["", "nerf", "zzqqxx"]) == [1]
    first = idx.candidates("nerf")
    assert first and idx.candidates("nerf") == first
    idx.candidates("nerf").clear()  # callers get a copy
    assert idx.candidates("nerf") == first


def test_noise_tokens_are_not_names():
    noise = ["S/N", "M_Sun", "11-class", "U.S", "SHARPing", "HCO+", "CMB+BAO+SNe", "SDSSJ0946+1006"]
    noise += ["UV-bright", "KL-penalty", "UAV-cable-load", "SoTA", "RNNs/LSTMs"]
    assert not any(name_like(w) for w in noise), [w for w in noise if name_like(w)]
    assert all(name_like(w) for w in ["BERT-base", "ViT-large", "GradCAM++", "LLaMA-3.1", "DINOv2", "BM25"])
    doc = run("T", "The S/N of 11-class M_Sun sources in the U.S rises for HCO+ with CMB+BAO+SNe data.")
    assert [sp.text for sp in doc.spans["kg_candidates"] + doc.spans["kg_proposed"]] == []


def test_version_words_after_a_name():
    from kg.nlp.lexicon import version_end

    text = "LLaMA 3.3 70B Instruct is run 2 times ; BERT 1.5 times ; SDSS DR17 ; Mind2Web 2 ."
    words = text.split(" ")
    assert version_end(words, 1) == 4
    assert version_end(words, 10) == 10  # "BERT 1.5 times": a quantity
    assert version_end(words, 14) == 15 and version_end(words, 17) == 18
    assert version_end(words, 5) == 5  # "is"


def test_extraction_carries_surface_forms():
    from tests.nlputil import ex as extract_paper

    ex = extract_paper(
        "A study of agents",
        "An LLM-derived planner and two VLMs are compared with LLaMA 3.3 70B and Zorbo-2 7B on Mind2Web. "
        "We tune on observations from LSST Commissioning and archival ALMA observations.",
        key="arxiv:2501.00009",
    )
    forms = {e.key: {e.name, *e.aliases} for e in ex.methods + ex.datasets}
    assert "LLM" in forms["method:large-language-models"]
    assert not any(f.endswith("-derived") for f in forms["method:large-language-models"])
    assert {"VLMs", "VLM"} <= forms["method:vision-language-models"]
    assert any({"LLaMA 3.3 70B", "LLaMA"} <= f for f in forms.values())  # the KB entity, versioned alias
    assert forms.get("method:zorbo-2-7b") == {"Zorbo-2 7B", "Zorbo-2"}
    lsst = next(f for f in forms.values() if "LSST Commissioning" in f)
    assert "LSST" in lsst or any("Legacy Survey" in x for x in lsst)
    assert "dataset:alma" in forms


def test_title_head_proposals():
    got = lambda t: [sp.text for sp in run(t, "We study it.").spans["kg_proposed"]]  # noqa: E731
    assert got("Frame In-N-Out: Unbounded Controllable Image-to-Video Generation") == ["Frame In-N-Out"]
    assert got("Reanalyzing DESI DR1: Constraints on Inflation") == []
    doc = run("ZorbPulse: An Open RAG Workload Trace", "We release ZorbPulse.")
    assert [(sp.text, sp.label_) for sp in doc.spans["kg_proposed"]] == [("ZorbPulse", "dataset")]


@pytest.mark.parametrize(
    ("title", "abstract", "want", "unwanted"),
    [
        (  # a verb opening the chunk is left out when the rest names a task
            "OrbNet: Orchestrating In-orbit Real-time Analytics",
            "Satellites see.",
            "In-orbit Real-time Analytics",
            "Orchestrating In-orbit Real-time Analytics",
        ),
        (
            "Why Distillation Works: The Role of Flexible Reasoning",
            "We test.",
            "Flexible Reasoning",
            "Role of",
        ),
        (  # evaluative words are not part of a task's name
            "Revisiting R: Statistical Features for Lightweight RF Modulation Classification",
            "We classify.",
            "RF Modulation Classification",
            "Lightweight RF Modulation Classification",
        ),
        (  # an adverb or a clause word does not open a task phrase
            "ZNet",
            "ZNet works in scenarios where dead-end detection matters and accurately modelling flows helps.",
            "dead-end detection",
            "scenarios where dead-end detection",
        ),
    ],
)
def test_task_phrase_boundaries(title, abstract, want, unwanted):
    tasks = [sp.text for sp in run(title, abstract).spans["kg_tasks"]]
    assert want in tasks and not any(unwanted in t for t in tasks), tasks


def test_generic_task_heads_in_the_abstract_rank_low():
    doc = run(
        "Robust Data Prefiltering",
        "Statistical inference is hard. We study data prefiltering and pelvic fracture segmentation.",
    )
    tasks = [sp.text for sp in doc.spans["kg_tasks"]]
    assert tasks[0].endswith("fracture segmentation")  # before the earlier "Statistical inference"


def test_title_words_need_the_inner_capitals_of_a_name():
    kb_ids = lambda doc: {sp.kb_id_ for sp in doc.spans["kg_mentions"]}  # noqa: E731
    assert "method:complex" not in kb_ids(run("Complex Reasoning With Small Models", "We reason."))
    assert "method:complex" in kb_ids(run("T", "We embed the graph with ComplEx and Alexnet."))
    assert "method:alexnet" in kb_ids(run("T", "We embed the graph with ComplEx and Alexnet."))


def test_named_parts_of_a_proposal():
    doc = run(
        "ZorbRL: Memory-Light Training",
        "We introduce ZorbRL for training. ZorbRL incorporates Sparsity-Aware Rejection Sampling and "
        "Importance-based Reweighting to correct the bias. BERT incorporates Masked Modeling too.",
    )
    got = {sp.text for sp in doc.spans["kg_proposed"]}
    assert {"ZorbRL", "Sparsity-Aware Rejection Sampling", "Importance-based Reweighting"} <= got
    assert "Masked Modeling" not in got


def test_name_glued_to_a_version_mentions_its_kb_name():
    doc = run("A study of detectors", "We fine-tune YOLOv11 and DINOv3 on Round-2 data with TiO2.")
    got = {sp.text: sp.kb_id_ for sp in doc.spans["kg_mentions"]}
    assert got.get("YOLOv11") == "method:yolo"
    assert got.get("DINOv3") == "method:dino"
    assert "Round-2" not in got and "TiO2" not in got


def _extract_paper(title: str, abstract: str) -> Any:
    """The first-pass extraction of one made-up paper."""
    from kg.extract import extract_one
    from kg.model import PaperRecord

    return extract_one(PaperRecord(key="arxiv:2501.00001", title=title, abstract=abstract))[0]


def test_candidates_that_are_not_names_are_dropped():
    ex = _extract_paper(
        "FALCON: faulT-tOlerant locomotIon framEwork",
        "Kernels run in int32 with a 2B-parameter model for AVs, avoiding NaNs.",
    )
    names = {e.name for e in ex.methods + ex.datasets}
    assert not names & {"faulT-tOlerant", "locomotIon", "framEwork", "int32", "2B-parameter", "AVs", "NaNs"}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("The flow is simulated with large-eddy simulation (LES).", "method:large-eddy-simulation"),
        ("We estimate effects with difference-in-differences.", "method:difference-in-differences"),
        ("We combine SCUBA-2 and MODIS maps.", "dataset:modis"),
        ("Agents are evaluated on tau-bench and BFCL.", "dataset:bfcl"),
        ("Positions use rotary position embeddings.", "method:rotary-position-embeddings"),
    ],
)
def test_curated_field_wide_names(text, key):
    doc = run("A study", text)
    assert key in {sp.kb_id_ for sp in doc.spans["kg_mentions"]}


def test_acronyms_named_by_a_following_dataset_word():
    from kg.nlp.lists import dataset_lists

    doc = run("A study", "We evaluate on the MPIIX and LSPX datasets.")
    assert [sp.text for sp in dataset_lists(doc, set())] == ["MPIIX", "LSPX"]


def test_task_acronym_benchmarks_and_metric_names_are_not_entities():
    ex = _extract_paper(
        "A study of faces",
        "We study set-based face recognition (SFR). Experiments on the SFR benchmarks and the "
        "IJB-C dataset give a lower Frechet Inception Distance than baselines.",
    )
    assert [e.name for e in ex.datasets] == ["IJB-C"]
    assert "Inception" not in {e.name for e in ex.methods}


def test_kb_word_inside_the_papers_own_name_is_not_a_mention():
    ex = _extract_paper(
        "Adaptive Text Dreamer for Navigation",
        "We introduce a novel Adaptive Text Dreamer (ATD) built on a large language model.",
    )
    assert "ATD" in {e.name for e in ex.proposed}
    assert "Dreamer" not in {e.name for e in ex.methods}
    assert "large language models" in {e.name for e in ex.methods}


def test_all_capital_names_allow_one_small_letter_among_three_capitals():
    doc = run("A study", "The unit supports SeLU, GeLU and Gelu activations.")
    got = {sp.text: sp.kb_id_ for sp in doc.spans["kg_mentions"]}
    assert got.get("GeLU") == "method:gelu" and got.get("SeLU") == "method:selu"
    assert "Gelu" not in got
