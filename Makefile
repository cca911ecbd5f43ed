# The two commands of the README: `make run` and `make test`.
.PHONY: run test lint

run:
	bash scripts/setup.sh
	.venv/bin/python app.py

test:
	bash scripts/setup.sh test,llm
	bash scripts/test-deps.sh
	.venv/bin/python -m pytest -q

lint:
	.venv/bin/ruff check assistant tests bench app.py
