"""Word lists and word-level tests used by the rules (:mod:`kg.nlp.rules`) and tasks.

Examples
--------
>>> name_like("OTPrune"), name_like("Qwen2-VL-72B"), name_like("Vision-Language"), name_like("3D")
(True, True, False, False)
>>> task_head("image dehazing"), task_head("diffusion models")
(True, False)
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.nlp.tokenizer import key_of

# fmt: off
PROPOSE = re.compile(
    r"^(?:propose|proposes|proposed|introduce|introduces|introduced|present|presents|presented|develop|"
    r"develops|developed|design|designed|construct|constructed|build|built|release|released|curate|"
    r"curated|create|created|contribute|establish|establishes|offer|unveil|devise|formulate)$",
    re.I,
)
DATASET_NAME = re.compile(r"(?:Bench|bench|QA|Set|Corpus|Arena|Gym|Env)$")
SUBJECTS = {"we", "paper", "work", "study", "article", "here", "herein", "authors", "also", "further"}
NAMING = {"called", "dubbed", "named", "termed", "coined", "namely"}
DATASET_WORDS = re.compile(
    r"^(?:datasets?|benchmarks?|corpus|corpora|suite|testbed|leaderboard|collection|bank|arena|"
    r"challenge|database|treebank)$",
    re.I,
)
STOP_WINDOW = {
    "that", "which", "where", "to", "for", "by", "with", "in", "on", "using", "via", "through", "from",
    "across", "into", "while", "whose", "who", "under", "based", "over", "than", "as",
}
EXCLUDE = {
    "SOTA", "F1-score", "macro-F1", "micro-F1", "FoM", "Top-1", "Top-5", "BLEU-4", "ROUGE-L", "mAP50",
    "AI", "GPU", "GPUs", "CPU", "API", "APIs", "URL", "PDF", "II", "III", "IV", "USA", "UK", "EU",
    "PSNR", "SSIM", "FID", "AUC", "IoU", "mIoU", "mAP", "BLEU", "ROUGE", "LPIPS", "RMSE", "MAE", "MSE",
    "F1", "TFLOPs", "FLOPs", "GFLOPs", "TB", "GB", "MB", "KB", "Hz", "kHz", "GHz", "MHz", "dB", "IQ",
    "COVID-19", "SARS-CoV-2", "LaTeX", "GitHub", "HuggingFace", "YouTube", "iPhone", "arXiv", "PhD",
    "OpenAI", "DeepMind", "NVIDIA", "PyTorch", "TensorFlow", "JAX", "ML", "DL", "NLP", "CV", "RGB", "RGB-D",
    "LiDAR", "3D", "2D", "4D", "1D", "6D", "6-DoF", "DoF", "IoT", "UAV", "UAVs", "MRI", "CT", "fMRI", "EEG",
    "ECG", "DNA", "RNA", "mRNA", "scRNA-seq", "X-ray", "T2I", "T2V", "I2V", "QA", "VQA", "CoRL", "ICLR",
    "NeurIPS", "ICML", "CVPR", "ICCV", "ECCV", "ACL", "EMNLP", "AAAI", "IJCAI", "KDD",
}
TASK_HEADS = {
    "detection", "segmentation", "classification", "recognition", "estimation", "prediction", "retrieval",
    "localization", "localisation", "tracking", "reconstruction", "synthesis", "compression", "planning",
    "navigation", "manipulation", "assessment", "forecasting", "editing", "understanding", "answering",
    "translation", "summarization", "generation", "captioning", "grounding", "completion", "extraction",
    "parsing", "inpainting", "denoising", "deblurring", "super-resolution", "dehazing", "deraining",
    "matching", "registration", "verification", "identification", "diagnosis", "reasoning", "search",
    "discovery", "selection", "control", "alignment", "modeling", "modelling", "simulation", "analysis",
    "inference", "optimization", "prognosis", "screening", "restoration", "enhancement", "imputation",
    "clustering", "labeling", "annotation", "tagging", "ranking", "recommendation", "transfer",
    "synchronization", "quantification", "attribution", "unlearning", "steganography", "watermarking",
    "mapping", "coding", "compilation", "scheduling", "routing", "fusion", "odometry", "spotting",
    "counting", "mining", "filtering", "correction", "decoding",
}
NOT_MODIFIER = {
    "a", "an", "the", "of", "for", "and", "or", "in", "on", "to", "with", "by", "from", "as", "at", "we",
    "our", "this", "that", "these", "those", "its", "their", "is", "are", "be", "was", "were", "been",
    "novel", "new", "existing", "efficient", "effective", "robust", "accurate", "improved", "better",
    "various", "different", "several", "many", "such", "both", "each", "high-quality", "state-of-the-art",
    "challenging", "downstream", "improve", "improves", "enable", "enables", "achieve", "achieves",
    "proposed", "propose", "present", "introduce", "study", "paper", "work", "performance", "task", "tasks",
    "problem", "problems", "approach", "method", "framework", "model", "models", "which", "can", "may",
    "not", "also", "while", "however", "yet", "via", "using", "based", "towards", "toward", "fast",
    "faster", "scalable", "generalizable", "reliable", "simple", "unified", "general", "zero-shot",
    "few-shot", "training-free", "end-to-end", "learning", "self-supervised", "semi-supervised",
    "unsupervised", "supervised", "deep", "neural", "large-scale", "real-world", "real-time", "open",
    "precise", "controllable", "interpretable", "explainable", "universal", "flexible", "holistic",
    "comprehensive", "systematic", "more", "most", "less", "first", "key", "critical", "important",
}
_DERIVED = re.compile(
    r"-(?:[a-z]+(?:ed|en|ing|ive|able|ible|ous|ful|less)|based|aware|like|free|level|scale|wise|style|specific|shot|only|"
    r"centric|oriented|agnostic|enabled|step|bit|fold|dimensional|order|time|scale)$"
)
_PREFIXED = re.compile(
    r"(?:[Nn]on|[Mm]ulti|[Ss]ingle|[Cc]ross|[Ss]emi|[Pp]re|[Pp]ost|[Aa]nti|[Ss]ub|[Ss]elf|"
    r"[Dd]ual|[Bb]i|[Uu]ltra|[Hh]ybrid|[Ee]nd)-[a-zA-Z]"
)
_UNIT = re.compile(
    r"\d+(?:\.\d+)?-?(?:[a-z]{1,3}|[kMG]?[A-Z][a-z]?|times\d+|degree.*)|times\d+|ell\w*|[A-Z][a-z]+\d+"
)
CAPWORD = re.compile(r"[A-Z][A-Za-z]+(?:-[A-Za-z]+)*")
_CHEM = re.compile(r"(?=.*\d)(?:[A-Z][a-z]?\d*){2,}|[A-Z][a-z]?\d+")
TITLECASE_COMPOUND = re.compile(r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)+")
_NUMLIKE = re.compile(r"[\d.,]+[a-zA-Z%]{0,3}|[a-z]?\d+[a-z]?|\d+[A-Z]|\d+(?:\.\d+)?[kKMB]")
COMMON_TITLE_WORDS = {
    "beyond", "towards", "toward", "rethinking", "revisiting", "understanding", "learning", "benchmarking",
    "evaluating", "exploring", "improving", "scaling", "position", "survey", "review", "overview",
    "introduction", "demystifying", "unveiling", "unlocking", "when", "why", "how", "what", "do", "does",
    "can", "is", "are", "should", "on", "from", "the", "a", "an", "through", "less", "more", "editorial",
    "erratum", "correction", "tutorial", "perspective", "report", "abstract", "preface",
}

EMPH = re.compile(r"\\textbf\{([^{}]{2,60})\}")
NOVEL = {"novel", "new", "our", "Novel", "New", "Our"}
APPOSITION = {",", "-", "–", "—", ":"}
TIERS = {
    "Pro", "Opus", "Sonnet", "Haiku", "Flash", "Mini", "mini", "Nano", "Turbo", "Max", "Ultra", "Plus",
    "Lite", "Large", "Base", "Small", "Medium", "XL", "XXL", "Instruct", "Chat", "Coder", "Vision", "VL",
}
CONTRIBUTION = {
    "framework", "method", "model", "benchmark", "dataset", "approach", "system", "pipeline", "tool",
    "network", "algorithm", "architecture", "strategy", "plugin", "suite", "library", "toolkit", "agent",
    "corpus", "platform", "technique", "module", "mechanism", "paradigm", "metric", "simulator",
    "transformer", "encoder", "environment", "language", "solver", "estimator", "loss", "protocol",
}


EVAL_CUE = re.compile(
    r"^(?:evaluat\w*|experiment\w*|benchmark\w*|datasets?|tested|trained|validated|"
    r"results|outperform\w*|corpus|corpora|surveys?|observations|data)$",
    re.I,
)
LIST_TRIGGERS = {"on", "across", "including", "namely", "as", "(", "--", "-", ":"}
MODEL_NAME = re.compile(
    r"\d+(?:\.\d+)?[BbMm]\b|Instruct|-it$|-[Cc]hat|GPT|LLaMA|Llama|Qwen|FP\d+|INT\d+|int\d", re.I
)
COMMON_CAPS = {"The", "We", "Our", "This", "These", "In", "On", "Extensive", "Experiments", "Results", "It"}


# fmt: on


def titlecase(text: str) -> bool:
    words = [w for w in re.split(r"[\s\-]+", text) if len(w) > 3]
    return bool(words) and all(w[:1].isupper() for w in words)


@lru_cache(maxsize=65536)
def is_propose(w: str) -> bool:
    return bool(PROPOSE.match(w))


@lru_cache(maxsize=65536)
def is_dataset_word(w: str) -> bool:
    return bool(DATASET_WORDS.match(w))


@lru_cache(maxsize=65536)
def is_eval_cue(w: str) -> bool:
    return bool(EVAL_CUE.match(w))


@lru_cache(maxsize=262144)
def name_like(t: str) -> bool:
    """A coined name: inner capitals (OTPrune, XVerse), letters with digits (GPT-4o), all caps (LENS)."""
    if len(t) < 2 or t in EXCLUDE or t.startswith("http") or _NUMLIKE.fullmatch(t):
        return False
    if t.startswith("$"):
        return bool(re.fullmatch(r"\$[A-Za-z0-9^_{}]+\$-[A-Za-z][\w-]*", t))
    if not re.search(r"[A-Za-z]", t) or _DERIVED.search(t) or _PREFIXED.match(t) or _UNIT.fullmatch(t):
        return False
    if TITLECASE_COMPOUND.fullmatch(t):
        return False
    if re.search(r"[a-z][A-Z]|[A-Z].*[A-Z]", t):
        return True
    return bool(re.search(r"\d", t)) and bool(re.search(r"[A-Za-z]{2}", t))


@lru_cache(maxsize=65536)
def acronym_only(t: str) -> bool:
    """All-capital acronym (LLM, MEG): a name only when the text defines or introduces it."""
    return bool(re.fullmatch(r"[A-Z]{2,6}s?", t))


def task_head(phrase: str) -> bool:
    """Whether the last word of ``phrase`` names a research task (detection, generation, ...)."""
    words = phrase.lower().split()
    return bool(words) and words[-1].split("-")[-1] in TASK_HEADS


def is_name(t: str, known: set[str]) -> bool:
    return name_like(t) and key_of(t) not in known and not _chem(t)


@lru_cache(maxsize=65536)
def is_contribution(w: str) -> bool:
    """A noun naming a contribution: framework, benchmark, module, ... (plural folded)."""
    return w.lower().rstrip("s") in CONTRIBUTION


@lru_cache(maxsize=262144)
def name_candidate(t: str) -> bool:
    """A name-like token that is not an acronym or a chemical formula (cached)."""
    return name_like(t) and not acronym_only(t) and not _chem(t)


@lru_cache(maxsize=262144)
def pending_candidate(t: str) -> bool:
    """A token worth looking up among names proposed elsewhere in the build (cached)."""
    return len(t) > 2 and (acronym_only(t) or name_like(t))


@lru_cache(maxsize=262144)
def is_propose_or_naming(w: str) -> bool:
    return w.lower() in NAMING or is_propose(w)


@lru_cache(maxsize=65536)
def _chem(t: str) -> bool:
    return bool(_CHEM.fullmatch(t)) and len(t) <= 8
