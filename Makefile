# EEXPI: `make run` starts the app on the embedded demo database; `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
UV     := $(BIN)/uv pip install --python $(BIN)/python -q

.PHONY: install run test

# The environment for everything (runtime and test tools).
install: $(VENV)/.dev-installed

$(BIN)/uv:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "EEXPI demande Python 3.11 ou plus récent.")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check uv

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/uv
	$(UV) -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/uv
	$(UV) -r requirements-dev.txt
	@touch $(VENV)/.runtime-installed $@

run: $(VENV)/.runtime-installed
	@$(BIN)/python manage.py seed-demo
	@echo "EEXPI démarre sur http://localhost:$(PORT)  (Ctrl+C pour arrêter)"
	@$(BIN)/streamlit run serve.py --server.port $(PORT) --server.headless true

test: install
	$(BIN)/python -m pytest
