# paperkg — every target creates .venv when it is missing.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench compile eval lint neo4j-up neo4j-down clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/kg build examples --out out
	@echo
	@echo "Done. Open out/index.html in a browser; the graph files are in out/ (see README)."

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check kg tests
	$(BIN)/ruff format --check kg tests
	$(BIN)/mypy kg

# the rule engine compiled by mypyc from the same sources (optional: kg runs the sources without it)
compile: $(STAMP)
	$(BIN)/python -m kg.native

bench: $(STAMP)
	-$(BIN)/python -m kg.native
	$(BIN)/python -m tests.bench.run --out bench-results.json

# extraction quality: build the digest files the gold papers come from, score each gold set
CORPUS ?= ../shared/corpus
GOLD := tests/data/gold
eval: $(STAMP)
	$(BIN)/kg build $$($(BIN)/python -c "import json,glob; print(' '.join(sorted({'$(CORPUS)/' + json.loads(l)['source'] for f in glob.glob('$(GOLD)/*.jsonl') for l in open(f)})))") --out out/goldbuild -q
	cat $(GOLD)/dev_*.jsonl > out/goldbuild/dev.jsonl
	@for g in out/goldbuild/dev.jsonl $(GOLD)/holdout.jsonl $(GOLD)/blind_c.jsonl $(GOLD)/blind_d.jsonl $(GOLD)/blind_e.jsonl $(GOLD)/blind_f.jsonl $(GOLD)/blind_g.jsonl; do echo "== $$g"; $(BIN)/kg eval out/goldbuild $$g; done

neo4j-up:
	@test -n "$$NEO4J_AUTH" || { echo "set NEO4J_AUTH=neo4j/<password> first (it is never stored in the repo)"; exit 1; }
	docker compose -f docker/compose.yml up -d --wait
	@echo "Neo4j is up: http://127.0.0.1:7474 (bolt://127.0.0.1:7687). Load with: kg load out --uri bolt://127.0.0.1:7687"

neo4j-down:
	docker compose -f docker/compose.yml down

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache kg/_compiled
