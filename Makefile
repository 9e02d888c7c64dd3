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
	$(PY) bench/bench_intake.py

# Build the wheel, install it with its dependencies into a fresh venv, and run the installed
# command from another folder: the wheel must carry the engine, schemas, flows, data and samples.
wheel-check: $(STAMP)
	rm -rf build dist /tmp/cc-wheel-venv /tmp/cc-wheel-run
	$(PY) -m pip wheel --quiet --no-deps -w dist .
	$(PY) -c "import zipfile,glob,sys; n=set(zipfile.ZipFile(glob.glob('dist/*.whl')[0]).namelist()); need=['catalog_check/schemas/items.py','catalog_check/flows/intake.py','catalog_check/data/laws.csv','catalog_check/samples/submissions/浙江省公安厅-第二批.xlsx']; miss=[x for x in need if x not in n]; sys.exit('wheel lacks '+str(miss) if miss else 0)"
	$(PYTHON) -m venv /tmp/cc-wheel-venv
	/tmp/cc-wheel-venv/bin/python -m pip install --quiet dist/*.whl
	mkdir -p /tmp/cc-wheel-run
	cd /tmp/cc-wheel-run && /tmp/cc-wheel-venv/bin/catalog-check template 模板.xlsx && /tmp/cc-wheel-venv/bin/catalog-check validate 模板.xlsx; test $$? -eq 1
	cd /tmp/cc-wheel-run && /tmp/cc-wheel-venv/bin/catalog-check validate $(CURDIR)/samples/submissions/浙江省公安厅-第二批.xlsx

clean:
	rm -rf $(VENV) build dist demo-run .pytest_cache
