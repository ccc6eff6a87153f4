# The portal's two commands (see README): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian libraries and fonts WeasyPrint needs to make the briefs' PDFs on the server.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation
# The tests read the PDFs back with pdftotext.
TEST_PACKAGES := poppler-utils

.PHONY: run test install pdf-libraries test-tools chromium lint bench clean

## Install, migrate, load the demo network and serve it at http://127.0.0.1:8000
run: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo_network
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

## Install everything (browser included) and run the whole test suite
test: install chromium test-tools
	$(PY) -m pytest

install: $(VENV)/.installed pdf-libraries

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV) || ($(SUDO) apt-get update && $(SUDO) apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV))
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

pdf-libraries:
	@dpkg -s $(PDF_PACKAGES) >/dev/null 2>&1 || ($(SUDO) apt-get update && $(SUDO) apt-get install -y $(PDF_PACKAGES))

test-tools:
	@dpkg -s $(TEST_PACKAGES) >/dev/null 2>&1 || ($(SUDO) apt-get update && $(SUDO) apt-get install -y $(TEST_PACKAGES))

## Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium)
chromium:
	@test -x /usr/bin/chromium || ($(SUDO) apt-get update && $(SUDO) apt-get install -y chromium)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
