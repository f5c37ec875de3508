# TechBridge: `make run` serves the platform on http://127.0.0.1:8000, `make test` runs every test.
# Both set everything up themselves on a fresh machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
VENDOR := src/techbridge/web/static/vendor
ASSETS := $(VENDOR)/htmx.min.js $(VENDOR)/echarts.min.js $(VENDOR)/swagger-ui-bundle.js $(VENDOR)/swagger-ui.css \
	$(VENDOR)/redoc.standalone.js
export TECHBRIDGE_SHARED_DIR ?= $(abspath ../shared)

.PHONY: run test venv assets system-deps db demo index lint unit integration e2e eval train bench clean

run: venv assets db demo index
	$(BIN)/techbridge serve

test: venv assets system-deps lint
	$(BIN)/python -m pytest -q

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

assets: $(ASSETS)

$(ASSETS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	scripts/vendor-assets.sh

system-deps:
	scripts/system-deps.sh

db: venv
	$(BIN)/techbridge db upgrade

demo: db
	$(BIN)/techbridge demo

index: demo
	$(BIN)/techbridge index build

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

unit: venv
	$(BIN)/python -m pytest -q tests/unit

integration: venv system-deps
	$(BIN)/python -m pytest -q tests/integration

e2e: venv assets system-deps
	$(BIN)/python -m pytest -q tests/e2e

eval: venv
	$(BIN)/techbridge eval

train: venv
	$(BIN)/techbridge train

bench: venv
	$(BIN)/python bench/bench_scale.py

clean:
	rm -rf $(VENV) node_modules src/techbridge/web/static/vendor var techbridge.db techbridge.db-wal techbridge.db-shm
