# The README's two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint typecheck schema samples golden evaluate clean

$(BIN)/kompass: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

setup: $(BIN)/kompass

# Extract every bundled sample into out/ and print the contradictions found.
demo: setup
	mkdir -p out
	for f in samples/*.pdf samples/*.txt; do \
	  $(BIN)/kompass extract "$$f" -o "out/$$(basename "$${f%.*}").json" || exit 2; \
	done
	@echo "--- findings (file:page: severity CODE message) ---"
	$(BIN)/kompass check samples/*.pdf samples/*.txt; test $$? -le 1
	@echo "--- JSON written to out/ ---"; ls out

test: setup
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check extractor tests
	$(BIN)/ruff format --check extractor tests

typecheck: setup
	$(BIN)/mypy

schema: setup
	$(BIN)/kompass schema > schemas/report.schema.json

# Rebuilding samples needs LibreOffice (apt-get install libreoffice-writer-nogui).
samples: setup
	$(BIN)/python samples/build.py
	$(BIN)/python samples/golden.py

evaluate: setup
	$(BIN)/python scripts/evaluate.py

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
