# The README's two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint typecheck schema samples golden evaluate clean

# PyMuPDF goes in first: the native word reader (extractor/input/_stext.c) is compiled
# against the MuPDF headers its wheel carries, so the package is built without isolation.
$(BIN)/kompass: pyproject.toml setup.py extractor/input/_stext.c
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q 'setuptools>=77' 'pymupdf>=1.24'
	$(BIN)/pip install -q --no-build-isolation -e '.[dev]'
	touch $@

setup: $(BIN)/kompass

# The main job on the bundled samples (the scans too, read by OCR): batch-extract them into out/ (JSON per report,
# manifest, review page), print the contradictions, export the archive to SQLite.
demo: setup
	$(BIN)/kompass batch samples/*.pdf samples/scans/*.pdf samples/*.docx samples/*.txt -o out --review out/review.html; test $$? -le 1
	@echo "--- findings (file:page: CODE message [severity]) ---"
	$(BIN)/kompass check --errors-only samples/*.pdf samples/*.txt; test $$? -le 1
	$(BIN)/kompass export out -o out/archive.sqlite
	@echo "--- written: out/*.json, out/manifest.jsonl, out/review.html, out/archive.sqlite ---"

# KOMPASS_REQUIRE_NATIVE: a native reader that failed to build fails a test.
test: setup
	KOMPASS_REQUIRE_NATIVE=1 $(BIN)/python -m pytest -q

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
