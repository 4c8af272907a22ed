/* SPDX-License-Identifier: Apache-2.0 */
/*
 * region.h: GB/T 2260 lookups on the built-in table (static strings).
 * socialcard.region(code) returns a RegionInfo.
 */
%nothread ssc_region_name;
%nothread ssc_region_level_of;
%nothread ssc_region_parent;
%nothread ssc_region_is_current;
%nothread ssc_region_successor;
%nothread ssc_region_abolished_year;
%nothread ssc_region_level_name;
%include "socialcard/region.h"
