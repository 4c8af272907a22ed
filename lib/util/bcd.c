/* SPDX-License-Identifier: Apache-2.0 */
/* Calendar dates as YYYYMMDD, BCD dates and BCD region codes of the
 * card's data items, and small ASCII/UTF-8 checks shared by lib/. */
#include <string.h>

#include "../internal.h"
#include "util/codec_int.h"

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
ssc__days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30,
				      31, 31, 30, 31, 30, 31 };
	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && is_leap(year))
		return 29;
	return days[month - 1];
}

bool
ssc_date_is_valid(uint32_t ymd)
{
	int y = (int)(ymd / 10000), m = (int)(ymd / 100 % 100),
	    d = (int)(ymd % 100);
	if (y < 1 || y > 9999)
		return false;
	return d >= 1 && d <= ssc__days_in_month(y, m);
}

/* Civil date from days since 1970-01-01 (Howard Hinnant's algorithm,
 * written out from its published description). */
static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

uint32_t
ssc_date_from_ms(int64_t ms)
{
	const int64_t day_ms = 86400000;
	int64_t y;
	int m, d;

	/* China Standard Time, UTC+8 all year. */
	if (ms > INT64_MAX - 8 * 3600000LL)
		return 0;
	ms += 8 * 3600000LL;
	int64_t days = ms >= 0 ? ms / day_ms : -((-ms + day_ms - 1) / day_ms);
	if (days < -719162 || days > 2932896) /* 0001-01-01 .. 9999-12-31 */
		return 0;
	civil_from_days(days, &y, &m, &d);
	return (uint32_t)(y * 10000 + m * 100 + d);
}

int
ssc__years_between(uint32_t birth, uint32_t on)
{
	int by = (int)(birth / 10000), bmd = (int)(birth % 10000);
	int oy = (int)(on / 10000), omd = (int)(on % 10000);
	if (on < birth)
		return -1;
	return oy - by - (omd < bmd ? 1 : 0);
}

bool
ssc__is_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return s[n] == '\0';
}

long
ssc__utf8_check(const char *s, size_t len, bool allow_controls)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	long n = 0;

	while (i < len) {
		unsigned char b = p[i];
		size_t k;
		if (b < 0x80) {
			if (b == 0 || ((b < 0x20 || b == 0x7F) &&
				       !allow_controls))
				return -1;
			i++;
			n++;
			continue;
		}
		if (b >= 0xC2 && b <= 0xDF)
			k = 2;
		else if (b >= 0xE0 && b <= 0xEF)
			k = 3;
		else if (b >= 0xF0 && b <= 0xF4)
			k = 4;
		else
			return -1;
		if (len - i < k)
			return -1;
		for (size_t j = 1; j < k; j++)
			if ((p[i + j] & 0xC0) != 0x80)
				return -1;
		if (k == 3 && ((b == 0xE0 && p[i + 1] < 0xA0) ||
			       (b == 0xED && p[i + 1] >= 0xA0)))
			return -1;
		if (k == 4 && ((b == 0xF0 && p[i + 1] < 0x90) ||
			       (b == 0xF4 && p[i + 1] >= 0x90)))
			return -1;
		i += k;
		n++;
	}
	return n;
}

static bool
all_bytes(const uint8_t *p, size_t len, uint8_t v)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != v)
			return false;
	return true;
}

ssc_status
ssc_bcd_date_decode(uint32_t *out, const uint8_t *bcd, size_t len)
{
	uint32_t v = 0;

	if (!out || !bcd)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_bcd_date_decode: NULL argument");
	if (len != 4)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_ENCODING,
				       "BCD date of %zu bytes, expected 4", len);
	if (all_bytes(bcd, 4, 0xFF) || all_bytes(bcd, 4, 0x00)) {
		*out = 0;
		return SSC_OK;
	}
	for (size_t i = 0; i < 4; i++) {
		unsigned hi = bcd[i] >> 4, lo = bcd[i] & 0x0F;
		if (hi > 9 || lo > 9)
			return ssc__error_setf(SSC_EPARSE,
					       SSC_ERROR_CLASS_ENCODING,
					       "BCD date: byte %zu (%02X) is not "
					       "two decimal digits", i, bcd[i]);
		v = v * 100 + hi * 10 + lo;
	}
	if (!ssc_date_is_valid(v))
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_ENCODING,
				       "BCD date %08u is not a calendar date",
				       (unsigned)v);
	*out = v;
	return SSC_OK;
}

ssc_status
ssc_bcd_date_encode(uint8_t out[4], uint32_t ymd)
{
	if (!out)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_bcd_date_encode: NULL argument");
	if (ymd == 0) {
		memset(out, 0xFF, 4);
		return SSC_OK;
	}
	if (!ssc_date_is_valid(ymd))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "%08u is not a calendar date",
				       (unsigned)ymd);
	for (int i = 3; i >= 0; i--) {
		unsigned two = ymd % 100;
		out[i] = (uint8_t)((two / 10) << 4 | (two % 10));
		ymd /= 100;
	}
	return SSC_OK;
}

ssc_status
ssc_bcd_region_decode(char out[7], const uint8_t *bcd, size_t len)
{
	char digits[7];
	size_t n = 0;
	bool padding = false;

	if (!out || !bcd)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "ssc_bcd_region_decode: NULL argument");
	if (len < 1 || len > 8)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_ENCODING,
				       "BCD region code of %zu bytes", len);
	for (size_t i = 0; i < 2 * len; i++) {
		unsigned nib = i % 2 ? bcd[i / 2] & 0x0F : bcd[i / 2] >> 4;
		if (nib == 0x0F) {
			padding = true;
			continue;
		}
		if (padding || nib > 9 || n == 6)
			return ssc__error_setf(SSC_EPARSE,
					       SSC_ERROR_CLASS_ENCODING,
					       "BCD region code: bad nibble %X "
					       "at position %zu", nib, i);
		digits[n++] = (char)('0' + nib);
	}
	if (n != 2 && n != 4 && n != 6)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_ENCODING,
				       "BCD region code of %zu digits", n);
	while (n < 6)
		digits[n++] = '0';
	digits[6] = '\0';
	memcpy(out, digits, 7);
	return SSC_OK;
}

ssc_status
ssc_bcd_region_encode(uint8_t out[3], const char *code)
{
	if (!out || !code || !ssc__is_digits(code, 6))
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "region code must be six digits");
	for (int i = 0; i < 3; i++)
		out[i] = (uint8_t)((code[2 * i] - '0') << 4 |
				   (code[2 * i + 1] - '0'));
	return SSC_OK;
}
