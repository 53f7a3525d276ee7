# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# make              build the XDP object, its skeleton and the xbr binary (.output/)
# make test         install dependencies, build, run every test suite
# make test-asan    the C suites built with ASan + UBSan (test-valgrind: under valgrind)
# make fuzz         the config parser's fuzzer, FUZZ_SECONDS (60) long, as make test runs it
# make demo         install dependencies, build, run the namespace lab demo
# make soak         the datapath against its reference model, 100 million frames
# make bench        benchmarks, a few minutes (bench-quick: under one); see BENCHMARKS.md
# make format       reformat the C sources with .clang-format (format-check: report only)
# make deps         install the Debian packages needed to build, test and demo
# make vmlinux      regenerate vmlinux.h from the running kernel's BTF
# make install      install xbr into $(PREFIX)/sbin, its man pages, bash completion,
#                   systemd unit and README
# make man-lint     check the man pages with mandoc -Tlint (make test runs it)
# V=1               show the commands
#
# The layout is described in docs/design.md ("The rooms").

OUTPUT	:= .output
CLANG	?= clang
BPFTOOL	?= bpftool
CC	?= cc
PKG_CONFIG ?= pkg-config
CLANG_FORMAT ?= clang-format
PREFIX	?= /usr/local
ARCH	:= $(shell uname -m | sed 's/x86_64/x86/;s/aarch64/arm64/')

# Libraries, as pkg-config names them (Debian's -dev packages ship the .pc files).
PKGS	:= libbpf libmnl json-c libsystemd libcap-ng libmicrohttpd
LDLIBS	= $(shell $(PKG_CONFIG) --libs $(PKGS))
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
TEST_LIBS = $(shell $(PKG_CONFIG) --libs cmocka)
BPF_LIBS = $(shell $(PKG_CONFIG) --libs libbpf)

# Dependencies: every object also writes a .d file listing the headers it read.
DEPFLAGS = -MMD -MP
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -Wall -Werror -I. -I$(OUTPUT)
CFLAGS	?= -g -O2
CFLAGS	+= -Wall -Wextra -Wno-unused-parameter -Werror -std=gnu11 -I. -Iloader -I$(OUTPUT)
CFLAGS	+= $(PKG_CFLAGS)
# The version xbr reports (build info, metrics): git's description of the tree.
XBR_VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo unknown)
CFLAGS	+= -DXBR_VERSION='"$(XBR_VERSION)"'

# Debian packages the build, the tests and the demo need.
DEPS	:= clang llvm libbpf-dev bpftool libelf-dev zlib1g-dev pkg-config \
	   libmnl-dev libjson-c-dev libsystemd-dev libcap-ng-dev libcmocka-dev iproute2 iputils-ping netsniff-ng ethtool jq tcpdump nftables \
	   valgrind libclang-rt-14-dev clang-format \
	   libmicrohttpd-dev prometheus curl python3 mandoc

# The loader: main.c and its rooms (loader/cmd, config, config/junos, state, kernel, daemon).
LOADER_SRCS	:= $(filter-out loader/main.c,$(shell find loader -name '*.c' | sort))
LOADER_OBJS	:= $(patsubst %.c,$(OUTPUT)/%.o,$(LOADER_SRCS))
# The Junos configuration language: a library of its own, all the fuzzer links.
CONFIG_SRCS	:= $(shell find loader/config -name '*.c' | sort)

# The benchmark-only BPF programs live beside their drivers, in bench/progs/.
BENCH_PROGS	:= xbr_bench bench_progs bench_shared

# Every C file clang-format keeps (vmlinux.h is generated).
FORMAT_SRCS	:= $(shell git ls-files --cached --others --exclude-standard '*.c' '*.h' 2>/dev/null | grep -v '^vmlinux\.h$$')

ifeq ($(V),1)
Q =
msg =
else
Q = @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

.PHONY: all clean test test-unit man-lint test-datapath test-integration demo deps vmlinux install soak \
	test-asan test-valgrind fuzz fuzz-build format format-check \
	bench-failover bench bench-quick
.DELETE_ON_ERROR:
.SECONDARY:

all: $(OUTPUT)/xbr

# BPF: compile, then let bpftool link (strips DWARF, keeps BTF) and write the skeleton.
$(OUTPUT)/%.tmp.bpf.o: bpf/%.bpf.c
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(OUTPUT)/%.tmp.bpf.o: bench/progs/%.bpf.c
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(OUTPUT)/%.bpf.o: $(OUTPUT)/%.tmp.bpf.o
	$(call msg,GEN-OBJ,$@)
	$(Q)$(BPFTOOL) gen object $@ $<

$(OUTPUT)/%.skel.h: $(OUTPUT)/%.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name $(subst -,_,$*)_bpf > $@

# The skeleton is order-only: an object that includes it learns so from its .d
# file, and the first build generates it before anything is compiled.
$(OUTPUT)/loader/%.o: loader/%.c | $(OUTPUT)/xbr.skel.h
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(DEPFLAGS) -c $< -o $@

$(OUTPUT)/xbr: $(OUTPUT)/loader/main.o $(LOADER_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $^ $(LDLIBS) -o $@

# Tests: C suites use cmocka and link the loader's modules.
TEST_SKELS	:= $(OUTPUT)/xbr.skel.h $(OUTPUT)/xbr_bench.skel.h

$(OUTPUT)/tests/%.o: tests/%.c | $(TEST_SKELS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -Itests $(DEPFLAGS) -c $< -o $@

$(OUTPUT)/tests/%: $(OUTPUT)/tests/%.o $(LOADER_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $^ $(LDLIBS) $(TEST_LIBS) -o $@

# The differential test: the program against the reference model in tests/model/,
# which shares nothing with the loader.
MODEL_OBJS	:= $(patsubst %.c,$(OUTPUT)/%.o,$(wildcard tests/model/*.c))
$(OUTPUT)/tests/test_differential: $(OUTPUT)/tests/test_differential.o $(MODEL_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $^ $(LDLIBS) $(TEST_LIBS) -o $@

TEST_NAMES := test_config test_datapath test_netlink test_differential test_groups test_explain
TEST_BINS  := $(addprefix $(OUTPUT)/tests/,$(TEST_NAMES))

# The C suites and the loader's objects again, with AddressSanitizer and
# UBSan; make test runs them (tests/run.sh asan), and the plain ones under
# valgrind (tests/run.sh valgrind).
ASAN		:= $(OUTPUT)/asan
ASAN_CFLAGS	:= $(CFLAGS) -fsanitize=address,undefined -fno-sanitize-recover=all \
		   -fno-omit-frame-pointer
ASAN_LOADER_OBJS := $(patsubst %.c,$(ASAN)/%.o,$(LOADER_SRCS))
ASAN_MODEL_OBJS	:= $(patsubst %.c,$(ASAN)/%.o,$(wildcard tests/model/*.c))
ASAN_BINS	:= $(addprefix $(ASAN)/tests/,$(TEST_NAMES))

$(ASAN)/loader/%.o: loader/%.c | $(OUTPUT)/xbr.skel.h
	$(call msg,CC-ASAN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ASAN_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(ASAN)/tests/%.o: tests/%.c | $(TEST_SKELS)
	$(call msg,CC-ASAN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ASAN_CFLAGS) -Itests $(DEPFLAGS) -c $< -o $@

$(ASAN)/tests/%: $(ASAN)/tests/%.o $(ASAN_LOADER_OBJS)
	$(call msg,LINK-ASAN,$@)
	$(Q)$(CC) $(ASAN_CFLAGS) $^ $(LDLIBS) $(TEST_LIBS) -o $@

$(ASAN)/tests/test_differential: $(ASAN)/tests/test_differential.o $(ASAN_MODEL_OBJS)
	$(call msg,LINK-ASAN,$@)
	$(Q)$(CC) $(ASAN_CFLAGS) $^ $(LDLIBS) $(TEST_LIBS) -o $@

# The config parser's libFuzzer target: clang, with ASan and UBSan, the
# configuration library only (fuzz/run.sh runs it).
FUZZ_BIN	:= $(OUTPUT)/fuzz/fuzz_config
FUZZ_CFLAGS	:= -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		   -Wall -Wextra -Wno-unused-parameter -Werror -std=gnu11 -I. -Iloader

$(FUZZ_BIN): fuzz/fuzz_config.c $(CONFIG_SRCS) $(shell find loader/config -name '*.h')
	$(call msg,CC-FUZZ,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(FUZZ_CFLAGS) $< $(CONFIG_SRCS) -o $@

fuzz-build: $(FUZZ_BIN)

fuzz: deps $(FUZZ_BIN)
	$(Q)fuzz/run.sh

# The manual: xbr(8), xbr.conf(5); the bash completion beside it.
MANS	:= man/xbr.8 man/xbr.conf.5

man-lint:
	$(call msg,MANDOC,$(MANS))
	$(Q)mandoc -Tlint -Wwarning $(MANS)

test: deps format-check man-lint all $(TEST_BINS) $(ASAN_BINS) $(FUZZ_BIN)
	$(Q)tests/run.sh all

test-asan: all $(ASAN_BINS)
	$(Q)tests/run.sh asan

test-valgrind: all $(TEST_BINS)
	$(Q)tests/run.sh valgrind

# The differential test at length: 100 million frames unless XBR_PACKETS says
# otherwise; XBR_SEED repeats a run.
soak: all $(OUTPUT)/tests/test_differential
	$(Q)XBR_PACKETS=$${XBR_PACKETS:-100000000} $(OUTPUT)/tests/test_differential

test-unit: all $(TEST_BINS)
	$(Q)tests/run.sh unit

test-datapath: all $(TEST_BINS)
	$(Q)tests/run.sh datapath

test-integration: all
	$(Q)tests/run.sh integration

# Benchmarks (BENCHMARKS.md): bench/run.sh runs them all, writes bench/results.json
# and bench/results.png. xbrbench is its BPF side: program cost, table scale, lab
# helpers; failover times a routing daemon's death to forwarding in the lab.
BENCH_SKELS	:= $(addprefix $(OUTPUT)/,xbr.skel.h $(addsuffix .skel.h,$(BENCH_PROGS)))
BENCH_OBJS	:= $(patsubst %.c,$(OUTPUT)/%.o,bench/xbrbench.c bench/prog_cost.c bench/scale.c \
		     bench/lab.c)

$(OUTPUT)/bench/%.o: bench/%.c | $(BENCH_SKELS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(DEPFLAGS) -c $< -o $@

$(OUTPUT)/bench/xbrbench: $(BENCH_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $^ $(BPF_LIBS) -lpthread -o $@

$(OUTPUT)/bench/failover: $(OUTPUT)/bench/failover.o
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $^ $(BPF_LIBS) -o $@

bench-failover: all $(OUTPUT)/bench/failover
	$(Q)bench/failover.sh

bench: deps all $(OUTPUT)/bench/xbrbench $(OUTPUT)/bench/failover
	$(Q)bench/run.sh full

bench-quick: deps all $(OUTPUT)/bench/xbrbench $(OUTPUT)/bench/failover
	$(Q)bench/run.sh quick

demo: deps all
	$(Q)examples/demo.sh

# clang-format keeps the kernel style of .clang-format; make test runs the check.
format:
	$(Q)$(CLANG_FORMAT) -i $(FORMAT_SRCS)

format-check:
	$(call msg,FORMAT,$(words $(FORMAT_SRCS)) files)
	$(Q)$(CLANG_FORMAT) --dry-run --Werror $(FORMAT_SRCS) || \
		{ echo "make format-check: the files above differ from .clang-format; 'make format' fixes them"; exit 1; }

deps:
	$(Q)missing=$$(for p in $(DEPS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "  DEPS     installing:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

vmlinux:
	$(BPFTOOL) btf dump file /sys/kernel/btf/vmlinux format c > vmlinux.h
	@echo "vmlinux.h regenerated from kernel $$(uname -r)"

install: all
	install -D -m 0755 $(OUTPUT)/xbr $(DESTDIR)$(PREFIX)/sbin/xbr
	install -D -m 0644 systemd/xbr.service $(DESTDIR)$(PREFIX)/lib/systemd/system/xbr.service
	install -D -m 0644 README.md $(DESTDIR)$(PREFIX)/share/doc/xbr/README.md
	install -D -m 0644 man/xbr.8 $(DESTDIR)$(PREFIX)/share/man/man8/xbr.8
	install -D -m 0644 man/xbr.conf.5 $(DESTDIR)$(PREFIX)/share/man/man5/xbr.conf.5
	install -D -m 0644 completion/xbr.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/xbr

clean:
	rm -rf $(OUTPUT)

-include $(shell find $(OUTPUT) -name '*.d' 2>/dev/null)
