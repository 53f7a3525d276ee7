# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# make            build the XDP object, its skeleton and the xbr binary (.output/)
# make test       install dependencies, build, run every test suite
# make test-asan  the C suites built with ASan + UBSan (test-valgrind: under valgrind)
# make fuzz       the config parser's fuzzer, FUZZ_SECONDS (60) long, as make test runs it
# make demo       install dependencies, build, run the namespace lab demo
# make soak       the datapath against its reference model, 100 million frames
# make bench      benchmarks, a few minutes (bench-quick: under one); see BENCHMARKS.md
# make deps       install the Debian packages needed to build, test and demo
# make vmlinux    regenerate vmlinux.h from the running kernel's BTF
# make install    install xbr into $(PREFIX)/sbin, its systemd unit and README
# V=1             show the commands

OUTPUT	:= .output
CLANG	?= clang
BPFTOOL	?= bpftool
CC	?= cc
PREFIX	?= /usr/local
ARCH	:= $(shell uname -m | sed 's/x86_64/x86/;s/aarch64/arm64/')

BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -Wall -Werror -I. -I$(OUTPUT)
CFLAGS	?= -g -O2
CFLAGS	+= -Wall -Wextra -Wno-unused-parameter -Werror -std=gnu11 -I. -Iloader -I$(OUTPUT)
LDLIBS	:= -lxdp -lbpf -lmnl -ljson-c -lsystemd -lcap-ng -lelf -lz

# Debian packages the build, the tests and the demo need.
DEPS	:= clang llvm libbpf-dev libxdp-dev bpftool libelf-dev zlib1g-dev pkg-config \
	   libmnl-dev libjson-c-dev libsystemd-dev libcap-ng-dev libcmocka-dev iproute2 iputils-ping netsniff-ng ethtool jq tcpdump nftables \
	   valgrind libclang-rt-14-dev

BPF_SRCS	:= bpf/xbr.bpf.c
BPF_HDRS	:= $(wildcard bpf/*.h) maps/xbr_maps.h vmlinux.h
LOADER_SRCS	:= $(filter-out loader/main.c,$(wildcard loader/*.c))
LOADER_OBJS	:= $(patsubst %.c,$(OUTPUT)/%.o,$(LOADER_SRCS))
LOADER_HDRS	:= $(wildcard loader/*.h) maps/xbr_maps.h

ifeq ($(V),1)
Q =
msg =
else
Q = @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

.PHONY: all clean test test-unit test-datapath test-integration demo deps vmlinux install soak \
	test-asan test-valgrind fuzz fuzz-build \
	bench-failover bench bench-quick
.DELETE_ON_ERROR:
.SECONDARY:

all: $(OUTPUT)/xbr

$(OUTPUT) $(OUTPUT)/loader $(OUTPUT)/tests:
	$(Q)mkdir -p $@

# BPF: compile, then let bpftool link (strips DWARF, keeps BTF) and write the skeleton.
$(OUTPUT)/%.tmp.bpf.o: bpf/%.bpf.c $(BPF_HDRS) | $(OUTPUT)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(OUTPUT)/%.bpf.o: $(OUTPUT)/%.tmp.bpf.o
	$(call msg,GEN-OBJ,$@)
	$(Q)$(BPFTOOL) gen object $@ $<

$(OUTPUT)/%.skel.h: $(OUTPUT)/%.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name $(subst -,_,$*)_bpf > $@

$(OUTPUT)/loader/%.o: loader/%.c $(LOADER_HDRS) $(OUTPUT)/xbr.skel.h | $(OUTPUT)/loader
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(OUTPUT)/xbr: $(OUTPUT)/loader/main.o $(LOADER_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $^ $(LDLIBS) -o $@

# Tests: C suites use cmocka and link the loader's modules.
$(OUTPUT)/tests/%: tests/%.c $(LOADER_OBJS) $(LOADER_HDRS) $(OUTPUT)/xbr.skel.h | $(OUTPUT)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) $< $(LOADER_OBJS) $(LDLIBS) -lcmocka -o $@

# The datapath tests also time the datapath through its benchmark harness.
$(OUTPUT)/tests/test_datapath: $(OUTPUT)/xbr_bench.skel.h tests/hexdiff.h

# The config parser's suites share their helpers.
$(OUTPUT)/tests/test_config $(OUTPUT)/tests/test_groups: tests/config_test.h

# The differential test: the program against the reference model in tests/model/.
MODEL_SRCS	:= $(wildcard tests/model/*.c)
MODEL_HDRS	:= $(wildcard tests/model/*.h) tests/hexdiff.h
$(OUTPUT)/tests/test_differential: tests/test_differential.c $(MODEL_SRCS) $(MODEL_HDRS) \
		maps/xbr_maps.h $(OUTPUT)/xbr.skel.h | $(OUTPUT)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -Itests $< $(MODEL_SRCS) $(LDLIBS) -lcmocka -o $@

TEST_BINS := $(OUTPUT)/tests/test_config $(OUTPUT)/tests/test_datapath $(OUTPUT)/tests/test_netlink \
	     $(OUTPUT)/tests/test_differential $(OUTPUT)/tests/test_groups

# The C suites and the loader's objects again, with AddressSanitizer and
# UBSan; make test runs them (tests/run.sh asan), and the plain ones under
# valgrind (tests/run.sh valgrind).
ASAN		:= $(OUTPUT)/asan
ASAN_CFLAGS	:= $(CFLAGS) -fsanitize=address,undefined -fno-sanitize-recover=all \
		   -fno-omit-frame-pointer
ASAN_LOADER_OBJS := $(patsubst %.c,$(ASAN)/%.o,$(LOADER_SRCS))
ASAN_BINS	:= $(patsubst $(OUTPUT)/%,$(ASAN)/%,$(TEST_BINS))

$(ASAN)/loader/%.o: loader/%.c $(LOADER_HDRS) $(OUTPUT)/xbr.skel.h
	$(call msg,CC-ASAN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ASAN_CFLAGS) -c $< -o $@

$(ASAN)/tests/%: tests/%.c $(ASAN_LOADER_OBJS) $(LOADER_HDRS) $(OUTPUT)/xbr.skel.h
	$(call msg,CC-ASAN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ASAN_CFLAGS) $< $(ASAN_LOADER_OBJS) $(LDLIBS) -lcmocka -o $@

$(ASAN)/tests/test_datapath: $(OUTPUT)/xbr_bench.skel.h tests/hexdiff.h
$(ASAN)/tests/test_config $(ASAN)/tests/test_groups: tests/config_test.h

# The config parser's libFuzzer target: clang, with ASan and UBSan, the
# parser's sources only (fuzz/run.sh runs it).
FUZZ_BIN	:= $(OUTPUT)/fuzz/fuzz_config
FUZZ_SRCS	:= $(wildcard loader/config*.c loader/junos*.c)
FUZZ_CFLAGS	:= -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		   -Wall -Wextra -Wno-unused-parameter -Werror -std=gnu11 -I. -Iloader

$(FUZZ_BIN): fuzz/fuzz_config.c $(FUZZ_SRCS) loader/config.h loader/config_priv.h loader/junos.h
	$(call msg,CC-FUZZ,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(FUZZ_CFLAGS) $< $(FUZZ_SRCS) -o $@

fuzz-build: $(FUZZ_BIN)

fuzz: deps $(FUZZ_BIN)
	$(Q)fuzz/run.sh

$(ASAN)/tests/test_differential: tests/test_differential.c $(MODEL_SRCS) $(MODEL_HDRS) \
		maps/xbr_maps.h $(OUTPUT)/xbr.skel.h
	$(call msg,CC-ASAN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ASAN_CFLAGS) -Itests $< $(MODEL_SRCS) $(LDLIBS) -lcmocka -o $@

test: deps all $(TEST_BINS) $(ASAN_BINS) $(FUZZ_BIN)
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

$(OUTPUT)/bench/%: bench/%.c maps/xbr_maps.h
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $< -lbpf -o $@

# Failover latency (SIGKILL of the routing daemon → forwarding), in the lab.
bench-failover: all $(OUTPUT)/bench/failover
	$(Q)bench/failover.sh

# Benchmarks (BENCHMARKS.md): bench/run.sh runs them all, writes bench/results.json
# and bench/results.png. xbrbench is its BPF side: program cost, table scale, lab helpers.
BENCH_SRCS	:= bench/xbrbench.c bench/prog_cost.c bench/scale.c bench/lab.c
BENCH_SKELS	:= $(addprefix $(OUTPUT)/,xbr.skel.h xbr_bench.skel.h bench_progs.skel.h bench_shared.skel.h)

$(OUTPUT)/bench/xbrbench: $(BENCH_SRCS) bench/xbrbench.h maps/xbr_maps.h $(BENCH_SKELS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(BENCH_SRCS) -lbpf -lelf -lz -lpthread -o $@

bench: deps all $(OUTPUT)/bench/xbrbench $(OUTPUT)/bench/failover
	$(Q)bench/run.sh full

bench-quick: deps all $(OUTPUT)/bench/xbrbench $(OUTPUT)/bench/failover
	$(Q)bench/run.sh quick

demo: deps all
	$(Q)tests/demo.sh

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

clean:
	rm -rf $(OUTPUT)
