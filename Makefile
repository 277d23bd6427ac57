# make run: set up everything and serve the portal on http://127.0.0.1:8000 (SQLite, eager tasks, console email).
# make test: lint, migration and deployment checks, then the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test install frontend migrate lint format worker beat clean

run: install migrate
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST)

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=loti_portal.settings.production \
	  DJANGO_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  DJANGO_ALLOWED_HOSTS=skills.example.org \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/python -m pytest $(PYTEST_ARGS)

install: $(VENV)/.installed frontend

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

frontend: frontend/build/.built

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

frontend/build/.built: frontend/node_modules/.installed frontend/build.mjs $(wildcard static/scss/*.scss)
	cd frontend && npm run --silent build
	touch $@

migrate: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# With CELERY_BROKER_URL set, tasks go to Redis: run these beside `make run`.
worker:
	$(BIN)/celery -A loti_portal worker --loglevel=INFO

beat:
	$(BIN)/celery -A loti_portal beat --loglevel=INFO

clean:
	rm -rf $(VENV) frontend/node_modules frontend/build staticfiles
