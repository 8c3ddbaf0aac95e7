// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * flowcount - count packets per IPv4 flow on an interface with the XDP
 * and tc consumers of libnet, linked at load time through bpflib.
 *
 *	flowcount -i IFACE [-d SECONDS] [-g COUNT]
 *
 * Needs the bpflib module and the libnet library loaded:
 *	insmod bpflib.ko && bpflib library load libnet.bpf.o
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <bpflib/bpflib.h>

/* Keys and values of the consumers' "flows" map (flow_count.h, libnet.h). */
struct flow {
	__u32 saddr, daddr;
	__u16 sport, dport;
	__u8 proto, pad[3];
};

struct flow_stats {
	__u64 packets, bytes;
	__u32 hash, bad_csum;
};

static struct bpf_object *load_linked(struct bpflib_registry *reg, const char *path)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	int n;

	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "flowcount: %s: cannot load\n", path);
		bpf_object__close(obj);
		return NULL;
	}
	n = bpflib_object__link(reg, obj, NULL);
	if (n < 0) {
		fprintf(stderr, "flowcount: %s: %s\n", path, bpflib_registry__errstr(reg));
		bpf_object__close(obj);
		return NULL;
	}
	printf("%s: linked %d imports\n", path, n);
	return obj;
}

static void send_udp(int count, __u16 port)
{
	struct sockaddr_in to = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int fd = socket(AF_INET, SOCK_DGRAM, 0), i;

	for (i = 0; fd >= 0 && i < count; i++)
		sendto(fd, "flowcount", 9, 0, (struct sockaddr *)&to, sizeof(to));
	if (fd >= 0)
		close(fd);
}

static void print_flows(const char *what, struct bpf_object *obj)
{
	int fd = bpf_map__fd(bpf_object__find_map_by_name(obj, "flows"));
	struct flow key, next, *prev = NULL;
	char src[INET_ADDRSTRLEN], dst[INET_ADDRSTRLEN];
	struct flow_stats st;

	printf("%s flows:\n", what);
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &st))
			continue;
		inet_ntop(AF_INET, &key.saddr, src, sizeof(src));
		inet_ntop(AF_INET, &key.daddr, dst, sizeof(dst));
		printf("  %s %s:%u -> %s:%u  packets %llu  bytes %llu  hash %08x  bad csum %u\n",
		       key.proto == IPPROTO_TCP ? "tcp" : "udp", src, ntohs(key.sport), dst,
		       ntohs(key.dport), (unsigned long long)st.packets,
		       (unsigned long long)st.bytes, st.hash, st.bad_csum);
	}
}

int main(int argc, char **argv)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, tc_opts);
	const char *dir = getenv("BPFLIB_BPF_DIR") ?: "bpf", *iface = NULL;
	struct bpf_object *xdp = NULL, *tc = NULL;
	struct bpflib_registry *reg;
	int opt, seconds = 3, gen = 0, ifindex, ret = 1;
	char path[512];

	while ((opt = getopt(argc, argv, "i:d:g:h")) != -1) {
		switch (opt) {
		case 'i':
			iface = optarg;
			break;
		case 'd':
			seconds = atoi(optarg);
			break;
		case 'g':
			gen = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: flowcount -i IFACE [-d SECONDS] [-g COUNT]\n"
				"  -g COUNT  send COUNT UDP datagrams to 127.0.0.1:4242 (for lo)\n");
			return opt == 'h' ? 0 : 2;
		}
	}
	ifindex = iface ? if_nametoindex(iface) : 0;
	if (!ifindex) {
		fprintf(stderr, "flowcount: -i IFACE: %s\n", iface ? strerror(errno) : "missing");
		return 2;
	}
	reg = bpflib_registry__open(NULL);
	if (!reg) {
		fprintf(stderr, "flowcount: /dev/bpflib: %s\n", strerror(errno));
		return 1;
	}
	snprintf(path, sizeof(path), "%s/xdp_flow.bpf.o", dir);
	xdp = load_linked(reg, path);
	snprintf(path, sizeof(path), "%s/tc_flow.bpf.o", dir);
	tc = load_linked(reg, path);
	if (!xdp || !tc)
		goto out;

	if (bpf_xdp_attach(ifindex, bpf_program__fd(bpf_object__find_program_by_name(xdp, "xdp_flow")),
			   XDP_FLAGS_SKB_MODE, NULL)) {
		fprintf(stderr, "flowcount: XDP on %s: %s\n", iface, strerror(errno));
		goto out;
	}
	hook.ifindex = ifindex;
	tc_opts.prog_fd = bpf_program__fd(bpf_object__find_program_by_name(tc, "tc_flow"));
	if ((bpf_tc_hook_create(&hook) && errno != EEXIST) || bpf_tc_attach(&hook, &tc_opts)) {
		fprintf(stderr, "flowcount: tc on %s: %s\n", iface, strerror(errno));
		goto detach;
	}
	printf("counting on %s for %d s\n", iface, seconds);
	if (gen)
		send_udp(gen, 4242);
	sleep(seconds);
	print_flows("xdp", xdp);
	print_flows("tc", tc);
	ret = 0;

	hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
	bpf_tc_hook_destroy(&hook);
detach:
	bpf_xdp_detach(ifindex, XDP_FLAGS_SKB_MODE, NULL);
out:
	bpf_object__close(xdp);
	bpf_object__close(tc);
	bpflib_registry__close(reg);
	return ret;
}
