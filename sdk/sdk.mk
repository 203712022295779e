# The SDK: libzi (shared and static), the `zi` command, the examples and the SDK tests.
# Included by the top-level Makefile, whose BUILD, CC, BASEFLAGS, OPTFLAGS, PREFIX and
# DESTDIR it uses. Targets:
#   sdk             build/lib/libzi.so{,.0,.0.5.0}, build/lib/libzi.a, build/bin/zi,
#                   build/bin/zi-example-*
#   sdk-build-test  sdk + build/bin/sdk-tests (and the test helper programs)
#   sdk-test        tests/sdk/run.sh against the server named by ZI_TEST_URL / ZI_TEST_ADMIN_KEY
#   install-sdk     headers, libraries, zi.pc (from sdk/zi.pc.in) and zi under $(DESTDIR)$(PREFIX)
#                   (ZI_LIBDIR, ZI_INCLUDEDIR, ZI_BINDIR override the usual subdirectories)

ZI_SDK_VERSION := $(shell sed -n 's/^.define ZI_VERSION_STRING "\(.*\)"/\1/p' sdk/include/zi/zi_version.h)
ZI_SDK_MAJOR   := $(firstword $(subst ., ,$(ZI_SDK_VERSION)))
ZI_LIBDIR      ?= $(PREFIX)/lib
ZI_INCLUDEDIR  ?= $(PREFIX)/include
ZI_BINDIR      ?= $(PREFIX)/bin

# GnuTLS for the HMAC of zi_webhook_verify (libcurl-gnutls loads it anyway).
SDK_PKGS       := libcurl jansson gnutls
SDK_HEADERS    := sdk/include/zi/zi.h sdk/include/zi/zi_version.h
SDK_LIB_SRC    := $(sort $(wildcard sdk/src/*.c))
SDK_CLI_SRC    := $(sort $(wildcard sdk/cli/*.c))
SDK_EXAMPLES   := $(sort $(wildcard sdk/examples/*.c))
SDK_TEST_SRC   := $(sort $(wildcard tests/sdk/*.c))
SDK_LIB_OBJ    := $(SDK_LIB_SRC:%.c=$(BUILD)/sdk-obj/%.o)
SDK_CLI_OBJ    := $(SDK_CLI_SRC:%.c=$(BUILD)/sdk-obj/%.o)
SDK_TEST_OBJ   := $(SDK_TEST_SRC:%.c=$(BUILD)/sdk-obj/%.o)

SDK_SO_REAL    := $(BUILD)/lib/libzi.so.$(ZI_SDK_VERSION)
SDK_SO_MAJOR   := $(BUILD)/lib/libzi.so.$(ZI_SDK_MAJOR)
SDK_SO         := $(BUILD)/lib/libzi.so
SDK_A          := $(BUILD)/lib/libzi.a
SDK_CLI        := $(BUILD)/bin/zi
SDK_EXAMPLE_BINS := $(patsubst sdk/examples/%.c,$(BUILD)/bin/zi-example-%,$(SDK_EXAMPLES))
SDK_TEST_BIN   := $(BUILD)/bin/sdk-tests

# The library: hidden by default, ZI_EXPORT marks the API; position-independent for the .so
# (the .a reuses the same objects).
SDK_LIB_CFLAGS  = $(BASEFLAGS) $(OPTFLAGS) -fPIC -fvisibility=hidden -DZI_BUILDING_LIBRARY \
                  -Isdk/include $$(pkg-config --cflags $(SDK_PKGS)) -pthread
# Programs on the library (the zi command, examples, tests) see only the public header and
# find the library next to them: $ORIGIN/../lib, in build/ and once installed.
SDK_APP_CFLAGS  = $(BASEFLAGS) $(OPTFLAGS) -Isdk/include $$(pkg-config --cflags jansson)
SDK_APP_LDFLAGS = -L$(BUILD)/lib -Wl,-rpath,'$$ORIGIN/../lib' -lzi $$(pkg-config --libs jansson)

.PHONY: sdk sdk-build-test sdk-test install-sdk

sdk: $(SDK_SO) $(SDK_A) $(SDK_CLI) $(SDK_EXAMPLE_BINS)

sdk-build-test: sdk $(SDK_TEST_BIN)

$(BUILD)/sdk-obj/sdk/src/%.o: sdk/src/%.c
	@mkdir -p $(@D)
	$(CC) $(SDK_LIB_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/sdk-obj/sdk/cli/%.o: sdk/cli/%.c
	@mkdir -p $(@D)
	$(CC) $(SDK_APP_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/sdk-obj/tests/sdk/%.o: tests/sdk/%.c
	@mkdir -p $(@D)
	$(CC) $(BASEFLAGS) -O0 -Isdk/include $$(pkg-config --cflags check jansson) -pthread -MMD -MP -c $< -o $@

$(SDK_SO_REAL): $(SDK_LIB_OBJ)
	@mkdir -p $(@D)
	$(CC) -shared -Wl,-soname,libzi.so.$(ZI_SDK_MAJOR) -Wl,--no-undefined -Wl,-z,relro -Wl,-z,now \
	    -o $@ $^ $$(pkg-config --libs $(SDK_PKGS)) -pthread

$(SDK_SO_MAJOR): $(SDK_SO_REAL)
	ln -sf $(notdir $<) $@

$(SDK_SO): $(SDK_SO_MAJOR)
	ln -sf $(notdir $<) $@

$(SDK_A): $(SDK_LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

$(SDK_CLI): $(SDK_CLI_OBJ) $(SDK_SO)
	@mkdir -p $(@D)
	$(CC) -o $@ $(SDK_CLI_OBJ) $(SDK_APP_LDFLAGS)

$(BUILD)/bin/zi-example-%: sdk/examples/%.c $(SDK_HEADERS) $(SDK_SO)
	@mkdir -p $(@D)
	$(CC) $(SDK_APP_CFLAGS) -o $@ $< $(SDK_APP_LDFLAGS)

$(SDK_TEST_BIN): $(SDK_TEST_OBJ) $(SDK_SO)
	@mkdir -p $(@D)
	$(CC) -o $@ $(SDK_TEST_OBJ) $(SDK_APP_LDFLAGS) $$(pkg-config --libs check) -pthread

sdk-test: sdk-build-test
	@tests/sdk/run.sh $(BUILD)

install-sdk: sdk
	install -d $(DESTDIR)$(ZI_INCLUDEDIR)/zi $(DESTDIR)$(ZI_LIBDIR)/pkgconfig $(DESTDIR)$(ZI_BINDIR)
	install -m 0644 $(SDK_HEADERS) $(DESTDIR)$(ZI_INCLUDEDIR)/zi/
	install -m 0755 $(SDK_SO_REAL) $(DESTDIR)$(ZI_LIBDIR)/
	ln -sf libzi.so.$(ZI_SDK_VERSION) $(DESTDIR)$(ZI_LIBDIR)/libzi.so.$(ZI_SDK_MAJOR)
	ln -sf libzi.so.$(ZI_SDK_MAJOR) $(DESTDIR)$(ZI_LIBDIR)/libzi.so
	install -m 0644 $(SDK_A) $(DESTDIR)$(ZI_LIBDIR)/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(ZI_LIBDIR)|g' \
	    -e 's|@INCLUDEDIR@|$(ZI_INCLUDEDIR)|g' -e 's|@VERSION@|$(ZI_SDK_VERSION)|g' \
	    sdk/zi.pc.in >$(DESTDIR)$(ZI_LIBDIR)/pkgconfig/zi.pc
	chmod 0644 $(DESTDIR)$(ZI_LIBDIR)/pkgconfig/zi.pc
	install -m 0755 $(SDK_CLI) $(DESTDIR)$(ZI_BINDIR)/zi

-include $(SDK_LIB_OBJ:.o=.d) $(SDK_CLI_OBJ:.o=.d) $(SDK_TEST_OBJ:.o=.d)
