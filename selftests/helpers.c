// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <glob.h>
#include <linux/if_link.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/capability.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <bpf/bpf.h>

#include "helpers.h"

static int collect(int (*next)(__u32, __u32 *), __u32 *ids, int *nr)
{
	__u32 id = 0;

	*nr = 0;
	while (!next(id, &id)) {
		if (*nr == MAX_IDS)
			return -E2BIG;
		ids[(*nr)++] = id;
	}
	return errno == ENOENT ? 0 : -errno;
}

int ids_snapshot(struct bpf_ids *ids)
{
	return collect(bpf_prog_get_next_id, ids->progs, &ids->nr_progs) ?:
	       collect(bpf_map_get_next_id, ids->maps, &ids->nr_maps) ?:
	       collect(bpf_link_get_next_id, ids->links, &ids->nr_links) ?:
	       collect(bpf_btf_get_next_id, ids->btfs, &ids->nr_btfs);
}

static int extra(const char *what, const __u32 *now, int n_now, const __u32 *then,
		 int n_then, char *why, size_t sz)
{
	int i, j, found = 0;
	size_t len = strlen(why);

	for (i = 0; i < n_now; i++) {
		for (j = 0; j < n_then && then[j] != now[i]; j++)
			;
		if (j < n_then)
			continue;
		found++;
		len += snprintf(why + len, len < sz ? sz - len : 0, "%s %u left; ", what, now[i]);
		if (len >= sz)
			len = sz - 1;
	}
	return found;
}

int ids_wait_equal(const struct bpf_ids *before, int timeout_ms, char *why, size_t sz)
{
	struct bpf_ids *now = malloc(sizeof(*now));
	int waited, left = -1;

	for (waited = 0; now && waited <= timeout_ms; waited += 20) {
		why[0] = '\0';
		if (ids_snapshot(now))
			break;
		left = extra("prog", now->progs, now->nr_progs, before->progs, before->nr_progs, why, sz) +
		       extra("map", now->maps, now->nr_maps, before->maps, before->nr_maps, why, sz) +
		       extra("link", now->links, now->nr_links, before->links, before->nr_links, why, sz) +
		       extra("btf", now->btfs, now->nr_btfs, before->btfs, before->nr_btfs, why, sz);
		if (!left)
			break;
		usleep(20000);
	}
	free(now);
	return left ? -1 : 0;
}

const char *bpf_obj(const char *name)
{
	static char path[256];
	const char *dir = getenv("BPFLIB_BPF_DIR") ?: "bpf";

	snprintf(path, sizeof(path), "%s/%s.bpf.o", dir, name);
	return path;
}

int load_lib(struct bpflib_registry *reg, const char *name)
{
	int id = bpflib_library__load(reg, bpf_obj(name), NULL);

	if (id < 0)
		fprintf(stderr, "# load %s: %s\n", name, bpflib_registry__errstr(reg));
	return id;
}

struct bpf_object *load_obj(const char *name)
{
	struct bpf_object *obj = bpf_object__open_file(bpf_obj(name), NULL);

	if (!obj)
		return NULL;
	if (bpf_object__load(obj)) {
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}

int prog_fd(struct bpf_object *obj, const char *prog)
{
	struct bpf_program *p = bpf_object__find_program_by_name(obj, prog);

	return p ? bpf_program__fd(p) : -ENOENT;
}

long long test_run(int fd, const void *pkt, size_t len)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = len,
		    .repeat = 1);

	if (bpf_prog_test_run_opts(fd, &opts))
		return -errno;
	return opts.retval;
}

static __u16 ip_csum(const void *hdr, size_t len)
{
	const __u8 *p = hdr;
	__u32 sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += p[i] << 8 | p[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

size_t build_udp4(void *buf, size_t size, const struct udp4 *s)
{
	size_t l2 = s->vlan ? 18 : 14, len = l2 + 20 + 8 + s->payload;
	__u8 *p = buf;
	struct iphdr *ip;
	struct udphdr *udp;

	if (len > size)
		return 0;
	memset(buf, 0, len);
	memcpy(p, "\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02", 12);
	if (s->vlan) {
		p[12] = 0x81;
		p[15] = 42;
	}
	p[l2 - 2] = 0x08;	/* ETH_P_IP */
	ip = (struct iphdr *)(p + l2);
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->tot_len = htons(20 + 8 + s->payload);
	ip->saddr = s->saddr;
	ip->daddr = s->daddr;
	ip->check = htons(ip_csum(ip, 20));
	udp = (struct udphdr *)(ip + 1);
	udp->source = htons(s->sport);
	udp->dest = htons(s->dport);
	udp->len = htons(8 + s->payload);
	return len;
}

static __u32 rotl32(__u32 x, int r)
{
	return x << r | x >> (32 - r);
}

static __u32 mix(__u32 h, __u32 k)
{
	k *= 0xcc9e2d51;
	k = rotl32(k, 15);
	k *= 0x1b873593;
	h ^= k;
	h = rotl32(h, 13);
	return h * 5 + 0xe6546b64;
}

__u32 ref_flow_hash(__u32 saddr, __u32 daddr, __u16 sport_be, __u16 dport_be,
		    __u8 proto, __u32 seed)
{
	__u32 h = seed;

	h = mix(h, saddr);
	h = mix(h, daddr);
	h = mix(h, (__u32)sport_be << 16 | dport_be);
	h = mix(h, proto);
	h ^= 16;
	h ^= h >> 16;
	h *= 0x85ebca6b;
	h ^= h >> 13;
	h *= 0xc2b2ae35;
	h ^= h >> 16;
	return h;
}

static int run_child(int (*fn)(void *), void *arg, bool as_nobody)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2] = {};
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		if (as_nobody ? setgid(65534) || setuid(65534) : syscall(SYS_capset, &hdr, data))
			_exit(100);
		_exit(fn(arg));
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

int run_as(__u32 uid, __u64 caps, bool userns, int (*fn)(void *), void *arg)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2] = {};
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		if (userns) {
			if (unshare(CLONE_NEWUSER))
				_exit(101);
		} else {
			data[0].effective = data[0].permitted = (__u32)caps;
			data[1].effective = data[1].permitted = (__u32)(caps >> 32);
			if (prctl(PR_SET_KEEPCAPS, 1) || setresgid(uid, uid, uid) ||
			    setresuid(uid, uid, uid) || syscall(SYS_capset, &hdr, data))
				_exit(100);
		}
		_exit(fn(arg));
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

int run_unprivileged(int (*fn)(void *), void *arg)
{
	/* Keep root's uid (the device is root's) but drop every capability. */
	return run_child(fn, arg, false);
}

int run_as_nobody(int (*fn)(void *), void *arg)
{
	return run_child(fn, arg, true);
}

__u32 lib_func_prog_id(struct bpflib_registry *reg, __u32 lib_id, const char *func,
		       __u32 prog_type)
{
	struct bpflib_library_info *li = bpflib_registry__library_info(reg, lib_id, 0);
	__u32 i, id = 0;

	for (i = 0; li && i < li->info.nr_funcs; i++)
		if (!strcmp(li->funcs[i].name, func) && li->funcs[i].prog_type == prog_type)
			id = li->funcs[i].prog_id;
	bpflib_library_info__free(li);
	return id;
}

int prog_map_fd(__u32 prog_id, const char *name)
{
	struct bpf_prog_info info = {};
	struct bpf_map_info minfo;
	__u32 ids[64], len = sizeof(info), mlen, i;
	int pfd, fd;

	pfd = bpf_prog_get_fd_by_id(prog_id);
	if (pfd < 0)
		return -errno;
	info.nr_map_ids = 64;
	info.map_ids = (__u64)(unsigned long)ids;
	if (bpf_obj_get_info_by_fd(pfd, &info, &len)) {
		close(pfd);
		return -errno;
	}
	close(pfd);
	for (i = 0; i < info.nr_map_ids && i < 64; i++) {
		fd = bpf_map_get_fd_by_id(ids[i]);
		if (fd < 0)
			continue;
		memset(&minfo, 0, sizeof(minfo));
		mlen = sizeof(minfo);
		if (!bpf_obj_get_info_by_fd(fd, &minfo, &mlen) &&
		    !strncmp(minfo.name, name, sizeof(minfo.name) - 1))
			return fd;
		close(fd);
	}
	return -ENOENT;
}

__u32 prog_id(int fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	return bpf_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

int wait_prog_gone(__u32 id, int timeout_ms)
{
	int waited, fd;

	for (waited = 0; waited <= timeout_ms; waited += 20) {
		fd = bpf_prog_get_fd_by_id(id);
		if (fd < 0 && errno == ENOENT)
			return 0;
		if (fd >= 0)
			close(fd);
		usleep(20000);
	}
	return -1;
}

int send_udp_lo(int n, __u16 port)
{
	struct sockaddr_in to = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	char msg[32] = "bpflib";
	int fd, i;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return -errno;
	for (i = 0; i < n; i++)
		if (sendto(fd, msg, sizeof(msg), 0, (struct sockaddr *)&to, sizeof(to)) < 0)
			break;
	close(fd);
	return i == n ? 0 : -errno;
}

int unload_wait(struct bpflib_registry *reg, __u32 lib_id, int timeout_ms)
{
	int waited, err = -EBUSY;

	for (waited = 0; err == -EBUSY && waited <= timeout_ms; waited += 20) {
		err = bpflib_library__unload(reg, lib_id);
		if (err == -EBUSY)
			usleep(20000);
	}
	return err;
}

/* libbpf talks to stderr; the tests say what failed themselves. */
static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (!getenv("BPFLIB_TEST_VERBOSE"))
		return 0;
	fprintf(stderr, "# ");
	return vfprintf(stderr, fmt, ap);
}

static void __attribute__((constructor)) quiet_libbpf(void)
{
	libbpf_set_print(quiet_print);
}

int cleanup_after_test(const struct bpf_ids *before, char *why, size_t sz)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = 1,
		    .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);
	struct bpflib_registry *reg = bpflib_registry__open(NULL);
	struct bpflib_library_info *li;
	__u32 id = 0, ids[256];
	size_t nr = 0;
	glob_t g;
	size_t i;
	int err;

	/* Whatever a failed test left attached to lo or pinned. */
	bpf_xdp_detach(1, XDP_FLAGS_SKB_MODE, NULL);
	bpf_tc_hook_destroy(&hook);
	if (!glob("/sys/fs/bpf/bpflib_*", 0, NULL, &g)) {
		for (i = 0; i < g.gl_pathc; i++)
			unlink(g.gl_pathv[i]);
		globfree(&g);
	}

	if (!reg) {
		snprintf(why, sz, "open /dev/bpflib: %s", strerror(errno));
		return -1;
	}
	/* Newest first: a library that uses another was loaded after it. */
	while ((li = bpflib_registry__library_info(reg, id, BPFLIB_INFO_F_NEXT))) {
		id = li->info.lib_id;
		bpflib_library_info__free(li);
		if (nr < sizeof(ids) / sizeof(ids[0]))
			ids[nr++] = id;
	}
	while (nr--) {
		err = unload_wait(reg, ids[nr], 5000);
		if (err) {
			snprintf(why, sz, "library %u stays: %s", ids[nr],
				 bpflib_registry__errstr(reg));
			bpflib_registry__close(reg);
			return -1;
		}
	}
	bpflib_registry__close(reg);
	if (ids_wait_equal(before, 5000, why, sz)) {
		memmove(why + 8, why, strlen(why) + 1 < sz - 8 ? strlen(why) + 1 : sz - 8);
		memcpy(why, "leaked: ", 8);
		return -1;
	}
	return 0;
}

__u64 obj_global_u32(struct bpf_object *obj, const char *sec, int idx)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, sec);
	__u32 key = 0, val[64] = {};

	if (!map || bpf_map__value_size(map) > sizeof(val) || idx >= 64 ||
	    bpf_map_lookup_elem(bpf_map__fd(map), &key, val))
		return (__u64)-1;
	return val[idx];
}
