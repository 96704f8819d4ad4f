# postern - top-level Makefile (GNU make).  Run ./configure first.
#
# Sources are found by directory (see doc/HACKING.md): no edit is needed
# to add a file.  Targets: all check fuzz bench install uninstall clean.

-include config.mk
ifeq ($(wildcard config.mk),)
$(error run ./configure first)
endif

OPT      ?= -O2
WARN      = -Wall -Wextra -Werror
CSTD      = -std=c11 -D_GNU_SOURCE
INCDIRS   = -Isrc/util -Isrc/global -Isrc/dns -Isrc/tls
CFLAGS_ALL = $(CSTD) $(WARN) -g $(OPT) $(SAN_FLAGS) $(INCDIRS) \
	     $(SSL_CFLAGS) $(CARES_CFLAGS) $(SASL_CFLAGS) $(CHECK_CFLAGS) \
	     -MMD -MP $(CFLAGS)
LDFLAGS_ALL = $(SAN_FLAGS) $(LDFLAGS)
EXT_LIBS  = $(SSL_LIBS) $(CARES_LIBS) $(SASL_LIBS) $(DB_LIBS)

# Libraries, in dependency order (later ones use earlier ones).
LIBDIRS   = util global dns tls
LIBS_A    = $(foreach d,$(LIBDIRS),$(if $(wildcard src/$(d)/*.c),lib/lib$(d).a))
LINK_LIBS = $(foreach a,$(call reverse,$(LIBS_A)),$(a))
reverse   = $(if $(1),$(call reverse,$(wordlist 2,$(words $(1)),$(1))) $(firstword $(1)))

# Daemons: every src/<dir> that is not a library and not the command.
DAEMONS   = $(filter-out $(LIBDIRS) postern,$(notdir $(patsubst %/,%,$(dir $(wildcard src/*/*.c)))))
DAEMONS  := $(sort $(DAEMONS))
DAEMON_BINS = $(addprefix libexec/,$(DAEMONS))
# Hard links Postfix users expect (lmtp is smtp's other personality).
DAEMON_LINKS = $(if $(filter smtp,$(DAEMONS)),libexec/lmtp)

# The command, plus the parameter tables of the daemons it reports on.
POSTERN_SRC = $(wildcard src/postern/*.c)
PARAM_TABLES = $(filter-out src/postern/% $(foreach d,$(LIBDIRS),src/$(d)/%),$(wildcard src/*/*_params.c))
COMMAND_LINKS = postconf sendmail mailq
BINS      = $(if $(POSTERN_SRC),bin/postern $(addprefix bin/,$(COMMAND_LINKS)))

UNIT_SRC  = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRC:.c=)
TOOL_SRC  = $(wildcard tests/tools/*.c)
TOOL_BINS = $(TOOL_SRC:.c=)
FUZZ_SRC  = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS = $(FUZZ_SRC:.c=)

ALL_SRC   = $(foreach d,$(LIBDIRS),$(wildcard src/$(d)/*.c)) \
	    $(foreach d,$(DAEMONS) postern,$(wildcard src/$(d)/*.c)) \
	    $(UNIT_SRC) $(TOOL_SRC)

.PHONY: all check fuzz fuzz-smoke bench install uninstall clean distclean
.SUFFIXES:
.DELETE_ON_ERROR:
.SECONDARY:

all: $(LIBS_A) $(DAEMON_BINS) $(DAEMON_LINKS) $(BINS) $(TOOL_BINS) $(UNIT_BINS)

%.o: %.c config.mk
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

define lib_rule
lib/lib$(1).a: $(patsubst %.c,%.o,$(wildcard src/$(1)/*.c))
	@mkdir -p lib
	rm -f $$@
	ar rcs $$@ $$^
endef
$(foreach d,$(LIBDIRS),$(if $(wildcard src/$(d)/*.c),$(eval $(call lib_rule,$(d)))))

define daemon_rule
libexec/$(1): $(patsubst %.c,%.o,$(wildcard src/$(1)/*.c)) $(LIBS_A)
	@mkdir -p libexec
	$(CC) $(LDFLAGS_ALL) -o $$@ $$(filter %.o,$$^) $(LINK_LIBS) $(EXT_LIBS)
endef
$(foreach d,$(DAEMONS),$(eval $(call daemon_rule,$(d))))

libexec/lmtp: libexec/smtp
	ln -f $< $@

bin/postern: $(POSTERN_SRC:.c=.o) $(PARAM_TABLES:.c=.o) $(LIBS_A)
	@mkdir -p bin
	$(CC) $(LDFLAGS_ALL) -o $@ $(filter %.o,$^) $(LINK_LIBS) $(EXT_LIBS)

$(addprefix bin/,$(COMMAND_LINKS)): bin/postern
	ln -sf postern $@

tests/unit/test_%: tests/unit/test_%.o $(LIBS_A)
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(LINK_LIBS) $(EXT_LIBS) $(CHECK_LIBS)

tests/tools/%: tests/tools/%.o $(LIBS_A)
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(LINK_LIBS) $(EXT_LIBS)

# Fuzz targets are built with clang and libFuzzer.  The library sources
# are compiled once with the fuzzer's instrumentation into
# lib/libfuzz.a (objects under fuzzobj/), and each target links it.
FUZZ_LIB_SRC = $(foreach d,$(LIBDIRS),$(wildcard src/$(d)/*.c))
FUZZ_OBJ  = $(patsubst %.c,fuzzobj/%.o,$(FUZZ_LIB_SRC))
FUZZ_CFLAGS = $(CSTD) $(WARN) -g -O1 $(INCDIRS) $(SSL_CFLAGS) $(CARES_CFLAGS) -MMD -MP
fuzzobj/%.o: %.c config.mk
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined -c -o $@ $<

lib/libfuzz.a: $(FUZZ_OBJ)
	@mkdir -p lib
	rm -f $@
	ar rcs $@ $^

tests/fuzz/fuzz_%: tests/fuzz/fuzz_%.c lib/libfuzz.a config.mk
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MF $@.d -fsanitize=fuzzer,address,undefined \
	    -o $@ $< lib/libfuzz.a $(EXT_LIBS)

fuzz:
ifeq ($(FUZZ_CC),)
	@echo "fuzz: clang with libFuzzer not available (see ./configure output)"
else
	$(MAKE) $(FUZZ_BINS)
endif

check: all
	@if [ -n "$(FUZZ_CC)" ]; then $(MAKE) --no-print-directory fuzz; fi
	@TOP=$(CURDIR) FUZZ="$(if $(FUZZ_CC),$(FUZZ_BINS))" SANITIZERS=$(SANITIZERS) \
	    sh tests/run

bench: all
	@if ls tests/bench/*.sh >/dev/null 2>&1; then \
	    for b in tests/bench/*.sh; do TOP=$(CURDIR) sh $$b || exit 1; done; \
	else echo "bench: no benchmarks yet"; fi

install: all
	install -d $(DESTDIR)$(sbindir) $(DESTDIR)$(daemondir) \
	    $(DESTDIR)$(templatedir) $(DESTDIR)$(confdir) \
	    $(DESTDIR)$(mandir)/man1 $(DESTDIR)$(mandir)/man5 $(DESTDIR)$(mandir)/man8
	install -m 755 bin/postern $(DESTDIR)$(sbindir)/postern
	for l in $(COMMAND_LINKS); do ln -sf postern $(DESTDIR)$(sbindir)/$$l; done
	for d in $(DAEMONS); do install -m 755 libexec/$$d $(DESTDIR)$(daemondir)/$$d; done
	for l in $(DAEMON_LINKS); do ln -f $(DESTDIR)$(daemondir)/smtp $(DESTDIR)$(daemondir)/$${l#libexec/}; done
	install -m 644 conf/main.cf conf/master.cf $(DESTDIR)$(templatedir)/
	for f in main.cf master.cf; do \
	    [ -f $(DESTDIR)$(confdir)/$$f ] || install -m 644 conf/$$f $(DESTDIR)$(confdir)/$$f; done
	for s in 1 5 8; do for m in man/man$$s/*.$$s; do \
	    [ -f "$$m" ] && install -m 644 $$m $(DESTDIR)$(mandir)/man$$s/; done; done; true

uninstall:
	rm -f $(DESTDIR)$(sbindir)/postern $(addprefix $(DESTDIR)$(sbindir)/,$(COMMAND_LINKS))
	rm -rf $(DESTDIR)$(daemondir) $(DESTDIR)$(templatedir)

clean:
	rm -f $(ALL_SRC:.c=.o) $(ALL_SRC:.c=.d) $(PARAM_TABLES:.c=.o)
	rm -rf lib libexec bin
	rm -f $(UNIT_BINS) $(TOOL_BINS) $(FUZZ_BINS) $(FUZZ_BINS:=.d)
	rm -rf fuzzobj

distclean: clean
	rm -f config.mk src/global/build_config.h

-include $(ALL_SRC:.c=.d) $(FUZZ_OBJ:.o=.d) $(FUZZ_BINS:=.d)
