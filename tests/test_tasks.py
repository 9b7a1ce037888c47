"""Task extraction (kg.nlp.tasks): which phrases become a paper's tasks, and their aliases."""

from __future__ import annotations

import pytest

from kg.nlp.pipeline import make_nlp, paper_text
from kg.nlp.tasks import task_aliases, task_name
from kg.nlp.taskwords import activity, variant_of


def tasks(title: str, abstract: str) -> dict[str, list[str]]:
    """The task names of a paper, each with its aliases."""
    doc = make_nlp()(paper_text(title, abstract))
    return {task_name(sp): task_aliases(sp) for sp in doc.spans["kg_tasks"]}


def test_a_shorter_form_of_a_task_is_its_alias_not_a_second_task():
    got = tasks(
        "Fast Transformers for Nighttime Image Dehazing",
        "Nighttime image dehazing is hard. Image dehazing methods fail at night.",
    )
    assert got == {"Nighttime Image Dehazing": ["Image Dehazing"]}


def test_a_longer_form_of_a_task_is_its_alias():
    got = tasks("FooNet for Drone Navigation", "We study autonomous drone navigation in forests.")
    assert got == {"Drone Navigation": ["autonomous drone navigation"]}


def test_title_phrase_with_its_object_is_an_alias():
    got = tasks("TabBench: A Benchmark for Adversarial Attacks on Tabular Data", "We attack tables.")
    assert got["Adversarial Attacks"] == ["Adversarial Attacks on Tabular Data"]


def test_title_object_naming_the_means_or_a_domain_is_not_an_alias():
    got = tasks("Toward Better EHR Reasoning in LLMs", "We reason over records.")
    assert all("LLMs" not in a for a in got["EHR Reasoning"]), got


def test_title_phrase_with_its_evaluative_word_is_an_alias():
    got = tasks("UltraNet: Ray Casting for Novel Ultrasound View Synthesis", "We render scans.")
    assert got["Ultrasound View Synthesis"] == ["Novel Ultrasound View Synthesis"]


def test_other_forms_are_aliases_only_never_tasks_of_their_own():
    got = tasks("A Benchmark for Adversarial Attacks on Tabular Data", "Adversarial attacks hurt models.")
    assert "Adversarial Attacks on Tabular Data" not in got


@pytest.mark.parametrize(
    ("title", "task"),
    [
        ("Evolutionary Gait Reconfiguration in Damaged Legged Robots", "Evolutionary Gait Reconfiguration"),
        ("LARP: Learner-Agnostic Data Prefiltering", "Data Prefiltering"),
        (
            "TOLEBI: Learning Fault-Tolerant Bipedal Locomotion via Rewards",
            "Fault-Tolerant Bipedal Locomotion",
        ),
        (
            "Does Cognitive Load Affect Accuracy in Detecting Voice-Based Deepfakes?",
            "Detecting Voice-Based Deepfakes",
        ),
    ],
)
def test_title_chunk_naming_an_activity_is_a_task(title, task):
    assert task in tasks(title, "Results also help image classification.")


def test_title_chunk_naming_an_artefact_or_the_means_is_not_a_task():
    got = tasks("ZorbPulse: An Open-Source Workload Trace", "Traces help image classification research.")
    assert not any("Trace" in t for t in got), got
    got = tasks("Movement-Semantics Contrastive Learning for Trajectory Similarity", "We compare tracks.")
    assert not any("Contrastive" in t for t in got), got


def test_activity_chunks():
    assert activity(["Tactile", "Processing"]) and activity(["Detecting", "Deepfakes"])
    assert not activity(["Workload", "Trace"]) and not activity(["NGC", "1068"])
    assert not activity(["Adaptively", "Coordinating"]) and not activity(["Hybrid", "Computing", "Platform"])


def test_name_with_a_short_form_inside_is_the_acronym_alias():
    got = tasks(
        "VEGA: Electric Vehicle Navigation via Neural Operators",
        "Electric vehicles (EVs) need charging. We plan routes.",
    )
    assert got["Electric Vehicle Navigation"] == ["EV Navigation"]


def test_the_texts_own_abbreviation_comes_first():
    doc = make_nlp()(paper_text("Fast Transformers for Nighttime Image Dehazing", "We dehaze images."))
    sp = doc.spans["kg_tasks"][0]
    assert task_aliases(sp, "NID") == ["NID", "Image Dehazing"]


def test_abstract_phrase_without_its_opening_adjective_is_an_alias():
    got = tasks("FooGen", "Advances in valid molecular generation are slow. We generate.")
    assert got.get("valid molecular generation") == ["molecular generation"], got


def test_variant_keys():
    assert variant_of("imagedehazing", "nighttimeimagedehazing")
    assert variant_of("adversarialattacksontabulardata", "adversarialattacks")
    assert not variant_of("dehazing", "deraining") and not variant_of("x", "x")


def test_title_words_before_based_name_the_means():
    got = tasks("Retrospective: A CORDIC Based Configurable Activation Function", "We build hardware.")
    assert list(got) == ["Configurable Activation Function"]
    got = tasks("Plan2Align: Predictive Planning Based Preference Alignment for LLMs", "We align text.")
    assert next(iter(got)) == "Preference Alignment", got


def test_activity_chunk_ends_before_of():
    got = tasks("Counterfactual Fairness Evaluation of Machine Learning Models on School Data", "We test.")
    assert "Counterfactual Fairness Evaluation" in got, got


def test_title_topic_naming_no_task_is_weak_evidence():
    got = tasks("Entailment Learning for Natural World Imagery", "We study species classification.")
    assert next(iter(got)) == "species classification", got  # before the title's topic
    # a task's short form known to the KB ends a topic that is a task
    assert "Low-Resource ASR" in tasks("Speech Synthesis as Augmentation for Low-Resource ASR", "We train.")


def test_title_task_after_via_names_the_means():
    got = tasks("OUNLP: Multi-Round Text Simplifier via Code Generation", "We study text simplification.")
    assert "Code Generation" not in got and "text simplification" in got, got
