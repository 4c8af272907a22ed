/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Concurrency.  Usage: test_concurrency BACKEND [PROCESSES THREADS OPS]
 * (defaults 2 × 8 × 150; memory runs one process, its store being
 * in-process).
 *
 * PROCESSES processes × THREADS threads, each thread with its own store
 * handle, update the same four cards (card row + journal entry, optimistic
 * concurrency on the revision, retried on SSC_ECONFLICT).  Checks: every
 * commit either succeeds or conflicts -- no busy/locked error reaches the
 * caller; no lost update (journal rows == creations + successful
 * commits; each card's journal is exactly 1..revision); every card state
 * is the one its revision implies (legal values only); the store passes
 * its health check.
 */
#include <pthread.h>
#include <sys/wait.h>

#include "rel_common.h"

#define NCARDS 4

static char uri[1400];
static char card_ids[NCARDS][37];
static int n_ops = 150;

struct worker {
	pthread_t th;
	int proc, idx;
	long ok;
	int err;
};

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	ssc_ctx *ctx = ssc_test_ctx(NULL, NULL, NULL);
	ssc_store *st = NULL;
	int i;

	if (!ctx || rel_open(&st, ctx, uri) != 0) {
		w->err = -1;
		ssc_ctx_free(ctx);
		return NULL;
	}
	for (i = 0; i < n_ops; i++) {
		char req[48], eid[37];
		int card = (i * 7 + w->idx) % NCARDS;
		ssc_status rc;

		snprintf(req, sizeof(req), "c-%d-%d-%d", w->proc, w->idx, i);
		rel_uuid(eid, 0xc0000u + (unsigned)(w->proc * 64 + w->idx),
			 (unsigned)i);
		rc = rel_card_update(NULL, st, card_ids[card], req, eid);
		if (rc != SSC_OK) {
			fprintf(stderr, "proc %d thread %d op %d: %d (%s): %s\n",
				w->proc, w->idx, i, rc, ssc_error_name(rc),
				ssc_error_last()->message);
			w->err = rc;
			break;
		}
		w->ok++;
	}
	ssc_store_free(st);
	ssc_ctx_free(ctx);
	return NULL;
}

/* Run the threads of one process; returns commits, or -1. */
static long
run_process(int proc, int n_threads)
{
	struct worker w[64];
	long total = 0;
	int i, bad = 0;

	for (i = 0; i < n_threads; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].proc = proc;
		w[i].idx = i;
		if (pthread_create(&w[i].th, NULL, worker_main, &w[i]) != 0)
			return -1;
	}
	for (i = 0; i < n_threads; i++) {
		pthread_join(w[i].th, NULL);
		total += w[i].ok;
		if (w[i].err)
			bad = 1;
	}
	return bad ? -1 : total;
}

int
main(int argc, char **argv)
{
	const char *kind = argc > 1 ? argv[1] : "sqlite";
	int procs = argc > 2 ? atoi(argv[2]) : 2;
	int threads = argc > 3 ? atoi(argv[3]) : 8;
	char dir[256];
	ssc_ctx *ctx;
	ssc_store *st = NULL;
	long commits = 0, rows = 0;
	int i, rc, p, fds[2];

	if (argc > 4)
		n_ops = atoi(argv[4]);
	if (threads > 64)
		threads = 64;
	if (strcmp(kind, "memory") == 0)
		procs = 1;
	rel_tmpdir(dir, sizeof(dir), "conc");
	if ((rc = rel_store_uri(uri, sizeof(uri), kind, dir, "conc")) != 0) {
		printf("concurrency: backend %s not available here\n", kind);
		rmdir(dir);
		return rc;
	}
	ctx = ssc_test_ctx(NULL, NULL, NULL);
	if ((rc = rel_open(&st, ctx, uri)) != 0) {
		ssc_ctx_free(ctx);
		rmdir(dir);
		return rc;
	}
	for (i = 0; i < NCARDS; i++)
		if (rel_card_create(st, (unsigned)i, card_ids[i]) != SSC_OK)
			return 1;
	if (pipe(fds) != 0)
		return 1;
	fflush(NULL);
	for (p = 1; p < procs; p++) {
		pid_t pid = fork();
		if (pid < 0)
			return 1;
		if (pid == 0) {
			long n = run_process(p, threads);
			close(fds[0]);
			if (write(fds[1], &n, sizeof(n)) != (ssize_t)sizeof(n))
				_exit(2);
			_exit(n < 0 ? 1 : 0);
		}
	}
	close(fds[1]);
	commits = run_process(0, threads);
	for (p = 1; p < procs; p++) {
		long n = -1;
		int wst = 0;
		if (read(fds[0], &n, sizeof(n)) != (ssize_t)sizeof(n) || n < 0)
			commits = -1;
		else if (commits >= 0)
			commits += n;
		wait(&wst);
		if (!WIFEXITED(wst) || WEXITSTATUS(wst) != 0)
			commits = -1;
	}
	close(fds[0]);
	if (commits < 0) {
		fprintf(stderr, "a worker failed\n");
		return 1;
	}
	for (i = 0; i < NCARDS; i++) {
		ssc_store_card c = SSC_STORE_CARD_INIT;
		long n = rel_journal_check(st, card_ids[i]);
		if (n < 0)
			return 1;
		rows += n;
		if (ssc_store_load_by_id(&c, st, card_ids[i]) != SSC_OK)
			return 1;
		if (c.state != (int)((c.revision - 1) % REL_STATE_MAX) + 1) {
			fprintf(stderr, "card %d: state %d at revision %lld\n",
				i, c.state, (long long)c.revision);
			return 1;
		}
		ssc_store_card_dispose(&c);
	}
	if (rows != NCARDS + commits) {
		fprintf(stderr, "lost updates: %ld journal rows, %ld commits\n",
			rows, NCARDS + commits);
		return 1;
	}
	if (!rel_health_ok(st))
		return 1;
	printf("concurrency %s: %d processes x %d threads, %ld commits, %ld "
	       "journal rows (= creations + commits), no busy error, legal "
	       "states, health ok\n",
	       kind, procs, threads, commits, rows);
	ssc_store_free(st);
	ssc_ctx_free(ctx);
	if (strcmp(kind, "sqlite") == 0) {
		char path[1600];
		snprintf(path, sizeof(path), "%s/conc.db", dir);
		rel_rm_db(path);
	}
	rmdir(dir);
	return 0;
}
