# The two commands of the README: `make run` and `make test`. Both are idempotent:
# the virtualenv is rebuilt only when pyproject.toml changes.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000
# Test processes: one per core of the 2-core machines this runs on.
TEST_WORKERS ?= 2
export PORT
# What ruff checks in `make lint`; mypy's files and import-linter's contracts are in
# pyproject.toml.
LINT_PATHS := cms courses certificates coverage forum people infrastructure tests

.PHONY: run test bench setup system system-test messages fonts lint clean

$(VENV)/.installed: pyproject.toml constraints/build.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -U "pip>=25.3"
	# XStatic-Bootstrap's sdist still imports pkg_resources when it builds.
	$(BIN)/pip install -q --disable-pip-version-check --build-constraint constraints/build.txt -e ".[dev]"
	touch $@

system:
	scripts/system-deps.sh

system-test:
	scripts/system-deps.sh --test

messages: $(VENV)/.installed system
	$(MANAGE) compilemessages --ignore "$(VENV)" -v 0

# The slim CJK font the PDFs embed, subset once from Debian's Noto Serif CJK.
fonts: var/fonts/CollegeSerifSC.otf

var/fonts/CollegeSerifSC.otf: | $(VENV)/.installed system
	$(MANAGE) build_fonts

setup: $(VENV)/.installed system messages fonts
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) collectstatic --no-input -v 0

run: setup
	$(MANAGE) seed_demo
	scripts/serve.sh

test: $(VENV)/.installed system-test messages fonts
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

bench: $(VENV)/.installed system-test messages fonts
	$(BIN)/python -m pytest tests/bench -o python_files="bench_*.py" -p no:randomly -s -q

# Style (ruff format, ruff lint with line length), types of the services, selectors
# and permissions (mypy with django-stubs) and the import contracts (import-linter).
lint: $(VENV)/.installed
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) static_collected var
