# Each target sets up the virtual environment first; set-up is skipped when nothing changed.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO := .demo/project
ARGS ?=

.PHONY: setup run test lint bench demo clean bundle smoke translations qm

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Translations: resources/i18n/studio_<lang>.ts are the sources (in git, filled by translators);
# the .qm files the app loads are built from them.
I18N := resources/i18n
LANGS := ko zh_CN
TS := $(LANGS:%=$(I18N)/studio_%.ts)
QM := $(TS:.ts=.qm)

# make translations -> refresh the .ts files from every tr() under app/ (then translate them)
translations: $(STAMP)
	$(BIN)/pyside6-lupdate $(sort $(shell find app -name '*.py')) -locations none -no-obsolete \
		-ts $(TS)

$(I18N)/%.qm: $(I18N)/%.ts | $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

qm: $(QM)

$(DEMO)/annotations.json: | $(STAMP)
	$(BIN)/efficientdet demo-data $(DEMO)

demo: $(DEMO)/annotations.json

# make run                      -> the bundled demo project
# make run ARGS=/path/to/images -> a folder, a project, or a COCO JSON file
run: $(STAMP) $(QM)
	@if [ -z "$(ARGS)" ]; then $(MAKE) --no-print-directory demo; fi
	$(BIN)/efficientdet-studio $(if $(ARGS),$(ARGS),$(DEMO))

test: $(STAMP) $(QM)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# Benchmarks print ratios against the effdet port; results and commands in docs/benchmarks.md.
bench: $(STAMP)
	$(BIN)/python bench/model_bench.py --threads 1 --channels-last
	$(BIN)/python bench/train_bench.py --sizes 512 256 --batch 4 --threads 1
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/gui_bench.py

# The one-folder desktop bundle (PyInstaller) in dist/efficientdet-studio/; docs/install.md.
bundle: $(STAMP) $(QM)
	bash installer/build.sh

# The frozen bundle, built afresh, trains, serves and opens the demo project (about 3 minutes;
# run it before submitting changes to start-up or process-starting code).
smoke: bundle
	$(BIN)/python installer/smoke.py

clean:
	rm -rf $(VENV) .demo build dist *.egg-info $(QM)
