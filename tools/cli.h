/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared between the files of the `socialcard` command-line tool: the
 * parsed command line, exit codes, output helpers (text and --json) and
 * the opening of the context, the keys and the registry.
 */
#ifndef SOCIALCARD_CLI_H
#define SOCIALCARD_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include <socialcard/socialcard.h>
#include <socialcard/sys/key_provider.h>

/* Exit codes (doc/cli.md, socialcard(1)). */
enum {
	EXIT_OK = 0,      /* done */
	EXIT_FAILED = 1,  /* refused or failed: the reason is printed */
	EXIT_USAGE = 2,   /* bad command line or bad input */
	EXIT_STORE = 3,   /* the store or the keys failed */
	EXIT_CARD = 4,    /* the reader or the card failed */
	EXIT_CORRUPT = 5, /* a journal chain or a sealed record is broken */
};

#define CLI_MAX_ITEMS 32
#define CLI_MAX_WORDS 8

struct cli {
	/* words that are not options: command, subcommand, arguments */
	const char *words[CLI_MAX_WORDS];
	int n_words;

	const char *store_uri;
	const char *keys_path;
	const char *region;
	const char *lang;
	bool json;
	bool quiet;

	const char *request_id;
	const char *card_id;
	const char *actor;
	const char *channel;
	const char *ops[4]; /* by ssc_post */
	const char *pending_op;
	const char *case_id;
	const char *outlet;
	const char *outlet_bank;
	const char *bank_code;
	const char *batch_id;
	const char *reason;
	const char *phone;
	const char *address;
	const char *production;
	const char *card_number;
	const char *fee;
	const char *actor_doc_number;
	int actor_doc_type;

	/* applicant */
	const char *id_number;
	const char *name;

	/* services with a variant */
	bool financial, transfer, damaged, reissue;

	ssc_presented_doc docs[CLI_MAX_ITEMS];
	size_t n_docs;
	ssc_presented_material mats[CLI_MAX_ITEMS];
	size_t n_mats;
	const char *evidence_refs[CLI_MAX_ITEMS];
	size_t n_evidence_refs;
	uint32_t evidence;
	uint32_t facts;

	const char *reader;
	const char *file;
	const char *encoding;
	const char *level;
	const char *tmpdir;

	/* opened on demand */
	ssc_ctx *ctx;
	ssc_registry *reg;
	char rid_buf[40];
};

/* Text in the chosen language. */
const char *cli_tr(const struct cli *c, const char *zh, const char *en);

/* Print an error as one line on stderr (or a JSON object on stdout with
 * --json) and return the exit code for @p rc. */
int cli_fail(struct cli *c, const char *command, int rc, const char *what);
/* Same with a message of the tool's own (usage errors). */
int cli_usage_error(struct cli *c, const char *command, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Exit code of a library status. */
int cli_exit_code(int rc);

/* Open the context (region, language) and, if @p registry, the keys and
 * the registry over --store.  Returns an exit code (0 = ok). */
int cli_open(struct cli *c, const char *command, bool registry);
void cli_close(struct cli *c);

/* Load a key file (`data aes256 HEX`, `index hmac-sha256 HEX`) into a new
 * software provider and attach it to the context. */
int cli_load_keys(struct cli *c, const char *command, const char *path);

/* Fill a request from the options. */
void cli_request(struct cli *c, ssc_request *q);

/* The verdict as JSON (reasons, missing materials, materials). */
json_t *cli_verdict_json(const ssc_verdict *v);
/* Print a verdict as text, indented. */
void cli_print_verdict(struct cli *c, const ssc_verdict *v, const char *indent);
/* Print a JSON value on stdout (compact keys order kept). */
void cli_json_print(json_t *o);
/* States as JSON / text. */
json_t *cli_states_json(const ssc_lc_states *st);
void cli_states_text(char *buf, size_t n, const ssc_lc_states *st);

/* Masked display of an ID number / name into buf. */
const char *cli_mask_id(char *buf, size_t n, const char *id);
const char *cli_mask_name(char *buf, size_t n, const char *name);

/* A fresh request id (UUID) in c->rid_buf. */
const char *cli_new_request_id(struct cli *c);

int cli_cmd_demo(struct cli *c);

#endif /* SOCIALCARD_CLI_H */
