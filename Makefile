# The portal's two commands (see README): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

VNU_VERSION := 26.9.27
VNU_JAR := .cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar
# Debian libraries and fonts WeasyPrint needs to make the briefs' PDFs on the server.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation
# python-ldap (directory sign-in) is built from source against OpenLDAP's and SASL's headers.
BUILD_PACKAGES := libldap2-dev libsasl2-dev
# The tests read the PDFs back with pdftotext, and sign in against a real OpenLDAP server.
TEST_PACKAGES := poppler-utils slapd ldap-utils

.PHONY: run test install build-libraries pdf-libraries test-tools redis chromium vnu lint bench clean

## Install, migrate, load the demo network and serve it at http://127.0.0.1:8000, with a
## worker of the background queue beside the server (stopped with it)
run: install redis
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo_network
	DEBUG=1 $(PY) manage.py rqworker default & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

## Install everything (browser, HTML checker and PDF tools included) and run the whole test suite
test: install redis chromium vnu test-tools
	$(PY) -m pytest

install: $(VENV)/.installed pdf-libraries

$(VENV)/.installed: requirements.txt | build-libraries
	$(PYTHON) -m venv $(VENV) || ($(SUDO) apt-get update && $(SUDO) apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV))
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

build-libraries:
	@dpkg -s $(BUILD_PACKAGES) >/dev/null 2>&1 || ($(SUDO) apt-get update && $(SUDO) apt-get install -y $(BUILD_PACKAGES))

pdf-libraries:
	@dpkg -s $(PDF_PACKAGES) >/dev/null 2>&1 || ($(SUDO) apt-get update && $(SUDO) apt-get install -y $(PDF_PACKAGES))

test-tools:
	@dpkg -s $(TEST_PACKAGES) >/dev/null 2>&1 || ($(SUDO) apt-get update && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y $(TEST_PACKAGES))

## Redis at 127.0.0.1:6379 (the cache and the background queue; the tests use their own
## databases in it): installed
## from Debian and started in the background if nothing answers there
redis:
	@command -v redis-server >/dev/null || ($(SUDO) apt-get update && $(SUDO) apt-get install -y redis-server)
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save "" --appendonly no
	@for i in 1 2 3 4 5 6 7 8 9 10; do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && exit 0; sleep 0.5; done; echo "Redis did not start at 127.0.0.1:6379" >&2; exit 1

## Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium)
chromium:
	@test -x /usr/bin/chromium || ($(SUDO) apt-get update && $(SUDO) apt-get install -y chromium)

## The Nu HTML checker for the valid-HTML test: Debian's Java, vnu.jar from npm (pinned;
## --ignore-scripts: its post-install script would download a Java runtime)
vnu: $(VNU_JAR)
	@command -v java >/dev/null || ($(SUDO) apt-get update && $(SUDO) apt-get install -y openjdk-17-jre-headless)

$(VNU_JAR):
	@command -v npm >/dev/null || ($(SUDO) apt-get update && $(SUDO) apt-get install -y npm)
	npm install --no-save --no-audit --no-fund --ignore-scripts --prefix .cache/vnu vnu-jar@$(VNU_VERSION)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .cache
