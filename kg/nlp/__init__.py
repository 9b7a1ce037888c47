"""The NLP layer: a spaCy pipeline that finds and links methods, datasets, tasks and proposed names.

``spacy.blank("en")`` with a fast regex tokenizer and a sentence splitter applying spaCy's Sentencizer
rule (both in :mod:`kg.nlp.tokenizer`, which also holds the per-doc token arrays the components
share) and these components, one module each:

- ``kg_abbreviations`` (:mod:`kg.nlp.abbrev`): Schwartz-Hearst long form <-> short form pairs;
- ``kg_kb_matcher`` (:mod:`kg.nlp.linker`): longest KB alias matches (case, hyphen, plural variants);
- ``kg_rules`` (:mod:`kg.nlp.rules`, word lists in :mod:`kg.nlp.lexicon` and their per-word bit sets
  in :mod:`kg.nlp.features`, listed names in
  :mod:`kg.nlp.lists`): proposed names, dataset and method lists, name-like candidates, named
  challenges and abbreviated surveys (:mod:`kg.nlp.datarules`); method mentions widened over their
  modifiers (:mod:`kg.nlp.bounds`);
- ``kg_linker`` (:mod:`kg.nlp.linker`): InMemoryLookupKB candidates -> entity ids, minted ids for
  proposed names;
- ``kg_tasks`` (:mod:`kg.nlp.tasks`): 1-3 main task phrases.

:mod:`kg.nlp.convert` turns a Doc into a :class:`kg.model.Extraction`; :mod:`kg.nlp.codelinks` finds
code, model, data and project-page links (repairing URLs broken by line breaks); :mod:`kg.nlp.kb` builds and
loads the knowledge base; :mod:`kg.nlp.scierc` scores the pipeline on SciERC. Nothing is downloaded.
"""

from kg.native import activate

activate(__path__, __name__)  # the mypyc-compiled modules, when `make compile` made current ones
