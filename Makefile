.PHONY: check lint test bench

PY ?= .venv/bin/python

check: lint test

lint:
	$(PY) -m ruff check src tests benchmarks
	$(PY) -m ruff format --check src tests benchmarks
	$(PY) -m mypy

test:
	$(PY) -m pytest

bench:
	$(PY) -m pytest benchmarks --benchmark-only 
	$(PY) benchmarks/cold_start.py
