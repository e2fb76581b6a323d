# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SWAGGER_FILES := swagger-ui-bundle.js swagger-ui.css swagger-ui-standalone-preset.js favicon-32x32.png LICENSE
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint bench clean

$(STAMP): pyproject.toml package.json package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# The CPU build of torch first (a local wheel here), so nothing can pull a CUDA build of several GB.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p api/static/vendor/swagger-ui
	cd node_modules/swagger-ui-dist && cp $(SWAGGER_FILES) ../../api/static/vendor/swagger-ui/
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/vta demo
	$(BIN)/vta serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/lint-imports

test: install lint
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: install
	$(BIN)/vta bench matching --participants 10000 --needs 5000
	$(BIN)/vta bench matching --participants 50000 --needs 20000 --no-encode

clean:
	rm -rf $(VENV) node_modules api/static/vendor vta.db vta.db-wal vta.db-shm .vta-secret
