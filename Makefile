# Two commands for a fresh machine: `make demo` and `make test`. Both build .venv from nothing.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench samples wheel-check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/catalog-check demo demo-run

test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check src schemas flows tests bench samples

samples: $(STAMP)
	$(PY) samples/make_samples.py

bench: $(STAMP)
	$(PY) bench/bench_validate.py
	$(PY) bench/bench_reports.py
	$(PY) bench/bench_consolidate.py

# Build the wheel, install it into a throw-away venv and run the command from another folder.
wheel-check: $(STAMP)
	rm -rf build dist /tmp/cc-wheel-venv
	$(PY) -m pip wheel --quiet --no-deps --no-build-isolation -w dist . 2>/dev/null || $(PY) -m pip wheel --quiet --no-deps -w dist .
	$(PYTHON) -m venv --system-site-packages /tmp/cc-wheel-venv
	/tmp/cc-wheel-venv/bin/python -m pip install --quiet --no-deps dist/*.whl
	cd /tmp && PYTHONPATH=$(CURDIR)/$(VENV)/lib/python3*/site-packages /tmp/cc-wheel-venv/bin/catalog-check --help >/dev/null
	$(PY) -c "import zipfile,glob,sys; n=zipfile.ZipFile(glob.glob('dist/*.whl')[0]).namelist(); need=['catalog_check/schemas/items.py','catalog_check/flows/intake.py','catalog_check/data/laws.csv']; miss=[x for x in need if x not in n]; sys.exit('wheel lacks '+str(miss) if miss else 0)"

clean:
	rm -rf $(VENV) build dist demo-run .pytest_cache
