/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The software social security card.  It models what reference/card-spec.md
 * §1-4 establishes: the SSSE DDF under MF with its FCI, EF05/EF06 records
 * addressed by tag or number, directly or by SFI; VERIFY / CHANGE PIN with
 * a tries counter and blocking; RELOAD and UNBLOCK under secure messaging;
 * GET CHALLENGE, EXTERNAL and INTERNAL AUTHENTICATE (3DES or SM4 keys)
 * that gate generation-3 reads; and the PBOC debit application (PSE, PPSE,
 * AID, GPO with PDOL, AFL records, GET DATA, ATC, APPLICATION BLOCK).
 * T=0 cards answer with 61xx and 6Cxx the way real cards do.  The card
 * side uses OpenSSL and iconv directly: it is a separate component from
 * the library it is tested against.
 */
#include <iconv.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "reader/reader_int.h"
#include "reader/sim_card.h"

#define MAX_RECS 16
#define MAX_FIN_RECS 4

typedef struct {
	uint8_t tag;
	uint8_t len;
	uint8_t val[250];
} sim_rec;

typedef struct {
	uint8_t sfi;
	sim_rec recs[MAX_RECS];
	size_t n;
} sim_ef;

enum { SEL_NONE, SEL_MF, SEL_SSSE, SEL_PSE, SEL_PPSE, SEL_ADF };
enum { ALG_3DES = 1, ALG_SM4 = 3 };

typedef struct {
	uint8_t id;        /* key id as in P2 of EXTERNAL AUTHENTICATE */
	uint8_t key[16];
} sim_key;

typedef struct {
	uint8_t packed[8]; /* BCD, F-padded */
	size_t len;        /* bytes used in packed */
	int tries, max;
} sim_pin;

struct ssc__sim_card {
	const ssc_ctx *ctx;
	int generation;
	bool contact, contactless;
	uint8_t atr_contact[33], atr_cl[33];
	size_t atr_contact_len, atr_cl_len;
	int proto_contact;
	bool get_response; /* T=0 style 61xx / 6Cxx answers */
	int alg;           /* 0 = no 9F0C in the FCI; else 1 / 3 */
	bool auth_required;
	sim_ef ef05, ef06;
	sim_pin pin;
	sim_key keys[8];
	size_t nkeys;
	uint8_t key_internal[16], key_reload[16], key_unblock[16];
	uint8_t key_update[16]; /* UPDATE RECORD MAC (personalisation) */

	/* financial application */
	bool fin;
	uint8_t aid[16];
	size_t aid_len;
	char label[17];
	uint8_t pdol[32];
	size_t pdol_len, pdol_total;
	uint8_t fin_recs[MAX_FIN_RECS][250];
	size_t fin_rec_len[MAX_FIN_RECS], nfin;
	unsigned atc, last_online_atc;
	sim_pin fin_pin;
	bool fin_blocked;
	uint8_t balance[6], balance_limit[6], single_limit[6];
	uint8_t key_block[16];

	/* volatile state */
	int iface;
	int sel;
	sim_ef *cur_ef;
	uint32_t auth_ok;     /* bit per authenticated key id (0..31) */
	uint8_t chal[16];
	size_t chal_len;
	uint8_t pending[258];
	size_t pending_len;
};

/* ---- small helpers -------------------------------------------------- */

static const uint8_t ssse_name[] = { 0x73, 0x78, 0x31, 0x2E, 0x73, 0x68, 0x2E,
				     0xC9, 0xE7, 0xBB, 0xE1, 0xB1, 0xA3, 0xD5,
				     0xCF };
static const char pse_name[] = "1PAY.SYS.DDF01";
static const char ppse_name[] = "2PAY.SYS.DDF01";

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Hex text (spaces allowed) to bytes; -1 on bad text or overflow. */
static long
unhex(uint8_t *out, size_t cap, const char *s)
{
	size_t n = 0;

	while (*s) {
		int hi, lo;

		if (*s == ' ') {
			s++;
			continue;
		}
		hi = hexval(s[0]);
		lo = s[1] ? hexval(s[1]) : -1;
		if (hi < 0 || lo < 0 || n >= cap)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
	return (long)n;
}

/* Digits to packed BCD, right-padded with F nibbles to nbytes. */
static bool
pack_bcd(uint8_t *out, size_t nbytes, const char *digits, bool allow_short)
{
	size_t n = strlen(digits), i;

	if (n > nbytes * 2 || (!allow_short && n != nbytes * 2))
		return false;
	memset(out, 0xFF, nbytes);
	for (i = 0; i < n; i++) {
		int d = digits[i] - '0';

		if (d < 0 || d > 9)
			return false;
		if (i % 2 == 0)
			out[i / 2] = (uint8_t)(d << 4 | 0x0F);
		else
			out[i / 2] = (uint8_t)((out[i / 2] & 0xF0) | d);
	}
	return true;
}

/* A PIN as packed BCD: 4..16 digits, first F nibble ends it. */
static bool
pin_valid(const uint8_t *p, size_t len)
{
	size_t i, digits = 0;
	bool end = false;

	if (len < 2 || len > 8)
		return false;
	for (i = 0; i < 2 * len; i++) {
		int nib = i % 2 ? p[i / 2] & 15 : p[i / 2] >> 4;

		if (end && nib != 15)
			return false;
		if (nib == 15)
			end = true;
		else if (nib > 9)
			return false;
		else
			digits++;
	}
	return digits >= 4 && (digits + 1) / 2 == len;
}

static bool
pin_set(sim_pin *pin, const char *digits)
{
	size_t n = strlen(digits);

	if (n < 4 || n > 16)
		return false;
	pin->len = (n + 1) / 2;
	return pack_bcd(pin->packed, pin->len, digits, true);
}

/* ECB with a 16-byte key; alg 1 = 2-key 3DES (8-byte blocks), 3 = SM4. */
static bool
ecb(int alg, bool enc, const uint8_t key[16], const uint8_t *in, size_t n,
    uint8_t *out)
{
	EVP_CIPHER_CTX *cc = EVP_CIPHER_CTX_new();
	int l1 = 0, l2 = 0;
	bool ok;

	if (!cc)
		return false;
	ok = EVP_CipherInit_ex(cc, alg == ALG_SM4 ? EVP_sm4_ecb()
						   : EVP_des_ede_ecb(),
			       NULL, key, NULL, enc ? 1 : 0) == 1 &&
	     EVP_CIPHER_CTX_set_padding(cc, 0) == 1 &&
	     EVP_CipherUpdate(cc, out, &l1, in, (int)n) == 1 &&
	     EVP_CipherFinal_ex(cc, out + l1, &l2) == 1 &&
	     (size_t)(l1 + l2) == n;
	EVP_CIPHER_CTX_free(cc);
	return ok;
}

/* ISO 9797-1 MAC algorithm 3 (retail MAC), padding method 2, 16-byte
 * key, IV iv; writes the left 4 bytes. */
static bool
retail_mac(const uint8_t key[16], const uint8_t iv[8], const uint8_t *data,
	   size_t n, uint8_t mac[4])
{
	uint8_t kl[16], kr[16], h[8], blk[8];
	size_t i = 0, j;
	bool done = false, ok = true;

	memcpy(kl, key, 8);
	memcpy(kl + 8, key, 8);
	memcpy(kr, key + 8, 8);
	memcpy(kr + 8, key + 8, 8);
	memcpy(h, iv, 8);
	while (!done && ok) {
		for (j = 0; j < 8; j++, i++) {
			if (i < n)
				blk[j] = data[i];
			else if (i == n)
				blk[j] = 0x80;
			else
				blk[j] = 0x00;
		}
		done = i > n;
		for (j = 0; j < 8; j++)
			h[j] ^= blk[j];
		ok = ecb(ALG_3DES, true, kl, h, 8, h);
	}
	ok = ok && ecb(ALG_3DES, false, kr, h, 8, h) &&
	     ecb(ALG_3DES, true, kl, h, 8, h);
	memcpy(mac, h, 4);
	ssc__wipe(kl, sizeof(kl));
	ssc__wipe(kr, sizeof(kr));
	return ok;
}

static void
put_sw(uint8_t *resp, size_t *rl, unsigned sw)
{
	resp[*rl] = (uint8_t)(sw >> 8);
	resp[*rl + 1] = (uint8_t)sw;
	*rl += 2;
}

static void
answer_sw(uint8_t *resp, size_t *rl, unsigned sw)
{
	*rl = 0;
	put_sw(resp, rl, sw);
}

/* The parsed command. */
typedef struct {
	uint8_t cla, ins, p1, p2;
	const uint8_t *data;
	size_t lc;
	bool has_le;
	size_t le; /* 1..256 */
} apdu;

/*
 * Answer with response data.  T=0 style cards: a command carrying data
 * (case 3/4) gets 61xx and the data wait for GET RESPONSE; a case 2
 * command with the wrong Le gets 6Cxx.  Other cards: case 2/4 answer
 * directly (Le 00 = up to 256; a wrong non-zero Le gets 6Cxx); case 3
 * answers 9000 without data.
 */
static void
answer_data(ssc__sim_card *c, const apdu *a, const uint8_t *d, size_t n,
	    unsigned sw, uint8_t *resp, size_t *rl)
{
	*rl = 0;
	if (n == 0) {
		put_sw(resp, rl, sw);
		return;
	}
	if (c->get_response && a->lc > 0) {
		/* a warning SW goes first; the data still wait */
		memcpy(c->pending, d, n);
		c->pending_len = n;
		put_sw(resp, rl, sw != 0x9000 ? sw : 0x6100 | (n & 0xFF));
		return;
	}
	if (!a->has_le) {
		put_sw(resp, rl, a->lc > 0 ? sw : 0x6700);
		return;
	}
	if (a->le != n && (c->get_response || a->le != 256)) {
		put_sw(resp, rl, 0x6C00 | (n & 0xFF));
		return;
	}
	memcpy(resp, d, n);
	*rl = n;
	put_sw(resp, rl, sw);
}

static const sim_key *
find_key(const ssc__sim_card *c, uint8_t id)
{
	size_t i;

	for (i = 0; i < c->nkeys; i++)
		if (c->keys[i].id == id)
			return &c->keys[i];
	return NULL;
}

/* ---- SELECT ----------------------------------------------------------- */

static size_t
tlv(uint8_t *out, unsigned tag, const uint8_t *v, size_t n)
{
	size_t k = 0;

	if (tag > 0xFF)
		out[k++] = (uint8_t)(tag >> 8);
	out[k++] = (uint8_t)tag;
	out[k++] = (uint8_t)n;
	if (n && v != out + k)
		memmove(out + k, v, n);
	return k + n;
}

static size_t
fci_ssse(const ssc__sim_card *c, uint8_t *out)
{
	uint8_t a5[16], body[64];
	size_t na = 0, nb = 0;
	uint8_t sfi = 0x0B, ind[4] = { 0x86, 0x01, 0 };

	na += tlv(a5 + na, 0x88, &sfi, 1);
	if (c->alg) {
		ind[2] = (uint8_t)c->alg;
		na += tlv(a5 + na, 0x9F0C, ind, 3);
	}
	nb += tlv(body + nb, 0x84, ssse_name, sizeof(ssse_name));
	nb += tlv(body + nb, 0xA5, a5, na);
	return tlv(out, 0x6F, body, nb);
}

static size_t
dir_entry(const ssc__sim_card *c, uint8_t *out)
{
	uint8_t e[48];
	size_t n = 0;
	uint8_t prio = 1;

	n += tlv(e + n, 0x4F, c->aid, c->aid_len);
	n += tlv(e + n, 0x50, (const uint8_t *)c->label, strlen(c->label));
	n += tlv(e + n, 0x87, &prio, 1);
	return tlv(out, 0x61, e, n);
}

static size_t
fci_pse(const ssc__sim_card *c, bool ppse, uint8_t *out)
{
	uint8_t a5[64], body[96], ent[64];
	size_t na = 0, nb = 0, ne;
	uint8_t sfi = 1;
	const char *name = ppse ? ppse_name : pse_name;

	if (ppse) {
		ne = dir_entry(c, ent);
		na += tlv(a5 + na, 0xBF0C, ent, ne);
	} else {
		na += tlv(a5 + na, 0x88, &sfi, 1);
	}
	nb += tlv(body + nb, 0x84, (const uint8_t *)name, strlen(name));
	nb += tlv(body + nb, 0xA5, a5, na);
	return tlv(out, 0x6F, body, nb);
}

static size_t
fci_adf(const ssc__sim_card *c, uint8_t *out)
{
	uint8_t a5[96], body[128];
	size_t na = 0, nb = 0;
	uint8_t prio = 1;

	na += tlv(a5 + na, 0x50, (const uint8_t *)c->label,
		  strlen(c->label));
	na += tlv(a5 + na, 0x87, &prio, 1);
	if (c->pdol_len)
		na += tlv(a5 + na, 0x9F38, c->pdol, c->pdol_len);
	nb += tlv(body + nb, 0x84, c->aid, c->aid_len);
	nb += tlv(body + nb, 0xA5, a5, na);
	return tlv(out, 0x6F, body, nb);
}

static void
do_select(ssc__sim_card *c, const apdu *a, uint8_t *resp, size_t *rl)
{
	uint8_t fci[200];
	size_t n = 0;
	unsigned sw = 0x9000;

	if ((a->p2 & ~0x0C) != 0) {
		answer_sw(resp, rl, 0x6A86);
		return;
	}
	if (a->p1 == 0x00 || a->p1 == 0x02) {
		uint16_t fid;

		if (a->lc == 0 && a->p1 == 0x00) {
			fid = 0x3F00;
		} else if (a->lc != 2) {
			answer_sw(resp, rl, 0x6700);
			return;
		} else {
			fid = (uint16_t)(a->data[0] << 8 | a->data[1]);
		}
		if (fid == 0x3F00) {
			c->sel = SEL_MF;
			c->cur_ef = NULL;
			answer_sw(resp, rl, 0x9000);
			return;
		}
		if (c->sel == SEL_SSSE && (fid == 0xEF05 || fid == 0xEF06)) {
			c->cur_ef = fid == 0xEF05 ? &c->ef05 : &c->ef06;
			answer_sw(resp, rl, 0x9000);
			return;
		}
		answer_sw(resp, rl, 0x6A82);
		return;
	}
	if (a->p1 != 0x04) {
		answer_sw(resp, rl, 0x6A86);
		return;
	}
	if (a->lc == sizeof(ssse_name) &&
	    memcmp(a->data, ssse_name, sizeof(ssse_name)) == 0) {
		c->sel = SEL_SSSE;
		c->cur_ef = NULL;
		n = fci_ssse(c, fci);
	} else if (c->fin && a->lc == strlen(pse_name) &&
		   memcmp(a->data, pse_name, a->lc) == 0) {
		c->sel = SEL_PSE;
		c->cur_ef = NULL;
		n = fci_pse(c, false, fci);
	} else if (c->fin && a->lc == strlen(ppse_name) &&
		   memcmp(a->data, ppse_name, a->lc) == 0) {
		c->sel = SEL_PPSE;
		c->cur_ef = NULL;
		n = fci_pse(c, true, fci);
	} else if (c->fin && a->lc >= 5 && a->lc <= c->aid_len &&
		   memcmp(a->data, c->aid, a->lc) == 0) {
		c->sel = SEL_ADF;
		c->cur_ef = NULL;
		n = fci_adf(c, fci);
		if (c->fin_blocked)
			sw = 0x6283;
	} else {
		answer_sw(resp, rl, 0x6A82);
		return;
	}
	if (a->p2 == 0x0C) {
		answer_sw(resp, rl, sw);
		return;
	}
	answer_data(c, a, fci, n, sw, resp, rl);
}

/* ---- READ RECORD ---------------------------------------------------- */

static bool
ss_read_allowed(const ssc__sim_card *c, const sim_ef *ef, uint8_t tag)
{
	if (!c->auth_required || (c->auth_ok & (1u << 0x0A)))
		return true;
	/* generation 3: issuer data needed to derive keys stay free */
	return ef == &c->ef05 && (tag == 0x01 || tag == 0x02 || tag == 0x03 ||
				  tag == 0x04);
}

static void
do_read_record(ssc__sim_card *c, const apdu *a, uint8_t *resp, size_t *rl)
{
	uint8_t sfi = a->p2 >> 3, mode = a->p2 & 7, out[252];
	size_t i;

	if (mode != 0 && mode != 4) {
		answer_sw(resp, rl, 0x6A86);
		return;
	}
	if (a->p1 == 0) {
		answer_sw(resp, rl, 0x6A86);
		return;
	}
	if (c->sel == SEL_PSE || c->sel == SEL_PPSE || c->sel == SEL_ADF) {
		size_t idx;

		if (mode != 4) {
			answer_sw(resp, rl, 0x6A86);
			return;
		}
		if (sfi == 1 && c->sel != SEL_ADF) {
			uint8_t ent[64];
			size_t ne;

			if (a->p1 != 1) {
				answer_sw(resp, rl, 0x6A83);
				return;
			}
			ne = dir_entry(c, ent);
			answer_data(c, a, out, tlv(out, 0x70, ent, ne), 0x9000,
				    resp, rl);
			return;
		}
		if (sfi != 2 || c->sel != SEL_ADF) {
			answer_sw(resp, rl, 0x6A82);
			return;
		}
		idx = (size_t)a->p1 - 1;
		if (idx >= c->nfin) {
			answer_sw(resp, rl, 0x6A83);
			return;
		}
		answer_data(c, a, c->fin_recs[idx], c->fin_rec_len[idx],
			    0x9000, resp, rl);
		return;
	}
	{
		sim_ef *ef = NULL;
		const sim_rec *r = NULL;

		if (sfi == 0)
			ef = c->cur_ef;
		else if (c->sel == SEL_SSSE && sfi == c->ef05.sfi)
			ef = &c->ef05;
		else if (c->sel == SEL_SSSE && sfi == c->ef06.sfi)
			ef = &c->ef06;
		if (!ef) {
			answer_sw(resp, rl, sfi == 0 ? 0x6986 : 0x6A82);
			return;
		}
		if (mode == 4) {
			if (a->p1 <= ef->n)
				r = &ef->recs[a->p1 - 1];
		} else {
			for (i = 0; i < ef->n && !r; i++)
				if (ef->recs[i].tag == a->p1)
					r = &ef->recs[i];
		}
		if (!r) {
			answer_sw(resp, rl, 0x6A83);
			return;
		}
		if (!ss_read_allowed(c, ef, r->tag)) {
			answer_sw(resp, rl, 0x6982);
			return;
		}
		out[0] = r->tag;
		out[1] = r->len;
		memcpy(out + 2, r->val, r->len);
		answer_data(c, a, out, (size_t)r->len + 2, 0x9000, resp, rl);
	}
}

/* ---- PINs ----------------------------------------------------------- */

static unsigned
pin_check(sim_pin *pin, const uint8_t *p, size_t n)
{
	if (pin->tries <= 0)
		return 0x6983;
	if (n == pin->len && memcmp(p, pin->packed, n) == 0) {
		pin->tries = pin->max;
		return 0x9000;
	}
	pin->tries--;
	return pin->tries <= 0 ? 0x6983 : 0x63C0 | (unsigned)pin->tries;
}

static void
do_verify(ssc__sim_card *c, const apdu *a, uint8_t *resp, size_t *rl)
{
	sim_pin *pin;
	const uint8_t *p = a->data;
	size_t n = a->lc;

	if (a->p1 != 0) {
		answer_sw(resp, rl, 0x6A86);
		return;
	}
	if (a->p2 == 0x00 && (c->sel == SEL_SSSE)) {
		pin = &c->pin;
	} else if (a->p2 == 0x80 && c->sel == SEL_ADF) {
		pin = &c->fin_pin;
		/* plaintext PIN block: 2N PP..PF..F, 8 bytes */
		if (n == 8) {
			size_t digits = p[0] & 0x0F;

			if ((p[0] >> 4) != 2 || digits < 4 || digits > 12) {
				answer_sw(resp, rl, 0x6A80);
				return;
			}
			p = p + 1;
			n = (digits + 1) / 2;
		} else if (n != 0) {
			answer_sw(resp, rl, 0x6700);
			return;
		}
	} else if (a->p2 == 0x00 || a->p2 == 0x80) {
		answer_sw(resp, rl, 0x6985);
		return;
	} else {
		answer_sw(resp, rl, 0x6A88);
		return;
	}
	if (n == 0) {
		answer_sw(resp, rl, pin->tries <= 0 ? 0x6983
				     : 0x63C0 | (unsigned)pin->tries);
		return;
	}
	answer_sw(resp, rl, pin_check(pin, p, n));
}

static void
do_change_pin(ssc__sim_card *c, const apdu *a, uint8_t *resp, size_t *rl)
{
	size_t i, olen, nlen;
	unsigned sw;

	if (a->p1 != 0x01 || a->p2 != 0x00) {
		answer_sw(resp, rl, 0x6A86);
		return;
	}
	if (c->sel != SEL_SSSE) {
		answer_sw(resp, rl, 0x6985);
		return;
	}
	for (i = 0; i < a->lc && a->data[i] != 0xFF; i++)
		;
	if (i == a->lc) {
		answer_sw(resp, rl, 0x6A80);
		return;
	}
	olen = i;
	nlen = a->lc - i - 1;
	if (!pin_valid(a->data + i + 1, nlen)) {
		answer_sw(resp, rl, 0x6A80);
		return;
	}
	sw = pin_check(&c->pin, a->data, olen);
	if (sw == 0x9000) {
		memset(c->pin.packed, 0xFF, sizeof(c->pin.packed));
		memcpy(c->pin.packed, a->data + i + 1, nlen);
		c->pin.len = nlen;
	}
	answer_sw(resp, rl, sw);
}

/* RELOAD (P2=01): 16 bytes 3DES(LV(new PIN) 80 00..) + MAC, after
 * EXTERNAL AUTHENTICATE with key 06.  UNBLOCK (P2=00): 8 bytes
 * 3DES(LV(current PIN) 80 00..) + MAC, or the MAC alone.  MAC: retail MAC over the header
 * and the enciphered block, IV = the last challenge. */
static void
do_pin_sm(ssc__sim_card *c, const apdu *a, uint8_t *resp, size_t *rl)
{
	bool reload = a->p2 == 0x01;
	/* UNBLOCK carrying only a MAC (the form lib/chip sends; card-spec §3
	 * leaves the data format open): resets the counter */
	bool mac_only = !reload && a->lc == 4;
	size_t enc_len = reload ? 16 : mac_only ? 0 : 8;
	const uint8_t *key = reload ? c->key_reload : c->key_unblock;
	uint8_t macin[5 + 16], mac[4], plain[16];
	unsigned sw = 0x9000;

	if (a->p1 != 0 || (a->p2 != 0x00 && a->p2 != 0x01)) {
		answer_sw(resp, rl, 0x6A86);
		return;
	}
	if (c->sel != SEL_SSSE) {
		answer_sw(resp, rl, 0x6985);
		return;
	}
	if (a->lc != enc_len + 4) {
		answer_sw(resp, rl, 0x6700);
		return;
	}
	if (reload && !(c->auth_ok & (1u << 0x06))) {
		answer_sw(resp, rl, 0x6982);
		return;
	}
	if (c->chal_len < 8) {
		answer_sw(resp, rl, 0x6985);
		return;
	}
	macin[0] = a->cla;
	macin[1] = a->ins;
	macin[2] = a->p1;
	macin[3] = a->p2;
	macin[4] = (uint8_t)a->lc;
	memcpy(macin + 5, a->data, enc_len);
	c->chal_len = 0;
	if (!retail_mac(key, c->chal, macin, 5 + enc_len, mac) ||
	    memcmp(mac, a->data + enc_len, 4) != 0) {
		answer_sw(resp, rl, 0x6988);
		return;
	}
	if (mac_only) {
		c->pin.tries = c->pin.max;
		answer_sw(resp, rl, 0x9000);
		return;
	}
	if (!ecb(ALG_3DES, false, key, a->data, enc_len, plain)) {
		answer_sw(resp, rl, 0x6581);
		return;
	}
	/* L of LV(PIN) counts bytes on some cards and digits on others
	 * (card-spec §3, [U]): a digit count is recognised by the 80 that
	 * follows its (L + 1) / 2 BCD bytes */
	if (plain[0] >= 4 && plain[0] <= 16 &&
	    1u + (plain[0] + 1u) / 2 < enc_len &&
	    plain[1 + (plain[0] + 1) / 2] == 0x80)
		plain[0] = (uint8_t)((plain[0] + 1) / 2);
	if (plain[0] < 2 || plain[0] > enc_len - 1 ||
	    !pin_valid(plain + 1, plain[0])) {
		sw = 0x6A80;
	} else if (reload) {
		memset(c->pin.packed, 0xFF, sizeof(c->pin.packed));
		memcpy(c->pin.packed, plain + 1, plain[0]);
		c->pin.len = plain[0];
		c->pin.tries = c->pin.max;
	} else if (plain[0] != c->pin.len ||
		   memcmp(plain + 1, c->pin.packed, c->pin.len) != 0) {
		sw = 0x6984;
	} else {
		c->pin.tries = c->pin.max;
	}
	ssc__wipe(plain, sizeof(plain));
	answer_sw(resp, rl, sw);
}

/* ---- UPDATE RECORD (personalisation) ------------------------------- */

/* The SSSE items and their lengths (card-spec §2.1, §2.2); key items are
 * written once, at personalisation, never rewritten. */
static const struct {
	uint8_t sfi, tag, len;
	bool key;
} upd_items[] = {
	{ 5, 0x01, 16, true }, { 5, 0x02, 1, false }, { 5, 0x03, 4, true },
	{ 5, 0x04, 12, false }, { 5, 0x05, 4, false }, { 5, 0x06, 4, false },
	{ 5, 0x07, 9, true }, { 6, 0x08, 18, true }, { 6, 0x09, 30, false },
	{ 6, 0x4E, 20, false }, { 6, 0x0A, 1, false }, { 6, 0x0B, 1, false },
	{ 6, 0x0C, 3, false }, { 6, 0x0D, 4, false },
};

/*
 * 04 DC tag SFI·8 Lc (tag len value) MAC: retail MAC with the update key
 * over the header and the record, IV = the last challenge; or 00 DC …
 * without MAC after EXTERNAL AUTHENTICATE with key 04 (card-spec §2.3).
 * A key item (01 03 07 08) is created on a blank card and refused once
 * present (6985); the other items are created or replaced.
 */
static void
do_update_record(ssc__sim_card *c, const apdu *a, uint8_t *resp, size_t *rl)
{
	uint8_t sfi = a->p2 >> 3, macin[5 + 40], mac[4];
	size_t i, rlen = a->lc, vlen;
	sim_ef *ef;
	sim_rec *r = NULL;
	int it = -1;

	if ((a->p2 & 7) != 0 || a->p1 == 0) {
		answer_sw(resp, rl, 0x6A86);
		return;
	}
	if (c->sel != SEL_SSSE) {
		answer_sw(resp, rl, 0x6985);
		return;
	}
	for (i = 0; i < SSC__ARRAY_SIZE(upd_items); i++)
		if (upd_items[i].sfi == sfi && upd_items[i].tag == a->p1)
			it = (int)i;
	if (it < 0) {
		answer_sw(resp, rl, sfi == 5 || sfi == 6 ? 0x6A83 : 0x6A82);
		return;
	}
	if (a->cla == 0x04) {
		if (rlen < 4 + 2 || rlen - 4 > 2u + upd_items[it].len) {
			answer_sw(resp, rl, 0x6700);
			return;
		}
		rlen -= 4;
		if (c->chal_len < 8) {
			answer_sw(resp, rl, 0x6985);
			return;
		}
		macin[0] = a->cla;
		macin[1] = a->ins;
		macin[2] = a->p1;
		macin[3] = a->p2;
		macin[4] = (uint8_t)a->lc;
		memcpy(macin + 5, a->data, rlen);
		c->chal_len = 0;
		if (!retail_mac(c->key_update, c->chal, macin, 5 + rlen, mac) ||
		    memcmp(mac, a->data + rlen, 4) != 0) {
			answer_sw(resp, rl, 0x6988);
			return;
		}
	} else if (!(c->auth_ok & ((1u << 0x04) | (1u << 0x0A)))) {
		/* plain after EXTERNAL AUTHENTICATE with the personalisation
		 * key: 04 or 0A, both read in card-spec §2.3 */
		answer_sw(resp, rl, 0x6982);
		return;
	}
	/* fixed-length items; a name (09, 4E) may be shorter and is padded
	 * with 00 to its field length */
	vlen = rlen >= 2 ? rlen - 2 : 0;
	if (rlen < 2 || a->data[0] != a->p1 || a->data[1] != vlen ||
	    (vlen != upd_items[it].len &&
	     !((a->p1 == 0x09 || a->p1 == 0x4E) && vlen <= upd_items[it].len))) {
		answer_sw(resp, rl, 0x6A80);
		return;
	}
	ef = sfi == 5 ? &c->ef05 : &c->ef06;
	for (i = 0; i < ef->n; i++)
		if (ef->recs[i].tag == a->p1)
			r = &ef->recs[i];
	if (r && upd_items[it].key) {
		answer_sw(resp, rl, 0x6985);
		return;
	}
	if (!r) {
		if (ef->n >= MAX_RECS) {
			answer_sw(resp, rl, 0x6A84);
			return;
		}
		r = &ef->recs[ef->n++];
	}
	r->tag = a->p1;
	r->len = upd_items[it].len;
	memset(r->val, 0, r->len);
	memcpy(r->val, a->data + 2, vlen);
	answer_sw(resp, rl, 0x9000);
}

/* ---- authentication ------------------------------------------------- */

static size_t
block_len(const ssc__sim_card *c)
{
	return c->alg == ALG_SM4 ? 16 : 8;
}

static void
do_get_challenge(ssc__sim_card *c, const apdu *a, uint8_t *resp, size_t *rl)
{
	uint8_t r[16];

	if (a->p1 || a->p2) {
		answer_sw(resp, rl, 0x6A86);
		return;
	}
	if (!a->has_le || a->lc || (a->le != 4 && a->le != 8 && a->le != 16)) {
		answer_sw(resp, rl, 0x6700);
		return;
	}
	if (RAND_bytes(r, (int)a->le) != 1) {
		answer_sw(resp, rl, 0x6581);
		return;
	}
	memcpy(c->chal, r, a->le);
	memset(c->chal + a->le, 0, sizeof(c->chal) - a->le);
	c->chal_len = a->le;
	answer_data(c, a, r, a->le, 0x9000, resp, rl);
}

static void
do_external_auth(ssc__sim_card *c, const apdu *a, uint8_t *resp, size_t *rl)
{
	const sim_key *k = find_key(c, a->p2);
	size_t bl = block_len(c);
	uint8_t want[16];

	if (a->p1 != 0) {
		answer_sw(resp, rl, 0x6A86);
		return;
	}
	if (!k || a->p2 > 31) {
		answer_sw(resp, rl, 0x6A88);
		return;
	}
	if (a->lc != bl) {
		answer_sw(resp, rl, 0x6700);
		return;
	}
	if (c->chal_len < bl) {
		answer_sw(resp, rl, 0x6985);
		return;
	}
	c->chal_len = 0;
	if (!ecb(c->alg == ALG_SM4 ? ALG_SM4 : ALG_3DES, true, k->key,
		 c->chal, bl, want)) {
		answer_sw(resp, rl, 0x6581);
		return;
	}
	if (memcmp(want, a->data, bl) != 0) {
		answer_sw(resp, rl, 0x6300);
		return;
	}
	c->auth_ok |= 1u << a->p2;
	answer_sw(resp, rl, 0x9000);
}

static void
do_internal_auth(ssc__sim_card *c, const apdu *a, uint8_t *resp, size_t *rl)
{
	size_t bl = block_len(c);
	uint8_t out[64];

	if (a->p1 || a->p2) {
		answer_sw(resp, rl, 0x6A86);
		return;
	}
	if (a->lc == 0 || a->lc % bl || a->lc > sizeof(out)) {
		answer_sw(resp, rl, 0x6700);
		return;
	}
	if (!ecb(c->alg == ALG_SM4 ? ALG_SM4 : ALG_3DES, true,
		 c->key_internal, a->data, a->lc, out)) {
		answer_sw(resp, rl, 0x6581);
		return;
	}
	answer_data(c, a, out, a->lc, 0x9000, resp, rl);
}

/* ---- financial application ------------------------------------------ */

static void
do_gpo(ssc__sim_card *c, const apdu *a, uint8_t *resp, size_t *rl)
{
	uint8_t out[16] = { 0x80, 0x06, 0x7C, 0x00, 0x10, 0x01,
			    0x00, 0x00 };

	if (c->sel != SEL_ADF || c->fin_blocked) {
		answer_sw(resp, rl, 0x6985);
		return;
	}
	if (a->p1 || a->p2) {
		answer_sw(resp, rl, 0x6A86);
		return;
	}
	if (a->lc < 2 || a->data[0] != 0x83 || a->data[1] != a->lc - 2 ||
	    a->data[1] != c->pdol_total) {
		answer_sw(resp, rl, 0x6700);
		return;
	}
	if (c->atc >= 0xFFFF) {
		answer_sw(resp, rl, 0x6985);
		return;
	}
	c->atc++;
	out[6] = (uint8_t)c->nfin;
	answer_data(c, a, out, 8, 0x9000, resp, rl);
}

static void
do_get_data(ssc__sim_card *c, const apdu *a, uint8_t *resp, size_t *rl)
{
	unsigned tag = (unsigned)a->p1 << 8 | a->p2;
	uint8_t v[8], out[16];
	size_t n;

	if (c->sel != SEL_ADF) {
		answer_sw(resp, rl, 0x6985);
		return;
	}
	switch (tag) {
	case 0x9F36:
	case 0x9F13: {
		unsigned x = tag == 0x9F36 ? c->atc : c->last_online_atc;

		v[0] = (uint8_t)(x >> 8);
		v[1] = (uint8_t)x;
		n = 2;
		break;
	}
	case 0x9F17:
		v[0] = (uint8_t)(c->fin_pin.tries < 0 ? 0 : c->fin_pin.tries);
		n = 1;
		break;
	case 0x9F79:
		memcpy(v, c->balance, 6);
		n = 6;
		break;
	case 0x9F77:
		memcpy(v, c->balance_limit, 6);
		n = 6;
		break;
	case 0x9F78:
		memcpy(v, c->single_limit, 6);
		n = 6;
		break;
	default:
		answer_sw(resp, rl, 0x6A88);
		return;
	}
	answer_data(c, a, out, tlv(out, tag, v, n), 0x9000, resp, rl);
}

static void
do_app_block(ssc__sim_card *c, const apdu *a, uint8_t *resp, size_t *rl)
{
	uint8_t hdr[5] = { a->cla, a->ins, a->p1, a->p2, (uint8_t)a->lc };
	uint8_t mac[4];

	if (c->sel != SEL_ADF) {
		answer_sw(resp, rl, 0x6985);
		return;
	}
	if (a->lc != 4) {
		answer_sw(resp, rl, 0x6700);
		return;
	}
	if (c->chal_len < 8) {
		answer_sw(resp, rl, 0x6985);
		return;
	}
	c->chal_len = 0;
	if (!retail_mac(c->key_block, c->chal, hdr, 5, mac) ||
	    memcmp(mac, a->data, 4) != 0) {
		answer_sw(resp, rl, 0x6988);
		return;
	}
	c->fin_blocked = true;
	answer_sw(resp, rl, 0x9000);
}

/* ---- dispatch ------------------------------------------------------- */

static bool
parse_apdu(apdu *a, const uint8_t *cmd, size_t len)
{
	memset(a, 0, sizeof(*a));
	if (len < 4)
		return false;
	a->cla = cmd[0];
	a->ins = cmd[1];
	a->p1 = cmd[2];
	a->p2 = cmd[3];
	if (len == 4)
		return true;
	if (len == 5) {
		a->has_le = true;
		a->le = cmd[4] ? cmd[4] : 256;
		return true;
	}
	a->lc = cmd[4];
	if (a->lc == 0)
		return false; /* extended length: not supported */
	a->data = cmd + 5;
	if (len == 5 + a->lc)
		return true;
	if (len == 6 + a->lc) {
		a->has_le = true;
		a->le = cmd[len - 1] ? cmd[len - 1] : 256;
		return true;
	}
	return false;
}

void
ssc__sim_card_process(ssc__sim_card *c, const uint8_t *cmd, size_t len,
		      uint8_t *resp, size_t *rl)
{
	apdu a;
	uint8_t pend[258];
	size_t plen;

	if (!parse_apdu(&a, cmd, len)) {
		c->pending_len = 0;
		answer_sw(resp, rl, 0x6700);
		return;
	}
	if (a.ins == 0xC0 && (a.cla & 0xFC) == 0x00) {
		if (c->pending_len == 0) {
			answer_sw(resp, rl, 0x6985);
			return;
		}
		plen = c->pending_len;
		if (!a.has_le || a.lc) {
			answer_sw(resp, rl, 0x6700);
			return;
		}
		if (a.le > plen && a.le != 256) {
			answer_sw(resp, rl, 0x6C00 | (unsigned)plen);
			return;
		}
		memcpy(pend, c->pending, plen);
		if (a.le < plen) {
			memcpy(resp, pend, a.le);
			memmove(c->pending, c->pending + a.le, plen - a.le);
			c->pending_len = plen - a.le;
			*rl = a.le;
			put_sw(resp, rl, 0x6100 | (unsigned)c->pending_len);
			return;
		}
		c->pending_len = 0;
		memcpy(resp, pend, plen);
		*rl = plen;
		put_sw(resp, rl, 0x9000);
		return;
	}
	c->pending_len = 0;
	switch ((unsigned)a.cla << 8 | a.ins) {
	case 0x00A4:
		do_select(c, &a, resp, rl);
		break;
	case 0x00B2:
		do_read_record(c, &a, resp, rl);
		break;
	case 0x0020:
		do_verify(c, &a, resp, rl);
		break;
	case 0x805E:
		do_change_pin(c, &a, resp, rl);
		break;
	case 0x8424:
		do_pin_sm(c, &a, resp, rl);
		break;
	case 0x0084:
		do_get_challenge(c, &a, resp, rl);
		break;
	case 0x0082:
		do_external_auth(c, &a, resp, rl);
		break;
	case 0x0088:
		do_internal_auth(c, &a, resp, rl);
		break;
	case 0x80A8:
		do_gpo(c, &a, resp, rl);
		break;
	case 0x80CA:
		do_get_data(c, &a, resp, rl);
		break;
	case 0x841E:
		do_app_block(c, &a, resp, rl);
		break;
	case 0x00DC:
	case 0x04DC:
		do_update_record(c, &a, resp, rl);
		break;
	default:
		if (a.cla != 0x00 && a.cla != 0x04 && a.cla != 0x80 &&
		    a.cla != 0x84)
			answer_sw(resp, rl, 0x6E00);
		else
			answer_sw(resp, rl, 0x6D00);
		break;
	}
}

/* ---- power, ATR ----------------------------------------------------- */

ssc_status
ssc__sim_card_power_on(ssc__sim_card *c, int iface)
{
	if (!ssc__sim_card_has_interface(c, iface))
		return ssc__error_setf(SSC_ENOCARD, SSC_ERROR_CLASS_READER,
				       "sim: the card has no %s interface",
				       iface == SSC_INTERFACE_CONTACT
					       ? "contact" : "contactless");
	c->iface = iface;
	c->sel = SEL_MF;
	c->cur_ef = NULL;
	c->auth_ok = 0;
	c->chal_len = 0;
	c->pending_len = 0;
	return SSC_OK;
}

bool
ssc__sim_card_has_interface(const ssc__sim_card *c, int iface)
{
	return iface == SSC_INTERFACE_CONTACT ? c->contact
	       : iface == SSC_INTERFACE_CONTACTLESS ? c->contactless : false;
}

size_t
ssc__sim_card_atr(const ssc__sim_card *c, uint8_t *atr)
{
	if (c->iface == SSC_INTERFACE_CONTACTLESS) {
		memcpy(atr, c->atr_cl, c->atr_cl_len);
		return c->atr_cl_len;
	}
	memcpy(atr, c->atr_contact, c->atr_contact_len);
	return c->atr_contact_len;
}

int
ssc__sim_card_protocol(const ssc__sim_card *c)
{
	return c->iface == SSC_INTERFACE_CONTACTLESS ? SSC_PROTOCOL_T1
						     : c->proto_contact;
}

/* ATRs with 12 historical bytes ending in the chip serial (卡识别码
 * bytes 9-12): T=0 "3B 6C 00 00 hist"; T=1 "3B EC 00 00 81 31 FE 45
 * hist TCK"; contactless PC/SC pseudo-ATR "3B 8C 80 01 hist TCK". */
static size_t
make_atr(uint8_t *atr, int kind, const uint8_t serial[4])
{
	static const uint8_t hist8[8] = { 0x80, 0x1F, 0x84, 0x23, 0x01, 0x00,
					  0x53, 0x53 };
	static const uint8_t t0[] = { 0x3B, 0x6C, 0x00, 0x00 };
	static const uint8_t t1[] = { 0x3B, 0xEC, 0x00, 0x00, 0x81, 0x31,
				      0xFE, 0x45 };
	static const uint8_t cl[] = { 0x3B, 0x8C, 0x80, 0x01 };
	size_t n, i;
	uint8_t tck = 0;

	if (kind == 0) {
		memcpy(atr, t0, sizeof(t0));
		n = sizeof(t0);
	} else if (kind == 1) {
		memcpy(atr, t1, sizeof(t1));
		n = sizeof(t1);
	} else {
		memcpy(atr, cl, sizeof(cl));
		n = sizeof(cl);
	}
	memcpy(atr + n, hist8, 8);
	memcpy(atr + n + 8, serial, 4);
	n += 12;
	if (kind != 0) {
		for (i = 1; i < n; i++)
			tck ^= atr[i];
		atr[n++] = tck;
	}
	return n;
}

/* ---- profile -------------------------------------------------------- */

static ssc_status
perr(const char *field, const char *why)
{
	return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_INVALID,
			       "sim profile: %s: %s", field, why);
}

static ssc_status
check_keys(json_t *obj, const char *where, const char *const *allowed)
{
	const char *k;
	json_t *v;

	if (!json_is_object(obj))
		return perr(where, "must be an object");
	json_object_foreach(obj, k, v) {
		size_t i;
		bool ok = false;

		(void)v;
		for (i = 0; allowed[i]; i++)
			if (strcmp(k, allowed[i]) == 0)
				ok = true;
		if (!ok)
			return ssc__error_setf(SSC_EPARSE,
					       SSC_ERROR_CLASS_INVALID,
					       "sim profile: unknown member "
					       "\"%s\" in %s", k, where);
	}
	return SSC_OK;
}

static ssc_status
get_str(json_t *obj, const char *key, const char **out)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return SSC_OK;
	if (!json_is_string(v))
		return perr(key, "must be a string");
	*out = json_string_value(v);
	return SSC_OK;
}

static ssc_status
get_int(json_t *obj, const char *key, long lo, long hi, long *out)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return SSC_OK;
	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		return perr(key, "must be an integer in range");
	*out = (long)json_integer_value(v);
	return SSC_OK;
}

static ssc_status
get_bool(json_t *obj, const char *key, bool *out)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return SSC_OK;
	if (!json_is_boolean(v))
		return perr(key, "must be true or false");
	*out = json_is_true(v);
	return SSC_OK;
}

static ssc_status
get_hex(json_t *obj, const char *key, uint8_t *out, size_t want)
{
	const char *s = NULL;
	ssc_status rc;
	uint8_t tmp[64];

	if ((rc = get_str(obj, key, &s)) < 0 || !s)
		return rc;
	if (unhex(tmp, sizeof(tmp), s) != (long)want)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_INVALID,
				       "sim profile: %s: must be %zu bytes of "
				       "hex", key, want);
	memcpy(out, tmp, want);
	return SSC_OK;
}

static void
add_rec(sim_ef *ef, uint8_t tag, const uint8_t *v, size_t n)
{
	sim_rec *r = &ef->recs[ef->n++];

	r->tag = tag;
	r->len = (uint8_t)n;
	memcpy(r->val, v, n);
}

/* UTF-8 to GB18030 (a superset of GBK that holds rare characters). */
static ssc_status
to_gb(const char *utf8, uint8_t *out, size_t cap, size_t *n)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	char *in = (char *)utf8, *o = (char *)out;
	size_t il = strlen(utf8), ol = cap;

	if (cd == (iconv_t)-1)
		return ssc__error_setf(SSC_EOS, SSC_ERROR_CLASS_ENCODING,
				       "sim: iconv has no GB18030");
	if (iconv(cd, &in, &il, &o, &ol) == (size_t)-1) {
		iconv_close(cd);
		return perr("name", "not valid UTF-8 or too long");
	}
	iconv_close(cd);
	*n = cap - ol;
	return SSC_OK;
}

/* Length of the GB18030 character at p (1, 2 or 4). */
static size_t
gb_char_len(const uint8_t *p, size_t left)
{
	if (p[0] < 0x80 || left < 2)
		return 1;
	if (left >= 4 && p[1] >= 0x30 && p[1] <= 0x39)
		return 4;
	return 2;
}

static const char *const top_keys[] = {
	"generation", "interface", "protocol", "get_response", "atr",
	"atr_contactless", "algorithm", "auth_required", "card", "holder",
	"pin", "keys", "financial", "description", "blank", NULL
};
static const char *const card_keys[] = {
	"identifier", "category", "spec_version", "institution",
	"issue_date", "expiry_date", "number", NULL
};
static const char *const holder_keys[] = {
	"ssn", "name", "name_gbk", "name_ext_gbk", "sex", "ethnicity",
	"birth_place", "birth_date", NULL
};
static const char *const pin_keys[] = { "value", "tries", "max_tries", NULL };
static const char *const key_keys[] = {
	"external_0A", "external_06", "external_04", "internal", "reload",
	"unblock", "update", NULL
};
static const char *const fin_keys[] = {
	"aid", "label", "pan", "expiry", "effective", "psn", "holder_name",
	"id_number", "id_type", "atc", "last_online_atc", "pin", "pin_tries",
	"pin_max_tries", "blocked", "balance", "pdol", "block_key", NULL
};

static ssc_status
fixed_ascii(json_t *o, const char *key, const char *dflt, size_t len,
	    sim_ef *ef, uint8_t tag)
{
	const char *s = dflt;
	ssc_status rc;

	if ((rc = get_str(o, key, &s)) < 0)
		return rc;
	if (strlen(s) != len)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_INVALID,
				       "sim profile: %s: must be %zu "
				       "characters", key, len);
	add_rec(ef, tag, (const uint8_t *)s, len);
	return SSC_OK;
}

static ssc_status
fixed_bcd(json_t *o, const char *key, const char *dflt, size_t nbytes,
	  bool allow_short, sim_ef *ef, uint8_t tag)
{
	const char *s = dflt;
	uint8_t v[8];
	ssc_status rc;

	if ((rc = get_str(o, key, &s)) < 0)
		return rc;
	if (!pack_bcd(v, nbytes, s, allow_short))
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_INVALID,
				       "sim profile: %s: must be %zu digits",
				       key, nbytes * 2);
	add_rec(ef, tag, v, nbytes);
	return SSC_OK;
}

static ssc_status
load_card_and_holder(ssc__sim_card *c, json_t *root, uint8_t ident[16])
{
	json_t *card = json_object_get(root, "card");
	json_t *h = json_object_get(root, "holder");
	json_t *empty = json_object();
	const char *s;
	char ver[5];
	uint8_t inst[12] = { 0x33, 0x01, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x01 };
	uint8_t name[64], ext[32];
	size_t nl = 0, el = 0, cut;
	ssc_status rc = SSC_OK;

	if (!empty)
		return ssc_error_set_oom();
	if (!card)
		card = empty;
	if (!h)
		h = empty;
	if ((rc = check_keys(card, "card", card_keys)) < 0 ||
	    (rc = check_keys(h, "holder", holder_keys)) < 0)
		goto out;
	/* EF05 */
	c->ef05.sfi = 5;
	if ((rc = get_hex(card, "identifier", ident, 16)) < 0)
		goto out;
	add_rec(&c->ef05, 0x01, ident, 16);
	if ((rc = fixed_ascii(card, "category", "3", 1, &c->ef05, 0x02)) < 0)
		goto out;
	snprintf(ver, sizeof(ver), "%d.00", c->generation);
	s = ver;
	if ((rc = get_str(card, "spec_version", &s)) < 0)
		goto out;
	if (strlen(s) != 4 || s[0] != '0' + c->generation) {
		rc = perr("spec_version", "must be 4 characters starting with "
			  "the generation digit");
		goto out;
	}
	add_rec(&c->ef05, 0x03, (const uint8_t *)s, 4);
	if ((rc = get_hex(card, "institution", inst, 12)) < 0)
		goto out;
	add_rec(&c->ef05, 0x04, inst, 12);
	if ((rc = fixed_bcd(card, "issue_date", "20200601", 4, false,
			    &c->ef05, 0x05)) < 0 ||
	    (rc = fixed_bcd(card, "expiry_date", "20300601", 4, false,
			    &c->ef05, 0x06)) < 0 ||
	    (rc = fixed_ascii(card, "number", "A00000001", 9, &c->ef05,
			      0x07)) < 0)
		goto out;
	/* EF06 */
	c->ef06.sfi = 6;
	if ((rc = fixed_ascii(h, "ssn", "11010519491231002X", 18, &c->ef06,
			      0x08)) < 0)
		goto out;
	s = NULL;
	if ((rc = get_str(h, "name_gbk", &s)) < 0)
		goto out;
	if (s) {
		long n = unhex(name, 30, s);

		if (n < 0) {
			rc = perr("name_gbk", "must be at most 30 bytes of hex");
			goto out;
		}
		nl = (size_t)n;
		s = NULL;
		if ((rc = get_str(h, "name_ext_gbk", &s)) < 0)
			goto out;
		if (s) {
			n = unhex(ext, 20, s);
			if (n < 0) {
				rc = perr("name_ext_gbk",
					  "must be at most 20 bytes of hex");
				goto out;
			}
			el = (size_t)n;
		}
	} else {
		const char *utf8 = "\xE5\xBC\xA0\xE4\xB8\x89"; /* 张三 */

		if ((rc = get_str(h, "name", &utf8)) < 0 ||
		    (rc = to_gb(utf8, name, 50, &nl)) < 0)
			goto out;
		if (nl > 30) {
			/* the rest goes to the name extension, on a
			 * character boundary */
			for (cut = 0; cut < nl;) {
				size_t k = gb_char_len(name + cut, nl - cut);

				if (cut + k > 30)
					break;
				cut += k;
			}
			el = nl - cut;
			if (el > 20 || c->generation < 2) {
				rc = perr("name", "too long for the card");
				goto out;
			}
			memcpy(ext, name + cut, el);
			nl = cut;
		}
	}
	memset(name + nl, 0x20, 30 - nl);
	add_rec(&c->ef06, 0x09, name, 30);
	if (c->generation >= 2) {
		memset(ext + el, 0xFF, 20 - el);
		add_rec(&c->ef06, 0x4E, ext, 20);
	} else if (el) {
		rc = perr("name_ext_gbk", "generation 1 cards have no name "
			  "extension");
		goto out;
	}
	if ((rc = fixed_ascii(h, "sex", "2", 1, &c->ef06, 0x0A)) < 0 ||
	    (rc = fixed_bcd(h, "ethnicity", "01", 1, false, &c->ef06,
			    0x0B)) < 0 ||
	    (rc = fixed_bcd(h, "birth_place", "110105", 3, true, &c->ef06,
			    0x0C)) < 0 ||
	    (rc = fixed_bcd(h, "birth_date", "19491231", 4, false, &c->ef06,
			    0x0D)) < 0)
		goto out;
out:
	json_decref(empty);
	ssc__wipe(name, sizeof(name));
	return rc;
}

static ssc_status
load_keys(ssc__sim_card *c, json_t *root)
{
	json_t *k = json_object_get(root, "keys");
	static const uint8_t ids[3] = { 0x0A, 0x06, 0x04 };
	static const char *const names[3] = { "external_0A", "external_06",
					      "external_04" };
	size_t i;
	ssc_status rc;

	/* synthetic test keys, documented in doc/readers.md */
	for (i = 0; i < 3; i++) {
		c->keys[i].id = ids[i];
		memset(c->keys[i].key, 0x11 * (int)(i + 1), 16);
	}
	c->nkeys = 3;
	memset(c->key_internal, 0x44, 16);
	memset(c->key_reload, 0x55, 16);
	memset(c->key_unblock, 0x66, 16);
	memset(c->key_update, 0x77, 16);
	if (!k)
		return SSC_OK;
	if ((rc = check_keys(k, "keys", key_keys)) < 0)
		return rc;
	for (i = 0; i < 3; i++)
		if ((rc = get_hex(k, names[i], c->keys[i].key, 16)) < 0)
			return rc;
	if ((rc = get_hex(k, "internal", c->key_internal, 16)) < 0 ||
	    (rc = get_hex(k, "reload", c->key_reload, 16)) < 0 ||
	    (rc = get_hex(k, "unblock", c->key_unblock, 16)) < 0 ||
	    (rc = get_hex(k, "update", c->key_update, 16)) < 0)
		return rc;
	return SSC_OK;
}

static ssc_status
load_pin(sim_pin *pin, json_t *o, const char *vkey, const char *tkey,
	 const char *mkey)
{
	const char *v = "123456";
	long tries = -1, max = 3;
	ssc_status rc;

	if ((rc = get_str(o, vkey, &v)) < 0 ||
	    (rc = get_int(o, mkey, 1, 15, &max)) < 0 ||
	    (rc = get_int(o, tkey, 0, 15, &tries)) < 0)
		return rc;
	if (!pin_set(pin, v))
		return perr(vkey, "must be 4 to 16 digits");
	pin->max = (int)max;
	pin->tries = tries < 0 ? (int)max : (int)tries;
	if (pin->tries > pin->max)
		return perr(tkey, "exceeds the maximum");
	return SSC_OK;
}

static ssc_status
amount(json_t *o, const char *key, long long dflt, uint8_t out[6])
{
	json_t *v = o ? json_object_get(o, key) : NULL;
	long long x = dflt;
	char digits[13];

	if (v) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > 999999999999LL)
			return perr(key, "must be an amount in fen");
		x = json_integer_value(v);
	}
	snprintf(digits, sizeof(digits), "%012lld", x);
	pack_bcd(out, 6, digits, false);
	return SSC_OK;
}

static ssc_status
load_financial(ssc__sim_card *c, json_t *root)
{
	json_t *f = json_object_get(root, "financial");
	const char *pan = "6214830000000000018", *exp = "301231";
	const char *eff = "200601", *psn = "01", *label = "UnionPay Debit";
	const char *hname = NULL, *idn = "11010519491231002X", *s;
	const char *pdol_hex = "9F7A019F02065F2A02";
	long id_type = 0, atc = 0, lo = 0;
	uint8_t r[250], body[250], v[32];
	size_t nb, pl, i;
	long n;
	ssc_status rc;

	if (!f || json_is_false(f) || json_is_null(f))
		return SSC_OK;
	if ((rc = check_keys(f, "financial", fin_keys)) < 0)
		return rc;
	c->fin = true;
	memcpy(c->aid, "\xA0\x00\x00\x03\x33\x01\x01\x01", 8);
	c->aid_len = 8;
	s = NULL;
	if ((rc = get_str(f, "aid", &s)) < 0)
		return rc;
	if (s) {
		n = unhex(c->aid, sizeof(c->aid), s);
		if (n < 5)
			return perr("aid", "must be 5 to 16 bytes of hex");
		c->aid_len = (size_t)n;
	}
	if ((rc = get_str(f, "label", &label)) < 0 ||
	    (rc = get_str(f, "pan", &pan)) < 0 ||
	    (rc = get_str(f, "expiry", &exp)) < 0 ||
	    (rc = get_str(f, "effective", &eff)) < 0 ||
	    (rc = get_str(f, "psn", &psn)) < 0 ||
	    (rc = get_str(f, "holder_name", &hname)) < 0 ||
	    (rc = get_str(f, "id_number", &idn)) < 0 ||
	    (rc = get_str(f, "pdol", &pdol_hex)) < 0 ||
	    (rc = get_int(f, "id_type", 0, 5, &id_type)) < 0 ||
	    (rc = get_int(f, "atc", 0, 0xFFFF, &atc)) < 0 ||
	    (rc = get_int(f, "last_online_atc", 0, 0xFFFF, &lo)) < 0 ||
	    (rc = get_bool(f, "blocked", &c->fin_blocked)) < 0 ||
	    (rc = load_pin(&c->fin_pin, f, "pin", "pin_tries",
			   "pin_max_tries")) < 0 ||
	    (rc = amount(f, "balance", 0, c->balance)) < 0)
		return rc;
	amount(NULL, "", 100000, c->balance_limit);
	amount(NULL, "", 100000, c->single_limit);
	memset(c->key_block, 0x77, 16);
	if ((rc = get_hex(f, "block_key", c->key_block, 16)) < 0)
		return rc;
	if (strlen(label) > 16)
		return perr("label", "at most 16 characters");
	strcpy(c->label, label);
	c->atc = (unsigned)atc;
	c->last_online_atc = (unsigned)lo;
	n = unhex(c->pdol, sizeof(c->pdol), pdol_hex);
	if (n < 0)
		return perr("pdol", "must be hex");
	c->pdol_len = (size_t)n;
	/* PDOL: tag (1-2 bytes) + 1-byte length each */
	c->pdol_total = 0;
	for (i = 0; i < c->pdol_len;) {
		i += (c->pdol[i] & 0x1F) == 0x1F ? 2 : 1;
		if (i >= c->pdol_len)
			return perr("pdol", "truncated");
		c->pdol_total += c->pdol[i++];
	}
	if (c->pdol_total > 200)
		return perr("pdol", "too long");
	{
		size_t plen = strlen(pan);
		char t2[48];

		if (plen < 12 || plen > 19 || strlen(exp) != 6 ||
		    strlen(eff) != 6 || strlen(psn) != 2)
			return perr("pan/expiry/effective/psn",
				    "wrong length");
		/* record 1: track 2 equivalent and name */
		snprintf(t2, sizeof(t2), "%sD%.4s2200000", pan, exp);
		for (i = 0; t2[i]; i++)
			if (t2[i] == 'D')
				t2[i] = ':'; /* packs to nibble D below */
		memset(v, 0xFF, sizeof(v));
		for (i = 0; t2[i]; i++) {
			int d = t2[i] == ':' ? 0xD : t2[i] - '0';

			if (d < 0 || d > 0xD)
				return perr("pan", "must be digits");
			if (i % 2 == 0)
				v[i / 2] = (uint8_t)(d << 4 | 0x0F);
			else
				v[i / 2] = (uint8_t)((v[i / 2] & 0xF0) | d);
		}
		nb = tlv(body, 0x57, v, (i + 1) / 2);
		if (hname) {
			uint8_t gb[64];
			size_t gl;

			if ((rc = to_gb(hname, gb, 26, &gl)) < 0)
				return rc;
			nb += tlv(body + nb, 0x5F20, gb, gl);
		}
		c->fin_rec_len[0] = tlv(r, 0x70, body, nb);
		memcpy(c->fin_recs[0], r, c->fin_rec_len[0]);
		/* record 2: PAN, dates, PSN, holder ID */
		pl = (plen + 1) / 2;
		if (!pack_bcd(v, pl, pan, true))
			return perr("pan", "must be digits");
		nb = tlv(body, 0x5A, v, pl);
		if (!pack_bcd(v, 3, exp, false))
			return perr("expiry", "must be YYMMDD");
		nb += tlv(body + nb, 0x5F24, v, 3);
		if (!pack_bcd(v, 3, eff, false))
			return perr("effective", "must be YYMMDD");
		nb += tlv(body + nb, 0x5F25, v, 3);
		if (!pack_bcd(v, 1, psn, false))
			return perr("psn", "must be 2 digits");
		nb += tlv(body + nb, 0x5F34, v, 1);
		if (strlen(idn) > 40)
			return perr("id_number", "at most 40 characters");
		nb += tlv(body + nb, 0x9F61, (const uint8_t *)idn,
			  strlen(idn));
		v[0] = (uint8_t)id_type;
		nb += tlv(body + nb, 0x9F62, v, 1);
		c->fin_rec_len[1] = tlv(r, 0x70, body, nb);
		memcpy(c->fin_recs[1], r, c->fin_rec_len[1]);
		c->nfin = 2;
	}
	return SSC_OK;
}

static ssc_status
load_profile(ssc__sim_card *c, json_t *root)
{
	long gen = 2;
	const char *iface = NULL, *proto = NULL, *alg = NULL, *s;
	bool blank = false;
	uint8_t ident[16] = { 0x33, 0x01, 0x00, 0xD1, 0x56, 0x00, 0x00, 0x05,
			      0x0A, 0x1B, 0x2C, 0x3D, 0x5E, 0x6F, 0x70,
			      0x81 };
	ssc_status rc;
	long n;

	if ((rc = check_keys(root, "the profile", top_keys)) < 0 ||
	    (rc = get_int(root, "generation", 1, 3, &gen)) < 0)
		return rc;
	c->generation = (int)gen;
	if ((rc = get_str(root, "interface", &iface)) < 0 ||
	    (rc = get_str(root, "protocol", &proto)) < 0 ||
	    (rc = get_str(root, "algorithm", &alg)) < 0)
		return rc;
	if (!iface)
		iface = gen >= 3 ? "dual" : "contact";
	if (strcmp(iface, "contact") == 0) {
		c->contact = true;
	} else if (strcmp(iface, "contactless") == 0) {
		c->contactless = true;
	} else if (strcmp(iface, "dual") == 0) {
		c->contact = c->contactless = true;
	} else {
		return perr("interface", "must be contact, contactless or dual");
	}
	if (!proto || strcmp(proto, "t0") == 0)
		c->proto_contact = SSC_PROTOCOL_T0;
	else if (strcmp(proto, "t1") == 0)
		c->proto_contact = SSC_PROTOCOL_T1;
	else
		return perr("protocol", "must be t0 or t1");
	c->get_response = c->proto_contact == SSC_PROTOCOL_T0;
	if ((rc = get_bool(root, "get_response", &c->get_response)) < 0)
		return rc;
	if (!alg)
		c->alg = gen >= 3 ? ALG_SM4 : 0;
	else if (strcmp(alg, "none") == 0)
		c->alg = 0;
	else if (strcmp(alg, "3des") == 0)
		c->alg = ALG_3DES;
	else if (strcmp(alg, "sm4") == 0)
		c->alg = ALG_SM4;
	else
		return perr("algorithm", "must be none, 3des or sm4");
	c->auth_required = gen >= 3;
	if ((rc = get_bool(root, "auth_required", &c->auth_required)) < 0)
		return rc;
	if ((rc = load_card_and_holder(c, root, ident)) < 0)
		return rc;
	if ((rc = get_bool(root, "blank", &blank)) < 0)
		return rc;
	if (blank) {
		/* a blank card awaiting personalisation: EF05 keeps the
		 * category (02) and the institution (04), which the factory
		 * writes; everything else comes by UPDATE RECORD */
		size_t i, k = 0;

		for (i = 0; i < c->ef05.n; i++)
			if (c->ef05.recs[i].tag == 0x02 ||
			    c->ef05.recs[i].tag == 0x04)
				c->ef05.recs[k++] = c->ef05.recs[i];
		c->ef05.n = k;
		c->ef06.n = 0;
	}
	c->atr_contact_len = make_atr(c->atr_contact,
				      c->proto_contact == SSC_PROTOCOL_T1,
				      ident + 8);
	c->atr_cl_len = make_atr(c->atr_cl, 2, ident + 8);
	s = NULL;
	if ((rc = get_str(root, "atr", &s)) < 0)
		return rc;
	if (s) {
		n = unhex(c->atr_contact, 33, s);
		if (n < 2 || c->atr_contact[0] != 0x3B)
			return perr("atr", "must be 2 to 33 bytes of hex "
				    "starting with 3B");
		c->atr_contact_len = (size_t)n;
	}
	s = NULL;
	if ((rc = get_str(root, "atr_contactless", &s)) < 0)
		return rc;
	if (s) {
		n = unhex(c->atr_cl, 33, s);
		if (n < 2 || c->atr_cl[0] != 0x3B)
			return perr("atr_contactless", "must be 2 to 33 bytes "
				    "of hex starting with 3B");
		c->atr_cl_len = (size_t)n;
	}
	{
		json_t *p = json_object_get(root, "pin");
		json_t *empty = json_object();

		if (!empty)
			return ssc_error_set_oom();
		rc = p ? check_keys(p, "pin", pin_keys) : SSC_OK;
		if (rc == SSC_OK)
			rc = load_pin(&c->pin, p ? p : empty, "value", "tries",
				      "max_tries");
		json_decref(empty);
		if (rc < 0)
			return rc;
	}
	if ((rc = load_keys(c, root)) < 0)
		return rc;
	if ((rc = load_financial(c, root)) < 0)
		return rc;
	c->iface = c->contact ? SSC_INTERFACE_CONTACT
			      : SSC_INTERFACE_CONTACTLESS;
	c->sel = SEL_MF;
	return SSC_OK;
}

ssc_status
ssc__sim_card_new(ssc__sim_card **out, const ssc_ctx *ctx, const char *json)
{
	ssc__sim_card *c;
	json_error_t jerr;
	json_t *root;
	ssc_status rc;

	*out = NULL;
	root = json ? json_loads(json, JSON_REJECT_DUPLICATES, &jerr)
		    : json_object();
	if (!root)
		return ssc__error_setf(SSC_EPARSE, SSC_ERROR_CLASS_INVALID,
				       "sim profile: line %d: %s", jerr.line,
				       jerr.text);
	if (!json_is_object(root)) {
		json_decref(root);
		return perr("the profile", "must be a JSON object");
	}
	c = ssc__calloc(ctx, 1, sizeof(*c));
	if (!c) {
		json_decref(root);
		return ssc_error_set_oom();
	}
	c->ctx = ctx;
	rc = load_profile(c, root);
	json_decref(root);
	if (rc < 0) {
		ssc__sim_card_free(c);
		return rc;
	}
	*out = c;
	return SSC_OK;
}

ssc_status
ssc__sim_card_load(ssc__sim_card **out, const ssc_ctx *ctx, const char *path)
{
	ssc_buf b = SSC_BUF_INIT;
	ssc_status rc;

	*out = NULL;
	ssc__buf_bind(&b, ctx);
	if ((rc = ssc__read_file(&b, path, 1024 * 1024)) < 0) {
		ssc_buf_dispose(&b);
		return rc;
	}
	rc = ssc__sim_card_new(out, ctx, b.ptr ? b.ptr : "");
	ssc_buf_dispose(&b);
	return rc;
}

void
ssc__sim_card_free(ssc__sim_card *c)
{
	const ssc_ctx *ctx;

	if (!c)
		return;
	ctx = c->ctx;
	ssc__wipe(c, sizeof(*c));
	ssc__free(ctx, c);
}
