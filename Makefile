# Loket: the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TESTSTAMP := $(VENV)/.installed-test

.PHONY: run test test-fast lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TESTSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

run: $(STAMP)
	$(BIN)/loket

# Two worker processes (pytest-xdist), as many as CI's cores: each test is independent (own
# files, ports, PostgreSQL schema and network namespaces). PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= 2
test: $(TESTSTAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The fast lane: everything but the tests marked slow.
test-fast: $(TESTSTAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) -m "not slow" $(PYTEST_ARGS)

lint: $(TESTSTAMP)
	$(BIN)/ruff check counter_app ui sync printing tests bench tools

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build *.egg-info

# Qt translations: refresh the .ts sources from the code (keeps existing translations), then
# compile every resources/i18n/*.ts to the .qm the app loads.
UI_CORE_SOURCES := ui/app.py ui/login.py ui/main_window.py ui/printing_bridge.py ui/portal_bridge.py \
	ui/pages/__init__.py ui/pages/counter.py ui/pages/counter_parts.py ui/pages/registration.py \
	ui/pages/applications.py \
	ui/pages/settings.py ui/widgets/banner.py ui/sync_runner.py ui/hub_bridge.py ui/upgrade.py
# The hall call display is not listed: a public screen is always in Indonesian. The ticket kiosk
# translates itself for its visitor (ui/ticket_kiosk_parts.py, KioskLanguage).
UI_KIOSK_SOURCES := ui/pages/call_display.py ui/kiosk.py ui/pages/skm_kiosk.py \
	ui/pages/skm_transcribe.py ui/pages/complaints.py ui/pages/dashboard.py ui/pages/calendar.py ui/charts.py ui/complaint_labels.py \
	ui/ticket_kiosk.py ui/ticket_kiosk_parts.py
.PHONY: translations
translations: $(STAMP)
	$(BIN)/pyside6-lupdate $(UI_CORE_SOURCES) -ts resources/i18n/ui_core_en.ts
	$(BIN)/pyside6-lupdate $(UI_KIOSK_SOURCES) -ts resources/i18n/ui_kiosk_en.ts
	for ts in resources/i18n/*.ts; do $(BIN)/pyside6-lrelease $$ts -qm $${ts%.ts}.qm; done

# PNGs of every main screen at 1366x768 and 1920x1080, rendered offscreen, in Indonesian
# (docs/images) and in English (docs/images/en).
.PHONY: screenshots
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m ui.screenshots docs/images
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m ui.screenshots docs/images/en en

# The core's and the CLI's gettext catalogues (counter_app/i18n.py): add new messages to the
# .po files, drop gone ones, compile the .mo files the app loads. Translate, then run again.
.PHONY: messages
messages: $(STAMP)
	$(BIN)/python -m tools.messages update
