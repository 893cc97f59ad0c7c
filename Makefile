# 5G Policy Watch — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit wheel bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m bot run

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: $(STAMP)
	$(PY) -m mypy

unit: $(STAMP)
	$(PY) -m pytest -q

# The wheel, built and installed in a fresh venv away from the source tree, must run:
# editable installs hide a package or data file missing from the build.
WHEEL_DIR := build/wheel-check
wheel: $(STAMP)
	rm -rf $(WHEEL_DIR)
	$(PY) -m pip wheel -q --no-deps -w $(WHEEL_DIR) .
	$(PYTHON) -m venv $(WHEEL_DIR)/venv
	$(WHEEL_DIR)/venv/bin/python -m pip install -q $(WHEEL_DIR)/*.whl
	mkdir -p $(WHEEL_DIR)/run
	cd $(WHEEL_DIR)/run && env -u POLICYWATCH_CONFIG ../venv/bin/policywatch --help >/dev/null
	cd $(WHEEL_DIR)/run && env -u POLICYWATCH_CONFIG ../venv/bin/policywatch check-config
	@echo "wheel: installs and runs"

test: lint typecheck unit wheel

bench: $(STAMP)
	$(PY) bench/pipeline.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info
