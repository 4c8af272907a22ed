/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The software social security card (card side): the SS application
 * (MF, SSSE, EF05/EF06, PINs, generation-3 authentication) and the PBOC
 * debit application, built from a JSON profile.  Shared by the in-process
 * "sim" reader backend and the socialcard-sim program behind vpcd.
 */
#ifndef SSC_READER_SIM_CARD_H
#define SSC_READER_SIM_CARD_H

#include "internal.h"

typedef struct ssc__sim_card ssc__sim_card;

/* Largest response the card produces (data + SW). */
#define SSC__SIM_RESP_MAX 260u

/* Build a card from profile JSON text (NULL = the built-in card). */
ssc_status ssc__sim_card_new(ssc__sim_card **out, const ssc_ctx *ctx,
			     const char *json);
/* Build a card from a profile file. */
ssc_status ssc__sim_card_load(ssc__sim_card **out, const ssc_ctx *ctx,
			      const char *path);
void ssc__sim_card_free(ssc__sim_card *card);

/* Power the card up (cold or warm reset) on an interface
 * (SSC_INTERFACE_CONTACT / _CONTACTLESS): clears the security state and
 * the current file.  SSC_ENOCARD when the card lacks that interface. */
ssc_status ssc__sim_card_power_on(ssc__sim_card *card, int iface);
/* The ATR for the interface last powered; atr holds 33 bytes. */
size_t ssc__sim_card_atr(const ssc__sim_card *card, uint8_t *atr);
/* SSC_PROTOCOL_T0 or _T1 of the interface last powered. */
int ssc__sim_card_protocol(const ssc__sim_card *card);
/* True when the card has the interface. */
bool ssc__sim_card_has_interface(const ssc__sim_card *card, int iface);

/* Process one command APDU; always writes a response of 2 to
 * SSC__SIM_RESP_MAX bytes. */
void ssc__sim_card_process(ssc__sim_card *card, const uint8_t *cmd,
			   size_t len, uint8_t *resp, size_t *resp_len);

#endif /* SSC_READER_SIM_CARD_H */
