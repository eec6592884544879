# Everything a fresh Debian/Ubuntu machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)

# Qt needs these to start headless or under X; Xvfb for screenshots, poppler for PDF checks.
SYS_PKGS := xvfb xauth poppler-utils fonts-dejavu-core libegl1 libgl1 libopengl0 libfontconfig1 \
	libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 \
	libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-randr0 \
	libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0 binutils

export QT_QPA_PLATFORM ?= offscreen

.PHONY: setup system run test lint typecheck pytest bench eval fit-score screenshots dist install-desktop clean catalogue docs

setup: system $(STAMP)

system:
	@missing=""; \
	for p in $(SYS_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	$(PYTHON) -c 'import venv, ensurepip' >/dev/null 2>&1 || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "Missing system packages. Run this, then try again:"; \
	    echo "  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*; touch $@

run: setup
	QT_QPA_PLATFORM= $(BIN)/python main.py --replay-dns resources/samples/dns.json resources/samples

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy --strict inspector
	$(BIN)/mypy ui main.py tests bench

pytest: setup
	$(BIN)/python -m pytest -q -p no:cacheprovider

test: lint typecheck pytest

catalogue: docs

SAMPLE_COVER = --consultant "Example Deliverability Consulting" --logo resources/icons/app.png --client "Example Shop Ltd" --analyst "A. Analyst" --date 2026-12-07 --notes "A sample report made from the messages bundled with the app; every domain and address in it is fictitious."

docs: setup
	$(BIN)/python main.py catalogue > docs/rules.md
	$(BIN)/python -m inspector.report.schema > docs/report.schema.json
	$(BIN)/python -c "from inspector.intel.platform_docs import render_platforms_markdown as r; print(r(), end='')" > docs/platforms.md
	QT_QPA_PLATFORM=offscreen $(BIN)/python main.py report --force $(SAMPLE_COVER) --replay-dns resources/samples/dns.json resources/samples/phishing-display-name.eml -o docs/sample-report.pdf
	QT_QPA_PLATFORM=offscreen $(BIN)/python main.py report --force $(SAMPLE_COVER) --replay-dns resources/samples/dns.json $(wildcard resources/samples/*.eml) -o docs/sample-mailbox-report.pdf

bench: setup
	$(BIN)/python bench/run.py

# Judgement on the dev corpus (issue 14): verdicts stripped, offline, 2 workers; SpamAssassin
# beside ours when installed (never installed here: see docs/benchmarks.md).
CORPUS ?= ../shared/corpus/dev
eval: setup
	$(BIN)/python bench/eval.py --corpus $(CORPUS) --workers 2

# Refit the score's weights (inspector/data/score_weights.json) from a fresh analysis, then
# measure again with them. See docs/scoring.md.
fit-score: setup
	$(BIN)/python bench/eval.py --corpus $(CORPUS) --workers 2 --no-sa --no-bounces
	$(BIN)/python bench/fit_score.py
	$(BIN)/python bench/eval.py --corpus $(CORPUS) --workers 2

screenshots: setup
	xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb $(BIN)/python -m ui.screenshots docs/screenshots 6

dist: setup
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN build.spec
	QT_QPA_PLATFORM=offscreen dist/DeliverabilityInspector/DeliverabilityInspector --self-test
	CHECK_FROZEN=1 $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_frozen.py
	@du -sh dist/DeliverabilityInspector

install-desktop:
	sh resources/desktop/install.sh

clean:
	rm -rf build dist .mypy_cache .ruff_cache .pytest_cache
