/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SQLite store backend (built when SSC_HAVE_SQLITE).
 */
#include "ssc_config.h"
#include "store/store.h"

ssc_status
ssc_store_backend_sqlite_new(ssc_store_backend **out, ssc_ctx *ctx,
			     const char *path, const ssc_store_options *opts)
{
	(void)ctx; (void)path; (void)opts;
	if (out)
		*out = NULL;
	return ssc__error_setf(SSC_ENOTSUPPORTED, SSC_ERROR_CLASS_STORE,
			       "the SQLite store backend is not built yet");
}
