# ZI API — build, run and test. `make run` and `make test` are all a newcomer needs.
# See README.md. Targets: all run test bench install clean deps stop-db unit-test api-test contract-test

PREFIX   ?= /usr/local
DESTDIR  ?=
CC       ?= cc
BUILD    ?= build
PYTHON   ?= /usr/bin/python3

PKGS     := libulfius jansson liborcania libyder libpq gnutls libmicrohttpd libcurl
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
BASEFLAGS = -std=c17 -D_DEFAULT_SOURCE -g $(WARN) -fstack-protector-strong
OPTFLAGS ?= -O2 -D_FORTIFY_SOURCE=2
SANFLAGS  = -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

# Debian packages the project needs: to build and run, and in addition to test.
DEPS_RUN  := build-essential pkg-config libulfius-dev libjansson-dev liborcania-dev libyder-dev \
             libmicrohttpd-dev libgnutls28-dev libpq-dev postgresql postgresql-contrib curl python3 python3-yaml \
             python3-markdown libcurl4-gnutls-dev
DEPS_TEST := check valgrind iproute2 chromium openssl nginx

SERVER_SRC := $(shell find server/src -name '*.c' | sort)
SERVER_OBJ := $(SERVER_SRC:%.c=$(BUILD)/obj/%.o)
SERVER_ASAN_OBJ := $(SERVER_SRC:%.c=$(BUILD)/asan/%.o)
GEN_OBJ    := $(BUILD)/obj/gen/openapi_json.o $(BUILD)/obj/gen/migrations.o $(BUILD)/obj/gen/docs_html.o
MIGRATIONS := $(sort $(wildcard sql/migrations/*.sql))
DOMAIN_SRC := $(filter server/src/domain/% server/src/common/%,$(SERVER_SRC)) server/src/config.c server/src/log.c
UNIT_SRC   := $(sort $(wildcard tests/unit/*.c))
API_SRC    := $(sort $(wildcard tests/api/*.c))

.PHONY: all run test bench install clean deps deps-test stop-db unit-test api-test contract-test \
        check-banned build-test asan docker-check
.DEFAULT_GOAL := all

all: $(BUILD)/bin/zi-server sdk

# ---- dependencies ---------------------------------------------------------------------
# Installs only what is missing: apt-get as root, sudo otherwise; silent when all present.
deps:
	@sh tools/deps.sh $(DEPS_RUN)

deps-test:
	@sh tools/deps.sh $(DEPS_RUN) $(DEPS_TEST)
	@sh tools/deps-node.sh

# ---- the server -----------------------------------------------------------------------
$(BUILD)/gen/openapi_json.c: openapi/openapi.yaml tools/embed.py
	@mkdir -p $(@D)
	$(PYTHON) tools/embed.py openapi $< $@

# The API reference page served at /docs: rendered from the contract at build time, offline.
$(BUILD)/gen/docs.html: openapi/openapi.yaml tools/render-docs.py
	@mkdir -p $(@D)
	$(PYTHON) tools/render-docs.py $< $@

$(BUILD)/gen/docs_html.c: $(BUILD)/gen/docs.html tools/embed.py
	$(PYTHON) tools/embed.py blob zi_docs_html $< $@

$(BUILD)/gen/migrations.c: $(MIGRATIONS) tools/embed.py
	@mkdir -p $(@D)
	$(PYTHON) tools/embed.py migrations $@ $(MIGRATIONS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(BASEFLAGS) $(OPTFLAGS) $$(pkg-config --cflags $(PKGS)) -Iserver/src -MMD -MP -c $< -o $@

$(BUILD)/asan/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(BASEFLAGS) $(SANFLAGS) $$(pkg-config --cflags $(PKGS)) -Iserver/src -MMD -MP -c $< -o $@

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(@D)
	$(CC) -std=c17 -O2 $$(pkg-config --cflags $(PKGS)) -Iserver/src -c $< -o $@

$(BUILD)/bin/zi-server: $(SERVER_OBJ) $(GEN_OBJ)
	@mkdir -p $(@D)
	$(CC) -o $@ $^ $$(pkg-config --libs $(PKGS)) -lpthread -lm

$(BUILD)/bin/zi-server-asan: $(SERVER_ASAN_OBJ) $(GEN_OBJ)
	@mkdir -p $(@D)
	$(CC) -fsanitize=address,undefined -o $@ $^ $$(pkg-config --libs $(PKGS)) -lpthread -lm

asan: $(BUILD)/bin/zi-server-asan

# ---- tests ----------------------------------------------------------------------------
$(BUILD)/bin/unit-tests: $(UNIT_SRC) $(DOMAIN_SRC) $(wildcard server/src/domain/*.h server/src/common/*.h)
	@mkdir -p $(@D)
	$(CC) $(BASEFLAGS) -O0 $$(pkg-config --cflags $(PKGS) check) -Iserver/src -o $@ $(UNIT_SRC) $(DOMAIN_SRC) \
	    $$(pkg-config --libs $(PKGS) check)

$(BUILD)/bin/api-tests: $(API_SRC) $(wildcard tests/api/*.h)
	@mkdir -p $(@D)
	$(CC) $(BASEFLAGS) -O0 $$(pkg-config --cflags check libcurl jansson gnutls) -o $@ $(API_SRC) \
	    $$(pkg-config --libs check libcurl jansson gnutls) -lpthread

build-test: all asan $(BUILD)/bin/unit-tests $(BUILD)/bin/api-tests sdk-build-test

check-banned:
	@if grep -rnE '\b(sprintf|vsprintf|strcpy|strcat|atoi|atol|strtok|gets|gmtime|localtime|ctime|asctime)[[:space:]]*\(' \
	    server sdk tests/unit tests/api tests/sdk 2>/dev/null; then echo "banned function used (STYLE.md §13)"; exit 1; fi

unit-test: $(BUILD)/bin/unit-tests
	@tests/run-unit.sh $(BUILD)/bin/unit-tests

api-test: all asan $(BUILD)/bin/api-tests
	@tests/run-api.sh $(BUILD)

contract-test:
	@tests/contract/lint.sh

# Everything CI checks. Ends with one "N passed, N failed" line; non-zero on any failure.
test:
	@$(MAKE) --no-print-directory deps-test
	@$(MAKE) --no-print-directory check-banned build-test
	@tests/run-all.sh $(BUILD)

# Performance (not part of `make test`, takes minutes): wrk against zi-server and pgbench on the
# same SQL, on a durable private cluster under var/bench-pg; writes $(BUILD)/bench/report.md.
# BENCH_SECONDS (10) per measurement, BENCH_RUNS (3). See tests/bench/run.sh.
bench:
	@sh tools/deps.sh $(DEPS_RUN) wrk
	@$(MAKE) --no-print-directory all
	@tests/bench/run.sh $(BUILD)

# The docker/ files, checked without a Docker engine (none runs on these machines).
docker-check:
	@bash docker/check.sh

# ---- running --------------------------------------------------------------------------
run:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory all
	@sql/dev-run.sh $(BUILD)/bin/zi-server

stop-db:
	@sql/pg-cluster.sh stop var/pg

# ---- install --------------------------------------------------------------------------
install: all install-sdk
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/zi/seed
	install -m 0755 $(BUILD)/bin/zi-server $(DESTDIR)$(PREFIX)/bin/zi-server
	install -m 0644 sql/seed/*.sql $(DESTDIR)$(PREFIX)/share/zi/seed/

clean:
	rm -rf $(BUILD)

# The SDK (libzi, the zi command, examples) has its rules in sdk/sdk.mk.
-include sdk/sdk.mk

-include $(SERVER_OBJ:.o=.d) $(SERVER_ASAN_OBJ:.o=.d)
