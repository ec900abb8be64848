# The two commands: `make demo` (set up, run the main job on the bundled example) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := demo.db

.PHONY: setup demo test lint bench eval clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,eval]'
	# tilse (timeline metrics): its declared dependencies pull ~850 MB it does not need here
	$(BIN)/python -m pip install --quiet --no-deps 'tilse==0.2.1'
	touch $(STAMP)

demo: setup
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/storyline ingest examples/ --db $(DEMO_DB)
	$(BIN)/storyline analyze examples/000_eae2988b17b06bab.txt --format text
	$(BIN)/storyline events --db $(DEMO_DB)
	$(BIN)/storyline timeline --db $(DEMO_DB) --format text

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup
	$(BIN)/python benchmarks/ingest.py

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache .ruff_cache
