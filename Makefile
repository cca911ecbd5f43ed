# The two commands of the README: `make run` and `make test` (which runs `make lint` first).
.PHONY: run test lint

LINT_PATHS = assistant tests bench app.py $(wildcard eval/*.py)

run:
	bash scripts/setup.sh
	.venv/bin/python app.py

test:
	bash scripts/setup.sh test,llm
	bash scripts/test-deps.sh
	$(MAKE) --no-print-directory lint
	.venv/bin/python -m pytest -q

# One style over the tree: `ruff format` writes it, this checks it (and the lint rules in pyproject.toml).
lint:
	.venv/bin/ruff check $(LINT_PATHS)
	.venv/bin/ruff format --check $(LINT_PATHS)
