# The two commands a new user needs: `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install serve test lint schema bench clean

# (Re)install when the dependencies change; a fresh clone gets its .venv here.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Migrate the embedded database, load the demo once, print tokens, serve GraphiQL.
serve: install
	$(BIN)/vocrehab db upgrade
	$(BIN)/vocrehab demo seed
	$(BIN)/vocrehab demo tokens
	$(BIN)/vocrehab serve --no-migrate

## The whole test suite (SQLite; PostgreSQL too when VOCREHAB_TEST_POSTGRES_URL is set).
test: install
	$(BIN)/pytest

# mypy cannot see packages through the platform/ -> vocrehab mapping of an
# editable install; a tree of links under the import names shows it the real files.
TYPECHECK := .make/typecheck
PACKAGES  := vocrehab:platform vocrehab_generic:plugins/generic vocrehab_nav_no:plugins/nav_no vocrehab_fk_se:plugins/fk_se

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	mkdir -p $(TYPECHECK)
	for pair in $(PACKAGES); do ln -sfn "$$PWD/$${pair#*:}" "$(TYPECHECK)/$${pair%%:*}"; done
	MYPYPATH=$(TYPECHECK) $(BIN)/mypy $(foreach p,$(PACKAGES),-p $(firstword $(subst :, ,$(p))))

## Regenerate schema.graphql after a schema change (a test fails when it drifts).
schema: install
	$(BIN)/vocrehab schema export

## Load over HTTP against the floor of our stack (SQLite, or BENCH_DATABASE_URL); see the README.
BENCH_FLAGS ?=
bench: install
	$(BIN)/python bench/run.py $(BENCH_FLAGS)

clean:
	rm -rf $(VENV) var .pytest_cache
