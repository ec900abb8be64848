# The two commands: `make demo` (set up, run the main job on the bundled example) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := demo.db

.PHONY: setup browser demo test lint bench eval clean

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
	$(BIN)/storyline timeline --db $(DEMO_DB) --query talks --format text

# Chromium for the browser UI tests (Debian's package: Playwright's own browser download needs the internet).
# Never fails the build: without chromium those tests skip, or fail where STORYLINE_REQUIRE_BROWSER=1 (CI).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		sudo=$$([ "$$(id -u)" = 0 ] || echo "sudo -n"); \
		$$sudo apt-get update -qq && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; \
	} || echo "make browser: could not install chromium (apt-get install chromium); the browser UI tests will skip"

test: setup browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup
	$(BIN)/python benchmarks/ingest.py

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache .ruff_cache
