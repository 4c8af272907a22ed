/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target `calendar`: the calendar-year parser, then deadline
 * arithmetic over whatever was loaded.
 */
#include <stdint.h>
#include <stdlib.h>

#include "internal.h"
#include "socialcard/calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ssc_ctx_options o = SSC_CTX_OPTIONS_INIT;
	ssc_ctx *ctx = NULL;
	ssc_calendar *cal = NULL;
	uint32_t out;
	int n;
	int64_t ms;

	if (ssc_ctx_new(&ctx, &o) != SSC_OK)
		return 0;
	if (ssc_calendar_new(&cal, ctx, SSC_CALENDAR_EMPTY) != SSC_OK)
		goto done;
	if (ssc_calendar_load_json(cal, (const char *)data, size) == SSC_OK) {
		for (int y = 1900; y <= 9999; y++) {
			uint32_t jan1 = (uint32_t)y * 10000 + 101;
			if (!ssc_calendar_has_year(cal, y))
				continue;
			if (ssc_calendar_add_working_days(&out, cal, jan1, 20) ==
			    SSC_OK) {
				if (ssc_calendar_working_days_between(
					    &n, cal, jan1, out) == SSC_OK &&
				    n != 20)
					abort();
			}
			(void)ssc_calendar_add_working_days(&out, cal,
							    jan1 + 1130, 0);
			(void)ssc_calendar_deadline(&ms, cal, 0,
						    SSC_DEADLINE_WORKING_DAYS,
						    5);
		}
	}
done:
	ssc_calendar_free(cal);
	ssc_ctx_free(ctx);
	return 0;
}
