/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the reader unit tests: hex in, hex out. */
#ifndef SSC_READER_TEST_UTIL_H
#define SSC_READER_TEST_UTIL_H

#include "test_common.h"

static inline size_t
rt_unhex(uint8_t *out, size_t cap, const char *s)
{
	size_t n = 0;

	while (*s && s[1] && n < cap) {
		unsigned v;

		if (*s == ' ') {
			s++;
			continue;
		}
		if (sscanf(s, "%2x", &v) != 1)
			break;
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

static inline void
rt_hex(char *out, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02X", p[i]);
	out[2 * n] = '\0';
}

/* Send hex, return the status and the response as upper-case hex. */
static inline int
rt_xmit(ssc_reader_conn *conn, const char *cmd_hex, char *resp_hex)
{
	uint8_t cmd[300];
	size_t n = rt_unhex(cmd, sizeof(cmd), cmd_hex);
	ssc_buf out = SSC_BUF_INIT;
	int rc = ssc_reader_transmit_raw(&out, conn, cmd, n);

	resp_hex[0] = '\0';
	if (rc == SSC_OK)
		rt_hex(resp_hex, (const uint8_t *)out.ptr, out.size);
	ssc_buf_dispose(&out);
	return rc;
}

/* Assert that cmd gets exactly the response want (hex). */
#define assert_xmit(conn, cmd, want)                                           \
	do {                                                                   \
		char rt__r[1024];                                              \
		assert_ssc_ok(rt_xmit((conn), (cmd), rt__r));                  \
		assert_string_equal(rt__r, (want));                            \
	} while (0)

#endif /* SSC_READER_TEST_UTIL_H */
