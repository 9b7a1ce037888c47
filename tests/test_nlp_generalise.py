"""Rules for failure classes seen across papers: data sources, named challenges, abbreviated surveys,
method name boundaries, comparison lists and proposal kinds (texts written for the tests)."""

from __future__ import annotations

from tests.nlputil import ex, forms


def test_observatories_and_deep_fields_are_data_sources():
    e = ex(
        "Dusty galaxies at cosmic noon",
        "We combine JWST imaging with archival Spitzer and Herschel data in the EGS.",
    )
    assert {"jwst", "spitzer", "herschel", "egs"} <= forms(e.datasets)
    assert not forms(e.methods) & {"jwst", "spitzer"}


def test_named_challenges_with_a_year_are_datasets():
    e = ex(
        "Report",
        "This report reviews the AIM 2025 RipSeg Challenge and the NTIRE 2024 Challenge on Image Denoising. "
        "Teams joined the 2025 Challenge.",
    )
    got = forms(e.datasets)
    assert "aim2025ripsegchallenge" in got
    assert "ntire2024challengeonimagedenoising" in got
    assert "2025challenge" not in got
    assert "challenge" not in forms(e.proposed)


def test_abbreviated_named_survey_is_a_dataset_but_a_kind_of_data_is_not():
    e = ex(
        "Infrared luminosity functions",
        "We use the Mid-infrared Galaxy and AGN Legacy (MEGAL) survey. We also use a public "
        "phonocardiogram (PCG) dataset.",
    )
    assert "megal" in forms(e.datasets)
    assert "pcg" not in forms(e.datasets)


def test_kb_task_name_used_as_a_benchmark_is_a_dataset():
    e = ex("Driving with adaptive thinking", "Extensive experiments on the NavSim benchmark show gains.")
    assert "navsim" in forms(e.datasets)


def test_method_mention_keeps_its_modifiers_as_an_alias():
    e = ex(
        "Posteriors for orbits",
        "We train Conditional Normalizing Flows and a 3D U-Net, and compare with 2D Gaussian Splatting "
        "and a standard transformer.",
    )
    by_name = {m.name: set(m.aliases) for m in e.methods}
    assert any("Conditional Normalizing Flows" in a for a in by_name.values())
    assert any("3D U-Net" in a for a in by_name.values())
    assert "2D Gaussian Splatting" not in by_name.get("3D Gaussian Splatting", set())
    assert all("standard transformer" not in a for a in by_name.values())


def test_methods_listed_after_a_comparison_cue():
    e = ex(
        "Fast tracking",
        "Our tracker outperforms transformer baselines such as TrackFormer and MOTRv2. We also unify "
        "distillation approaches, such as Diff-Instruct and DMD.",
    )
    assert {"trackformer", "motrv2", "diffinstruct", "dmd"} <= forms(e.methods)


def test_a_contribution_noun_after_the_name_decides_the_kind():
    e = ex(
        "Harmless assistants",
        "We propose the Blind Preference Optimization (BPO) approach. Experiments on three benchmarks "
        "show that it reduces the unsafe rate.",
    )
    kinds = {p.name: p.kind for p in e.proposed}
    assert kinds.get("BPO") == "method" or kinds.get("Blind Preference Optimization") == "method"
    assert "bpo" not in forms(e.datasets)


def test_task_acronym_is_not_a_proposal():
    e = ex(
        "Navigation among people",
        "Vision-and-Language Navigation (VLN) agents struggle in crowds. We introduce a unified "
        "Human-Aware VLN (HA-VLN) benchmark.",
    )
    assert "vln" not in forms(e.proposed)
    assert "havln" in forms(e.proposed) | forms(e.datasets)


def test_task_alias_without_an_opening_qualifier():
    e = ex("Angles-only Cislunar Orbit Determination with Normalizing Flows", "We study the problem.")
    assert "cislunarorbitdetermination" in forms(e.tasks)


def test_named_parts_coordinated_with_a_proposed_part_are_proposed():
    e = ex(
        "Graph learning with long range",
        "We present a framework with two key components, namely the Laplacian-Smoothed Dual Message-Passing "
        "(LSDMP) and the Geodesic Self-Attention (GSA) modules. Its key components are Spatially-Enhanced "
        "Attention (SE-Attention) and the Memory Retrieval Feed-Forward Network (MRFFN).",
    )
    got = forms(e.proposed)
    assert {"lsdmp", "gsa", "seattention", "mrffn"} <= got
    assert "dual" not in got


def test_words_inside_a_long_form_are_not_separate_methods():
    e = ex("Prompts across modalities", "We introduce Shared Prompt AligNER (SPANER), a framework for PEFT.")
    assert "aligner" not in forms(e.methods)
    assert "spaner" in forms(e.proposed)


def test_a_name_inside_a_named_shared_task_is_not_a_method():
    e = ex("OUNLP at TSAR 2025 Shared Task", "We describe the system submitted to the TSAR-2025 Shared Task.")
    assert "tsar2025sharedtask" in forms(e.datasets)
    assert "tsar2025" not in forms(e.methods)
