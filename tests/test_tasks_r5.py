"""Task rules of round 5: no question or built-artifact phrase as a task, and no bare second task when
the first is far better supported. Texts written for the tests."""

from __future__ import annotations

from kg.nlp.pipeline import make_nlp, paper_text
from kg.nlp.tasks import task_name


def tasks(title: str, abstract: str) -> list[str]:
    return [task_name(sp) for sp in make_nlp()(paper_text(title, abstract)).spans["kg_tasks"]]


def test_a_question_title_is_not_a_task():
    got = tasks("How Do Robots Learn That", "We ask questions about robots.")
    assert not any(t.split()[0].lower() in {"how", "do"} for t in got)


def test_a_thing_the_paper_builds_is_not_a_task():
    got = tasks("X-Net: A Symbolic Learning Method for Hamiltonian Systems", "We learn systems.")
    assert not any(t.lower().endswith("method") for t in got)


def test_bare_second_mention_is_dropped_when_the_first_task_dominates():
    abstract = (
        "Road crack detection is vital for safety. We study road crack detection on bridges. "
        "Results are strong on highways. Speed is high. Its encoder came from image classification."
    )
    got = [t.lower() for t in tasks("Fast Networks for Road Crack Detection", abstract)]
    assert got[0] == "road crack detection"
    assert "image classification" not in got


def test_second_task_kept_when_supported():
    abstract = "We study road crack detection and image classification for image classification benchmarks."
    got = [t.lower() for t in tasks("Road Crack Detection and Image Classification", abstract)]
    assert len(got) >= 2
