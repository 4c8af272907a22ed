/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Secure messaging for card commands (card-spec §7.3): MAC'd commands in
 * the PBOC / social-card style (CLA b3 set, MAC over header with the final
 * Lc plus data, padding method 2, IV = GET CHALLENGE or zeros) and PIN
 * encipherment, with every key operation done by a key provider.
 */
#ifndef SSC_CHIP_SM_H
#define SSC_CHIP_SM_H

#include "apdu/exchange.h"
#include "socialcard/sys/key_provider.h"

/* Algorithm indicator of the SSSE FCI (9F0C / 86): card-spec §1.1. */
#define SSC__ALG_DES 1
#define SSC__ALG_SSF33 2
#define SSC__ALG_SM4 3

typedef struct ssc__sm_config {
	ssc_key_provider *kp;   /* borrowed */
	const char *mac_key_id; /* MAC key (e.g. a diversified STK / PUK) */
	const char *enc_key_id; /* PIN encipherment key; NULL = mac key */
	int algorithm;          /* SSC__ALG_DES or SSC__ALG_SM4 */
	/* MAC truncation (ssc_mac_truncation): left 4 for DES; for SM4 the
	 * spec is uncertain (left 4 or XOR-fold), so the caller chooses. */
	int truncation;
	/* GET CHALLENGE length before each MAC'd command: 0 = IV of zeros;
	 * default 8 (DES) / 16 (SM4) as observed (card-spec §3). */
	size_t challenge_len;
} ssc__sm_config;

/* Defaults for an algorithm indicator: DES -> retail MAC, challenge 8;
 * SM4 -> SM4 CBC-MAC, challenge 16; truncation left 4. */
void ssc__sm_config_default(ssc__sm_config *c, ssc_key_provider *kp,
			    const char *mac_key_id, int algorithm);

/* Block size of the configured algorithm (8 or 16); 0 if unsupported. */
size_t ssc__sm_block(const ssc__sm_config *c);

/* GET CHALLENGE (00 84 00 00 len). */
ssc_status ssc__sm_get_challenge(ssc__transport *t, uint8_t *out, size_t len);

/* Send cla|04 ins p1 p2 with data ‖ MAC (MAC over the header with the
 * final Lc and the data, IV from a fresh challenge or zeros).  *sw
 * receives the card's answer; transport/crypto failures are returned. */
ssc_status ssc__sm_send(ssc__transport *t, const ssc__sm_config *c,
			uint8_t cla, uint8_t ins, uint8_t p1, uint8_t p2,
			const uint8_t *data, size_t len, uint16_t *sw);

/* ECB-encipher LV(PIN as BCD) ‖ 80 00… padded to block_len (a multiple of
 * the cipher block) with the encipherment key.  out has block_len bytes. */
ssc_status ssc__sm_encipher_pin(const ssc__sm_config *c, uint8_t *out,
				size_t block_len, const uint8_t *pin_bcd,
				size_t pin_bcd_len, size_t pin_digits);

/* PIN digits -> BCD, odd length padded with F; validates digits and the
 * length bounds.  out has room for (max + 1) / 2 bytes. */
ssc_status ssc__pin_to_bcd(uint8_t *out, size_t *out_len, const char *pin,
			   size_t min_len, size_t max_len);

#endif /* SSC_CHIP_SM_H */
