/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Prints the lifecycle transition table as Markdown (`md`) or as a
 * Graphviz digraph (`dot`): the generator of doc/lifecycle.md's table and
 * of doc/lifecycle.dot (see doc/lifecycle.md for the commands).
 */
#include <stdio.h>
#include <string.h>

#include <socialcard/socialcard.h>

int
main(int argc, char **argv)
{
	ssc_buf b = SSC_BUF_INIT;
	ssc_status rc;

	if (argc != 2 || (strcmp(argv[1], "md") && strcmp(argv[1], "dot"))) {
		fprintf(stderr, "usage: %s md|dot\n", argv[0]);
		return 2;
	}
	rc = strcmp(argv[1], "md") == 0 ? ssc_lifecycle_markdown(&b)
					: ssc_lifecycle_dot(&b);
	if (rc) {
		fprintf(stderr, "%s\n", ssc_error_last()->message);
		return 1;
	}
	fwrite(b.ptr, 1, b.size, stdout);
	ssc_buf_dispose(&b);
	return 0;
}
