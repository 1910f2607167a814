# zhpipe — Chinese text extraction and indexing pipeline.
#
# Targets a newcomer can guess:
#   make deps        install the Debian packages that are missing (apt-get, as root)
#   make             build ./zhpipe
#   make check       build and run every test (unit + end-to-end)
#   make demo        build, index corpus/, run example searches, print records
#   make eval        pass rates on the external test suites in ../shared/testdata
#   make bench       benchmarks against peers (bench-quick: 5 % of the corpus)
#   make fuzz        libFuzzer targets (clang)
#   make check-asan  the whole test suite under ASan + UBSan
#   make check-valgrind  end-to-end tests under valgrind
#   make clean

SHELL := /bin/bash
SHARED ?= $(abspath ../shared)
export SHARED

# Debian packages: libraries we link, tools the tests and demo call.
DEB_BUILD := build-essential pkg-config libopencc-dev opencc libpcre2-dev \
             libxapian-dev xapian-tools libutf8proc-dev libuchardet-dev \
             libjansson-dev libcmocka-dev jq
DEB_TEST  := valgrind
DEB_BENCH := xapian-omega time
DEB_FUZZ  := clang libclang-rt-14-dev

PKGS := opencc libpcre2-8 xapian-core libutf8proc uchardet jansson

BUILD    ?= build
BIN      ?= zhpipe
CC       ?= cc
CXX      ?= c++
OPT      ?= -O2 -g
SAN      ?=
CPPFLAGS += -D_GNU_SOURCE -Ipipeline -Iindex -I$(BUILD)/gen
CFLAGS   += -std=c11 $(OPT) $(SAN) -Wall -Wextra -Werror -pthread
CXXFLAGS += -std=c++17 $(OPT) $(SAN) -Wall -Wextra -Werror -pthread
LDFLAGS  += $(SAN) -pthread
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LDLIBS   += $(PKG_LIBS) -lm

# The library: every pipeline and index module except the CLI entry point.
LIB_C   := $(filter-out pipeline/main.c pipeline/cmd_%.c,$(wildcard pipeline/*.c)) \
           $(wildcard index/*.c)
LIB_CXX := $(wildcard index/*.cc)
CLI_C   := pipeline/main.c $(wildcard pipeline/cmd_*.c)
GEN_C   := $(BUILD)/gen/opencc_triggers.c

LIB_OBJ := $(LIB_C:%.c=$(BUILD)/%.o) $(LIB_CXX:%.cc=$(BUILD)/%.o) $(GEN_C:%.c=%.o)
CLI_OBJ := $(CLI_C:%.c=$(BUILD)/%.o)

UNIT_SRC   := $(wildcard tests/unit/test_*.c)
UNIT_BINS  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps deps-test deps-bench deps-fuzz check unit e2e demo eval bench \
        bench-quick fuzz check-asan check-valgrind clean install

all: $(BIN)

# ---------------------------------------------------------------- packages
# Installs only what is missing, says what it installs, and fails clearly
# when it cannot (not root, no network).
define apt_install
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ]; then echo "deps: missing Debian packages; as root run: apt-get install -y$$missing" >&2; exit 1; fi; \
	  echo "deps: installing Debian packages:$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null \
	    || { echo "deps: apt-get install failed for:$$missing" >&2; exit 1; }; \
	else echo "deps: all packages present ($(words $(1)) checked)"; fi
endef

deps:
	$(call apt_install,$(DEB_BUILD))
deps-test: deps
	$(call apt_install,$(DEB_TEST))
deps-bench: deps
	$(call apt_install,$(DEB_BENCH))
deps-fuzz: deps
	$(call apt_install,$(DEB_FUZZ))

# ---------------------------------------------------------------- build
$(BIN): $(LIB_OBJ) $(CLI_OBJ)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(PKG_CFLAGS) $(CXXFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c -o $@ $<

# The characters that can start a key of OpenCC's t2s/tw2sp/hk2s
# dictionaries, derived from the installed dictionaries so that the
# pre-check that skips OpenCC is exact for the OpenCC on this machine.
$(GEN_C): tools/gen-opencc-triggers.sh
	@mkdir -p $(dir $@)
	bash tools/gen-opencc-triggers.sh > $@.tmp && mv $@.tmp $@

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@.o $<
	$(CXX) $(LDFLAGS) -o $@ $@.o $(LIB_OBJ) $(LDLIBS) -lcmocka

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------- tests
check: deps-test
	$(MAKE) --no-print-directory unit e2e

unit: $(UNIT_BINS)
	@fail=0; for t in $(UNIT_BINS); do \
	  echo "== $$t"; $(TEST_WRAP) $$t || fail=1; done; exit $$fail

e2e: $(BIN)
	@ZHPIPE=$(abspath $(BIN)) bash tests/e2e/run.sh

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer,
# built apart in build-asan/ so that it never mixes with the normal build.
check-asan: deps-test
	$(MAKE) --no-print-directory BUILD=build-asan BIN=build-asan/zhpipe OPT="-O1 -g" \
	  SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  unit e2e

# The end-to-end tests of every command under valgrind: any memory error
# or definite leak fails the command (exit 99) and so its test.  The
# scale tests (t50: thousands of articles) are left to check-asan.
VALGRIND_TESTS ?= t10|t20|t30|t40|t63
# PCRE2's JIT code reads ahead of its subject in ways valgrind reports as
# uninitialised; the interpreter runs here (ZHPIPE_NO_JIT), the JIT under ASan.
check-valgrind: deps-test $(BIN)
	ZHPIPE=$(abspath $(BIN)) ONLY='$(VALGRIND_TESTS)' ZHPIPE_NO_JIT=1 \
	ZHPIPE_WRAP="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite" \
	  bash tests/e2e/run.sh

# ---------------------------------------------------------------- demo
demo: deps $(BIN)
	@bash tools/demo.sh

eval: $(BIN)
	@bash tools/eval.sh

bench: deps-bench $(BIN)
	@bash bench/run.sh full
bench-quick: deps-bench $(BIN)
	@bash bench/run.sh quick

clean:
	rm -rf $(BUILD) build-asan build-fuzz zhpipe

# Fuzz targets (libFuzzer, clang): see fuzz/fuzz.mk.
-include fuzz/fuzz.mk
