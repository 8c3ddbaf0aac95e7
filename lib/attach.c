// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Where programs are attached: attaching a consumer to a hook with its link
 * pinned, finding every attachment of a program (links, XDP and tc
 * filters installed through netlink), and moving them to another program
 * in one step each, as the kernel allows per hook.
 */
#include <dirent.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "internal.h"

/* Newer than the 6.1 uapi headers this builds against (6.6). */
#define LINK_TCX	11
#define LINK_NETKIT	13
#define ATTACH_TCX_INGRESS 46
#define ATTACH_TCX_EGRESS 47

struct attachment {
	enum { ATT_LINK, ATT_XDP, ATT_TC } kind;
	int fd;			/* ATT_LINK */
	__u32 id, link_type;	/* ATT_LINK */
	int ifindex;		/* ATT_XDP, ATT_TC */
	__u32 xdp_mode;		/* ATT_XDP: XDP_FLAGS_{DRV,SKB,HW}_MODE */
	bool egress;		/* ATT_TC */
	__u32 handle, prio;	/* ATT_TC */
	bool moved;
};

struct attachments {
	struct attachment *a;
	int nr;
};

static struct attachment *att_new(struct attachments *as)
{
	struct attachment *a = realloc(as->a, (as->nr + 1) * sizeof(*a));

	if (!a)
		return NULL;
	as->a = a;
	a = &as->a[as->nr++];
	memset(a, 0, sizeof(*a));
	a->fd = -1;
	return a;
}

static void atts_free(struct attachments *as)
{
	int i;

	for (i = 0; i < as->nr; i++)
		if (as->a[i].fd >= 0)
			close(as->a[i].fd);
	free(as->a);
	as->a = NULL;
	as->nr = 0;
}

bool bpflib_link_updatable(__u32 type)
{
	return type == BPF_LINK_TYPE_XDP || type == BPF_LINK_TYPE_CGROUP ||
	       type == BPF_LINK_TYPE_NETNS || type == LINK_TCX || type == LINK_NETKIT;
}

/*
 * Add link @fd to @as if it is one of program @prog_id's (taking @fd), or
 * close it: 0 or -ENOMEM.
 */
static int link_add(int fd, __u32 prog_id, struct attachments *as, int *xdp_ifs, int *nr_xdp)
{
	struct bpf_link_info info = {};
	struct attachment *a;
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len) || info.prog_id != prog_id) {
		close(fd);
		return 0;
	}
	a = att_new(as);
	if (!a) {
		close(fd);
		return -ENOMEM;
	}
	a->kind = ATT_LINK;
	a->fd = fd;
	a->id = info.id;
	a->link_type = info.type;
	if (info.type == BPF_LINK_TYPE_XDP && *nr_xdp < 256)
		xdp_ifs[(*nr_xdp)++] = info.xdp.ifindex;
	return 0;
}

/*
 * The links pinned in @dir: where a caller without CAP_SYS_ADMIN, who may
 * not walk every link, keeps those it made (bpflib prog load ... attach).
 */
static int find_pinned_links(const char *dir, __u32 prog_id, struct attachments *as,
			     int *xdp_ifs, int *nr_xdp)
{
	char path[PATH_MAX];
	struct dirent *e;
	int fd, err = 0;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while (!err && (e = readdir(d))) {
		if (e->d_name[0] == '.' ||
		    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int)sizeof(path))
			continue;
		fd = bpf_obj_get(path);
		if (fd >= 0)
			err = link_add(fd, prog_id, as, xdp_ifs, nr_xdp);
	}
	closedir(d);
	return err;
}

/* Every link of program @prog_id; *@xdp_links gets the ifindexes of XDP ones. */
static int find_links(__u32 prog_id, const char *links_dir, struct attachments *as,
		      int *xdp_ifs, int *nr_xdp)
{
	struct bpf_link_info info;
	struct attachment *a;
	__u32 id = 0, len;
	int fd;

	if (bpf_link_get_next_id(id, &id) && errno == EPERM && links_dir)
		return find_pinned_links(links_dir, prog_id, as, xdp_ifs, nr_xdp);
	for (id = 0; !bpf_link_get_next_id(id, &id);) {
		fd = bpf_link_get_fd_by_id(id);
		if (fd < 0)
			continue;	/* gone meanwhile */
		memset(&info, 0, sizeof(info));
		len = sizeof(info);
		if (bpf_obj_get_info_by_fd(fd, &info, &len) || info.prog_id != prog_id) {
			close(fd);
			continue;
		}
		a = att_new(as);
		if (!a) {
			close(fd);
			return -ENOMEM;
		}
		a->kind = ATT_LINK;
		a->fd = fd;
		a->id = id;
		a->link_type = info.type;
		if (info.type == BPF_LINK_TYPE_XDP && *nr_xdp < 256)
			xdp_ifs[(*nr_xdp)++] = info.xdp.ifindex;
	}
	return errno == ENOENT ? 0 : -errno;
}

/* XDP programs installed through netlink (not by links) on every interface. */
static int find_xdp(__u32 prog_id, struct attachments *as, const int *xdp_ifs, int nr_xdp)
{
	static const __u32 modes[] = { XDP_FLAGS_SKB_MODE, XDP_FLAGS_DRV_MODE, XDP_FLAGS_HW_MODE };
	struct if_nameindex *ifs = if_nameindex(), *i;
	struct attachment *a;
	__u32 ids[3];
	int k, err = 0;

	if (!ifs)
		return -errno;
	for (i = ifs; i->if_index && !err; i++) {
		LIBBPF_OPTS(bpf_xdp_query_opts, q);

		for (k = 0; k < nr_xdp && xdp_ifs[k] != (int)i->if_index; k++)
			;
		if (k < nr_xdp || bpf_xdp_query(i->if_index, 0, &q))
			continue;	/* a link's; or gone */
		ids[0] = q.skb_prog_id;
		ids[1] = q.drv_prog_id;
		ids[2] = q.hw_prog_id;
		for (k = 0; k < 3; k++) {
			if (ids[k] != prog_id)
				continue;
			a = att_new(as);
			if (!a) {
				err = -ENOMEM;
				break;
			}
			a->kind = ATT_XDP;
			a->ifindex = i->if_index;
			a->xdp_mode = modes[k];
		}
	}
	if_freenameindex(ifs);
	return err;
}

/* Walk the attributes of one tc filter: its program id and whether it is direct-action. */
static void tc_filter_attrs(struct nlmsghdr *h, __u32 *id, bool *bpf, bool *da)
{
	struct tcmsg *t = NLMSG_DATA(h);
	struct rtattr *rta = (struct rtattr *)((char *)t + NLMSG_ALIGN(sizeof(*t))), *o;
	int len = h->nlmsg_len - NLMSG_LENGTH(sizeof(*t)), olen;

	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		if (rta->rta_type == TCA_KIND)
			*bpf = !strcmp(RTA_DATA(rta), "bpf");
		if (rta->rta_type != TCA_OPTIONS)
			continue;
		olen = RTA_PAYLOAD(rta);
		for (o = RTA_DATA(rta); RTA_OK(o, olen); o = RTA_NEXT(o, olen)) {
			if (o->rta_type == TCA_BPF_ID)
				*id = *(__u32 *)RTA_DATA(o);
			if (o->rta_type == TCA_BPF_FLAGS)
				*da = *(__u32 *)RTA_DATA(o) & TCA_BPF_FLAG_ACT_DIRECT;
		}
	}
}

/*
 * tc bpf filters of program @prog_id on @ifindex's clsact hook, from a
 * netlink dump (as "tc filter show" asks).  Filters that libbpf could not
 * replace as they are (another protocol than all, not direct-action) are
 * counted in *@odd and left.
 */
static int find_tc_dev(__u32 prog_id, int ifindex, bool egress, struct attachments *as,
		       int *odd)
{
	struct {
		struct nlmsghdr n;
		struct tcmsg t;
	} req = {
		.n = {
			.nlmsg_len = NLMSG_LENGTH(sizeof(struct tcmsg)),
			.nlmsg_type = RTM_GETTFILTER,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			.nlmsg_seq = 1,
		},
		.t = {
			.tcm_family = AF_UNSPEC,
			.tcm_ifindex = ifindex,
			.tcm_parent = TC_H_MAKE(TC_H_CLSACT,
						egress ? TC_H_MIN_EGRESS : TC_H_MIN_INGRESS),
		},
	};
	struct attachment *a;
	struct nlmsghdr *h;
	char buf[16384] __attribute__((aligned(4)));
	int sk, len, err = 0;
	bool done = false;

	sk = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (sk < 0)
		return -errno;
	if (send(sk, &req, req.n.nlmsg_len, 0) < 0) {
		err = -errno;
		goto out;
	}
	while (!done && !err) {
		len = recv(sk, buf, sizeof(buf), 0);
		if (len < 0) {
			err = -errno;
			break;
		}
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			struct tcmsg *t = NLMSG_DATA(h);
			bool bpf = false, da = false;
			__u32 id = 0;

			if (h->nlmsg_type == NLMSG_DONE) {
				done = true;
				break;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				err = ((struct nlmsgerr *)NLMSG_DATA(h))->error;
				/* No clsact qdisc: no filters. */
				if (err == -EINVAL || err == -ENOENT)
					err = 0;
				done = true;
				break;
			}
			if (h->nlmsg_type != RTM_NEWTFILTER)
				continue;
			tc_filter_attrs(h, &id, &bpf, &da);
			if (!bpf || id != prog_id)
				continue;
			if (!da || TC_H_MIN(t->tcm_info) != htons(ETH_P_ALL)) {
				(*odd)++;
				continue;
			}
			a = att_new(as);
			if (!a) {
				err = -ENOMEM;
				break;
			}
			a->kind = ATT_TC;
			a->ifindex = ifindex;
			a->egress = egress;
			a->handle = t->tcm_handle;
			a->prio = TC_H_MAJ(t->tcm_info) >> 16;
		}
	}
out:
	close(sk);
	return err;
}

static int find_tc(__u32 prog_id, struct attachments *as, int *odd)
{
	struct if_nameindex *ifs = if_nameindex(), *i;
	int err = 0;

	if (!ifs)
		return -errno;
	for (i = ifs; i->if_index && !err; i++)
		err = find_tc_dev(prog_id, i->if_index, false, as, odd) ?:
		      find_tc_dev(prog_id, i->if_index, true, as, odd);
	if_freenameindex(ifs);
	return err;
}

/* Point @a from program @from_fd to @to_fd, in one step. */
static int att_move(const struct attachment *a, int from_fd, int to_fd)
{
	switch (a->kind) {
	case ATT_LINK: {
		LIBBPF_OPTS(bpf_link_update_opts, o, .flags = BPF_F_REPLACE,
			    .old_prog_fd = from_fd);

		return bpf_link_update(a->fd, to_fd, &o) ? -errno : 0;
	}
	case ATT_XDP: {
		LIBBPF_OPTS(bpf_xdp_attach_opts, o, .old_prog_fd = from_fd);

		return bpf_xdp_attach(a->ifindex, to_fd, a->xdp_mode | XDP_FLAGS_REPLACE, &o) ?
		       -errno : 0;
	}
	case ATT_TC: {
		LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = a->ifindex,
			    .attach_point = a->egress ? BPF_TC_EGRESS : BPF_TC_INGRESS);
		LIBBPF_OPTS(bpf_tc_opts, o, .handle = a->handle, .priority = a->prio,
			    .prog_fd = to_fd, .flags = BPF_TC_F_REPLACE);

		return bpf_tc_attach(&hook, &o) ? -errno : 0;
	}
	}
	return -EINVAL;
}

static void att_str(const struct attachment *a, char *buf, size_t size)
{
	char ifname[IF_NAMESIZE] = "?";

	if (a->kind != ATT_LINK)
		if_indextoname(a->ifindex, ifname);
	if (a->kind == ATT_LINK)
		snprintf(buf, size, "link %u", a->id);
	else if (a->kind == ATT_XDP)
		snprintf(buf, size, "XDP on %s", ifname);
	else
		snprintf(buf, size, "tc %s filter on %s (handle %#x, priority %u)",
			 a->egress ? "egress" : "ingress", ifname, a->handle, a->prio);
}

int bpflib_prog__replace(struct bpflib_registry *reg, int old_fd, int new_fd,
			 struct bpflib_replace_opts *opts)
{
	struct bpf_prog_info old, new;
	struct attachments as = {};
	int xdp_ifs[256], nr_xdp = 0, odd = 0, moved = 0, left = 0, err, i;
	char what[96];

	reg->errstr[0] = '\0';
	if (!OPTS_VALID(opts, bpflib_replace_opts))
		return bpflib_seterr(reg, -EINVAL, "invalid options");
	err = bpflib_prog_fd_info(reg, old_fd, &old) ?: bpflib_prog_fd_info(reg, new_fd, &new);
	if (err)
		return err;
	if (old.type != new.type)
		return bpflib_seterr(reg, -EINVAL,
				     "program %u (%s) cannot take the place of program %u (%s): their types differ",
				     new.id, new.name, old.id, old.name);
	if (old.id == new.id)
		return bpflib_seterr(reg, -EINVAL, "program %u (%s) would replace itself",
				     old.id, old.name);
	err = find_links(old.id, OPTS_GET(opts, links_dir, NULL), &as, xdp_ifs, &nr_xdp);
	if (!err && old.type == BPF_PROG_TYPE_XDP)
		err = find_xdp(old.id, &as, xdp_ifs, nr_xdp);
	if (!err && old.type == BPF_PROG_TYPE_SCHED_CLS)
		err = find_tc(old.id, &as, &odd);
	if (err) {
		bpflib_seterr(reg, err, "finding where program %u (%s) is attached: %s%s",
			      old.id, old.name, errstr(err), err == -EPERM ?
			      " (walking every link needs CAP_SYS_ADMIN; name the directory its links are pinned in: bpflib_replace_opts.links_dir)" :
			      "");
		goto out;
	}
	for (i = 0; i < as.nr; i++) {
		if (as.a[i].kind == ATT_LINK && !bpflib_link_updatable(as.a[i].link_type)) {
			left++;
			continue;
		}
		err = att_move(&as.a[i], old_fd, new_fd);
		if (err) {
			att_str(&as.a[i], what, sizeof(what));
			bpflib_seterr(reg, err,
				      "moving %s from program %u (%s) to %u: %s; what was moved is back",
				      what, old.id, old.name, new.id, errstr(err));
			break;
		}
		as.a[i].moved = true;
		moved++;
	}
	if (err) {
		/* Undo this call's own moves, and only those. */
		for (i = 0; i < as.nr; i++)
			if (as.a[i].moved)
				att_move(&as.a[i], new_fd, old_fd);
		goto out;
	}
	if (opts) {
		opts->nr_left = left + odd;
		opts->nr_moved = moved;
	}
	err = moved;
out:
	atts_free(&as);
	return err;
}

/* DIR/links, made if missing. */
static int links_dir(struct bpflib_registry *reg, const char *pin_dir, char *buf, size_t size)
{
	if (snprintf(buf, size, "%s/links", pin_dir) >= (int)size)
		return bpflib_seterr(reg, -ENAMETOOLONG, "%s: name too long", pin_dir);
	if (mkdir(buf, 0700) && errno != EEXIST)
		return bpflib_seterr(reg, -errno, "mkdir %s: %s", buf, errstr(-errno));
	return 0;
}

int bpflib_link_pin_path(struct bpflib_registry *reg, const char *pin_dir, const char *prog,
			 char *buf, size_t size)
{
	char dir[PATH_MAX];
	struct stat st;
	int err, n;

	err = links_dir(reg, pin_dir, dir, sizeof(dir));
	if (err)
		return err;
	for (n = 0; n < 1000; n++) {
		if (snprintf(buf, size, "%s/%s_%d", dir, prog, n) >= (int)size)
			return bpflib_seterr(reg, -ENAMETOOLONG, "%s: name too long", dir);
		if (lstat(buf, &st) && errno == ENOENT)
			return 0;
	}
	return bpflib_seterr(reg, -ENOSPC, "%s: no free name for a link of %s", dir, prog);
}

/* A tcx link's fd (6.6), or -1 and a cls_bpf filter before tcx; or -errno. */
static int attach_tc(struct bpf_program *prog, int ifindex, bool egress)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
		    .attach_point = egress ? BPF_TC_EGRESS : BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, o, .prog_fd = bpf_program__fd(prog));
	int fd, err;

	/* tcx: a link, which bpf_link_update() can move in one step (libbpf 1.1 has no call). */
	fd = bpf_link_create(bpf_program__fd(prog), ifindex,
			     egress ? ATTACH_TCX_EGRESS : ATTACH_TCX_INGRESS, NULL);
	if (fd >= 0)
		return fd;
	if (errno != EINVAL)
		return -errno;
	/* Before tcx: a cls_bpf filter, direct-action, on the clsact qdisc. */
	err = bpf_tc_hook_create(&hook);
	if (err && err != -EEXIST)
		return err;
	err = bpf_tc_attach(&hook, &o);
	return err ?: -1;
}

int bpflib_attach_auto_pinned(struct bpf_program *const *progs, const char *const *paths, int n,
			      const char *const *then_unpin)
{
	struct bpf_link *link;
	int status, err = 0, i;
	pid_t pid;

	/*
	 * In a child: libbpf's perf-event links (kprobe, tracepoint) hold a
	 * perf event fd that their destroy disables, and that disconnecting
	 * would leak into the caller.  The child's exit closes both; the pin
	 * holds the link, and the link its perf event.  One child for all:
	 * a fork is the slow part.
	 */
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		for (i = 0; !err && i < n; i++) {
			link = bpf_program__attach(progs[i]);
			err = link ? bpf_link__pin(link, paths[i]) : -errno;
		}
		/* Undo this child's own pins, and only those. */
		while (err && --i > 0)
			unlink(paths[i - 1]);
		/* All made: the old go now, before the child's exit is waited for. */
		for (i = 0; !err && then_unpin && i < n; i++)
			unlink(then_unpin[i]);
		_exit(err ? (-err & 0xff ?: EINVAL) : 0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -errno;
	if (!WIFEXITED(status))
		return -EINTR;
	return -WEXITSTATUS(status);
}

static bool cgroup_type(enum bpf_prog_type t)
{
	return t == BPF_PROG_TYPE_CGROUP_SKB || t == BPF_PROG_TYPE_CGROUP_SOCK ||
	       t == BPF_PROG_TYPE_CGROUP_DEVICE || t == BPF_PROG_TYPE_CGROUP_SOCK_ADDR ||
	       t == BPF_PROG_TYPE_CGROUP_SYSCTL || t == BPF_PROG_TYPE_CGROUP_SOCKOPT ||
	       t == BPF_PROG_TYPE_SOCK_OPS;
}

int bpflib_program__attach(struct bpflib_registry *reg, struct bpf_program *prog,
			   const char *pin_dir, const struct bpflib_attach_opts *opts)
{
	enum bpflib_hook hook = OPTS_GET(opts, hook, BPFLIB_HOOK_AUTO);
	const char *target = OPTS_GET(opts, target, NULL);
	__u32 xdp_flags = OPTS_GET(opts, xdp_flags, 0);
	const char *name = bpf_program__name(prog);
	enum bpf_prog_type type = bpf_program__type(prog);
	struct bpf_link *link = NULL;
	char path[PATH_MAX];
	int ifindex = 0, fd = -1, cg, err = 0;

	reg->errstr[0] = '\0';
	if (!OPTS_VALID(opts, bpflib_attach_opts) || !pin_dir || hook > BPFLIB_HOOK_CGROUP ||
	    (hook != BPFLIB_HOOK_AUTO && !target) || (hook == BPFLIB_HOOK_AUTO && target) ||
	    (xdp_flags && hook != BPFLIB_HOOK_XDP))
		return bpflib_seterr(reg, -EINVAL, "invalid arguments");
	if (bpf_program__fd(prog) < 0)
		return bpflib_seterr(reg, -EINVAL, "program %s is not loaded", name);
	if ((hook == BPFLIB_HOOK_XDP && type != BPF_PROG_TYPE_XDP) ||
	    ((hook == BPFLIB_HOOK_TC_INGRESS || hook == BPFLIB_HOOK_TC_EGRESS) &&
	     type != BPF_PROG_TYPE_SCHED_CLS) ||
	    (hook == BPFLIB_HOOK_CGROUP && !cgroup_type(type)))
		return bpflib_seterr(reg, -EINVAL,
				     "program %s is a %s program: it cannot attach to %s",
				     name, libbpf_bpf_prog_type_str(type),
				     hook == BPFLIB_HOOK_XDP ? "XDP" : hook == BPFLIB_HOOK_CGROUP ?
				     "a cgroup" : "tc");
	if (hook == BPFLIB_HOOK_XDP || hook == BPFLIB_HOOK_TC_INGRESS ||
	    hook == BPFLIB_HOOK_TC_EGRESS) {
		ifindex = if_nametoindex(target);
		if (!ifindex)
			return bpflib_seterr(reg, -ENODEV, "no network interface '%s'", target);
	}
	err = bpflib_link_pin_path(reg, pin_dir, name, path, sizeof(path));
	if (err)
		return err;
	switch (hook) {
	case BPFLIB_HOOK_XDP: {
		LIBBPF_OPTS(bpf_link_create_opts, lo, .flags = xdp_flags);

		fd = bpf_link_create(bpf_program__fd(prog), ifindex, BPF_XDP, &lo);
		err = fd < 0 ? -errno : 0;
		break;
	}
	case BPFLIB_HOOK_TC_INGRESS:
	case BPFLIB_HOOK_TC_EGRESS:
		fd = attach_tc(prog, ifindex, hook == BPFLIB_HOOK_TC_EGRESS);
		err = fd < -1 ? fd : 0;
		break;
	case BPFLIB_HOOK_CGROUP:
		cg = open(target, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cg < 0)
			return bpflib_seterr(reg, -errno, "cgroup %s: %s", target, errstr(-errno));
		link = bpf_program__attach_cgroup(prog, cg);
		err = link ? 0 : -errno;
		close(cg);
		break;
	default:
		err = bpflib_attach_auto_pinned(&prog, (const char *const[]){ path }, 1, NULL);
		if (err == -EOPNOTSUPP || err == -ESRCH)
			return bpflib_seterr(reg, err,
					     "program %s (section %s): libbpf cannot attach it by its section name alone: name the hook (xdp dev IF, tc ingress dev IF, cgroup PATH)",
					     name, bpf_program__section_name(prog));
		if (!err)
			return 1;
		break;
	}
	if (err)
		return bpflib_seterr(reg, err, "attaching program %s%s%s: %s", name,
				     target ? " to " : "", target ?: "", errstr(err));
	if (link)
		fd = bpf_link__fd(link);
	if (fd < 0)
		return 0;	/* a tc filter: it lives in the qdisc */
	err = bpf_obj_pin(fd, path) ? -errno : 0;
	if (err)
		bpflib_seterr(reg, err, "pin %s: %s", path, errstr(err));
	/* Pinned, the link outlives the fd; else closing it detaches. */
	if (link)
		bpf_link__destroy(link);
	else
		close(fd);
	return err ?: 1;
}

/* Take program @fd off the netlink hooks (XDP, tc) it is attached to. */
static int detach_netlink(struct bpflib_registry *reg, int fd)
{
	struct bpf_prog_info info;
	struct attachments as = {};
	int xdp_ifs[1] = { 0 }, odd = 0, i, err;

	if (bpflib_prog_fd_info(reg, fd, &info))
		return 0;	/* a map */
	reg->errstr[0] = '\0';
	err = info.type == BPF_PROG_TYPE_XDP ? find_xdp(info.id, &as, xdp_ifs, 0) :
	      info.type == BPF_PROG_TYPE_SCHED_CLS ? find_tc(info.id, &as, &odd) : 0;
	for (i = 0; !err && i < as.nr; i++) {
		if (as.a[i].kind == ATT_XDP) {
			LIBBPF_OPTS(bpf_xdp_attach_opts, o, .old_prog_fd = fd);

			err = bpf_xdp_attach(as.a[i].ifindex, -1, as.a[i].xdp_mode |
					     XDP_FLAGS_REPLACE, &o) ? -errno : 0;
			/*
			 * A link's: one just unpinned and on its way out (the
			 * kernel drops a link's id before it detaches), or one
			 * held elsewhere, which is not ours to take down
			 * (EBUSY); or no longer this program there (EEXIST:
			 * that link went meanwhile, or another program took
			 * the hook, which XDP_FLAGS_REPLACE leaves alone).
			 */
			if (err == -EBUSY || err == -EEXIST)
				err = 0;
		} else {
			LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = as.a[i].ifindex,
				    .attach_point = as.a[i].egress ? BPF_TC_EGRESS : BPF_TC_INGRESS);
			LIBBPF_OPTS(bpf_tc_opts, o, .handle = as.a[i].handle,
				    .priority = as.a[i].prio);

			err = bpf_tc_detach(&hook, &o);
		}
	}
	atts_free(&as);
	if (err)
		return bpflib_seterr(reg, err, "detaching program %u (%s): %s", info.id,
				     info.name, errstr(err));
	return 0;
}

/* Unpin every entry of @dir (one level), then @dir itself. */
static int unpin_dir(struct bpflib_registry *reg, const char *dir, bool netlink)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d = opendir(dir);
	int err = 0, fd;

	if (!d)
		return errno == ENOENT ? 0 : bpflib_seterr(reg, -errno, "%s: %s", dir,
							   errstr(-errno));
	while (!err && (de = readdir(d))) {
		if (de->d_name[0] == '.' || de->d_type == DT_DIR)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (netlink) {
			fd = bpf_obj_get(path);
			if (fd >= 0) {
				err = detach_netlink(reg, fd);
				close(fd);
			}
		}
		if (!err && unlink(path))
			err = bpflib_seterr(reg, -errno, "unpin %s: %s", path, errstr(-errno));
	}
	closedir(d);
	if (!err && rmdir(dir))
		err = bpflib_seterr(reg, -errno, "rmdir %s: %s", dir, errstr(-errno));
	return err;
}

/*
 * A consumer's directory, as 'prog load' makes it: pins, and "links" with
 * pins in it; not a mount's root.  Anything else is not ours to empty.
 */
static int check_pin_dir(struct bpflib_registry *reg, const char *pin_dir, const char *links)
{
	char parent[PATH_MAX + 4];
	struct stat st, up;
	struct dirent *de;
	DIR *d;
	int err = 0;

	if (stat(pin_dir, &st) || !S_ISDIR(st.st_mode))
		return bpflib_seterr(reg, errno == ENOENT ? -ENOENT : -ENOTDIR,
				     "%s: not a directory", pin_dir);
	snprintf(parent, sizeof(parent), "%s/..", pin_dir);
	if (stat(parent, &up) || up.st_dev != st.st_dev || up.st_ino == st.st_ino)
		return bpflib_seterr(reg, -EINVAL,
				     "%s is the root of a mount, not a consumer's directory of pins",
				     pin_dir);
	d = opendir(pin_dir);
	while (d && !err && (de = readdir(d)))
		if (de->d_type == DT_DIR && strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
		    strcmp(de->d_name, "links"))
			err = bpflib_seterr(reg, -EINVAL,
					    "%s holds directory '%s': not a consumer's directory of pins ('bpflib prog load FILE pin DIR' makes those); nothing was detached",
					    pin_dir, de->d_name);
	if (d)
		closedir(d);
	d = err ? NULL : opendir(links);
	while (d && !err && (de = readdir(d)))
		if (de->d_type == DT_DIR && strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			err = bpflib_seterr(reg, -EINVAL,
					    "%s holds directory '%s': not a consumer's links; nothing was detached",
					    links, de->d_name);
	if (d)
		closedir(d);
	return err;
}

int bpflib_pin_dir__detach(struct bpflib_registry *reg, const char *pin_dir)
{
	char links[PATH_MAX];
	int err;

	reg->errstr[0] = '\0';
	if (!pin_dir)
		return bpflib_seterr(reg, -EINVAL, "invalid arguments");
	if (snprintf(links, sizeof(links), "%s/links", pin_dir) >= (int)sizeof(links))
		return bpflib_seterr(reg, -ENAMETOOLONG, "%s: name too long", pin_dir);
	err = check_pin_dir(reg, pin_dir, links);
	if (err)
		return err;
	/* Links first: then nothing runs the programs from their hooks. */
	return unpin_dir(reg, links, false) ?: unpin_dir(reg, pin_dir, true);
}
