// SPDX-License-Identifier: GPL-2.0
/*
 * Stress: several processes at once, for BPFLIB_STRESS_SECONDS (20 by
 * default), load and unload library versions, load, link and run
 * consumers, unlink them, pin and unpin them, BPF_LINK_DETACH the links
 * the registry holds, and take consumers by id just after letting them go
 * to race the registry's release; half the time with gc_interval_ms at
 * its minimum.  Every result must be a library's or, while unlinked, the
 * stub's; afterwards every program, map, link and BTF object is gone and
 * the registry is empty (the fixture's check; run-tests then rmmods).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "helpers.h"
#include "kselftest_harness.h"

#define NR_PROCS	4
#define GC_PARAM	"/sys/module/bpflib/parameters/gc_interval_ms"

/* tl_scale(64) from testlib 1.0's code and from 1.1's, and the stub's 0. */
#define FROM_1_0	(64 * 3 + 1000)
#define FROM_1_1	(64 * 3 + 1100)

enum { OP_LOAD, OP_UNLOAD, OP_LINK, OP_UNLINK, OP_PIN, OP_DETACH, OP_RACE, NR_OPS };
static const char *const op_names[NR_OPS] = {
	"load", "unload", "link+run", "unlink", "pin", "detach", "race",
};

/* What one process did and saw, in shared memory for the parent. */
struct tally {
	long ops[NR_OPS];
	long from_lib, from_stub, bad;
	char first_bad[160];
};

static struct tally *tallies;

static void bad(struct tally *t, const char *what, long long r)
{
	t->bad++;
	if (!t->first_bad[0])
		snprintf(t->first_bad, sizeof(t->first_bad), "%s answered %lld", what, r);
}

static void check(struct tally *t, const char *what, long long r)
{
	if (r == FROM_1_0 || r == FROM_1_1)
		t->from_lib++;
	else if (r == 0)
		t->from_stub++;
	else
		bad(t, what, r);
}

static void stress(int me, int secs)
{
	struct bpflib_registry *reg = bpflib_registry__open(NULL);
	struct tally *t = &tallies[me];
	struct bpf_object *objs[4] = {};
	__u32 libs[4] = {};
	unsigned int seed = me * 7919 + 1;
	time_t end = time(NULL) + secs;
	char path[128], ver[32];
	__u8 pkt[64] = {};
	int serial = 0, i, op;

	snprintf(path, sizeof(path), "/sys/fs/bpf/bpflib_stress%d", me);
	mkdir(path, 0700);
	while (reg && time(NULL) < end) {
		int slot = rand_r(&seed) % 4;

		op = rand_r(&seed) % NR_OPS;
		t->ops[op]++;
		switch (op) {
		case OP_LOAD: {
			LIBBPFLIB_OPTS(bpflib_load_opts, opts, .version = ver);
			int id;

			if (libs[slot])
				break;
			/* 1.x versions of this process's own, from 1.0's code or 1.1's. */
			snprintf(ver, sizeof(ver), "1.%d.%d", 10 + me, serial++);
			id = bpflib_library__load(reg, bpf_obj(slot % 2 ? "testlib_v1_1" :
								  "testlib_v1_0"), &opts);
			if (id > 0)
				libs[slot] = id;
			break;
		}
		case OP_UNLOAD:
			if (libs[slot] && !bpflib_library__unload(reg, libs[slot]))
				libs[slot] = 0;
			break;
		case OP_LINK:
			/* Linked already (EBUSY) or no library loaded (ENOENT): fine too. */
			if (!objs[slot])
				objs[slot] = load_obj("consumer");
			if (!objs[slot])
				break;
			bpflib_prog__link(reg, prog_fd(objs[slot], "xdp_scale"), NULL);
			check(t, "a linked consumer",
			      test_run(prog_fd(objs[slot], "xdp_scale"), pkt, sizeof(pkt)));
			break;
		case OP_UNLINK:
			if (objs[slot]) {
				bpflib_prog__unlink(reg, prog_fd(objs[slot], "xdp_scale"));
				check(t, "an unlinked consumer",
				      test_run(prog_fd(objs[slot], "xdp_scale"), pkt, sizeof(pkt)));
			}
			break;
		case OP_PIN:
			snprintf(path, sizeof(path), "/sys/fs/bpf/bpflib_stress%d/c%d", me, slot);
			if (objs[slot] && bpf_obj_pin(prog_fd(objs[slot], "xdp_scale"), path))
				unlink(path);
			break;
		case OP_DETACH: {
			struct bpf_link_info li = {};
			__u32 len = sizeof(li), id = 0;
			int fd;

			if (!objs[slot])
				break;
			/* A link into this consumer, as the registry holds it. */
			while (!bpf_link_get_next_id(id, &id)) {
				fd = bpf_link_get_fd_by_id(id);
				if (fd < 0)
					continue;
				memset(&li, 0, sizeof(li));
				len = sizeof(li);
				if (!bpf_obj_get_info_by_fd(fd, &li, &len) &&
				    li.type == BPF_LINK_TYPE_TRACING &&
				    li.tracing.target_obj_id == prog_id(prog_fd(objs[slot], "xdp_scale"))) {
					bpf_link_detach(fd);
					close(fd);
					break;
				}
				close(fd);
			}
			check(t, "a detached consumer",
			      test_run(prog_fd(objs[slot], "xdp_scale"), pkt, sizeof(pkt)));
			break;
		}
		case OP_RACE: {
			__u32 id;
			int fd;

			if (!objs[slot])
				break;
			/* Let go of it, and take it back by id before the registry notices. */
			id = prog_id(prog_fd(objs[slot], "xdp_scale"));
			bpf_object__close(objs[slot]);
			objs[slot] = NULL;
			fd = bpf_prog_get_fd_by_id(id);
			if (fd >= 0) {
				check(t, "a consumer taken back by id", test_run(fd, pkt, sizeof(pkt)));
				close(fd);
			}
			break;
		}
		}
	}
	for (i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "/sys/fs/bpf/bpflib_stress%d/c%d", me, i);
		unlink(path);
		bpf_object__close(objs[i]);
	}
	for (i = 0; reg && i < 4; i++)
		if (libs[i])
			unload_wait(reg, libs[i], 5000);
	snprintf(path, sizeof(path), "/sys/fs/bpf/bpflib_stress%d", me);
	rmdir(path);
	bpflib_registry__close(reg);
}

FIXTURE(stress) {
	struct bpf_ids ids;
	char gc[16];
};

FIXTURE_SETUP(stress)
{
	int fd = open(GC_PARAM, O_RDONLY);

	ASSERT_EQ(0, ids_snapshot(&self->ids));
	ASSERT_GE(fd, 0);
	ASSERT_LT(0, read(fd, self->gc, sizeof(self->gc) - 1));
	close(fd);
	tallies = mmap(NULL, NR_PROCS * sizeof(*tallies), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, tallies);
	memset(tallies, 0, NR_PROCS * sizeof(*tallies));
}

FIXTURE_TEARDOWN_PARENT(stress)
{
	int fd = open(GC_PARAM, O_WRONLY);

	if (fd >= 0) {
		if (write(fd, self->gc, strlen(self->gc)) < 0)
			perror(GC_PARAM);
		close(fd);
	}
	BPFLIB_TEARDOWN(&self->ids);
}

static void set_gc(const char *ms)
{
	int fd = open(GC_PARAM, O_WRONLY);

	if (fd >= 0) {
		if (write(fd, ms, strlen(ms)) < 0)
			perror(GC_PARAM);
		close(fd);
	}
}

TEST_F_TIMEOUT(stress, processes, 900)
{
	int secs = getenv("BPFLIB_STRESS_SECONDS") ? atoi(getenv("BPFLIB_STRESS_SECONDS")) : 20;
	long ops[NR_OPS] = {}, lib = 0, stub = 0, nbad = 0, total = 0;
	pid_t pids[NR_PROCS];
	int i, k, status, round;

	/* Half the time with the release at its default period, half at its minimum. */
	for (round = 0; round < 2; round++) {
		set_gc(round ? "10" : self->gc);
		for (i = 0; i < NR_PROCS; i++) {
			pids[i] = fork();
			ASSERT_GE(pids[i], 0);
			if (!pids[i]) {
				stress(i, (secs + 1) / 2);
				_exit(0);
			}
		}
		for (i = 0; i < NR_PROCS; i++) {
			ASSERT_EQ(pids[i], waitpid(pids[i], &status, 0));
			EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
		}
	}
	for (i = 0; i < NR_PROCS; i++) {
		for (k = 0; k < NR_OPS; k++)
			ops[k] += tallies[i].ops[k];
		lib += tallies[i].from_lib;
		stub += tallies[i].from_stub;
		nbad += tallies[i].bad;
		if (tallies[i].first_bad[0])
			printf("# stress: process %d: %s\n", i, tallies[i].first_bad);
	}
	for (k = 0; k < NR_OPS; k++)
		total += ops[k];
	printf("# stress: %ld operations in %d s from %d processes:", total, secs, NR_PROCS);
	for (k = 0; k < NR_OPS; k++)
		printf(" %s %ld", op_names[k], ops[k]);
	printf("\n# stress: results from a library %ld, from a stub %ld, from anything else %ld\n",
	       lib, stub, nbad);
	EXPECT_LT(100, total);
	EXPECT_LT(0, lib);
	EXPECT_EQ(0, nbad);
}

TEST_HARNESS_MAIN
