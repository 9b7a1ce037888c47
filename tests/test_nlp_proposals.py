"""Proposed-name rules of round 5 (kg/nlp/proposals.py): quoted names, sub-modules with a multi-word
name, names glued to a prefix, long forms ending in a parenthesised name, used vs introduced
appositives, new datasets named right after the dataset word, and titles ending in "(Name)".
The texts are written for the tests."""

from __future__ import annotations

from tests.nlputil import ex, forms, names


def test_quoted_name_after_a_proposal_verb_is_proposed_whole():
    e = ex("Paradigms", 'We introduce "Learning by Folding", a new paradigm built on tools such as Zeta-9.')
    assert "Learning by Folding" in names(e.proposed)
    assert "zeta9" not in forms(e.proposed)


def test_unquoted_or_lowercase_quotes_are_not_names():
    e = ex("Paradigms", 'We introduce "a simple trick" for training.')
    assert not e.proposed


def test_sub_module_name_keeps_its_capitalised_words():
    e = ex(
        "Hand motion",
        "Our approach consists of (1) Motion Lexicon: a VQVAE model to learn codes, (2) Motion Decoder: "
        "a transformer module to predict trajectories.",
    )
    got = names(e.proposed)
    assert {"Motion Lexicon", "Motion Decoder"} <= got
    assert not got & {"Lexicon", "Decoder"}


def test_name_glued_to_a_prefix_keeps_the_prefix():
    e = ex("An avatar model", "We propose B$^3$-Net, an end-to-end avatar model.")
    assert "B$^3$-Net" in names(e.proposed)


def test_long_form_ending_in_a_parenthesised_name_proposes_the_name_only():
    e = ex(
        "Symbolic learning",
        "We propose the Sparse Expression Method for learning Lagrangian Systems (L-SEM), a symbolic method.",
    )
    assert "L-SEM" in names(e.proposed)
    assert "Sparse Expression Method" not in names(e.proposed)


def test_a_tool_the_paper_uses_is_not_proposed_but_kept():
    e = ex(
        "Query generation",
        "We extend pipelines by leveraging the Quarry Toolkit, a reproducible framework for data generation.",
    )
    assert "quarrytoolkit" not in forms(e.proposed)
    assert "quarrytoolkit" in forms(e.methods) | forms(e.datasets)


def test_abbreviation_of_a_used_thing_is_not_proposed():
    e = ex(
        "Video generation",
        "We propose a caching mechanism that leverages Relative Depth Fields (RDF) to keep geometry.",
    )
    assert "rdf" not in forms(e.proposed)


def test_name_after_a_new_dataset_word_is_a_proposed_dataset():
    e = ex("Distance estimation", "We evaluate on LOAF and a newly captured dataset Harbor360.")
    got = {(p.name, p.kind) for p in e.proposed}
    assert ("Harbor360", "dataset") in got
    assert not ex("Distance estimation", "We evaluate on the dataset Harbor360.").proposed


def test_title_ending_in_a_parenthesised_name_proposes_it():
    e = ex("Direct Inversion of the Encoding Matrix for Image Reconstruction (Inv-Recon)", "We revisit it.")
    assert "Inv-Recon" in names(e.proposed)
    assert not ex("Direct Inversion for Image Reconstruction (Extended Version)", "We revisit it.").proposed


def test_plural_name_coined_right_after_a_proposal_verb():
    e = ex("Belief updates", "We propose Calibrated Neural Belief Updates (CNBUs) to learn a belief model.")
    assert "cnbus" in forms(e.proposed)
    e = ex("Clusters", "We study globular clusters (GCs) in a new survey.")
    assert "gcs" not in forms(e.proposed)


def test_short_form_defined_before_the_proposal_sentence_is_not_proposed():
    e = ex(
        "Navigation",
        "We combine Learning from Demonstration (LfD) with Dynamical Motion Fields (DMF). "
        "We introduce a modulation matrix within the DMF framework.",
    )
    assert "dmf" not in forms(e.proposed)


def test_bench_names_and_title_names_called_benchmarks_are_datasets():
    e = ex("Antibody design", "We introduce AbCoBench (Antibody Co-design Benchmarking), a framework.")
    assert {(p.name, p.kind) for p in e.proposed} >= {("AbCoBench", "dataset")}
    title = "PartQuest: Part Segmentation with Reasoning"
    e = ex(title, "We introduce a novel real-world benchmark, PartQuest.")
    assert {(p.name, p.kind) for p in e.proposed} == {("PartQuest", "dataset")}


def test_title_case_word_between_the_and_dataset_is_a_dataset():
    text = "We train on causal subsets of the Skillbuilder dataset and the English corpus."
    e = ex("Knowledge tracing", text)
    assert "skillbuilder" in forms(e.datasets)
    assert "english" not in forms(e.datasets)


def test_lowercase_long_form_in_a_proposal_window_needs_a_contribution_noun():
    e = ex("Dusty galaxies", "We present infrared (IR) luminosity functions of galaxies.")
    assert "ir" not in forms(e.proposed)
    e = ex("Feature selection", "We propose a bi-level feature selection (BLFSX) method for clustering.")
    assert "blfsx" in forms(e.proposed)
