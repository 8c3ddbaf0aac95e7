// SPDX-License-Identifier: GPL-2.0
/*
 * Upgrades with no window, under traffic, on every hook: a consumer of
 * uplib deployed with one command (XDP, tc, cgroup, tracepoint, kprobe)
 * is moved between uplib 1.0 and 1.1 many times while UDP datagrams flow
 * over lo and a thread calls getppid() and prctl(PR_SET_NAME) (a kprobe and
 * a tracepoint); every answer is counted by the
 * version that gave it.  None may come from a stub, and none may be lost.
 * Then the consumer is taken down by another process, and the libraries
 * unload within a bounded time.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "helpers.h"
#include "kselftest_harness.h"

#define DIR		"/sys/fs/bpf/bpflib_up"
#define CGROUP		"/sys/fs/cgroup/bpflib_up"
#define PORT		4789
#define HOOKS		5
#define SLOTS		4
static const char *const hook_names[HOOKS] = { "xdp", "tc", "cgroup", "tracepoint", "kprobe" };

FIXTURE(up) {
	struct bpflib_registry *reg;
	struct bpf_ids ids;
};

FIXTURE_SETUP(up)
{
	ASSERT_EQ(0, ids_snapshot(&self->ids));
	self->reg = bpflib_registry__open(NULL);
	ASSERT_NE(NULL, self->reg) TH_LOG("open /dev/bpflib: %s", strerror(errno));
	mkdir("/sys/fs/cgroup", 0755);
	if (access("/sys/fs/cgroup/cgroup.procs", F_OK))
		ASSERT_EQ(0, system("mount -t cgroup2 none /sys/fs/cgroup"));
	mkdir(CGROUP, 0755);
}

FIXTURE_TEARDOWN_PARENT(up)
{
	if (system("bin/bpflib prog detach " DIR " >/dev/null 2>&1")) {
		/* Not deployed, or taken down already. */
	}
	rmdir(CGROUP);
	BPFLIB_TEARDOWN(&self->ids);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int write_pid(const char *cgroup)
{
	char path[128], pid[16];
	int fd, ok;

	snprintf(path, sizeof(path), "%s/cgroup.procs", cgroup);
	snprintf(pid, sizeof(pid), "%d", getpid());
	fd = open(path, O_WRONLY);
	ok = fd >= 0 && write(fd, pid, strlen(pid)) > 0;
	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

/* /proc/net/snmp's Udp field @name. */
static long long udp_stat(const char *name)
{
	char head[512], vals[512], *h, *v, *hs, *vs;
	long long n = -1;
	FILE *f = fopen("/proc/net/snmp", "r");

	while (f && fgets(head, sizeof(head), f) && fgets(vals, sizeof(vals), f)) {
		if (strncmp(head, "Udp:", 4))
			continue;
		h = strtok_r(head, " \n", &hs);
		v = strtok_r(vals, " \n", &vs);
		while (h && v && strcmp(h, name)) {
			h = strtok_r(NULL, " \n", &hs);
			v = strtok_r(NULL, " \n", &vs);
		}
		if (h && v)
			n = atoll(v);
		break;
	}
	if (f)
		fclose(f);
	return n;
}

struct traffic {
	volatile int stop, rx_stop;	/* the receiver stops after the sender */
	int rx;			/* bound to PORT, created in CGROUP */
	volatile __u64 sent, received, calls;
};

/* Datagrams to PORT in bursts, each burst once the last has arrived. */
static void *sender(void *arg)
{
	struct traffic *t = arg;
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(PORT),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	char msg[64] = "bpflib upgrade";
	int fd = socket(AF_INET, SOCK_DGRAM, 0), i, waited;

	while (fd >= 0 && !t->stop) {
		for (i = 0; i < 16; i++)
			if (sendto(fd, msg, sizeof(msg), 0, (void *)&to, sizeof(to)) == sizeof(msg))
				t->sent++;
		for (waited = 0; t->received < t->sent && waited < 5000; waited++)
			usleep(1000);
	}
	if (fd >= 0)
		close(fd);
	return NULL;
}

static void *receiver(void *arg)
{
	struct traffic *t = arg;
	char buf[128];

	while (!t->rx_stop || t->received < t->sent)
		if (recv(t->rx, buf, sizeof(buf), 0) > 0)
			t->received++;
		else if (t->rx_stop)
			break;
	return NULL;
}

static void *caller(void *arg)
{
	struct traffic *t = arg;

	/* One event for the kprobe, one for the tracepoint. */
	while (!t->stop) {
		syscall(SYS_getppid);
		prctl(PR_SET_NAME, "bpflib_up");
		t->calls++;
	}
	return NULL;
}

static int map_get(const char *path, __u32 key, void *val)
{
	int fd = bpf_obj_get(path), err;

	if (fd < 0)
		return -errno;
	err = bpf_map_lookup_elem(fd, &key, val) ? -errno : 0;
	close(fd);
	return err;
}

static int map_set(const char *path, __u32 key, __u32 val)
{
	int fd = bpf_obj_get(path), err;

	if (fd < 0)
		return -errno;
	err = bpf_map_update_elem(fd, &key, &val, 0) ? -errno : 0;
	close(fd);
	return err;
}

#define ROUNDS 10	/* round trips 1.0 -> 1.1 -> 1.0 */

TEST_F_TIMEOUT(up, upgrades_under_traffic_on_every_hook, 900)
{
	const char *to_11[] = { "uplib@1.1.0", NULL }, *to_10[] = { "uplib@1.0.0", NULL };
	__u64 n[HOOKS][SLOTS] = {}, total;
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(PORT),
				    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct traffic t = {};
	pthread_t th[3];
	char cmd[512];
	int v10, v11, i, h, k, ret, moved = 0, remade = 0, left = 0;
	long long t0, released, drops;
	int tv_ms = 200;
	struct timeval tv = { .tv_usec = tv_ms * 1000 };

	v10 = load_lib(self->reg, "uplib_v1_0");
	v11 = load_lib(self->reg, "uplib_v1_1");
	ASSERT_GT(v10, 0);
	ASSERT_GT(v11, 0);

	/* One command deploys it, on five hooks, and exits. */
	snprintf(cmd, sizeof(cmd),
		 "bin/bpflib prog load %s pin " DIR " use uplib@1.0.0 attach xdp dev lo "
		 "attach tc ingress dev lo attach cgroup " CGROUP " attach auto",
		 bpf_obj("up_user"));
	ASSERT_EQ(0, system(cmd));
	ASSERT_EQ(0, map_set(DIR "/up_cfg", 0, PORT));
	ASSERT_EQ(0, map_set(DIR "/up_cfg", 1, getpid()));

	/* The receiving socket belongs to the consumer's cgroup. */
	ASSERT_EQ(0, write_pid(CGROUP));
	t.rx = socket(AF_INET, SOCK_DGRAM, 0);
	ASSERT_EQ(0, write_pid("/sys/fs/cgroup"));
	ASSERT_GE(t.rx, 0);
	ASSERT_EQ(0, bind(t.rx, (void *)&addr, sizeof(addr)));
	setsockopt(t.rx, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	/* Room for what a slow receiver has not read yet: no loss of its own. */
	setsockopt(t.rx, SOL_SOCKET, SO_RCVBUFFORCE, &(int){ 8 << 20 }, sizeof(int));

	drops = udp_stat("InErrors");
	ASSERT_EQ(0, pthread_create(&th[0], NULL, receiver, &t));
	ASSERT_EQ(0, pthread_create(&th[1], NULL, sender, &t));
	ASSERT_EQ(0, pthread_create(&th[2], NULL, caller, &t));
	usleep(200 * 1000);
	for (i = 0; i < 2 * ROUNDS; i++) {
		LIBBPFLIB_OPTS(bpflib_upgrade_opts, uo, .use = i % 2 ? to_10 : to_11);

		ret = bpflib_object__upgrade(self->reg, bpf_obj("up_user"), DIR, &uo);
		EXPECT_EQ(HOOKS, ret) TH_LOG("upgrade %d: %s", i, bpflib_registry__errstr(self->reg));
		if (ret != HOOKS)
			break;
		moved += uo.nr_moved;
		remade += uo.nr_remade;
		left += uo.nr_left;
		usleep(50 * 1000);
	}
	usleep(200 * 1000);
	t.stop = 1;
	pthread_join(th[1], NULL);
	pthread_join(th[2], NULL);
	t.rx_stop = 1;
	pthread_join(th[0], NULL);
	close(t.rx);
	drops = udp_stat("InErrors") - drops;

	for (h = 0; h < HOOKS; h++)
		for (k = 0; k < SLOTS; k++)
			ASSERT_EQ(0, map_get(DIR "/answers", h * SLOTS + k, &n[h][k]));
	printf("# upgrade: %d upgrades under traffic: %d attachments moved in one step, %d links made again before the old went, %d left\n",
	       i, moved, remade, left);
	printf("# upgrade: %llu datagrams sent, %llu received, %lld dropped by UDP; %llu getppid() and prctl() calls\n",
	       (unsigned long long)t.sent, (unsigned long long)t.received, drops,
	       (unsigned long long)t.calls);
	for (h = 0; h < HOOKS; h++) {
		total = n[h][0] + n[h][1] + n[h][2] + n[h][3];
		printf("# upgrade: %-10s answers: uplib 1.0 %llu, 1.1 %llu, stub %llu, other %llu (%llu in all)\n",
		       hook_names[h], (unsigned long long)n[h][1], (unsigned long long)n[h][2],
		       (unsigned long long)n[h][0], (unsigned long long)n[h][3],
		       (unsigned long long)total);
		EXPECT_EQ(0, n[h][0]) TH_LOG("%s answered from its stub", hook_names[h]);
		EXPECT_EQ(0, n[h][3]);
		EXPECT_LT(0, n[h][1]);
		EXPECT_LT(0, n[h][2]);
		if (h <= 2) {	/* every datagram, once */
			EXPECT_EQ(t.sent, total) TH_LOG("%s", hook_names[h]);
		} else {	/* new-before-old: a call may be counted by both */
			EXPECT_LE(t.calls, total) TH_LOG("%s", hook_names[h]);
			printf("# upgrade: %-10s calls that ran both copies (new before old): %llu\n",
			       hook_names[h], (unsigned long long)(total - t.calls));
		}
	}
	EXPECT_EQ(2 * ROUNDS, i);
	EXPECT_EQ(2 * ROUNDS * 3, moved);	/* XDP, tc, cgroup */
	EXPECT_EQ(2 * ROUNDS * 2, remade);	/* tracepoint, kprobe */
	EXPECT_EQ(0, left);
	EXPECT_EQ(t.sent, t.received) TH_LOG("datagrams lost");

	/* Nothing uses 1.1 any more: it unloads, with nobody cleaning up. */
	t0 = now_ms();
	EXPECT_EQ(0, unload_wait(self->reg, v11, 5000))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	released = now_ms() - t0;
	EXPECT_EQ(-EBUSY, bpflib_library__unload(self->reg, v10));

	/* Another process takes it down: every hook lets go, in bounded time. */
	ASSERT_EQ(0, system("bin/bpflib prog detach " DIR));
	t0 = now_ms();
	EXPECT_EQ(0, unload_wait(self->reg, v10, 5000))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	printf("# upgrade: the old version unloaded %lld ms after the last upgrade, the last %lld ms after 'prog detach'\n",
	       released, now_ms() - t0);
}

/*
 * bpflib_prog__replace() on hooks installed through netlink, XDP in
 * generic mode and a tc filter, with a bystander filter of another
 * program beside it: the moves are made, the bystander is not touched.
 */
TEST_F(up, replace_moves_netlink_hooks_and_nothing_else)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = 1, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, mine, .handle = 1, .priority = 10);
	LIBBPF_OPTS(bpf_tc_opts, other, .handle = 1, .priority = 20);
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	const char *use10[] = { "uplib@1.0.0", NULL }, *use11[] = { "uplib@1.1.0", NULL };
	LIBBPFLIB_OPTS(bpflib_link_opts, lo10, .use = use10);
	LIBBPFLIB_OPTS(bpflib_link_opts, lo11, .use = use11);
	LIBBPFLIB_OPTS(bpflib_replace_opts, ro);
	struct bpf_object *a, *b, *bystander;
	int v10, v11, ret, map;
	__u32 bystander_id;
	__u64 n = 0;

	v10 = load_lib(self->reg, "uplib_v1_0");
	v11 = load_lib(self->reg, "uplib_v1_1");
	ASSERT_GT(v10, 0);
	ASSERT_GT(v11, 0);
	a = load_obj("up_user");
	b = load_obj("up_user");
	bystander = load_obj("up_user");
	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	ASSERT_NE(NULL, bystander);
	ASSERT_EQ(HOOKS, bpflib_object__link(self->reg, a, &lo10))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	ASSERT_EQ(HOOKS, bpflib_object__link(self->reg, b, &lo11))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	ASSERT_EQ(HOOKS, bpflib_object__link(self->reg, bystander, &lo10));

	ASSERT_EQ(0, bpf_xdp_attach(1, prog_fd(a, "up_xdp"), XDP_FLAGS_SKB_MODE, NULL));
	ASSERT_TRUE(!bpf_tc_hook_create(&hook) || errno == EEXIST);
	mine.prog_fd = prog_fd(a, "up_tc");
	other.prog_fd = prog_fd(bystander, "up_tc");
	ASSERT_EQ(0, bpf_tc_attach(&hook, &mine));
	ASSERT_EQ(0, bpf_tc_attach(&hook, &other));
	bystander_id = other.prog_id;

	/* Wrong kinds: a map, another type; nothing moves. */
	map = bpf_map__fd(bpf_object__find_map_by_name(a, "answers"));
	EXPECT_EQ(-EINVAL, bpflib_prog__replace(self->reg, map, prog_fd(b, "up_xdp"), NULL));
	EXPECT_EQ(-EINVAL, bpflib_prog__replace(self->reg, prog_fd(a, "up_xdp"),
						prog_fd(b, "up_tc"), NULL));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "types differ"));
	EXPECT_EQ(-EBADF, bpflib_prog__replace(self->reg, 999, prog_fd(b, "up_xdp"), NULL));

	ret = bpflib_prog__replace(self->reg, prog_fd(a, "up_xdp"), prog_fd(b, "up_xdp"), &ro);
	EXPECT_EQ(1, ret) TH_LOG("%s", bpflib_registry__errstr(self->reg));
	ret = bpflib_prog__replace(self->reg, prog_fd(a, "up_tc"), prog_fd(b, "up_tc"), &ro);
	EXPECT_EQ(1, ret) TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(0, ro.nr_left);

	ASSERT_EQ(0, bpf_xdp_query(1, 0, &q));
	EXPECT_EQ(prog_id(prog_fd(b, "up_xdp")), q.skb_prog_id);
	mine.prog_fd = mine.prog_id = 0;
	mine.flags = 0;
	ASSERT_EQ(0, bpf_tc_query(&hook, &mine));
	EXPECT_EQ(prog_id(prog_fd(b, "up_tc")), mine.prog_id);
	other.prog_fd = other.prog_id = 0;
	other.flags = 0;
	ASSERT_EQ(0, bpf_tc_query(&hook, &other));
	EXPECT_EQ(bystander_id, other.prog_id);

	/* Traffic now meets b: uplib 1.1 answers, on both hooks. */
	map = bpf_map__fd(bpf_object__find_map_by_name(b, "up_cfg"));
	ret = PORT;
	bpf_map_update_elem(map, &(__u32){ 0 }, &ret, 0);
	ASSERT_EQ(0, send_udp_lo(5, PORT));
	map = bpf_map__fd(bpf_object__find_map_by_name(b, "answers"));
	bpf_map_lookup_elem(map, &(__u32){ 0 * SLOTS + 2 }, &n);
	EXPECT_EQ(5, n);
	bpf_map_lookup_elem(map, &(__u32){ 1 * SLOTS + 2 }, &n);
	EXPECT_EQ(5, n);

	bpf_xdp_detach(1, XDP_FLAGS_SKB_MODE, NULL);
	hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
	bpf_tc_hook_destroy(&hook);
	bpf_object__close(a);
	bpf_object__close(b);
	bpf_object__close(bystander);
	EXPECT_EQ(0, unload_wait(self->reg, v11, 5000));
	EXPECT_EQ(0, unload_wait(self->reg, v10, 5000));
}

TEST_HARNESS_MAIN
