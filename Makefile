# SPDX-License-Identifier: GPL-2.0
#
# bpflib - loadable BPF function libraries.
#
#   make                    module, library, CLI, BPF objects and tests for
#                           ARCH (x86_64, arm64) and KVER (6.12, 6.1, 7.3;
#                           7.3's module builds in a Debian 13 root, as root)
#   make KDIR=<kbuild dir>  the module against another kernel
#   make USERLAND=trixie    user space built in a Debian 13 root against its
#                           libbpf 1.5 (scripts/userland-root), into
#                           build/<arch>-trixie; x86_64 only
#   make check              the test suite on every lane (x86_64/arm64 x
#                           6.12/6.1/7.3) in QEMU, CHECK_JOBS side by side;
#                           ARCH=... KVER=... for one lane; KVER=debug: a
#                           6.12 with KASAN, kmemleak, lockdep; USERLAND=
#                           trixie: with Debian 13's user space (the lane
#                           x86_64:7.3:trixie); with every lane, the
#                           packages' checks too
#   make package-check      the packages: build, lintian, DKMS, pkg-config,
#                           and a Debian 12 and a Debian 13 that boot them
#                           in QEMU (root)
#   make demo               the demo, in QEMU (ARCH, KVER as above)
#   make matrix             README.md's support matrix from the last run
#   make soak               the fuzzer, stress and race tests over many boots
#                           of the debug kernel (SOAK_BOOTS, SOAK_MINUTES)
#   make bench              the benchmarks in QEMU: tables, JSON, plots,
#                           docs/benchmarks.md (bench/); BENCH_ONLY=size,
#                           scale, link, call, upgrade or registry: one table
#   make style              checkpatch.pl on the module and ABI
#   make sparse             the module under sparse (C=2) and W=1
#   make install            CLI, libbpflib (shared, static, pkg-config),
#                           headers, man page, boot unit; DESTDIR, PREFIX,
#                           LIBDIR, UNITDIR as usual
#   make modules_install    the module into KDIR's kernel's updates/, depmod
#   make dkms_src           the module's sources into /usr/src for DKMS
#   make deb                the Debian packages (dpkg-buildpackage)
#   make clean              remove build/
#   V=1                     show the commands
#
# Dependencies: scripts/deps (Debian 12).

ARCH ?= x86_64
KVER ?= 6.12
# USERLAND=trixie: user space from a Debian 13 root (libbpf 1.5), see below.
USERLAND ?=
O := build
# The one version of the module, library, CLI and packages; dkms.conf and
# debian/changelog must agree (scripts/package-checks checks).
VERSION := 0.7.0

ifeq ($(ARCH),x86_64)
CROSS_COMPILE ?=
MULTIARCH := x86_64-linux-gnu
else ifeq ($(ARCH),arm64)
CROSS_COMPILE ?= aarch64-linux-gnu-
MULTIARCH := aarch64-linux-gnu
else
$(error ARCH must be x86_64 or arm64, not $(ARCH))
endif

ifeq ($(V),1)
Q :=
msg :=
else
Q := @
msg = @printf '  %-8s %s\n' $(1) $(2);
MAKEFLAGS += --no-print-directory
endif

# KVER=debug: Linux 6.12 built here with KASAN, kmemleak and lockdep
# (x86_64 only; scripts/build-debug-kernel).
KERNEL_DIR := $(O)/kernels/$(KVER)-$(ARCH)
# Kernels whose kbuild does not run on Debian 12: Debian's 7.3 headers come
# with trixie's linux-kbuild (glibc 2.38) and want gcc-14.  Their module
# builds in a Debian 13 root file system (scripts/kbuild-root, as root),
# against the headers there; KDIR= on the command line still wins.
ROOT_KVERS := 7.3
KBUILD_ROOT := $(if $(filter undefined,$(origin KDIR)),$(filter $(KVER),$(ROOT_KVERS)))
ifeq ($(origin KDIR),undefined)
ifneq ($(KBUILD_ROOT),)
KDIR = (/usr/src/linux-headers-*-$(ARCH) in scripts/kbuild-root's Debian 13)
else ifeq ($(KVER),debug)
KDIR = $(KERNEL_DIR)/build
else ifeq ($(ARCH),x86_64)
KDIR = /usr/src/linux-headers-$(shell scripts/kernel-version $(KVER))-amd64
else
KDIR = $(KERNEL_DIR)/headers
endif
endif

# The lanes "make check" runs; ARCH=, KVER= or USERLAND= on the command
# line picks one.  With every lane, the run also checks README.md's
# support matrix.  The debug lane is Linux 6.12 built here with the
# kernel's checkers (scripts/debug.config), x86_64 only.  The 7.3 lanes
# boot Debian 13's trixie-backports kernel, whose module builds in a
# Debian 13 root.  A lane ARCH:KVER:trixie runs the suite built with
# USERLAND=trixie (Debian 13's libbpf 1.5) on that kernel; the support
# matrix leaves it out (it is x86_64 7.3's column again).
ALL_LANES := x86_64:6.12 arm64:6.12 x86_64:6.1 arm64:6.1 x86_64:7.3 arm64:7.3 x86_64:debug \
	     x86_64:7.3:trixie
ifneq ($(filter command line,$(origin ARCH) $(origin KVER) $(origin USERLAND)),)
LANES ?= $(ARCH):$(KVER)$(if $(USERLAND),:$(USERLAND))
else
LANES ?= $(ALL_LANES)
endif
lane_arch = $(word 1,$(subst :, ,$(1)))
lane_kver = $(word 2,$(subst :, ,$(1)))
lane_user = $(word 3,$(subst :, ,$(1)))
lane_dirs = $(foreach l,$(1),$(O)/$(subst :,-,$(l)))
LANE_DIRS = $(call lane_dirs,$(LANES))
MATRIX_LANES := $(foreach l,$(ALL_LANES),$(if $(call lane_user,$(l)),,$(l)))

# --- user space --------------------------------------------------------------
# USERLAND=trixie: the compiler, archiver and linker run in a Debian 13
# root (scripts/userland-root) with trixie's gcc-14, libbpf 1.5, libelf,
# zlib and zstd, into build/<arch>-trixie, so that both builds stay side
# by side; the BPF objects (clang-19 on both) are shared.
ifeq ($(USERLAND),)
IN_USERLAND :=
UOUT := $(O)/$(ARCH)
else ifeq ($(USERLAND),trixie)
ifneq ($(ARCH),x86_64)
$(error USERLAND=trixie: x86_64 only (scripts/userland-root has no cross compiler))
endif
IN_USERLAND := scripts/userland-root
UOUT := $(O)/$(ARCH)-$(USERLAND)
else
$(error USERLAND must be empty or trixie, not $(USERLAND))
endif
CC := $(strip $(IN_USERLAND) $(CROSS_COMPILE)gcc)
AR := $(strip $(IN_USERLAND) $(CROSS_COMPILE)ar)
CLANG ?= clang-19
CFLAGS ?= -O2 -g
CFLAGS += -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
	  -Werror -fPIC -D_GNU_SOURCE -DBPFLIB_VERSION='"$(VERSION)"' \
	  -Iuapi -Ilib/include -Ilib -I$(O)/kselftest -idirafter /usr/include
LDLIBS := -L/usr/lib/$(MULTIARCH) -l:libbpf.a -l:libelf.a -l:libz.a -l:libzstd.a
STATIC := -static
# Debian 13's libelf.a (elfutils 0.192) lacks two functions it calls
# (scripts/libelf-eu-search.c): the static executables get them.
STATIC_FIX := $(if $(filter trixie,$(USERLAND)),$(UOUT)/scripts/libelf-eu-search.o)

LIB_SRCS := $(wildcard lib/*.c)
LIB_OBJS := $(patsubst %.c,$(UOUT)/%.o,$(LIB_SRCS))
LIBA := $(UOUT)/lib/libbpflib.a
LIBSO := $(UOUT)/lib/libbpflib.so.$(VERSION)
CLI := $(UOUT)/bpflib
# The CLI as installed: on libbpflib.so and libbpf.so (make install).
CLI_SHARED := $(UOUT)/shared/bpflib
PC := $(UOUT)/lib/libbpflib.pc
TEST_SRCS := $(wildcard selftests/test_*.c)
TESTS := $(patsubst selftests/%.c,$(UOUT)/selftests/%,$(TEST_SRCS)) $(UOUT)/selftests/mkpins \
	 $(UOUT)/selftests/asuser $(UOUT)/selftests/btfcorrupt
TEST_HELPERS := $(UOUT)/selftests/helpers.o
BENCH := $(UOUT)/bench/bench
EXAMPLE_SRCS := $(filter-out %.bpf.c,$(wildcard examples/*.c))
EXAMPLES := $(patsubst examples/%.c,$(UOUT)/examples/%,$(EXAMPLE_SRCS))
HDRS := $(wildcard uapi/linux/*.h lib/include/bpflib/*.h lib/*.h cli/*.h)

# --- BPF objects (the same for every architecture) ---------------------------
BPF_SRCS := $(wildcard examples/*.bpf.c examples/*/*.bpf.c selftests/progs/*.bpf.c bench/progs/*.bpf.c)
# The benchmarks' generated libraries and consumers (bench/gen).
GEN_NAMES := $(foreach t,100 1k 10k 100k,$(foreach v,lib dyn static,bsize_$(t)_$(v))) \
	     $(foreach m,1 8 64 256,bexp_$(m)_lib bexp_$(m)_dyn bexp_$(m)_tc)
BPF_OBJS := $(patsubst %.bpf.c,$(O)/bpf/%.bpf.o,$(BPF_SRCS)) \
	    $(patsubst %,$(O)/bpf/gen/%.bpf.o,$(GEN_NAMES))
BPF_CFLAGS := -g -O2 -target bpf -Wall -Werror \
	      -Ilib/include -Iexamples -Iselftests/progs -Ibench/progs \
	      -idirafter /usr/include/$(shell gcc -print-multiarch) -idirafter /usr/include

# --- module ------------------------------------------------------------------
MOUT := $(O)/$(ARCH)-$(KVER)/kmod
MODULE := $(MOUT)/module/bpflib.ko
MOD_SRCS := Kbuild $(wildcard module/*.c module/*.h module/Kbuild uapi/linux/*.h)

.PHONY: all module lib cli cli-shared bpf tests examples check demo style sparse clean kernel \
	lane-check host-tools payload matrix bench install modules_install dkms_src deb \
	package-check soak soak-lane check-prebuild check-host
.DELETE_ON_ERROR:
# Objects built through pattern chains are not intermediates to delete.
.SECONDARY:

all: module lib cli bpf tests examples $(BENCH)

kernel: $(KERNEL_DIR)/abi
$(KERNEL_DIR)/abi: $(if $(filter debug,$(KVER)),scripts/debug.config scripts/build-debug-kernel)
	$(call msg,FETCH,$(KVER)/$(ARCH))
ifeq ($(KVER),debug)
	$(Q)scripts/build-debug-kernel $(KERNEL_DIR)
else
	$(Q)scripts/fetch-kernel $(KVER) $(ARCH) $(KERNEL_DIR)
endif

# Debian's bpftool and xdp-loader for the guest: other loaders of consumers.
TOOLS_DIR := $(O)/tools/$(ARCH)
$(TOOLS_DIR)/xdp-loader: scripts/fetch-tools
	$(call msg,FETCH,tools/$(ARCH))
	$(Q)scripts/fetch-tools $(ARCH) $(TOOLS_DIR)

# Kbuild builds in the tree it is given: each lane gets a copy of the sources.
ifneq ($(KBUILD_ROOT),)
KBUILD = scripts/kbuild-root $(KVER) $(ARCH) $(MOUT)
else
KBUILD = $(MAKE) -C $(KDIR) M=$(abspath $(MOUT)) ARCH=$(ARCH) CROSS_COMPILE=$(CROSS_COMPILE)
endif
module: $(MODULE)
$(MODULE): $(MOD_SRCS) $(if $(filter $(KERNEL_DIR)/%,$(KDIR)),$(KERNEL_DIR)/abi)
	$(call msg,KBUILD,$@)
	$(Q)rm -f $@ && mkdir -p $(MOUT) && cp -pr Kbuild module uapi $(MOUT)/
	$(Q)$(KBUILD) W=1 KCFLAGS=-Werror $(if $(filter 1,$(V)),V=1) \
		modules $(if $(filter 1,$(V)),,2>&1 | grep -vE '^  [A-Z]|^make|Skipping BTF' || true)
	$(Q)test -f $@

lib: $(LIBA) $(LIBSO)
$(UOUT)/%.o: %.c $(HDRS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D) && $(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@
# Only the tests need the kernel's kselftest harness.
$(patsubst %.c,$(UOUT)/%.o,$(wildcard selftests/*.c)): | $(O)/kselftest/kselftest_harness.h
$(LIBA): $(LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^
$(LIBSO): $(LIB_OBJS) lib/libbpflib.map
	$(call msg,LD,$@)
	$(Q)$(CC) $(LDFLAGS) -shared -Wl,-soname,libbpflib.so.0 -Wl,--version-script=lib/libbpflib.map \
		-o $@ $(LIB_OBJS) -L/usr/lib/$(MULTIARCH) -lbpf -lelf
	$(Q)ln -sf $(@F) $(@D)/libbpflib.so.0 && ln -sf libbpflib.so.0 $(@D)/libbpflib.so
$(PC): dist/libbpflib.pc.in FORCE
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCLUDEDIR@|$(INCLUDEDIR)|' \
		-e 's|@VERSION@|$(VERSION)|' $< > $@

cli: $(CLI)
CLI_OBJS := $(patsubst %.c,$(UOUT)/%.o,$(wildcard cli/*.c))
$(CLI): $(CLI_OBJS) $(LIBA) $(STATIC_FIX)
	$(call msg,LD,$@)
	$(Q)$(CC) $(STATIC) -o $@ $^ $(LDLIBS)
cli-shared: $(CLI_SHARED)
$(CLI_SHARED): $(CLI_OBJS) $(LIBSO)
	$(call msg,LD,$@)
	$(Q)mkdir -p $(@D) && $(CC) $(LDFLAGS) -o $@ $(CLI_OBJS) -L$(UOUT)/lib -lbpflib \
		-L/usr/lib/$(MULTIARCH) -lbpf

# The benchmarks time every bpf() command and registry call (bench.c).
$(BENCH): $(UOUT)/bench/bench.o $(TEST_HELPERS) $(LIBA) $(STATIC_FIX)
	$(call msg,LD,$@)
	$(Q)$(CC) $(STATIC) -Wl,--wrap=syscall,--wrap=ioctl -o $@ $^ $(LDLIBS)
$(UOUT)/bench/bench.o: CFLAGS += -Iselftests

tests: $(TESTS)
# kselftest_harness.h compares mixed signedness, and longjmps out of a
# failed ASSERT into a function whose locals (the forked child's pid)
# must not live in registers: no optimization there.
$(UOUT)/selftests/%.o: CFLAGS += -O0 -Wno-sign-compare -Wno-clobbered
$(UOUT)/selftests/%: $(UOUT)/selftests/%.o $(TEST_HELPERS) $(LIBA) $(STATIC_FIX)
	$(call msg,LD,$@)
	$(Q)$(CC) $(STATIC) -o $@ $^ $(LDLIBS) -lpthread

examples: $(EXAMPLES)
$(UOUT)/examples/%: $(UOUT)/examples/%.o $(LIBA) $(STATIC_FIX)
	$(call msg,LD,$@)
	$(Q)$(CC) $(STATIC) -o $@ $^ $(LDLIBS)

# Host-side tests of the object-reading paths: hostile objects under ASan
# and UBSan, and a libFuzzer target (scripts/host-checks runs both).
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -D_GNU_SOURCE \
	     -Iuapi -Ilib/include -Ilib
SAN_LIBS := -l:libbpf.a -lelf -lz -lzstd
host-tools: $(O)/host/hostile $(O)/host/fuzz_object
$(O)/host/hostile: selftests/host/hostile.c $(LIB_SRCS) $(HDRS)
	$(call msg,CC-SAN,$@)
	$(Q)mkdir -p $(@D) && gcc $(SAN_FLAGS) -o $@ $< $(LIB_SRCS) $(SAN_LIBS)
$(O)/host/fuzz_object: selftests/host/fuzz_object.c $(LIB_SRCS) $(HDRS)
	$(call msg,FUZZER,$@)
	$(Q)mkdir -p $(@D) && $(CLANG) $(SAN_FLAGS) -fsanitize=fuzzer -o $@ $< $(LIB_SRCS) $(SAN_LIBS)

# kselftest_harness.h comes from the kernel's own tree, not a copy of ours.
$(O)/kselftest/kselftest_harness.h:
	$(call msg,EXTRACT,$@)
	$(Q)mkdir -p $(@D) && src=$$(ls /usr/src/linux-source-6.12.tar.* | head -n 1) && \
		tar -xf $$src -C $(@D) --strip-components=4 --wildcards \
		'*/tools/testing/selftests/kselftest_harness.h' \
		'*/tools/testing/selftests/kselftest.h'

bpf: $(BPF_OBJS)
# A library object without BTF, for the tests of that error.
$(O)/bpf/selftests/progs/nobtf_lib.bpf.o: BPF_CFLAGS := $(filter-out -g,$(BPF_CFLAGS))
$(O)/bpf/%.bpf.o: %.bpf.c $(wildcard lib/include/bpflib/*.bpf.h examples/*/*.h selftests/progs/*.h bench/progs/*.h)
	$(call msg,CLANG,$@)
	$(Q)mkdir -p $(@D) && $(CLANG) $(BPF_CFLAGS) -c $< -o $@
# Headers made by "bpflib gen header" from library objects, on this machine
# (the CLI of its architecture), for consumers built against them.
HOST_ARCH := $(subst aarch64,arm64,$(shell uname -m))
HOST_CLI := $(O)/$(HOST_ARCH)$(if $(USERLAND),-$(USERLAND))/bpflib
GEN_HDRS := $(O)/gen-headers/libnet.gen.h $(O)/gen-headers/pktlib.gen.h
ifneq ($(HOST_ARCH),$(ARCH))
$(HOST_CLI): FORCE
	$(Q)$(MAKE) ARCH=$(HOST_ARCH) $(HOST_CLI)
endif
$(O)/gen-headers/libnet.gen.h: $(O)/bpf/examples/libnet/libnet.bpf.o lib/header.c | $(HOST_CLI)
$(O)/gen-headers/pktlib.gen.h: $(O)/bpf/selftests/progs/pktlib.bpf.o lib/header.c | $(HOST_CLI)
$(GEN_HDRS):
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D) && $(HOST_CLI) gen header $< > $@.tmp && mv $@.tmp $@
$(O)/bpf/selftests/progs/gen_user.bpf.o $(O)/bpf/selftests/progs/gen_pkt_user.bpf.o: $(GEN_HDRS)
$(O)/bpf/selftests/progs/gen_user.bpf.o $(O)/bpf/selftests/progs/gen_pkt_user.bpf.o: BPF_CFLAGS += -I$(O)/gen-headers
# A consumer of the benchmark's generated bexp_256 (more imports than a program takes).
$(O)/bpf/selftests/progs/toomany_user.bpf.o: $(O)/gen/stamp
$(O)/bpf/selftests/progs/toomany_user.bpf.o: BPF_CFLAGS += -I$(O)/gen

$(O)/gen/stamp: bench/gen
	$(call msg,GEN,$(O)/gen)
	$(Q)rm -rf $(O)/gen && bench/gen $(O)/gen && touch $@
$(O)/bpf/gen/%.bpf.o: $(O)/gen/stamp $(wildcard lib/include/bpflib/*.bpf.h)
	$(call msg,CLANG,$@)
	$(Q)mkdir -p $(@D) && $(CLANG) $(BPF_CFLAGS) -I$(O)/gen -c $(O)/gen/$*.bpf.c -o $@

# --- running in QEMU ---------------------------------------------------------
# A lane's payload and results; the module and kernel are the same for
# both user spaces.
LANE := $(ARCH)-$(KVER)$(if $(USERLAND),-$(USERLAND))
PAYLOAD := $(O)/$(LANE)/payload
payload: all kernel $(TOOLS_DIR)/xdp-loader
	$(Q)rm -rf $(PAYLOAD) && mkdir -p $(PAYLOAD)/bin $(PAYLOAD)/bpf
	$(Q)cp $(MODULE) $(PAYLOAD)/
	$(Q)cp $(CLI) $(TESTS) $(EXAMPLES) $(BENCH) $(TOOLS_DIR)/bpftool $(TOOLS_DIR)/xdp-loader $(PAYLOAD)/bin/
	$(Q)cp -r $(TOOLS_DIR)/lib $(PAYLOAD)/
	$(Q)cp $(BPF_OBJS) $(PAYLOAD)/bpf/
	$(Q)mkdir -p $(PAYLOAD)/gen && cp $(GEN_HDRS) $(PAYLOAD)/gen/
	$(Q)cp selftests/run-tests selftests/*.sh examples/demo.sh $(PAYLOAD)/

# One lane: the suite in a VM.  Its results and vm-run's status stay in
# $(LANE_DIR) for scripts/summarize; stale ones go first.
LANE_DIR := $(O)/$(LANE)
# A hung guest fails its lane after this long; the debug kernel's lane
# takes 10 minutes alone under TCG, twice that beside other jobs.
LANE_TIMEOUT := $(if $(filter debug,$(KVER)),2700,1200)
lane-check:
	$(Q)rm -f $(LANE_DIR)/results.tap $(LANE_DIR)/status $(LANE_DIR)/splat
	$(Q)$(MAKE) payload
	$(Q)rc=0; scripts/vm-run --arch $(ARCH) --kernel $(KERNEL_DIR) --payload $(PAYLOAD) \
		--module $(MODULE) --timeout $(LANE_TIMEOUT) --results $(LANE_DIR)/results.tap \
		-- sh ./run-tests || rc=$$?; \
		echo $$rc > $(LANE_DIR)/status

# The soak: the fuzzer, stress, unload and race tests, longer and over many
# boots (scripts/soak; SOAK_BOOTS, SOAK_MINUTES), on the debug kernel unless
# KVER says otherwise.  Figures in build/soak/<lane>/soak.txt.
SOAK_KVER ?= $(if $(filter command line,$(origin KVER)),$(KVER),debug)
soak:
	$(Q)$(MAKE) soak-lane KVER=$(SOAK_KVER)
soak-lane: payload
	$(Q)scripts/soak $(ARCH) $(KVER) $(PAYLOAD) $(MODULE) $(KERNEL_DIR) $(O)/soak/$(ARCH)-$(KVER)

# The packages' checks (scripts/package-checks) run with every lane: on
# Debian 12 (build/pkg) and on Debian 13 (build/pkg-trixie), as two jobs.
ALL_RUN = $(if $(filter-out $(LANES),$(ALL_LANES)),,yes)
PKG_SUITES ?= bookworm trixie
pkg_dir = $(O)/pkg$(if $(filter-out bookworm,$(1)),-$(1))
# make check builds what the jobs share once (user space and BPF objects
# for each architecture, the kernels and modules, the host tools), then
# runs the host checks, the packages' checks and every lane as jobs side
# by side, CHECK_JOBS at a time (nproc by default: an x86-64 guest runs on
# one host thread, so one job a core), each writing its console to
# $(O)/logs/.  The debug kernel builds from the start, beside the rest (its
# lane waits for it: build-debug-kernel takes a lock), and its lane goes
# first among the jobs.
CHECK_JOBS ?= $(shell nproc)
CHECK_LANES := $(filter %:debug,$(LANES)) $(filter-out %:debug,$(LANES))
CHECK_LANE_JOBS := $(foreach l,$(CHECK_LANES),check-lane-$(subst :,-,$(l)))
# The user-space builds (ARCH:USERLAND) and the kernels (ARCH:KVER) the lanes use.
CHECK_BUILDS := $(sort $(foreach l,$(LANES),$(call lane_arch,$(l)):$(call lane_user,$(l))))
CHECK_KERNELS := $(sort $(foreach l,$(LANES),$(if $(filter debug,$(call lane_kver,$(l))),,\
	$(call lane_arch,$(l)):$(call lane_kver,$(l)))))
# The jobs' scripts run make themselves: for the host's default build, not
# with this run's command line (which make passes on in the environment).
SCRIPT_ENV := env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u ARCH -u KVER -u USERLAND -u LANES
check:
	$(Q)rm -rf $(O)/logs && mkdir -p $(O)/logs
	$(Q)echo "=== build (once, for every job)"
	$(Q)$(if $(filter %:debug,$(LANES)),($(MAKE) ARCH=x86_64 KVER=debug kernel \
		> $(O)/logs/debug-kernel.log 2>&1 &); echo "  (the debug kernel builds meanwhile: $(O)/logs/debug-kernel.log)")
	$(Q)$(MAKE) check-prebuild
	$(Q)echo "=== jobs ($(CHECK_JOBS) at a time; consoles in $(O)/logs/)"
	$(Q)$(MAKE) -j$(CHECK_JOBS) --no-print-directory $(CHECK_LANE_JOBS) check-host \
		$(if $(ALL_RUN),$(foreach s,$(PKG_SUITES),check-pkg-$(s)))
	$(Q)rm -rf $(O)/readme
	$(Q)$(if $(filter-out $(LANES),$(ALL_LANES)),,scripts/readme-matrix --check $(call lane_dirs,$(MATRIX_LANES)))
	$(Q)echo "=== summary"
	$(Q)scripts/summarize $(O)/host $(if $(ALL_RUN),$(foreach s,$(PKG_SUITES),$(call pkg_dir,$(s)))) $(LANE_DIRS) \
		$$(test -d $(O)/readme && echo $(O)/readme)

check-prebuild:
	$(Q)for b in $(CHECK_BUILDS); do $(MAKE) -j$(CHECK_JOBS) ARCH=$${b%%:*} USERLAND=$${b#*:} all || exit 1; done
	$(Q)$(MAKE) -j$(CHECK_JOBS) ARCH=x86_64 USERLAND= host-tools cli-shared
	$(Q)for k in $(CHECK_KERNELS); do \
		$(MAKE) ARCH=$${k%%:*} KVER=$${k##*:} USERLAND= kernel module \
			$(O)/tools/$${k%%:*}/xdp-loader || exit 1; \
	done
	$(Q)$(if $(ALL_RUN),$(MAKE) ARCH=x86_64 KVER=6.12 USERLAND= kernel module)

# One job of make check: its console to $(O)/logs/NAME.log, a line when
# it is done.
define check_job
	start=$$(date +%s); $(1) > $(O)/logs/$(2).log 2>&1; rc=$$?; \
	echo "=== $(2): done in $$(( $$(date +%s) - start )) s$$([ $$rc -eq 0 ] || echo ", exit $$rc")"
endef
check-host:
	+$(Q)$(call check_job,$(SCRIPT_ENV) scripts/host-checks,host)
check-pkg-%:
	+$(Q)$(call check_job,$(SCRIPT_ENV) scripts/package-checks $*,packages-$*)
# check-lane-ARCH-KVER[-USERLAND]
check-lane-%:
	+$(Q)set -- $(subst -, ,$*); \
		$(call check_job,$(MAKE) lane-check ARCH=$$1 KVER=$$2 USERLAND=$${3:-},lane-$*)

# Only the packages' checks: build, lintian, DKMS, pkg-config, boot, on
# Debian 12 and 13 (PKG_SUITES=trixie: one).
package-check:
	$(Q)for s in $(PKG_SUITES); do scripts/package-checks $$s; done; \
		scripts/summarize $(foreach s,$(PKG_SUITES),$(call pkg_dir,$(s)))

# README.md's support matrix, from the last run of every lane.
matrix:
	$(Q)scripts/readme-matrix --update $(call lane_dirs,$(MATRIX_LANES))

demo: payload
	$(Q)scripts/vm-run --arch $(ARCH) --kernel $(KERNEL_DIR) --payload $(PAYLOAD) \
		--timeout 600 -- sh ./demo.sh

# The benchmarks (bench/bench.c) in QEMU: their tables, then JSON, plots and
# docs/benchmarks.md from them (scripts/bench-report).
BENCH_DIR := $(O)/bench/$(ARCH)-$(KVER)
bench: payload
	$(Q)mkdir -p $(BENCH_DIR)
	$(Q)scripts/vm-run --arch $(ARCH) --kernel $(KERNEL_DIR) --payload $(PAYLOAD) \
		--module $(MODULE) --timeout 2400 -- 'bin/bench $(BENCH_ONLY) && rmmod bpflib' \
		| tee $(BENCH_DIR)/console.log
	$(Q)$(if $(BENCH_ONLY),,scripts/bench-report $(ARCH)-$(KVER) $(BENCH_DIR)/console.log)

# --- kernel style ------------------------------------------------------------
CHECKPATCH := $(O)/checkpatch/scripts/checkpatch.pl
$(CHECKPATCH):
	$(Q)mkdir -p $(O)/checkpatch && src=$$(ls /usr/src/linux-source-6.12.tar.* | head -n 1) && \
		tar -xf $$src -C $(O)/checkpatch --strip-components=1 --wildcards \
		'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' '*/scripts/const_structs.checkpatch'
style: $(CHECKPATCH)
	$(Q)$(CHECKPATCH) --no-tree --show-types --terse -f $(filter-out %.mod.c,$(wildcard module/*.c)) module/*.h uapi/linux/*.h

sparse: $(MOD_SRCS)
	$(if $(KBUILD_ROOT),$(error sparse: not for KVER=$(KVER), whose kbuild runs in scripts/kbuild-root's Debian 13 root))
	$(Q)mkdir -p $(MOUT)-sparse && cp -pr Kbuild module uapi $(MOUT)-sparse/
	$(Q)$(MAKE) -C $(KDIR) M=$(abspath $(MOUT)-sparse) ARCH=$(ARCH) \
		CROSS_COMPILE=$(CROSS_COMPILE) W=1 C=2 modules 2>&1 | \
		grep -E 'warning|error' && exit 1 || echo "sparse, W=1: clean"

# --- installing --------------------------------------------------------------
# The usual names; Debian's rules set them to Debian's paths.
PREFIX ?= /usr/local
DESTDIR ?=
SBINDIR ?= $(PREFIX)/sbin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
UNITDIR ?= $(PREFIX)/lib/systemd/system
MODULESLOADDIR ?= $(PREFIX)/lib/modules-load.d
# Libraries bpflib-libraries.service loads at boot, after /etc/bpflib/libraries.d.
BPFLIBDIR ?= $(PREFIX)/lib/bpflib
UNIT := $(UOUT)/dist/bpflib-libraries.service
$(UNIT): dist/bpflib-libraries.service.in FORCE
	$(Q)mkdir -p $(@D) && sed -e 's|@SBINDIR@|$(SBINDIR)|g; s|@BPFLIBDIR@|$(BPFLIBDIR)|g' $< > $@

install: $(CLI_SHARED) $(LIBA) $(LIBSO) $(PC) $(UNIT)
	$(call msg,INSTALL,$(DESTDIR)$(PREFIX))
	$(Q)install -D -m 0755 $(CLI_SHARED) $(DESTDIR)$(SBINDIR)/bpflib
	$(Q)install -D -m 0644 cli/bpflib.8 $(DESTDIR)$(MANDIR)/man8/bpflib.8
	$(Q)install -D -m 0644 $(LIBA) $(DESTDIR)$(LIBDIR)/libbpflib.a
	$(Q)install -D -m 0644 $(LIBSO) $(DESTDIR)$(LIBDIR)/$(notdir $(LIBSO))
	$(Q)ln -sf $(notdir $(LIBSO)) $(DESTDIR)$(LIBDIR)/libbpflib.so.0
	$(Q)ln -sf libbpflib.so.0 $(DESTDIR)$(LIBDIR)/libbpflib.so
	$(Q)install -D -m 0644 $(PC) $(DESTDIR)$(LIBDIR)/pkgconfig/libbpflib.pc
	$(Q)install -D -m 0644 -t $(DESTDIR)$(INCLUDEDIR)/bpflib lib/include/bpflib/*.h
	$(Q)install -D -m 0644 uapi/linux/bpflib.h $(DESTDIR)$(INCLUDEDIR)/linux/bpflib.h
	$(Q)install -D -m 0644 $(UNIT) $(DESTDIR)$(UNITDIR)/bpflib-libraries.service
	$(Q)install -D -m 0644 dist/modules-load.conf $(DESTDIR)$(MODULESLOADDIR)/bpflib.conf
	$(Q)install -d $(DESTDIR)$(BPFLIBDIR)

# Into /lib/modules/<KDIR's release>/updates, unsigned, then depmod (kbuild
# skips it without the kernel's System.map, which headers do not ship).
modules_install: module
	$(if $(KBUILD_ROOT),$(error modules_install: not for KVER=$(KVER), whose kbuild runs in scripts/kbuild-root's Debian 13 root))
	$(Q)$(MAKE) -C $(KDIR) M=$(abspath $(MOUT)) ARCH=$(ARCH) INSTALL_MOD_DIR=updates \
		CONFIG_MODULE_SIG_ALL= $(if $(DESTDIR),INSTALL_MOD_PATH=$(abspath $(DESTDIR))) \
		modules_install 2>&1 | grep -v "Skipping depmod" || true
	$(Q)depmod $(if $(DESTDIR),-b $(abspath $(DESTDIR))) -a $$(cat $(KDIR)/include/config/kernel.release)

# What DKMS builds the module from: /usr/src/bpflib-VERSION (dkms.conf).
DKMS_SRC := $(DESTDIR)/usr/src/bpflib-$(VERSION)
dkms_src:
	$(Q)install -D -m 0644 -t $(DKMS_SRC) Kbuild dkms.conf
	$(Q)install -D -m 0644 -t $(DKMS_SRC)/module module/Kbuild module/*.c module/*.h
	$(Q)install -D -m 0644 -t $(DKMS_SRC)/uapi/linux uapi/linux/bpflib.h

# The Debian packages, built from a copy of the tree into $(O)/deb.
deb:
	$(Q)scripts/build-debs $(O)/deb

clean:
	$(call msg,CLEAN,$(O))
	$(Q)rm -rf $(O)

FORCE:
