/* SPDX-License-Identifier: Apache-2.0 */
/*
 * socialcard: the command-line tool.  Each subcommand is a thin layer over
 * the public API; exit codes are documented in doc/socialcard.1.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <socialcard/socialcard.h>

enum {
	EXIT_OK = 0,
	EXIT_FAILED = 1,  /* the library refused or failed */
	EXIT_USAGE = 2,   /* bad command line */
};

static void
usage(FILE *f)
{
	fputs("usage: socialcard <command> [options]\n"
	      "\n"
	      "commands:\n"
	      "  version      print the library version\n"
	      "  self-check   run the built-in self-check\n"
	      "  help         this text\n",
	      f);
}

static int64_t
fixed_clock(void *payload)
{
	return *(const int64_t *)payload;
}

struct check {
	const char *name;
	int (*run)(char *detail, size_t n);
};

static int
check_context(char *detail, size_t n)
{
	int64_t t = 1767225600000; /* 2026-01-01T00:00:00Z */
	ssc_ctx_options o = SSC_CTX_OPTIONS_INIT;
	ssc_ctx *ctx = NULL;
	o.clock = fixed_clock;
	o.clock_payload = &t;
	o.region = "500000";
	if (ssc_ctx_new(&ctx, &o) < 0)
		return snprintf(detail, n, "%s", ssc_error_last()->message), 0;
	int ok = ssc_ctx_now(ctx) == t &&
		 strcmp(ssc_ctx_region(ctx), "500000") == 0;
	snprintf(detail, n, "clock and region %s", ok ? "as set" : "wrong");
	ssc_ctx_free(ctx);
	return ok;
}

static int
check_versioning(char *detail, size_t n)
{
	ssc_ctx_options o = SSC_CTX_OPTIONS_INIT;
	ssc_ctx *ctx = NULL;
	o.version = SSC_CTX_OPTIONS_VERSION + 1;
	int rc = ssc_ctx_new(&ctx, &o);
	snprintf(detail, n, "future options version -> %s",
		 ssc_error_name(rc) ? ssc_error_name(rc) : "?");
	return rc == SSC_EVERSION && ctx == NULL;
}

static int
check_masking(char *detail, size_t n)
{
	ssc_buf id = SSC_BUF_INIT, name = SSC_BUF_INIT;
	int ok = ssc_mask_id_number(&id, "11010519491231002X") == 0 &&
		 ssc_mask_name(&name, "张三") == 0 &&
		 strcmp(id.ptr, "110105********002X") == 0 &&
		 strcmp(name.ptr, "张*") == 0;
	snprintf(detail, n, "%s %s", id.ptr ? id.ptr : "?",
		 name.ptr ? name.ptr : "?");
	ssc_buf_dispose(&id);
	ssc_buf_dispose(&name);
	return ok;
}

static const struct check checks[] = {
	{ "context", check_context },
	{ "versioning", check_versioning },
	{ "masking", check_masking },
};

static int
cmd_self_check(void)
{
	int failed = 0;
	char detail[256];
	printf("libsocialcard %s self-check\n", ssc_version(NULL, NULL, NULL));
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		detail[0] = '\0';
		int ok = checks[i].run(detail, sizeof(detail));
		printf("  %-12s %s  %s\n", checks[i].name, ok ? "ok  " : "FAIL",
		       detail);
		failed += !ok;
	}
	printf("self-check: %s\n", failed ? "FAILED" : "all passed");
	return failed ? EXIT_FAILED : EXIT_OK;
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
		int maj, min, mic;
		ssc_version(&maj, &min, &mic);
		printf("socialcard %d.%d.%d (headers %s)\n", maj, min, mic,
		       SSC_VERSION_STRING);
		return EXIT_OK;
	}
	if (!strcmp(cmd, "self-check"))
		return cmd_self_check();
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") ||
	    !strcmp(cmd, "-h")) {
		usage(stdout);
		return EXIT_OK;
	}
	fprintf(stderr, "socialcard: unknown command '%s'\n", cmd);
	usage(stderr);
	return EXIT_USAGE;
}
