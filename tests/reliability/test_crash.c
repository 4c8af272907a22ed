/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Crash durability.  Usage: test_crash MODE BACKEND [ROUNDS]
 *
 * kill9: a child process runs card updates (card row + journal entry +
 *   request id, one store commit each) and writes an ack line to a pipe
 *   only after ssc_store_commit() returned; the parent kills it with
 *   SIGKILL at a random moment, reopens the store and checks that every
 *   acknowledged operation is present (its request id is recorded, its
 *   journal sequence exists), that at most one unacknowledged operation
 *   per round got in, that every card's journal is exactly 1..revision,
 *   and that ssc_store_health() (PRAGMA integrity_check on SQLite) passes.
 *   BACKEND: sqlite or postgresql (skipped, 77, without SSC_TEST_PG or a
 *   PostgreSQL backend).
 *
 * powerloss: the same workload through the lying-disk VFS shim
 *   (lying_vfs.c, opened as sqlite:PATH?vfs=lying): at a random write or
 *   sync the child "loses power": a random subset of the unsynced writes
 *   reaches the file, the rest is dropped, and the process ends.  Same
 *   checks.  SQLite only.
 *
 * ioerr: in-process, through the same shim: for k = 1, 2, … the k-th
 *   write or sync of one card update fails with an I/O error
 *   (SQLITE_IOERR_WRITE / SQLITE_IOERR_FSYNC), until k passes the
 *   operation's writes and syncs.  After each fault the store is closed
 *   and reopened: health ok, journals intact, and the operation is either
 *   absent or complete; a retry with the same request id then succeeds,
 *   or is refused with SSC_EEXISTS when the failed commit had in fact
 *   reached the file (a later sync wrote it), and the request is recorded.
 *
 * Prints one line of figures (rounds, acknowledged, in-flight extras,
 * writes dropped).
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#include "rel_common.h"
#include "lying_vfs.h"

#define NCARDS 4
#define MAX_ACKS 200000

struct ack {
	int card;
	long long seq;
	char req[40];
};

static char card_ids[NCARDS][37];
static struct ack *acks;
static size_t n_acks;
static long long writes_dropped;

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* The child's loop: never returns. */
static void
child(int fd, const char *uri, int round, long max_ops, bool powerloss)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	ssc_store *st = NULL;
	long i;

	if (!ctx || rel_open(&st, ctx, uri) != 0)
		_exit(3);
	for (i = 0; max_ops == 0 || i < max_ops; i++) {
		char req[40], eid[37], line[96];
		int card = (int)(i % NCARDS);
		int64_t seq = 0;
		ssc_status rc;
		int n;

		snprintf(req, sizeof(req), "r%d-%ld", round, i);
		rel_uuid(eid, 0x10000u + (unsigned)round, (unsigned)i);
		rc = rel_card_update(&seq, st, card_ids[card], req, eid);
		if (rc != SSC_OK) {
			ssc_test_print_error("update", rc);
			_exit(4);
		}
		n = snprintf(line, sizeof(line), "%d %lld %s\n", card,
			     (long long)seq, req);
		if (write(fd, line, (size_t)n) != n)
			_exit(5);
	}
	if (powerloss)
		lying_vfs_arm(0, 0, 0);
	ssc_store_free(st);
	ssc_ctx_free(ctx);
	_exit(0);
}

static void
read_acks(int fd)
{
	static char buf[1 << 16];
	size_t have = 0;
	ssize_t n;

	for (;;) {
		char *p, *nl;
		n = read(fd, buf + have, sizeof(buf) - 1 - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		have += (size_t)n;
		buf[have] = '\0';
		p = buf;
		while ((nl = strchr(p, '\n'))) {
			struct ack *a = &acks[n_acks];
			*nl = '\0';
			if (p[0] == 'D')
				writes_dropped += atoll(p + 2);
			else if (n_acks < MAX_ACKS &&
			    sscanf(p, "%d %lld %39s", &a->card, &a->seq,
				   a->req) == 3)
				n_acks++;
			p = nl + 1;
		}
		have = (size_t)(buf + have - p);
		memmove(buf, p, have);
	}
}

/* Verify after a round: 0 or 1. */
static int
verify(const char *uri, size_t first_ack, long long *total_rev)
{
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	ssc_store *st = NULL;
	int bad = 0, i;
	size_t k;

	if (!ctx || rel_open(&st, ctx, uri) != 0) {
		fprintf(stderr, "reopen failed\n");
		ssc_ctx_free(ctx);
		return 1;
	}
	if (!rel_health_ok(st))
		bad = 1;
	*total_rev = 0;
	for (i = 0; i < NCARDS; i++) {
		long n = rel_journal_check(st, card_ids[i]);
		if (n < 0)
			bad = 1;
		else
			*total_rev += n;
	}
	for (k = first_ack; k < n_acks && !bad; k++) {
		ssc_buf res = SSC_BUF_INIT;
		ssc_store_card c = SSC_STORE_CARD_INIT;
		if (ssc_store_request_lookup(&res, st, acks[k].req) != SSC_OK) {
			fprintf(stderr, "acknowledged %s lost\n", acks[k].req);
			bad = 1;
		}
		if (ssc_store_load_by_id(&c, st, card_ids[acks[k].card]) !=
			    SSC_OK ||
		    c.revision < acks[k].seq) {
			fprintf(stderr, "card %d: revision %lld < acked %lld\n",
				acks[k].card, (long long)c.revision,
				acks[k].seq);
			bad = 1;
		}
		ssc_store_card_dispose(&c);
		ssc_buf_dispose(&res);
	}
	ssc_store_free(st);
	ssc_ctx_free(ctx);
	return bad;
}

/* The I/O-error loop (mode ioerr); 0 or 1. */
static int
run_ioerr(const char *uri, const char *vfs_uri)
{
	long k, faults = 0, applied_anyway = 0;
	unsigned gen = 0;

	if (lying_vfs_register("lying") != 0)
		return 1;
	for (k = 1;; k++, gen++) {
		ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
		ssc_store *st = NULL;
		char req[40], eid[37];
		ssc_buf res = SSC_BUF_INIT;
		long before;
		ssc_status rc, rc2;
		int i;

		snprintf(req, sizeof(req), "io-%u", gen);
		rel_uuid(eid, 0x10e0u, gen);
		if (!ctx || rel_open(&st, ctx, vfs_uri) != 0)
			return 1;
		before = lying_vfs_failed();
		lying_vfs_fail(k);
		rc = rel_card_update(NULL, st, card_ids[gen % NCARDS], req, eid);
		lying_vfs_fail(0);
		ssc_store_free(st);
		st = NULL;
		if (lying_vfs_failed() == before) {
			ssc_ctx_free(ctx);
			if (rc != SSC_OK) {
				ssc_test_print_error("update without a fault", rc);
				return 1;
			}
			break;
		}
		faults++;
		/* reopen: healthy, every journal intact */
		if (rel_open(&st, ctx, uri) != 0 || !rel_health_ok(st))
			return 1;
		for (i = 0; i < NCARDS; i++)
			if (rel_journal_check(st, card_ids[i]) < 0)
				return 1;
		rc2 = ssc_store_request_lookup(&res, st, req);
		ssc_buf_dispose(&res);
		if (rc == SSC_OK && rc2 != SSC_OK) {
			fprintf(stderr, "k=%ld: acknowledged update lost\n", k);
			return 1;
		}
		/* the retry completes it exactly once */
		rc = rel_card_update(NULL, st, card_ids[gen % NCARDS], req, eid);
		if (rc2 == SSC_OK) {
			applied_anyway++;
			if (rc != SSC_EEXISTS) {
				fprintf(stderr, "k=%ld: retry of a recorded "
						"request gave %d\n", k, rc);
				return 1;
			}
		} else if (rc != SSC_OK) {
			ssc_test_print_error("retry", rc);
			return 1;
		}
		if (ssc_store_request_lookup(&res, st, req) != SSC_OK)
			return 1;
		ssc_buf_dispose(&res);
		for (i = 0; i < NCARDS; i++)
			if (rel_journal_check(st, card_ids[i]) < 0)
				return 1;
		ssc_store_free(st);
		ssc_ctx_free(ctx);
		if (k > 10000)
			return 1;
	}
	printf("ioerr sqlite: %ld I/O errors injected (one per write/sync of "
	       "an update), %ld failed commits found complete on reopen, "
	       "health ok, journals intact, every retry exactly once\n",
	       faults, applied_anyway);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "kill9";
	const char *kind = argc > 2 ? argv[2] : "sqlite";
	int rounds = argc > 3 ? atoi(argv[3]) : 200;
	bool powerloss = strcmp(mode, "powerloss") == 0;
	bool ioerr = strcmp(mode, "ioerr") == 0;
	char dir[256], uri[1400], child_uri[1500];
	ssc_ctx *ctx;
	ssc_store *st = NULL;
	long long total_rev = 0, extras = 0, crashes = 0, dropped_rounds = 0;
	int r, rc, i;
	struct timespec t0, t1;

	signal(SIGPIPE, SIG_IGN);
	if ((powerloss || ioerr) && strcmp(kind, "sqlite") != 0) {
		printf("%s: SQLite only\n", mode);
		return REL_SKIP;
	}
	rel_tmpdir(dir, sizeof(dir), "crash");
	if ((rc = rel_store_uri(uri, sizeof(uri), kind, dir, mode)) != 0) {
		printf("%s: backend %s not available here\n", mode, kind);
		rmdir(dir);
		return rc;
	}
	acks = calloc(MAX_ACKS, sizeof(*acks));
	ctx = ssc_test_ctx(NULL, NULL, NULL);
	if (!acks || !ctx)
		return 1;
	if ((rc = rel_open(&st, ctx, uri)) != 0) {
		ssc_ctx_free(ctx);
		free(acks);
		rmdir(dir);
		return rc;
	}
	for (i = 0; i < NCARDS; i++)
		if (rel_card_create(st, (unsigned)i, card_ids[i]) != SSC_OK) {
			ssc_test_print_error("create", ssc_error_last()->code);
			return 1;
		}
	ssc_store_free(st);
	ssc_ctx_free(ctx);
	if (powerloss || ioerr)
		snprintf(child_uri, sizeof(child_uri), "%s?vfs=lying", uri);
	else
		snprintf(child_uri, sizeof(child_uri), "%s", uri);
	if (ioerr) {
		rc = run_ioerr(uri, child_uri);
		rounds = 0;
		if (rc != 0)
			return rc;
	}

	srand((unsigned)getpid());
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (r = 0; r < rounds; r++) {
		int fds[2], wst = 0;
		size_t first = n_acks;
		long long before = total_rev ? total_rev : NCARDS;
		pid_t pid;

		if (pipe(fds) != 0)
			return 1;
		fflush(NULL);
		pid = fork();
		if (pid < 0)
			return 1;
		if (pid == 0) {
			close(fds[0]);
			srand((unsigned)getpid() * 2654435761u ^ (unsigned)r);
			if (powerloss) {
				if (lying_vfs_register("lying") != 0)
					_exit(6);
				/* crash at a random write/sync: early ones hit
				 * the open and the first commits */
				lying_vfs_arm(1 + rand() % 600,
					      (unsigned)rand(), 0);
				lying_vfs_report_fd(fds[1]);
				child(fds[1], child_uri, r, 80, true);
			}
			child(fds[1], child_uri, r, 0, false);
		}
		close(fds[1]);
		if (!powerloss) {
			sleep_ms(10 + rand() % 50);
			kill(pid, SIGKILL);
		}
		read_acks(fds[0]);
		close(fds[0]);
		waitpid(pid, &wst, 0);
		if (WIFEXITED(wst) && WEXITSTATUS(wst) != 0) {
			fprintf(stderr, "round %d: child failed (%d)\n", r,
				WEXITSTATUS(wst));
			return 1;
		}
		if (WIFSIGNALED(wst) && WTERMSIG(wst) != SIGKILL) {
			fprintf(stderr, "round %d: child died of signal %d\n",
				r, WTERMSIG(wst));
			return 1;
		}
		crashes++;
		if (verify(uri, first, &total_rev) != 0) {
			fprintf(stderr, "round %d: verification failed\n", r);
			return 1;
		}
		/* committed this round minus acknowledged: 0 or 1 */
		{
			long long got = total_rev - before;
			long long acked = (long long)(n_acks - first);
			if (got < acked || got > acked + 1) {
				fprintf(stderr,
					"round %d: %lld commits for %lld acks\n",
					r, got, acked);
				return 1;
			}
			extras += got - acked;
			if (got == acked)
				dropped_rounds++;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!ioerr)
		printf("%s %s: %d rounds, %zu acknowledged operations, 0 lost, "
		       "%lld unacknowledged in-flight commits present, %lld unsynced "
		       "writes dropped, integrity ok, journal intact, %.1f s\n",
		       mode, kind, rounds, n_acks, extras, writes_dropped,
		       (double)(t1.tv_sec - t0.tv_sec) +
			       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	(void)crashes;
	(void)dropped_rounds;
	if (strcmp(kind, "sqlite") == 0) {
		char p[1600];
		snprintf(p, sizeof(p), "%s/%s.db", dir, mode);
		rel_rm_db(p);
	}
	rmdir(dir);
	free(acks);
	return 0;
}
