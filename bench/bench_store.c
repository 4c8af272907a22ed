/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Store benchmarks, each with its raw-SQLite baseline in the same program:
 * lifecycle commits (1 process, N threads, P processes), batch import of
 * employer CSV rows, and point look-up by ID number.  The library side goes
 * through the public API only (socialcard.h); the raw side uses only the
 * sqlite3 C API on a plaintext table of the same shape.  Driven by
 * bench/driver.py; every mode prints one JSON object on stdout.
 *
 *   ssc-bench-store gencsv FILE N
 *   ssc-bench-store import lib|raw DB CSV FROM [STOP ...]
 *       imports rows FROM.. of CSV; at each STOP row count it prints a JSON
 *       line and waits for a line on stdin before going on
 *   ssc-bench-store prepare DB NCARDS IDFILE
 *       issues NCARDS cards through the registry (apply, approve, instant
 *       production, finish, collect, SS activation: 6 services each) and
 *       writes their internal ids to IDFILE, one per line
 *   ssc-bench-store lifecycle lib|raw|store DB NCARDS SECONDS PROCS THREADS
 *       [IDFILE]
 *       each worker repeats a pair of services on a random card of its
 *       own share (no two workers touch the same card): report loss, then
 *       cancel the loss report; ops counts the services (2 per pair).
 *       lib: the registry services on the first NCARDS cards of IDFILE;
 *       raw: two raw SQLite transactions on the first NCARDS imported rows;
 *       store: the bare store commit (no registry) on NCARDS imported rows.
 *       A negative SECONDS runs exactly -SECONDS pairs per worker.
 *   ssc-bench-store lookup lib|raw DB NCARDS COUNT
 *
 * DB is a file path; for `lib` it may also be a postgresql:// URI.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/sha.h>
#include <sqlite3.h>

#include <socialcard/socialcard.h>

/* ------------------------------------------------------------------ */
/* Shared helpers: time, RSS, deterministic rows                       */

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long
rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "VmRSS:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	fclose(f);
	return kb;
}

static uint64_t
mix64(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ULL;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
	return x ^ (x >> 31);
}

/* Internal card id of row i: a v4-shaped UUID from a hash of i, so that
 * inserts land at random B-tree positions as real UUIDs do. */
static void
row_card_id(char out[37], uint64_t i)
{
	uint64_t a = mix64(i * 2 + 1), b = mix64(i * 2 + 2);

	snprintf(out, 37, "%08" PRIx32 "-%04" PRIx32 "-4%03" PRIx32
		 "-8%03" PRIx32 "-%012" PRIx64,
		 (uint32_t)(a >> 32), (uint32_t)(a >> 16) & 0xFFFF,
		 (uint32_t)a & 0xFFF, (uint32_t)(b >> 52) & 0xFFF,
		 (uint64_t)(b & 0xFFFFFFFFFFFFULL));
}

static const char *const regions[] = { "110101", "440305", "310104",
				       "330106", "510107", "420102" };

/* ID number of row i: region, a valid birth date, a sequence, the
 * ISO 7064 check character (computed here, independently of the
 * library, so that the library's validator has real work to do). */
static void
row_id_number(char out[19], uint64_t i)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3,
				   7, 9, 10, 5, 8, 4, 2 };
	static const char cc[] = "10X98765432";
	/* unique per i: region i % 6, sequence i / 6 % 1000, and the birth
	 * date (a valid day from 1930 on) counts i / 6000 */
	uint64_t k = i / 6000;
	int s = 0;

	snprintf(out, 19, "%s%04d%02d%02d%03d", regions[i % 6],
		 1930 + (int)(k / 336 % 90), 1 + (int)(k / 28 % 12),
		 1 + (int)(k % 28), (int)(i / 6 % 1000));
	for (int j = 0; j < 17; j++)
		s += (out[j] - '0') * w[j];
	out[17] = cc[s % 11];
	out[18] = '\0';
}

static const char *const surnames[] = { "王", "李", "张", "刘", "陈",
					"杨", "黄", "赵" };
static const char *const given[] = { "伟", "芳", "娜", "秀英", "敏",
				     "静", "丽", "强", "磊", "军" };

static int
gencsv(const char *path, uint64_t n)
{
	FILE *f = fopen(path, "w");
	char id[19], cid[37];

	if (!f) {
		perror(path);
		return 1;
	}
	/* id_number,name,card_number,region,employer,card_id */
	for (uint64_t i = 0; i < n; i++) {
		row_id_number(id, i);
		row_card_id(cid, i);
		fprintf(f, "%s,%s%s,%c%08" PRIu64 ",%s,91%016" PRIu64 ",%s\n",
			id, surnames[mix64(i) % 8], given[mix64(i + 7) % 10],
			'A' + (int)(i / 100000000), i % 100000000,
			regions[i % 6],
			(uint64_t)(mix64(i) % 10000000000000000ULL), cid);
	}
	if (fclose(f) != 0) {
		perror(path);
		return 1;
	}
	return 0;
}

/* One parsed CSV row (pointers into the line). */
struct row {
	char *id, *name, *number, *region, *employer, *card_id;
};

static int
parse_row(struct row *r, char *line)
{
	char *f[6];
	int n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	f[n++] = line;
	for (char *p = line; *p && n < 6; p++)
		if (*p == ',') {
			*p = '\0';
			f[n++] = p + 1;
		}
	if (n != 6)
		return -1;
	r->id = f[0];
	r->name = f[1];
	r->number = f[2];
	r->region = f[3];
	r->employer = f[4];
	r->card_id = f[5];
	return 0;
}

/* ------------------------------------------------------------------ */
/* The library side                                                    */

static const uint8_t data_key[32] = "bench data key, not a secret...";
static const uint8_t index_key[32] = "bench index key, not a secret..";

struct lib {
	ssc_ctx *ctx;
	ssc_store *st;
	ssc_registry *reg; /* NULL unless opened with the registry */
	uint64_t seq; /* entry-id counter */
	uint64_t idbase; /* random: entry ids never repeat across runs */
	unsigned worker;
};

static uint64_t
random_base(void)
{
	uint64_t v = 0;

	if (getrandom(&v, sizeof(v), 0) != (ssize_t)sizeof(v))
		v = mix64((uint64_t)getpid() ^ (uint64_t)time(NULL));
	return v;
}

static void
lib_fail(const char *what, ssc_status rc)
{
	const ssc_error *e = ssc_error_last();

	fprintf(stderr, "ssc-bench-store: %s: %s (%d): %s\n", what,
		ssc_strerror(rc), rc, e && e->message ? e->message : "");
}

/* Region of the registry's cards (Nanning, Xixiangtang district): its
 * rule pack is built in. */
#define REG_REGION "450102"

static ssc_status
lib_open(struct lib *l, const char *db, int sync, int with_registry)
{
	ssc_store_options o = SSC_STORE_OPTIONS_INIT;
	ssc_ctx_options co = SSC_CTX_OPTIONS_INIT;
	char uri[1024];
	ssc_status rc;

	memset(l, 0, sizeof(*l));
	l->idbase = random_base();
	co.region = REG_REGION;
	if ((rc = ssc_ctx_new(&l->ctx, &co)) < 0)
		return rc;
	o.data_key = data_key;
	o.data_key_len = sizeof(data_key);
	o.data_key_id = 1;
	o.index_key = index_key;
	o.index_key_len = sizeof(index_key);
	o.sync = sync;
	if (strncmp(db, "postgres", 8) == 0)
		snprintf(uri, sizeof(uri), "%s", db);
	else
		snprintf(uri, sizeof(uri), "sqlite:%s", db);
	rc = ssc_store_open(&l->st, l->ctx, uri, &o);
	if (rc == SSC_ENOTSUPPORTED)
		fprintf(stderr, "ssc-bench-store: %s backend not built\n",
			strncmp(db, "postgres", 8) == 0 ? "postgresql"
							 : "sqlite");
	else if (rc < 0)
		lib_fail("ssc_store_open", rc);
	if (rc >= 0 && with_registry &&
	    (rc = ssc_registry_open(&l->reg, l->ctx, l->st, NULL)) < 0)
		lib_fail("ssc_registry_open", rc);
	return rc;
}

static void
lib_close(struct lib *l)
{
	ssc_registry_free(l->reg);
	ssc_store_free(l->st);
	ssc_ctx_free(l->ctx);
}

static void
entry_id(char out[37], const struct lib *l, uint64_t k)
{
	row_card_id(out, l->idbase + k);
}

/* Journal chain hash as the journal module will compute it: SHA-256 over
 * the previous revision and the entry data. */
static void
chain_hash(uint8_t out[32], const char *card_id, int64_t rev,
	   const uint8_t *data, size_t len)
{
	uint8_t buf[512];
	size_t n = strlen(card_id);

	if (n + sizeof(rev) + len > sizeof(buf))
		len = sizeof(buf) - n - sizeof(rev);
	memcpy(buf, card_id, n);
	memcpy(buf + n, &rev, sizeof(rev));
	memcpy(buf + n + sizeof(rev), data, len);
	SHA256(buf, n + sizeof(rev) + len, out);
}

/* Import one CSV row: validate the ID number (library validator, via the
 * person model), build the card with the model, encode it with the
 * canonical codec, commit card + journal entry through the store. */
static ssc_status
lib_import_row(struct lib *l, const struct row *r)
{
	ssc_person *p = NULL;
	ssc_card *c = NULL;
	ssc_store_txn *t = NULL;
	ssc_buf rec = SSC_BUF_INIT;
	ssc_store_card sc = SSC_STORE_CARD_INIT;
	ssc_store_journal_entry je = SSC_STORE_JOURNAL_ENTRY_INIT;
	char eid[37], jdata[128];
	uint8_t h[32];
	ssc_status rc;

	if ((rc = ssc_person_new(&p, l->ctx)) < 0 ||
	    (rc = ssc_person_set_id_number(p, r->id)) < 0 ||
	    (rc = ssc_person_set_name(p, r->name)) < 0 ||
	    (rc = ssc_card_new(&c, l->ctx)) < 0 ||
	    (rc = ssc_card_set_uuid(c, r->card_id)) < 0 ||
	    (rc = ssc_card_set_number(c, r->number)) < 0 ||
	    (rc = ssc_card_set_region(c, r->region)) < 0 ||
	    (rc = ssc_card_set_state(c, SSC_CARD_STATE_ACTIVE)) < 0 ||
	    (rc = ssc_card_set_holder(c, p)) < 0 ||
	    (rc = ssc_card_encode(&rec, c)) < 0)
		goto out;
	sc.card_id = r->card_id;
	sc.card_number = r->number;
	sc.holder_id = r->id;
	sc.region = r->region;
	sc.state = SSC_CARD_STATE_ACTIVE;
	sc.record = (const uint8_t *)rec.ptr;
	sc.record_len = rec.size;
	snprintf(jdata, sizeof(jdata), "import employer=%s", r->employer);
	chain_hash(h, r->card_id, 0, (const uint8_t *)jdata, strlen(jdata));
	entry_id(eid, l, l->seq++);
	je.entry_id = eid;
	je.card_id = r->card_id;
	je.sequence = 1;
	je.time_ms = ssc_ctx_now(l->ctx);
	je.service = "import";
	je.hash = h;
	je.hash_len = sizeof(h);
	je.data = (const uint8_t *)jdata;
	je.data_len = strlen(jdata);
	if ((rc = ssc_store_txn_new(&t, l->st)) < 0 ||
	    (rc = ssc_store_txn_set_card(t, &sc, 0)) < 0 ||
	    (rc = ssc_store_txn_add_journal(t, &je)) < 0 ||
	    (rc = ssc_store_commit(NULL, l->st, t)) < 0)
		goto out;
out:
	ssc_store_txn_free(t);
	ssc_buf_dispose(&rec);
	ssc_card_free(c);
	ssc_person_free(p);
	return rc;
}

/*
 * The bare store commit (side `store`, and the PostgreSQL benchmark): one
 * state change of card @p card_id without the registry: load the card,
 * decode the record, change the state with the model, re-encode, commit
 * card (revision-checked) + chained journal entry.  No request-id look-up,
 * no journal load or hash-chain check, no rules: the store's share of a
 * service.
 */
static ssc_status
lib_lifecycle_op(struct lib *l, const char *card_id)
{
	ssc_store_card cur = SSC_STORE_CARD_INIT, in = SSC_STORE_CARD_INIT;
	ssc_store_journal_entry je = SSC_STORE_JOURNAL_ENTRY_INIT;
	ssc_store_txn *t = NULL;
	ssc_card *c = NULL;
	ssc_buf rec = SSC_BUF_INIT;
	char eid[37];
	uint8_t h[32];
	static const char jdata[] = "service=report-lost channel=window";
	int next;
	ssc_status rc;

	if ((rc = ssc_store_load_by_id(&cur, l->st, card_id)) < 0)
		return rc;
	next = cur.state == SSC_CARD_STATE_ACTIVE
		       ? SSC_CARD_STATE_REPORTED_LOST
		       : SSC_CARD_STATE_ACTIVE;
	if ((rc = ssc_card_decode(&c, l->ctx, cur.record, cur.record_len)) < 0 ||
	    (rc = ssc_card_set_state(c, next)) < 0 ||
	    (rc = ssc_card_encode(&rec, c)) < 0)
		goto out;
	in.card_id = cur.card_id;
	in.card_number = cur.card_number;
	in.holder_index = cur.holder_index;
	in.holder_index_len = cur.holder_index_len;
	in.region = cur.region;
	in.state = next;
	in.record = (const uint8_t *)rec.ptr;
	in.record_len = rec.size;
	chain_hash(h, card_id, cur.revision, (const uint8_t *)jdata,
		   sizeof(jdata) - 1);
	entry_id(eid, l, l->seq++);
	je.entry_id = eid;
	je.card_id = cur.card_id;
	je.sequence = cur.revision + 1;
	je.time_ms = ssc_ctx_now(l->ctx);
	je.service = "report-lost";
	je.hash = h;
	je.hash_len = sizeof(h);
	je.data = (const uint8_t *)jdata;
	je.data_len = sizeof(jdata) - 1;
	if ((rc = ssc_store_txn_new(&t, l->st)) < 0 ||
	    (rc = ssc_store_txn_set_card(t, &in, cur.revision)) < 0 ||
	    (rc = ssc_store_txn_add_journal(t, &je)) < 0)
		goto out;
	rc = ssc_store_commit(NULL, l->st, t);
out:
	ssc_store_txn_free(t);
	ssc_buf_dispose(&rec);
	ssc_card_free(c);
	ssc_store_card_dispose(&cur);
	return rc;
}

static ssc_status
lib_lookup(struct lib *l, const char *id)
{
	ssc_store_iter *it = NULL;
	const ssc_store_card *c = NULL;
	ssc_status rc;

	if ((rc = ssc_store_iter_holder(&it, l->st, id)) < 0)
		return rc;
	rc = ssc_store_iter_next_card(&c, it);
	if (rc == SSC_OK && (!c || c->record_len == 0))
		rc = SSC_ENOTFOUND;
	ssc_store_iter_free(it);
	return rc < 0 ? rc : SSC_OK;
}

/* ---- through the registry ---------------------------------------- */

/* What a well-prepared holder brings to the window. */
static const ssc_presented_doc holder_docs[] = {
	{ SSC_DOC_RESIDENT_ID, SSC_FORM_ORIGINAL, SSC_PARTY_HOLDER },
	{ SSC_DOC_SS_CARD, SSC_FORM_ORIGINAL, SSC_PARTY_HOLDER },
};
static const ssc_presented_material holder_mats[] = {
	{ "photo", 0 },
	{ "application_form", SSC_MATERIAL_SIGNED },
	{ "fee_payment", 0 },
};
static const char *const evidence_refs[] = { "scan:bench", "scene:bench",
					     "sig:bench" };

/* A request of the holder at a window, with its own request id. */
static ssc_request
lib_req(struct lib *l, char rid[64], const char *card_id, int actor)
{
	ssc_request q;

	ssc_request_init(&q, SSC_REQUEST_VERSION);
	snprintf(rid, 64, "bench-%016" PRIx64 "-%" PRIu64, l->idbase,
		 l->seq++);
	q.request_id = rid;
	q.card_id = card_id;
	q.actor = actor;
	q.channel = SSC_CHANNEL_WINDOW;
	q.actor_doc_type = SSC_DOC_RESIDENT_ID;
	q.actor_doc_number = "450102199001011234";
	q.acceptance_operator = "op-a";
	q.processing_operator = "op-b";
	if (actor == SSC_ACTOR_HOLDER) {
		q.docs = holder_docs;
		q.n_docs = sizeof(holder_docs) / sizeof(holder_docs[0]);
		q.materials = holder_mats;
		q.n_materials = sizeof(holder_mats) / sizeof(holder_mats[0]);
	}
	q.evidence = SSC_EVIDENCE_CREDENTIAL_IMAGES |
		     SSC_EVIDENCE_SCENE_IMAGES | SSC_EVIDENCE_SIGNATURE;
	q.evidence_refs = evidence_refs;
	q.n_evidence_refs = sizeof(evidence_refs) / sizeof(evidence_refs[0]);
	return q;
}

typedef ssc_status (*service_fn)(ssc_result **, ssc_registry *,
				 const ssc_request *);

static ssc_status
lib_service(struct lib *l, service_fn fn, const char *card_id, int actor,
	    int production)
{
	ssc_result *r = NULL;
	char rid[64];
	ssc_request q = lib_req(l, rid, card_id, actor);
	ssc_status rc;

	q.production = production;
	rc = fn(&r, l->reg, &q);
	ssc_result_free(r);
	return rc;
}

/* Issue card i of the registry's population: a holder of region
 * REG_REGION born 1990 (ID numbers distinct for i < 336,000), taken to
 * ACTIVE through six services.  The card's id goes to @p out. */
static ssc_status
lib_issue(struct lib *l, uint64_t i, char out[64])
{
	ssc_person *p = NULL;
	ssc_result *r = NULL;
	ssc_request q;
	char id[19], rid[64];
	unsigned month = 1 + (unsigned)(i / 1000 / 28 % 12);
	unsigned day = 1 + (unsigned)(i / 1000 % 28);
	ssc_status rc;

	snprintf(id, sizeof(id), "%s1990%02u%02u%03u", REG_REGION, month,
		 day, (unsigned)(i % 1000));
	id[17] = ssc_idnumber_check_char(id);
	id[18] = '\0';
	if ((rc = ssc_person_new(&p, l->ctx)) < 0 ||
	    (rc = ssc_person_set_id_number(p, id)) < 0 ||
	    (rc = ssc_person_set_name(p, surnames[i % 8])) < 0 ||
	    (rc = ssc_person_set_birth_date(p, 19900000 + month * 100 +
						       day)) < 0 ||
	    (rc = ssc_person_set_insured(p, SSC_INSURED_YES, NULL)) < 0)
		goto out;
	q = lib_req(l, rid, NULL, SSC_ACTOR_HOLDER);
	q.bank_code = "ICBC";
	if ((rc = ssc_registry_apply(&r, l->reg, &q, p)) < 0)
		goto out;
	snprintf(out, 64, "%s", ssc_result_card_id(r));
	if ((rc = lib_service(l, ssc_registry_approve, out, SSC_ACTOR_SYSTEM,
			      0)) < 0 ||
	    (rc = lib_service(l, ssc_registry_start_production, out,
			      SSC_ACTOR_SYSTEM, SSC_PRODUCTION_INSTANT)) < 0 ||
	    (rc = lib_service(l, ssc_registry_finish_production, out,
			      SSC_ACTOR_SYSTEM, 0)) < 0 ||
	    (rc = lib_service(l, ssc_registry_collect, out, SSC_ACTOR_HOLDER,
			      0)) < 0 ||
	    (rc = lib_service(l, ssc_registry_activate_ss, out,
			      SSC_ACTOR_HOLDER, 0)) < 0)
		goto out;
out:
	ssc_result_free(r);
	ssc_person_free(p);
	return rc;
}

/*
 * The measured pair on the library side: 挂失 then 解挂 of card @p card_id
 * through the registry, each its own service call with its own request id
 * (request-id look-up, card + journal load with hash-chain check, rules,
 * one commit of card, journal entry, invalid lists and request result).
 * @p done counts the services that succeeded.
 */
static ssc_status
lib_service_pair(struct lib *l, const char *card_id, uint64_t *done)
{
	ssc_status rc;

	rc = lib_service(l, ssc_registry_report_loss, card_id,
			 SSC_ACTOR_HOLDER, 0);
	if (rc == SSC_ETRANSITION) {
		/* left lost by an interrupted earlier run: restore it */
		(void)lib_service(l, ssc_registry_cancel_loss, card_id,
				  SSC_ACTOR_HOLDER, 0);
		return rc;
	}
	if (rc < 0)
		return rc;
	(*done)++;
	rc = lib_service(l, ssc_registry_cancel_loss, card_id,
			 SSC_ACTOR_HOLDER, 0);
	if (rc < 0)
		return rc;
	(*done)++;
	return SSC_OK;
}

/* ------------------------------------------------------------------ */
/* The raw SQLite side: same tables and indexes, plaintext              */

static const char raw_schema[] =
	"CREATE TABLE IF NOT EXISTS cards ("
	" card_id TEXT NOT NULL PRIMARY KEY,"
	" card_number TEXT NOT NULL UNIQUE,"
	" holder_id TEXT NOT NULL,"
	" region TEXT NOT NULL,"
	" state INTEGER NOT NULL,"
	" revision INTEGER NOT NULL,"
	" record BLOB NOT NULL);"
	"CREATE INDEX IF NOT EXISTS cards_holder ON cards (holder_id, card_id);"
	"CREATE INDEX IF NOT EXISTS cards_state ON cards (state, region, card_id);"
	"CREATE INDEX IF NOT EXISTS cards_region ON cards (region, card_id);"
	"CREATE TABLE IF NOT EXISTS journal ("
	" entry_id TEXT NOT NULL PRIMARY KEY,"
	" card_id TEXT NOT NULL,"
	" sequence INTEGER NOT NULL,"
	" time_ms INTEGER NOT NULL,"
	" service TEXT NOT NULL,"
	" hash BLOB NOT NULL,"
	" data BLOB NOT NULL,"
	" UNIQUE (card_id, sequence));";

struct raw {
	sqlite3 *db;
	sqlite3_stmt *ins_card, *ins_journal, *sel, *upd, *look;
	uint64_t seq;
	uint64_t idbase;
	unsigned worker;
};

static int
raw_exec(struct raw *r, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(r->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "ssc-bench-store: raw: %s: %s\n", sql,
			err ? err : "?");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

static int
raw_prep(struct raw *r, sqlite3_stmt **s, const char *sql)
{
	if (sqlite3_prepare_v2(r->db, sql, -1, s, NULL) != SQLITE_OK) {
		fprintf(stderr, "ssc-bench-store: raw: %s: %s\n", sql,
			sqlite3_errmsg(r->db));
		return -1;
	}
	return 0;
}

static int
raw_open(struct raw *r, const char *path, int full)
{
	memset(r, 0, sizeof(*r));
	r->idbase = random_base();
	if (sqlite3_open(path, &r->db) != SQLITE_OK)
		return -1;
	sqlite3_busy_timeout(r->db, 5000);
	if (raw_exec(r, "PRAGMA journal_mode=WAL") < 0 ||
	    raw_exec(r, full ? "PRAGMA synchronous=FULL"
			     : "PRAGMA synchronous=NORMAL") < 0 ||
	    raw_exec(r, "BEGIN IMMEDIATE") < 0 ||
	    raw_exec(r, raw_schema) < 0 || raw_exec(r, "COMMIT") < 0)
		return -1;
	if (raw_prep(r, &r->ins_card,
		     "INSERT INTO cards VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)") < 0 ||
	    raw_prep(r, &r->ins_journal,
		     "INSERT INTO journal VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)") < 0 ||
	    raw_prep(r, &r->sel,
		     "SELECT revision, state, record FROM cards"
		     " WHERE card_id = ?1") < 0 ||
	    raw_prep(r, &r->upd,
		     "UPDATE cards SET state = ?2, revision = ?3, record = ?4"
		     " WHERE card_id = ?1 AND revision = ?5") < 0 ||
	    raw_prep(r, &r->look,
		     "SELECT card_id, card_number, region, state, revision,"
		     " record FROM cards WHERE holder_id = ?1") < 0)
		return -1;
	return 0;
}

static void
raw_close(struct raw *r)
{
	sqlite3_finalize(r->ins_card);
	sqlite3_finalize(r->ins_journal);
	sqlite3_finalize(r->sel);
	sqlite3_finalize(r->upd);
	sqlite3_finalize(r->look);
	sqlite3_close(r->db);
}

static int
raw_step_done(struct raw *r, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "ssc-bench-store: raw: %s\n",
			sqlite3_errmsg(r->db));
		return -1;
	}
	return 0;
}

static int
raw_journal(struct raw *r, const char *card_id, int64_t seq,
	    const char *service, const char *data)
{
	char eid[37];
	uint8_t h[32];

	row_card_id(eid, r->idbase + r->seq++);
	chain_hash(h, card_id, seq - 1, (const uint8_t *)data, strlen(data));
	sqlite3_bind_text(r->ins_journal, 1, eid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(r->ins_journal, 2, card_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(r->ins_journal, 3, seq);
	sqlite3_bind_int64(r->ins_journal, 4, (int64_t)time(NULL) * 1000);
	sqlite3_bind_text(r->ins_journal, 5, service, -1, SQLITE_STATIC);
	sqlite3_bind_blob(r->ins_journal, 6, h, 32, SQLITE_TRANSIENT);
	sqlite3_bind_blob(r->ins_journal, 7, data, (int)strlen(data),
			  SQLITE_TRANSIENT);
	return raw_step_done(r, r->ins_journal);
}

/* Baseline import row: insert the parsed fields (the CSV line is the
 * record) and the journal row; the caller batches the transaction. */
static int
raw_import_row(struct raw *r, const struct row *w, const char *line,
	       size_t linelen)
{
	char jdata[128];

	sqlite3_bind_text(r->ins_card, 1, w->card_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(r->ins_card, 2, w->number, -1, SQLITE_STATIC);
	sqlite3_bind_text(r->ins_card, 3, w->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(r->ins_card, 4, w->region, -1, SQLITE_STATIC);
	sqlite3_bind_int(r->ins_card, 5, SSC_CARD_STATE_ACTIVE);
	sqlite3_bind_blob(r->ins_card, 6, line, (int)linelen, SQLITE_STATIC);
	if (raw_step_done(r, r->ins_card) < 0)
		return -1;
	snprintf(jdata, sizeof(jdata), "import employer=%s", w->employer);
	return raw_journal(r, w->card_id, 1, "import", jdata);
}

/* Baseline lifecycle op: BEGIN IMMEDIATE; read; UPDATE with revision
 * check; journal INSERT; COMMIT. */
static int
raw_lifecycle_op(struct raw *r, const char *card_id)
{
	int64_t rev;
	int state, next, rc;
	uint8_t rec[512];
	int reclen;

	if (raw_exec(r, "BEGIN IMMEDIATE") < 0)
		return -1;
	sqlite3_bind_text(r->sel, 1, card_id, -1, SQLITE_STATIC);
	if (sqlite3_step(r->sel) != SQLITE_ROW) {
		sqlite3_reset(r->sel);
		raw_exec(r, "ROLLBACK");
		return -1;
	}
	rev = sqlite3_column_int64(r->sel, 0);
	state = sqlite3_column_int(r->sel, 1);
	reclen = sqlite3_column_bytes(r->sel, 2);
	if (reclen > (int)sizeof(rec))
		reclen = sizeof(rec);
	memcpy(rec, sqlite3_column_blob(r->sel, 2), (size_t)reclen);
	sqlite3_reset(r->sel);
	next = state == SSC_CARD_STATE_ACTIVE ? SSC_CARD_STATE_REPORTED_LOST
					      : SSC_CARD_STATE_ACTIVE;
	sqlite3_bind_text(r->upd, 1, card_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(r->upd, 2, next);
	sqlite3_bind_int64(r->upd, 3, rev + 1);
	sqlite3_bind_blob(r->upd, 4, rec, reclen, SQLITE_STATIC);
	sqlite3_bind_int64(r->upd, 5, rev);
	rc = raw_step_done(r, r->upd);
	if (rc == 0 && sqlite3_changes(r->db) != 1)
		rc = -1;
	if (rc == 0)
		rc = raw_journal(r, card_id, rev + 1, "report-lost",
				 "service=report-lost channel=window");
	if (rc < 0) {
		raw_exec(r, "ROLLBACK");
		return -1;
	}
	return raw_exec(r, "COMMIT");
}

static int
raw_lookup(struct raw *r, const char *id)
{
	int rc;

	sqlite3_bind_text(r->look, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(r->look);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(r->look, 5) == 0)
		rc = SQLITE_DONE;
	sqlite3_reset(r->look);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* Modes                                                               */

static int
mode_import(int lib_side, const char *db, const char *csv, uint64_t from,
	    int nstops, char **stops)
{
	FILE *f = fopen(csv, "r");
	char line[512], copy[512];
	struct lib l;
	struct raw r;
	uint64_t i = 0, done = 0, errors = 0, batch = 0;
	double t0 = 0, spent = 0;
	long rss_first = -1;
	int stop = 0;

	if (!f) {
		perror(csv);
		return 1;
	}
	/* Import durability: the library commits each row with WAL NORMAL
	 * (a re-run import tolerates losing the last rows); the baseline
	 * commits every 1,000 rows with WAL FULL. */
	if (lib_side ? lib_open(&l, db, SSC_STORE_SYNC_NORMAL, 0) < 0
		     : raw_open(&r, db, 1) < 0) {
		fclose(f);
		return 1;
	}
	for (; i < from && fgets(line, sizeof(line), f); i++)
		;
	t0 = now_s();
	while (stop < nstops) {
		uint64_t target = strtoull(stops[stop], NULL, 10);
		struct row w;
		size_t len;

		if (i < target && fgets(line, sizeof(line), f)) {
			len = strcspn(line, "\r\n");
			memcpy(copy, line, len);
			if (parse_row(&w, line) < 0) {
				errors++;
			} else if (lib_side) {
				ssc_status rc = lib_import_row(&l, &w);
				if (rc < 0) {
					if (errors == 0)
						lib_fail("import row", rc);
					errors++;
				}
			} else {
				if (batch == 0 && raw_exec(&r, "BEGIN") < 0)
					return 1;
				if (raw_import_row(&r, &w, copy, len) < 0)
					errors++;
				if (++batch == 1000) {
					raw_exec(&r, "COMMIT");
					batch = 0;
				}
			}
			i++;
			done++;
			if (done == 10000)
				rss_first = rss_kb();
			continue;
		}
		if (batch) {
			raw_exec(&r, "COMMIT");
			batch = 0;
		}
		spent += now_s() - t0;
		printf("{\"rows\": %" PRIu64 ", \"imported\": %" PRIu64
		       ", \"seconds\": %.4f, \"rows_per_s\": %.1f,"
		       " \"errors\": %" PRIu64 ", \"rss_kb_at_10k\": %ld,"
		       " \"rss_kb\": %ld}\n",
		       i, done, spent, spent > 0 ? (double)done / spent : 0.0,
		       errors, rss_first, rss_kb());
		fflush(stdout);
		stop++;
		if (stop < nstops) {
			/* wait for the driver: it measures at this size */
			if (!fgets(copy, sizeof(copy), stdin))
				break;
			t0 = now_s();
		}
	}
	fclose(f);
	if (lib_side)
		lib_close(&l);
	else
		raw_close(&r);
	return errors ? 1 : 0;
}

static int usage(void);

/* Which side a lifecycle worker measures. */
enum side { SIDE_RAW = 0, SIDE_LIB = 1, SIDE_STORE = 2 };

struct worker {
	int side;
	const char *db;
	uint64_t ncards;
	double seconds;
	unsigned slot, nworkers; /* this worker's share of the cards */
	char (*ids)[64];         /* SIDE_LIB: the registry's card ids */
	uint64_t ops, errors;
	int failed;
};

static void *
worker_run(void *arg)
{
	struct worker *w = arg;
	struct lib l;
	struct raw r;
	uint64_t rnd = mix64(((uint64_t)getpid() << 8) ^ w->slot ^
			     (uint64_t)time(NULL));
	uint64_t pairs = 0, share = w->ncards / w->nworkers;
	char cid[64];
	double end;

	if (w->side != SIDE_RAW
		    ? lib_open(&l, w->db, SSC_STORE_SYNC_FULL,
			       w->side == SIDE_LIB) < 0
		    : raw_open(&r, w->db, 1) < 0) {
		w->failed = 1;
		return NULL;
	}
	end = now_s() + w->seconds;
	/* SECONDS < 0 means exactly -SECONDS pairs (for callgrind) */
	while (w->seconds < 0 ? pairs < (uint64_t)-w->seconds
			      : now_s() < end) {
		uint64_t k;

		rnd = mix64(rnd);
		k = w->slot + (uint64_t)w->nworkers * (rnd % share);
		pairs++;
		if (w->side == SIDE_LIB) {
			ssc_status rc = lib_service_pair(&l, w->ids[k],
							 &w->ops);
			if (rc < 0 && w->errors < 3)
				lib_fail("registry service", rc);
			if (rc < 0)
				w->errors++;
			continue;
		}
		row_card_id(cid, k);
		for (int half = 0; half < 2; half++) {
			int bad;

			if (w->side == SIDE_STORE) {
				ssc_status rc = lib_lifecycle_op(&l, cid);
				if (rc < 0 && rc != SSC_ECONFLICT &&
				    w->errors < 3)
					lib_fail("store commit", rc);
				bad = rc < 0;
			} else {
				bad = raw_lifecycle_op(&r, cid) < 0;
			}
			if (bad) {
				w->errors++;
				break;
			}
			w->ops++;
		}
	}
	if (w->side != SIDE_RAW)
		lib_close(&l);
	else
		raw_close(&r);
	return NULL;
}

/* Run THREADS workers in this process, slots BASE..; return ops and
 * errors summed. */
static int
run_threads(const struct worker *tmpl, unsigned threads, unsigned base,
	    uint64_t *ops, uint64_t *errors)
{
	struct worker w[64];
	pthread_t th[64];
	int failed = 0;

	if (threads > 64)
		threads = 64;
	for (unsigned k = 0; k < threads; k++) {
		w[k] = *tmpl;
		w[k].slot = base + k;
		pthread_create(&th[k], NULL, worker_run, &w[k]);
	}
	*ops = *errors = 0;
	for (unsigned k = 0; k < threads; k++) {
		pthread_join(th[k], NULL);
		*ops += w[k].ops;
		*errors += w[k].errors;
		failed |= w[k].failed;
	}
	return failed ? -1 : 0;
}

/* The first @p n card ids of @p path (written by `prepare`). */
static char (*read_ids(const char *path, uint64_t n))[64]
{
	FILE *f = fopen(path, "r");
	char (*ids)[64] = calloc(n ? n : 1, sizeof(*ids));
	uint64_t k = 0;

	if (!f || !ids) {
		if (f)
			fclose(f);
		else
			perror(path);
		free(ids);
		return NULL;
	}
	while (k < n && fgets(ids[k], sizeof(ids[k]), f)) {
		ids[k][strcspn(ids[k], "\r\n")] = '\0';
		k++;
	}
	fclose(f);
	if (k < n) {
		fprintf(stderr, "ssc-bench-store: %s: %" PRIu64
			" card ids, %" PRIu64 " needed\n", path, k, n);
		free(ids);
		return NULL;
	}
	return ids;
}

static int
mode_lifecycle(int side, const char *db, uint64_t ncards, double seconds,
	       unsigned procs, unsigned threads, const char *idfile)
{
	struct worker tmpl;
	uint64_t ops = 0, errors = 0;
	int pfd[2], failed = 0;
	pid_t pids[64];
	double t0, el;

	if (procs < 1 || procs > 64 || threads < 1 || threads > 64 ||
	    ncards < (uint64_t)procs * threads)
		return 2;
	memset(&tmpl, 0, sizeof(tmpl));
	tmpl.side = side;
	tmpl.db = db;
	tmpl.ncards = ncards;
	tmpl.seconds = seconds;
	tmpl.nworkers = procs * threads;
	if (side == SIDE_LIB) {
		if (!idfile)
			return usage();
		if (!(tmpl.ids = read_ids(idfile, ncards)))
			return 1;
	}
	t0 = now_s();
	if (procs == 1) {
		failed = run_threads(&tmpl, threads, 0, &ops, &errors) < 0;
	} else {
		if (pipe(pfd) < 0)
			return 1;
		/* fork before anything is opened: each child opens its own */
		for (unsigned p = 0; p < procs; p++) {
			pids[p] = fork();
			if (pids[p] == 0) {
				uint64_t v[3] = { 0, 0, 0 };
				close(pfd[0]);
				v[2] = run_threads(&tmpl, threads, p * threads,
						   &v[0], &v[1]) < 0;
				if (write(pfd[1], v, sizeof(v)) != sizeof(v))
					_exit(1);
				_exit(0);
			}
		}
		close(pfd[1]);
		for (unsigned p = 0; p < procs; p++) {
			uint64_t v[3];
			if (read(pfd[0], v, sizeof(v)) != sizeof(v)) {
				failed = 1;
				continue;
			}
			ops += v[0];
			errors += v[1];
			failed |= (int)v[2];
		}
		close(pfd[0]);
		for (unsigned p = 0; p < procs; p++)
			waitpid(pids[p], NULL, 0);
	}
	el = now_s() - t0;
	free(tmpl.ids);
	printf("{\"ops\": %" PRIu64 ", \"errors\": %" PRIu64
	       ", \"seconds\": %.4f, \"ops_per_s\": %.1f, \"procs\": %u,"
	       " \"threads\": %u}\n",
	       ops, errors, el, el > 0 ? (double)ops / el : 0.0, procs,
	       threads);
	return failed ? 1 : 0;
}

/* Issue @p n cards through the registry; their ids go to @p idfile. */
static int
mode_prepare(const char *db, uint64_t n, const char *idfile)
{
	FILE *f = fopen(idfile, "w");
	struct lib l;
	char cid[64];
	double t0 = now_s(), el;
	ssc_status rc = SSC_OK;

	if (!f) {
		perror(idfile);
		return 1;
	}
	/* setup, not measured: WAL NORMAL */
	if (lib_open(&l, db, SSC_STORE_SYNC_NORMAL, 1) < 0) {
		fclose(f);
		return 1;
	}
	for (uint64_t i = 0; i < n; i++) {
		if ((rc = lib_issue(&l, i, cid)) < 0) {
			lib_fail("registry issue", rc);
			break;
		}
		fprintf(f, "%s\n", cid);
	}
	lib_close(&l);
	if (fclose(f) != 0 || rc < 0)
		return 1;
	el = now_s() - t0;
	printf("{\"cards\": %" PRIu64 ", \"services\": %" PRIu64
	       ", \"seconds\": %.4f, \"services_per_s\": %.1f}\n",
	       n, n * 6, el, el > 0 ? (double)(n * 6) / el : 0.0);
	return 0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
mode_lookup(int lib_side, const char *db, uint64_t ncards, unsigned count)
{
	struct lib l;
	struct raw r;
	double *lat = calloc(count, sizeof(double)), sum = 0;
	uint64_t rnd = mix64((uint64_t)getpid()), misses = 0;
	char id[19];

	if (!lat)
		return 1;
	if (lib_side ? lib_open(&l, db, SSC_STORE_SYNC_FULL, 0) < 0
		     : raw_open(&r, db, 1) < 0)
		return 1;
	/* warm-up: the upper B-tree levels into the page cache */
	for (unsigned k = 0; k < count / 10; k++) {
		rnd = mix64(rnd);
		row_id_number(id, rnd % ncards);
		(void)(lib_side ? lib_lookup(&l, id) : raw_lookup(&r, id));
	}
	for (unsigned k = 0; k < count; k++) {
		double t;
		int rc;

		rnd = mix64(rnd);
		row_id_number(id, rnd % ncards);
		t = now_s();
		rc = lib_side ? lib_lookup(&l, id) : raw_lookup(&r, id);
		lat[k] = (now_s() - t) * 1e6;
		sum += lat[k];
		if (rc < 0)
			misses++;
	}
	qsort(lat, count, sizeof(double), cmp_double);
	printf("{\"count\": %u, \"misses\": %" PRIu64 ", \"p50_us\": %.3f,"
	       " \"p99_us\": %.3f, \"mean_us\": %.3f}\n",
	       count, misses, lat[count / 2], lat[count * 99 / 100],
	       sum / count);
	free(lat);
	if (lib_side)
		lib_close(&l);
	else
		raw_close(&r);
	return misses ? 1 : 0;
}

static int
usage(void)
{
	fprintf(stderr,
		"usage: ssc-bench-store gencsv FILE N\n"
		"       ssc-bench-store import lib|raw DB CSV FROM STOP...\n"
		"       ssc-bench-store prepare DB NCARDS IDFILE\n"
		"       ssc-bench-store lifecycle lib|raw|store DB NCARDS"
		" SECONDS PROCS THREADS [IDFILE]\n"
		"       ssc-bench-store lookup lib|raw DB NCARDS COUNT\n");
	return 2;
}

int
main(int argc, char **argv)
{
	int lib_side, side;

	if (argc == 4 && strcmp(argv[1], "gencsv") == 0)
		return gencsv(argv[2], strtoull(argv[3], NULL, 10));
	if (argc == 5 && strcmp(argv[1], "prepare") == 0)
		return mode_prepare(argv[2], strtoull(argv[3], NULL, 10),
				    argv[4]);
	if (argc < 5)
		return usage();
	if (strcmp(argv[2], "lib") == 0)
		side = SIDE_LIB;
	else if (strcmp(argv[2], "raw") == 0)
		side = SIDE_RAW;
	else if (strcmp(argv[2], "store") == 0)
		side = SIDE_STORE;
	else
		return usage();
	lib_side = side != SIDE_RAW;
	if (!lib_side && strncmp(argv[3], "postgres", 8) == 0)
		return usage();
	if (strcmp(argv[1], "lifecycle") == 0 && (argc == 8 || argc == 9))
		return mode_lifecycle(side, argv[3],
				      strtoull(argv[4], NULL, 10),
				      strtod(argv[5], NULL),
				      (unsigned)atoi(argv[6]),
				      (unsigned)atoi(argv[7]),
				      argc == 9 ? argv[8] : NULL);
	if (side == SIDE_STORE)
		return usage();
	if (strcmp(argv[1], "import") == 0 && argc >= 7)
		return mode_import(lib_side, argv[3], argv[4],
				   strtoull(argv[5], NULL, 10), argc - 6,
				   argv + 6);
	if (strcmp(argv[1], "lookup") == 0 && argc == 6)
		return mode_lookup(lib_side, argv[3],
				   strtoull(argv[4], NULL, 10),
				   (unsigned)atoi(argv[5]));
	return usage();
}
