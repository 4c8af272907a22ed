/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The PostgreSQL store backend (built when SSC_HAVE_POSTGRESQL).
 */
#include "ssc_config.h"
#include "store/store.h"

ssc_status
ssc_store_backend_postgresql_new(ssc_store_backend **out, ssc_ctx *ctx,
				 const char *conninfo,
				 const ssc_store_options *opts)
{
	(void)ctx; (void)conninfo; (void)opts;
	if (out)
		*out = NULL;
	return ssc__error_setf(SSC_ENOTSUPPORTED, SSC_ERROR_CLASS_STORE,
			       "the PostgreSQL store backend is not built yet");
}
