/* SPDX-License-Identifier: Apache-2.0 */
/*
 * types.h: only its enums become constants (CHANNEL_WINDOW, SERVICE_APPLY,
 * …); socialcard/enums.py wraps them as IntEnum and a test checks the two
 * agree.  The opaque handle typedefs are declared again by the .i file of
 * their object (context.i for ssc_ctx).
 */
%include "socialcard/types.h"
