# The two set-up commands of the README live here so that CI runs exactly what people run.
#   make simulator   create .venv, install, talk to the skill in the local simulator
#   make test        install everything (Python and dynalite), lint, type-check, test, benchmark
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# checkov pins its own boto3, so it has a virtualenv of its own (requirements-checkov.txt).
CHECKOV_VENV := .venv-checkov
ARGS ?=
# pytest-xdist workers: one per CPU (`auto`); PYTEST_WORKERS=0 runs the tests in this process.
PYTEST_WORKERS ?= auto

.PHONY: simulator test check lint deadcode typecheck pytest evaluate bench build model content transcripts \
	icons store-listing

$(VENV)/.installed: requirements-dev.txt lambda/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(CHECKOV_VENV)/.installed: requirements-checkov.txt
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-checkov.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

simulator: $(VENV)/.installed content
	$(PY) -m simulator $(ARGS)

test: $(VENV)/.installed node_modules/.installed lint typecheck pytest

# Everyday: lint, types and the fast tests: none marked slow or needing the DynamoDB server,
# and the fuzz tests with few examples. HYPOTHESIS_PROFILE picks another Hypothesis profile.
# The linters run beside the tests, so that both CPUs are busy from the start (the installs are
# made, or left as they are, by this make); their output follows the tests'. The tests keep
# Python's byte code cache even where the environment turns it off (PYTHONDONTWRITEBYTECODE):
# each worker would otherwise compile every module again, about five seconds a run.
check: $(VENV)/.installed node_modules/.installed $(CHECKOV_VENV)/.installed
	@linters=$$(mktemp); \
	$(MAKE) --no-print-directory -o $(VENV)/.installed -o $(CHECKOV_VENV)/.installed \
		lint typecheck >$$linters 2>&1 & linting=$$!; \
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -q -n $(PYTEST_WORKERS) -m "not slow and not dynalite" \
		--hypothesis-profile=$${HYPOTHESIS_PROFILE:-dev} $(ARGS); tested=$$?; \
	wait $$linting; linted=$$?; cat $$linters; rm -f $$linters; \
	[ $$tested -eq 0 ] && [ $$linted -eq 0 ]

# The blind held-out sets said to the skill: accuracy per category and the dev half's misses.
evaluate: $(VENV)/.installed
	$(PY) -m interaction_model evaluate $(ARGS)

# checkov checks the stack against security policies; its exceptions are skipped in the
# resources' Metadata, each with its reason. --skip-download: no call to the vendor's platform.
lint: $(VENV)/.installed $(CHECKOV_VENV)/.installed deadcode
	$(PY) -m ruff check .
	$(PY) -m interaction_model lint
	$(VENV)/bin/cfn-lint infrastructure/cfn-deployer/skill-stack.yaml
	$(CHECKOV_VENV)/bin/checkov --quiet --compact --skip-download --framework cloudformation \
		-f infrastructure/cfn-deployer/skill-stack.yaml

# Unused code (under a second). The tests count as users; what only frameworks and the standard
# library call is listed in devtools/vulture_whitelist.py.
deadcode: $(VENV)/.installed
	$(PY) -m vulture lambda interaction_model simulator scripts devtools tests

typecheck: $(VENV)/.installed
	$(PY) -m mypy

# Every test, the fuzz tests with CI's number of examples; those that time turns (`alone`)
# after the others, in one process (pytest's status 5: ARGS selected none of them).
pytest: $(VENV)/.installed node_modules/.installed
	$(PY) -m pytest -n $(PYTEST_WORKERS) -m "not alone" \
		--hypothesis-profile=$${HYPOTHESIS_PROFILE:-ci} $(ARGS)
	$(PY) -m pytest -m alone --hypothesis-profile=$${HYPOTHESIS_PROFILE:-ci} $(ARGS) \
		|| [ $$? -eq 5 ]

# The skill speaks from hipback/content/compiled/; recompile after editing the content TOML files.
content: $(VENV)/.installed
	$(PY) scripts/compile_content.py

# What the skill says, word for word, for clinicians to review: docs/transcripts/<locale>/*.md.
# A test fails when they differ from what the skill says now.
transcripts: $(VENV)/.installed content
	$(PY) scripts/transcripts.py

model: $(VENV)/.installed
	$(PY) -m interaction_model build

build: $(VENV)/.installed
	$(PY) scripts/build_lambda.py

# The store icons, skill-package/assets/images/*.png, drawn from assets/icon.svg.
icons: $(VENV)/.installed
	$(PY) scripts/make_icons.py

# The privacy policy and terms URLs of ask-resources.json, written into skill.json; then
# whether the skill is ready for certification.
store-listing: $(VENV)/.installed
	$(PY) scripts/store_listing.py
	$(PY) scripts/store_listing.py --ready

bench: $(VENV)/.installed node_modules/.installed
	$(PY) scripts/bench.py $(ARGS)
