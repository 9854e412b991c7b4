# Commons — build, run and test.
#
#   make run     build everything and start the server with demo data
#   make test    build, lint, Go tests (SQLite and PostgreSQL), browser tests
#
# Other targets: setup (npm packages + front-end), build, lint, e2e, clean.

GO     ?= go
NPM    ?= npm
NODE   ?= node

# Pinned: the module proxy here does not serve every @latest. v0.8.2 is
# staticcheck 2026.2.2, which understands Go 1.26.
STATICCHECK_VERSION := v0.8.2
STATICCHECK := $(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

STATIC     := internal/platform/web/static
FRONTEND   := $(STATIC)/govuk/commons.css $(STATIC)/leaflet/leaflet.js
NPM_STAMP  := node_modules/.package-lock.json

# Extra flags for `make run`, e.g. make run RUN_ARGS='--addr 127.0.0.1:9000'.
RUN_ARGS ?=

.PHONY: setup build run test lint gotest e2e clean

## setup: install the pinned npm packages (when missing or changed) and build the front-end
setup: $(FRONTEND)

# npm ci writes node_modules/.package-lock.json; re-run it when the lock changes.
$(NPM_STAMP): package.json package-lock.json
	$(NPM) ci --no-audit --no-fund
	@touch $@

# One run of the script writes both folders (a grouped target).
$(FRONTEND) &: $(NPM_STAMP) scripts/build-frontend.mjs $(wildcard web/scss/*.scss)
	$(NODE) scripts/build-frontend.mjs

## build: setup, then the commons server, commons-tally and the smtpsink test mail server
build: setup
	$(GO) build -o bin/commons ./cmd/commons
	$(GO) build -o bin/commons-tally ./cmd/commons-tally
	$(GO) build -o bin/smtpsink ./cmd/smtpsink

## run: build and start the server with demo data (mail goes to the configured SMTP server)
run: build
	bin/commons serve --demo --place Aberhaven $(RUN_ARGS)

## lint: gofmt, go vet, staticcheck
lint:
	@unformatted="$$(git ls-files --cached --others --exclude-standard '*.go' | xargs -r gofmt -l)"; \
	if [ -n "$$unformatted" ]; then echo "gofmt needed on:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...

## gotest: the Go tests with a PostgreSQL server (scripts/with-postgres.sh), then the database
## tests again on PostgreSQL at SERIALIZABLE (scripts/gotest.sh)
gotest:
	GO=$(GO) scripts/with-postgres.sh scripts/gotest.sh

# Journeys run a second time through two servers on one PostgreSQL behind nginx.
CLUSTER_JOURNEYS := e2e/events.test.mjs e2e/accounts.test.mjs

## e2e: the browser journeys in e2e/ against bin/commons (run `make build` first), with a
## PostgreSQL server for the cluster tests (scripts/with-postgres.sh); then $(CLUSTER_JOURNEYS)
## again through the cluster (COMMONS_E2E_CLUSTER=1)
e2e:
	scripts/with-postgres.sh sh -c '$(NPM) run e2e && COMMONS_E2E_CLUSTER=1 $(NODE) --test $(CLUSTER_JOURNEYS)'

## test: everything CI runs
test: build
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory gotest
	$(MAKE) --no-print-directory e2e

## clean: remove built binaries, generated front-end files and test artifacts
clean:
	rm -rf bin $(STATIC)/govuk $(STATIC)/leaflet e2e/artifacts test-results
