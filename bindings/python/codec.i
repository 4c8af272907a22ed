/* SPDX-License-Identifier: Apache-2.0 */
/*
 * codec.h: hex and BCD helpers, all trivial (GIL kept).
 *   hex_encode(bytes) → bytes (ASCII), hex_decode(str) → bytes,
 *   bcd_date_decode(bytes) → int YYYYMMDD, bcd_date_encode(int) → 4 bytes,
 *   bcd_region_decode(bytes) → str, bcd_region_encode(str) → 3 bytes.
 * socialcard/__init__.py offers the date-typed forms.
 */
%nothread ssc_hex_encode;
%nothread ssc_hex_decode;
%nothread ssc_date_is_valid;
%nothread ssc_date_from_ms;
%nothread ssc_bcd_date_decode;
%nothread ssc_bcd_date_encode;
%nothread ssc_bcd_region_decode;
%nothread ssc_bcd_region_encode;
%include "socialcard/codec.h"
