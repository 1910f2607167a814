# fuzz/fuzz.mk — libFuzzer targets (clang, ASan + UBSan + LeakSanitizer).
# Included by the top-level Makefile (`-include fuzz/fuzz.mk`).
#
#   make fuzz                       build every target, fuzz each for FUZZ_SECONDS
#   make fuzz FUZZ_SECONDS=300 FUZZ_TARGETS="numeral datenorm"
#   make fuzz-build                 only build build-fuzz/fuzz_*
#   make fuzz-regress               run every target once over fuzz/regressions/<target>/
#
# Targets (fuzz/fuzz_<target>.c; each says what it checks at its top):
#   decode     decoder_run, detected and with a forced encoding
#   normalize  decode, then normalizer_run (t2s) and normalizer_string
#   numeral    numeral_parse, zh_decimal_format round trip, shift and mul
#   datenorm   date_parse (fixed, year-only and no reference), date_find_reference
#   rules      ruleset_load of one fuzzed .rules file (+ optional .names list)
#   extract    article_worker_new + article_process with the real rules/
#   query      query_prepare, zx_query_parse and a search on a small index
#   jsonline   the fast feed-line reader, against Jansson
# Set-up (temporary folders, the rules, the small index) happens once per
# process; ZHPIPE_FUZZ_RULES overrides where the real rules/ are found.
#
# Everything generated lives in build-fuzz/: the instrumented library
# objects, the targets, the seed corpora (built at fuzz time from corpus/,
# ../shared and rules/; never copied into the repository), the corpora
# the fuzzer grows (build-fuzz/corpus-<target>/, kept between runs) and
# crash artifacts (build-fuzz/artifacts/<target>/).  A crash found by
# `make fuzz` is minimised with
#   build-fuzz/fuzz_<target> -minimize_crash=1 -runs=20000 CRASHFILE
# and committed under fuzz/regressions/<target>/.

FUZZ_DIR      ?= build-fuzz
FUZZ_SECONDS  ?= 60
FUZZ_ALL      := decode normalize numeral datenorm rules extract query jsonline
FUZZ_TARGETS  ?= $(FUZZ_ALL)
FUZZ_FLAGS    ?=
FUZZ_CC       ?= clang
FUZZ_CXX      ?= clang++
# UBSan must stop at the first report, or libFuzzer never sees it.
FUZZ_SAN      := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CPPFLAGS := -D_GNU_SOURCE -Ipipeline -Iindex -I$(FUZZ_DIR)/gen
FUZZ_CFLAGS   := -std=c11 -g -O1 -Wall -Wextra -pthread
FUZZ_CXXFLAGS := -std=c++17 -g -O1 -Wall -Wextra -pthread

FUZZ_LIB_OBJ := $(LIB_C:%.c=$(FUZZ_DIR)/%.o) $(LIB_CXX:%.cc=$(FUZZ_DIR)/%.o) $(FUZZ_DIR)/gen/opencc_triggers.o
FUZZ_BINS    := $(FUZZ_ALL:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_SHARED_JSONL = $(wildcard $(SHARED)/testdata/external/*.jsonl)

.PHONY: fuzz fuzz-build fuzz-run fuzz-regress fuzz-seeds

fuzz: deps-fuzz
	@command -v jq >/dev/null || { echo "fuzz: jq is needed for the seed corpora (make deps)" >&2; exit 1; }
	$(MAKE) --no-print-directory fuzz-build
	$(MAKE) --no-print-directory fuzz-run

fuzz-build: $(FUZZ_BINS)

# The library, instrumented for coverage but without libFuzzer's main.
$(FUZZ_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(PKG_CFLAGS) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_DIR)/%.o: %.cc
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_CPPFLAGS) $(PKG_CFLAGS) $(FUZZ_CXXFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_DIR)/gen/opencc_triggers.c: tools/gen-opencc-triggers.sh
	@mkdir -p $(dir $@)
	bash tools/gen-opencc-triggers.sh > $@.tmp && mv $@.tmp $@

$(FUZZ_DIR)/gen/opencc_triggers.o: $(FUZZ_DIR)/gen/opencc_triggers.c
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -c -o $@ $<

# The targets: libFuzzer's main, linked by clang++ (Xapian is C++).
$(FUZZ_BINS): $(FUZZ_DIR)/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_util.h $(FUZZ_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(PKG_CFLAGS) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer -MMD -MP -MF $@.d -MT $@ \
	  -c -o $@.o $<
	$(FUZZ_CXX) $(FUZZ_SAN) -fsanitize=fuzzer -pthread -o $@ $@.o $(FUZZ_LIB_OBJ) $(PKG_LIBS) -lm

-include $(shell find $(FUZZ_DIR) -name '*.d' 2>/dev/null)

# Seed corpora, rebuilt at every run from what is there now.
#   rules          rules/*.rules, alone and each followed by a "%names" line
#                  and one of rules/names/*.names (see fuzz_rules.c)
#   decode         corpus/*.txt, corpus/enc/*, ../shared/corpus/seeds/*
#   the others     the same, plus the `input` of every external test case
#   jsonline       every line of ../shared/testdata/external/*.jsonl
fuzz-seeds:
	@for t in $(FUZZ_TARGETS); do \
	  d=$(FUZZ_DIR)/seeds-$$t; rm -rf $$d; mkdir -p $$d; \
	  case $$t in \
	    jsonline) [ -z "$(FUZZ_SHARED_JSONL)" ] || cat $(FUZZ_SHARED_JSONL) | \
	         D=$$d perl -ne 'chomp; open my $$f, ">", "$$ENV{D}/line-$$." or die; print $$f $$_;' ;; \
	    rules) cp rules/*.rules $$d/; \
	       for f in rules/*.rules; do for n in rules/names/*.names; do [ -f "$$n" ] || continue; \
	         { cat "$$f"; printf '\n%%names\n'; cat "$$n"; } > $$d/$$(basename $$f .rules)+$$(basename $$n); done; done ;; \
	    *) cp corpus/*.txt $$d/; \
	       for f in corpus/enc/*; do cp "$$f" $$d/enc-$${f##*/}; done; \
	       for f in $(SHARED)/corpus/seeds/*; do [ -f "$$f" ] && cp "$$f" $$d/seed-$${f##*/}; done; \
	       if [ $$t != decode ] && [ -n "$(FUZZ_SHARED_JSONL)" ]; then \
	         jq -j 'select(.input|type=="string") | .input + "\u0000"' $(FUZZ_SHARED_JSONL) | \
	           D=$$d perl -0 -ne 'chomp; next if $$seen{$$_}++; open my $$f, ">", "$$ENV{D}/case-$$." or die; print $$f $$_;'; \
	       fi ;; \
	  esac; \
	  echo "fuzz: $$t: $$(ls $$d | wc -l) seed inputs in $$d"; \
	done

# Each target for FUZZ_SECONDS, with a dictionary (fuzz/rules.dict for
# rules, fuzz/json.dict for jsonline, fuzz/zh.dict for the others) and,
# for the targets that read short strings, a short -max_len (numbers,
# dates, queries and feed lines are short; longer inputs only slow them
# down).  FUZZ_FLAGS come last and override.  libFuzzer first runs every
# seed and corpus input once, which -max_total_time does not count: the
# slow targets (extract ~65 inputs/s, rules ~150/s) spend minutes there.
# Every target runs even when one fails, and the run fails if any did.
# New coverage goes to corpus-<target>/, crashes to artifacts/<target>/.
fuzz-run: fuzz-seeds
	@fail=""; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/corpus-$$t $(FUZZ_DIR)/artifacts/$$t; \
	  case $$t in rules) dict=fuzz/rules.dict;; jsonline) dict=fuzz/json.dict;; *) dict=fuzz/zh.dict;; esac; \
	  case $$t in numeral) len=-max_len=128;; datenorm) len=-max_len=256;; query|jsonline) len=-max_len=1024;; *) len=;; esac; \
	  echo "== fuzz_$$t for $(FUZZ_SECONDS)s"; \
	  $(FUZZ_DIR)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
	    -dict=$$dict $$len -artifact_prefix=$(FUZZ_DIR)/artifacts/$$t/ $(FUZZ_FLAGS) \
	    $(FUZZ_DIR)/corpus-$$t $(FUZZ_DIR)/seeds-$$t > $(FUZZ_DIR)/fuzz_$$t.log 2>&1 \
	    || fail="$$fail $$t"; \
	  grep -E '(^#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::average_exec_per_sec)' $(FUZZ_DIR)/fuzz_$$t.log | tr '\n' ' '; echo; \
	done; \
	if [ -n "$$fail" ]; then \
	  echo "fuzz: FAILED:$$fail (logs: $(FUZZ_DIR)/fuzz_<target>.log, inputs: $(FUZZ_DIR)/artifacts/<target>/)" >&2; exit 1; \
	fi; echo "fuzz: $(words $(FUZZ_TARGETS)) target(s) ran $(FUZZ_SECONDS)s each without a finding"

# Every committed crashing input, once, through its target.
fuzz-regress: deps-fuzz
	$(MAKE) --no-print-directory fuzz-build
	@fail=0; n=0; for t in $(FUZZ_ALL); do \
	  d=fuzz/regressions/$$t; [ -d $$d ] || continue; \
	  files=$$(find $$d -type f ! -name '*.md' | sort); [ -n "$$files" ] || continue; \
	  n=$$((n + $$(echo "$$files" | wc -l))); \
	  mkdir -p $(FUZZ_DIR)/artifacts/regress-$$t; \
	  if $(FUZZ_DIR)/fuzz_$$t -artifact_prefix=$(FUZZ_DIR)/artifacts/regress-$$t/ $$files > $(FUZZ_DIR)/regress_$$t.log 2>&1; \
	  then echo "ok   fuzz_$$t ($$d)"; \
	  else echo "FAIL fuzz_$$t: see $(FUZZ_DIR)/regress_$$t.log"; tail -30 $(FUZZ_DIR)/regress_$$t.log; fail=1; fi; \
	done; echo "fuzz-regress: $$n input(s)"; exit $$fail
