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
DEPS_TEST := check valgrind iproute2 chromium openssl nginx clang libclang-rt-dev

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
$(BUILD)/gen/docs.html: openapi/openapi.yaml tools/render-docs.py sdk/include/zi/zi.h README.md
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

build-test: all asan $(BUILD)/bin/unit-tests $(BUILD)/bin/api-tests sdk-build-test fuzz-build

check-banned:
	@if grep -rnE '\b(sprintf|vsprintf|strcpy|strcat|atoi|atol|strtok|gets|gmtime|localtime|ctime|asctime)[[:space:]]*\(' \
	    server sdk tests/unit tests/api tests/sdk tests/fuzz 2>/dev/null; then echo "banned function used (STYLE.md §13)"; exit 1; fi

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
# same SQL, on a durable private cluster under var/bench-pg; writes $(BUILD)/bench/results.json
# and report.md. BENCH_SECONDS (10) per measurement, BENCH_RUNS (3), BENCH_REPORTS (1000000
# gratification reports, loaded once and kept; 0 skips them). See tests/bench/run.sh.
bench:
	@sh tools/deps.sh $(DEPS_RUN) wrk
	@$(MAKE) --no-print-directory all
	@tests/bench/run.sh $(BUILD)

# Soak (not part of `make test`; SOAK_SECONDS, default 600): mixed load plus a hostile stream
# against zi-server on a private cluster under var/soak-pg; fails if its RSS or open descriptors
# keep growing after the warm-up. Writes $(BUILD)/soak/report.md. See tests/soak/run.sh.
.PHONY: soak
soak:
	@sh tools/deps.sh $(DEPS_RUN) wrk
	@$(MAKE) --no-print-directory all
	@$(PYTHON) tests/soak/analyse.py --selftest >/dev/null || $(PYTHON) tests/soak/analyse.py --selftest
	@tests/soak/run.sh $(BUILD)

# The docker/ files, checked without a Docker engine (none runs on these machines), and the
# systemd units in deploy/systemd/ (deploy/check.sh).
docker-check:
	@rc=0; bash docker/check.sh || rc=1; bash deploy/check.sh $(BUILD) || rc=1; exit $$rc

# ---- fuzzing --------------------------------------------------------------------------
# libFuzzer targets over every parser of untrusted input (tests/fuzz/fuzz_*.c), built by clang
# with ASan and UBSan into $(BUILD)/fuzz/ only: no fuzz object reaches zi-server. They link the
# server's objects except main.c, with tests/fuzz/stub_pool.c standing in for db/pool.c (a
# database that is down). `make fuzz` runs each target FUZZ_SECONDS (60) on a corpus kept in
# $(BUILD)/fuzz/corpus; `make fuzz-smoke` (in `make test`) runs the seeds and FUZZ_SMOKE_SECONDS
# (4) of each. Any crash, leak or sanitizer report fails; inputs go to $(BUILD)/fuzz/artifacts.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_DIR     := $(BUILD)/fuzz
# -Wno-format-nonliteral: clang also flags a forwarded va_list format (router.c's MHD logger).
FUZZ_CFLAGS   = -std=c17 -D_DEFAULT_SOURCE -g -O1 $(WARN) -Wno-format-nonliteral -fno-omit-frame-pointer \
                -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
FUZZ_LIB_SRC := $(filter-out server/src/main.c server/src/db/pool.c,$(SERVER_SRC)) \
                tests/fuzz/stub_pool.c tests/fuzz/support.c
FUZZ_LIB_OBJ := $(FUZZ_LIB_SRC:%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/bin/%)
FUZZ_MAIN_OBJ := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/obj/tests/fuzz/%.o)

.PHONY: fuzz fuzz-smoke fuzz-build
.SECONDARY: $(FUZZ_MAIN_OBJ)

$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $$(pkg-config --cflags $(PKGS)) -Iserver/src -MMD -MP -c $< -o $@

$(FUZZ_DIR)/libzi-fuzz.a: $(FUZZ_LIB_OBJ) $(GEN_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_DIR)/bin/%: $(FUZZ_DIR)/obj/tests/fuzz/%.o $(FUZZ_DIR)/libzi-fuzz.a
	@mkdir -p $(@D)
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $@ $^ $$(pkg-config --libs $(PKGS)) -lpthread -lm

fuzz-build: $(FUZZ_BINS)

fuzz-smoke: fuzz-build
	@tests/fuzz/run.sh smoke $(BUILD)

fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh long $(BUILD)

-include $(FUZZ_LIB_OBJ:.o=.d) $(FUZZ_MAIN_OBJ:.o=.d)

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
