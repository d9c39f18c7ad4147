# Batchline: `make demo` runs a sample bill run end to end; `make test` runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: setup demo demo-ppr test lint unit bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

demo: setup
	$(BIN)/python -m deployments.demo $(DEMO_ARGS)

# a payment process request start to finish, every gate answered through the REST resume
demo-ppr: setup
	$(BIN)/python -m deployments.demo_ppr $(DEMO_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint browser
	BATCHLINE_TEST_DATABASE_URL=$${BATCHLINE_TEST_DATABASE_URL-postgresql+psycopg://postgres@127.0.0.1:5432/test} \
	  $(BIN)/python -m pytest

# The browser test drives Debian's chromium: Playwright's own browser download cannot work here.
.PHONY: browser
browser:
	@test -x /usr/bin/chromium || { SUDO=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	  $$SUDO apt-get update -q && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium; }

unit: setup
	$(BIN)/python -m pytest tests/unit -q

bench: setup
	$(BIN)/python benchmarks/render_bills.py

clean:
	rm -rf $(VENV) .batchline .pytest_cache .mypy_cache .ruff_cache
