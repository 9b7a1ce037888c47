"""Rules of round 7, for recall on unseen papers: abbreviation-defined parts that the paper
introduces itself (after a verb of making or composing, or listed after such a part), and KB names
from the fifth curated pass. The texts are written for the tests."""

from __future__ import annotations

from kg.nlp.introduced import introduced_here
from tests.nlputil import ex, forms, names


def test_defined_parts_after_a_verb_of_making_are_proposed():
    e = ex(
        "Braid: Texture Transfer for Meshes",
        "We propose Braid, which consists of a Pattern Routing Module (PRM) and a Stitch Fusion Block (SFB). "
        "We also design a seam-aware texture encoder (STE) to keep seams sharp.",
    )
    got = forms(e.proposed)
    assert {"prm", "sfb", "ste"} <= got
    assert not {"prm", "sfb", "ste"} & forms(e.methods)


def test_defined_names_the_paper_uses_stay_methods():
    e = ex(
        "Sparse Decoding for Radar",
        "We compare against the iterative shrinkage thresholding algorithm (ISTA) and, "
        "using the alternating direction method (ADM) as a solver, we recover sparse scenes.",
    )
    assert {"ista", "adm"} <= forms(e.methods)
    assert not {"ista", "adm"} & forms(e.proposed)


def test_a_design_noun_is_no_verb_of_making():
    w = ["We", "adopt", "the", "design", "of", "Scaled", "Score", "Models", "(", "SSM", ")", "."]
    assert not introduced_here(w, (0, len(w)), 5)
    w = ["We", "build", "a", "layered", "ranking", "router", "(", "LRR", ")", "."]
    assert introduced_here(w, (0, len(w)), 3)


def test_curated_techniques_and_instruments_are_found():
    e = ex(
        "Galaxy Sizes at Cosmic Noon",
        "We combine NIRCam and MIRI imaging with JCMT maps and fit sizes with support vector regression.",
    )
    assert {"nircam", "miri", "jamesclerkmaxwelltelescope"} <= forms(e.datasets)
    assert "supportvectorregression" in forms(e.methods)
    m = ex(
        "Routing with Learned Repair",
        "We solve a mixed integer programming model by large neighborhood search and test-time augmentation.",
    )
    assert {"mixedintegerprogramming", "largeneighborhoodsearch", "testtimeaugmentation"} <= forms(m.methods)


def test_names_in_latex_emphasis_lose_the_markup():
    e = ex(
        "Fair Faces without Labels",
        r"We propose a novel algorithm, termed \textbf{Label-Free Fair Debiasing (LFFD)}, and two losses, "
        r"\textbf{Group Spread Loss (GSL)} and \textbf{Channel Overlap Loss (COL)}, which we design for it.",
    )
    got = {e.name for e in e.proposed}
    assert {"Label-Free Fair Debiasing", "Group Spread Loss", "Channel Overlap Loss"} <= got
    assert not any("\\" in n or "(" in n for n in got)


def test_coined_names_with_digits_hyphens_or_releases_are_proposed():
    assert "3DQH" in names(
        ex("3DQH: Quadruped Head Modelling", "We present 3DQH, a generative model.").proposed
    )
    e = ex(
        "Causal Graphs", "This paper introduces Path-Probe, a tree-structured framework that reduces errors."
    )
    assert "Path-Probe" in names(e.proposed)
    assert "Tomi 2.0" in names(
        ex("Tomi 2.0: A Tutor for Coding", "We present Tomi 2.0 to learners.").proposed
    )
    assert not {"5km", "High-level"} & names(
        ex("Maps", "We map 5km roads. In High-level, a method is described as a framework.").proposed
    )


def test_a_task_named_like_the_papers_own_method_is_no_task():
    e = ex(
        "Do Assistants Hold Values?",
        "Leveraging the generality of values, we propose Adaptive Value Fusion (AVF), a dynamic "
        "inference-time intervention that combines both signals.",
    )
    assert "adaptivevaluefusion" in forms(e.proposed)
    assert "adaptivevaluefusion" not in forms(e.tasks)


def test_a_short_acronym_listed_with_known_datasets_is_a_dataset():
    e = ex("Trajectory Forecasting", "We evaluate our forecaster on KITTI, NBX and Waymo.")
    assert "nbx" in forms(e.datasets)
    plain = ex("Trajectory Forecasting", "We evaluate our forecaster on FooSet, NBX and Barset.")
    assert "nbx" not in forms(plain.datasets)


def test_parts_listed_after_a_count_of_modules_are_proposed():
    e = ex(
        "Koru: Expert Routing for Crowds",
        "We propose Koru, a novel framework for crowd forecasting. Koru consists of two key modules: "
        "a Phantom Lattice that adds virtual nodes, and a Mentor Switch that selects experts.",
    )
    assert {"Phantom Lattice", "Mentor Switch"} <= names(e.proposed)


def test_a_named_component_of_a_proposal_is_proposed():
    e = ex(
        "Tally: Careful Grading of Questions",
        "We propose Tally, a flexible grading framework. First, a lightweight Flaw Identifier finds and "
        "sorts flaws; then a Bidirectional Encoder Representations model scores the rest.",
    )
    assert "Flaw Identifier" in names(e.proposed)
    assert "Bidirectional Encoder" not in names(e.proposed)
    plain = ex("Grading Questions", "A lightweight Flaw Identifier finds and sorts flaws in questions.")
    assert "Flaw Identifier" not in names(plain.proposed)


def test_a_greek_letter_variant_belongs_to_the_name():
    e = ex("Medical Images", r"We fine-tune PaintNet-$\beta$ on scans.")
    assert "PaintNet-$\\beta$" in names(e.methods)
