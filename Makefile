# The two commands of the README: `make demo` runs the main job, `make test` runs every test.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: demo test lint install train-ner broker-start broker-stop clean

# setuptools warns on every editable install that a folder named like the package may shadow it:
# here that folder is the package itself.
QUIET_BUILD := PYTHONWARNINGS="ignore:Editable installation"

$(BIN)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(QUIET_BUILD) $(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

install: $(BIN)/.installed

demo: install
	@scripts/check_prereqs.sh demo
	$(BIN)/wirewatch demo

test: install
	@scripts/check_prereqs.sh test
	$(BIN)/pytest

# ruff (pyflakes, imports, bugbear, bandit, pyupgrade...) and mypy on streams/ and agents/; CI runs it.
lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

# Rebuild agents/resources/ner/ (word clusters, gazetteers, CRF) from ../shared/data: ~3 min.
train-ner: install
	$(QUIET_BUILD) $(BIN)/pip install --quiet -c requirements.lock -e '.[dev,train]'
	$(BIN)/pip install --quiet --no-deps german-nouns==1.2.5
	$(BIN)/python scripts/train_ner.py --dev-weight 3 --extra smartdata_all mobie_train europeana_lft ler_dev

broker-start:
	deploy/kafka/broker.sh start

broker-stop:
	deploy/kafka/broker.sh stop

clean:
	deploy/kafka/broker.sh stop
	rm -rf .cache $(VENV)
