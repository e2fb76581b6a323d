# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SWAGGER_FILES := swagger-ui-bundle.js swagger-ui.css swagger-ui-standalone-preset.js favicon-32x32.png LICENSE
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint bench clean

$(STAMP): pyproject.toml package.json package-lock.json $(wildcard api/translations/*/LC_MESSAGES/messages.po)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# The CPU build of torch first (a local wheel here), so nothing can pull a CUDA build of several GB.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p api/static/vendor/swagger-ui
	cd node_modules/swagger-ui-dist && cp $(SWAGGER_FILES) ../../api/static/vendor/swagger-ui/
	mkdir -p api/static/vendor/htmx api/static/vendor/axe-core
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/htmx.org/LICENSE api/static/vendor/htmx/
	# axe-core is served for the browser tests' accessibility checks (tests/browser).
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE api/static/vendor/axe-core/
	# The pages' message catalogues: .po in git, .mo compiled here.
	$(BIN)/pybabel -q compile -d api/translations -D messages
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
	rm -rf $(VENV) node_modules api/static/vendor api/translations/*/LC_MESSAGES/*.mo vta.db vta.db-wal vta.db-shm .vta-secret .vta-keys.db
