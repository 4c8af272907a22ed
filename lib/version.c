/* SPDX-License-Identifier: Apache-2.0 */
/* The run-time version query. */
#include "internal.h"

const char *
ssc_version(int *major, int *minor, int *micro)
{
	if (major)
		*major = SSC_VERSION_MAJOR;
	if (minor)
		*minor = SSC_VERSION_MINOR;
	if (micro)
		*micro = SSC_VERSION_MICRO;
	return SSC_VERSION_STRING;
}
