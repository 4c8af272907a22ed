/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The "sim" reader backend: one reader, "sim", holding the in-process
 * software card of lib/reader/sim_card.c.  Tests pull and insert the card
 * (ssc__sim_backend_set_present), which open connections see as
 * SSC_ECARDREMOVED and wait_event sees as an event.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "reader/reader_int.h"
#include "reader/sim_card.h"

typedef struct {
	ssc_reader_backend parent;  /* first */
	const ssc_ctx *actx;
	ssc__sim_card *card;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool present;
	unsigned insertions;        /* bumps on each insertion */
	bool seen_present;          /* state the last wait_event reported */
	bool cancelled;
	size_t nconn;
} sim_backend;

typedef struct {
	ssc_reader_backend_conn parent;  /* first */
	sim_backend *be;
	unsigned insertion;              /* the card it was made with */
} sim_conn;

static const char sim_reader_name[] = "sim";

static ssc_status
sim_list(ssc_reader_backend *be, ssc_buf *out)
{
	(void)be;
	return ssc__reader_list_add(out, sim_reader_name);
}

static ssc_status
sim_connect(ssc_reader_backend_conn **out, ssc_reader_backend *pbe,
	    const char *reader, int mode)
{
	sim_backend *be = (sim_backend *)pbe;
	sim_conn *c;
	int iface;
	ssc_status rc = SSC_OK;
	bool has_c = ssc__sim_card_has_interface(be->card,
						 SSC_INTERFACE_CONTACT);
	bool has_cl = ssc__sim_card_has_interface(be->card,
						  SSC_INTERFACE_CONTACTLESS);

	if (reader && strcmp(reader, sim_reader_name) != 0)
		return ssc__error_setf(SSC_ENOREADER, SSC_ERROR_CLASS_READER,
				       "sim: no reader \"%s\" (only \"sim\")",
				       reader);
	switch (mode) {
	case SSC_READER_MODE_CONTACT:
		iface = SSC_INTERFACE_CONTACT;
		break;
	case SSC_READER_MODE_CONTACTLESS:
		iface = SSC_INTERFACE_CONTACTLESS;
		break;
	case SSC_READER_MODE_AUTO_CONTACTLESS_FIRST:
		iface = has_cl ? SSC_INTERFACE_CONTACTLESS
			       : SSC_INTERFACE_CONTACT;
		break;
	default:
		iface = has_c ? SSC_INTERFACE_CONTACT
			      : SSC_INTERFACE_CONTACTLESS;
		break;
	}
	c = ssc__calloc(be->actx, 1, sizeof(*c));
	SSC__CHECK_ALLOC(c);
	pthread_mutex_lock(&be->mu);
	if (!be->present)
		rc = ssc__error_setf(SSC_ENOCARD, SSC_ERROR_CLASS_READER,
				     "sim: no card in the reader");
	else if (be->nconn == 0)
		rc = ssc__sim_card_power_on(be->card, iface);
	else if (!ssc__sim_card_has_interface(be->card, iface))
		rc = ssc__error_setf(SSC_ENOCARD, SSC_ERROR_CLASS_READER,
				     "sim: the card lacks that interface");
	if (rc == SSC_OK) {
		be->nconn++;
		c->insertion = be->insertions;
		c->parent.protocol = ssc__sim_card_protocol(be->card);
	}
	pthread_mutex_unlock(&be->mu);
	if (rc < 0) {
		ssc__free(be->actx, c);
		return rc;
	}
	c->parent.version = SSC_READER_BACKEND_CONN_VERSION;
	c->parent.backend = pbe;
	c->parent.iface = iface;
	c->parent.reader_name = sim_reader_name;
	c->be = be;
	*out = &c->parent;
	return SSC_OK;
}

/* Called locked. */
static ssc_status
card_here(const sim_conn *c)
{
	if (!c->be->present || c->be->insertions != c->insertion)
		return ssc__error_setf(SSC_ECARDREMOVED,
				       SSC_ERROR_CLASS_READER,
				       "sim: the card was removed");
	return SSC_OK;
}

static ssc_status
sim_transmit(ssc_reader_backend_conn *pc, const uint8_t *cmd, size_t len,
	     uint8_t *resp, size_t *resp_len)
{
	sim_conn *c = (sim_conn *)pc;
	uint8_t r[SSC__SIM_RESP_MAX];
	size_t rl = 0;
	ssc_status rc;

	pthread_mutex_lock(&c->be->mu);
	if ((rc = card_here(c)) == SSC_OK)
		ssc__sim_card_process(c->be->card, cmd, len, r, &rl);
	pthread_mutex_unlock(&c->be->mu);
	if (rc < 0)
		return rc;
	if (rl > *resp_len)
		return ssc__error_setf(SSC_EBUFS, SSC_ERROR_CLASS_INVALID,
				       "sim: response buffer too small");
	memcpy(resp, r, rl);
	*resp_len = rl;
	return SSC_OK;
}

static ssc_status
sim_atr(ssc_reader_backend_conn *pc, uint8_t *atr, size_t *len)
{
	sim_conn *c = (sim_conn *)pc;
	uint8_t a[33];
	size_t n = 0;
	ssc_status rc;

	pthread_mutex_lock(&c->be->mu);
	if ((rc = card_here(c)) == SSC_OK)
		n = ssc__sim_card_atr(c->be->card, a);
	pthread_mutex_unlock(&c->be->mu);
	if (rc < 0)
		return rc;
	if (n > *len)
		return ssc__error_setf(SSC_EBUFS, SSC_ERROR_CLASS_INVALID,
				       "sim: ATR buffer too small");
	memcpy(atr, a, n);
	*len = n;
	return SSC_OK;
}

static ssc_status
sim_begin(ssc_reader_backend_conn *pc)
{
	sim_conn *c = (sim_conn *)pc;
	ssc_status rc;

	pthread_mutex_lock(&c->be->mu);
	rc = card_here(c);
	pthread_mutex_unlock(&c->be->mu);
	return rc;
}

static ssc_status
sim_end(ssc_reader_backend_conn *pc, int how)
{
	sim_conn *c = (sim_conn *)pc;
	ssc_status rc;

	pthread_mutex_lock(&c->be->mu);
	if ((rc = card_here(c)) == SSC_OK && how != SSC_DISPOSITION_LEAVE)
		rc = ssc__sim_card_power_on(c->be->card, c->parent.iface);
	pthread_mutex_unlock(&c->be->mu);
	return rc;
}

static ssc_status
sim_reconnect(ssc_reader_backend_conn *pc, int how)
{
	sim_conn *c = (sim_conn *)pc;
	ssc_status rc = SSC_OK;

	(void)how;
	pthread_mutex_lock(&c->be->mu);
	if (!c->be->present) {
		rc = ssc__error_setf(SSC_ENOCARD, SSC_ERROR_CLASS_READER,
				     "sim: no card in the reader");
	} else {
		rc = ssc__sim_card_power_on(c->be->card, c->parent.iface);
		c->insertion = c->be->insertions;
	}
	pthread_mutex_unlock(&c->be->mu);
	return rc;
}

static ssc_status
sim_disconnect(ssc_reader_backend_conn *pc, int how)
{
	sim_conn *c = (sim_conn *)pc;
	sim_backend *be = c->be;

	pthread_mutex_lock(&be->mu);
	be->nconn--;
	if (how != SSC_DISPOSITION_LEAVE && be->present &&
	    be->insertions == c->insertion)
		ssc__sim_card_power_on(be->card, c->parent.iface);
	pthread_mutex_unlock(&be->mu);
	ssc__free(be->actx, c);
	return SSC_OK;
}

static ssc_status
sim_wait(ssc_reader_backend *pbe, const char *reader, int timeout_ms,
	 unsigned int *events)
{
	sim_backend *be = (sim_backend *)pbe;
	struct timespec until;
	ssc_status rc = SSC_OK;

	if (reader && strcmp(reader, sim_reader_name) != 0)
		return ssc__error_setf(SSC_ENOREADER, SSC_ERROR_CLASS_READER,
				       "sim: no reader \"%s\"", reader);
	clock_gettime(CLOCK_REALTIME, &until);
	if (timeout_ms >= 0) {
		until.tv_sec += timeout_ms / 1000;
		until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
	}
	pthread_mutex_lock(&be->mu);
	while (be->present == be->seen_present && !be->cancelled) {
		int e = timeout_ms >= 0
				? pthread_cond_timedwait(&be->cv, &be->mu,
							 &until)
				: pthread_cond_wait(&be->cv, &be->mu);
		if (e == ETIMEDOUT)
			break;
	}
	if (be->cancelled) {
		be->cancelled = false;
		rc = SSC_ECANCELLED;
	} else if (be->present != be->seen_present) {
		*events = be->present ? SSC_READER_EVENT_CARD_INSERTED
				      : SSC_READER_EVENT_CARD_REMOVED;
		be->seen_present = be->present;
	} else {
		rc = SSC_ETIMEOUT;
	}
	pthread_mutex_unlock(&be->mu);
	if (rc == SSC_ECANCELLED)
		return ssc__error_setf(rc, SSC_ERROR_CLASS_READER,
				       "sim: wait cancelled");
	if (rc == SSC_ETIMEOUT)
		return ssc__error_setf(rc, SSC_ERROR_CLASS_READER,
				       "sim: no event within %d ms",
				       timeout_ms);
	return SSC_OK;
}

static ssc_status
sim_cancel(ssc_reader_backend *pbe)
{
	sim_backend *be = (sim_backend *)pbe;

	pthread_mutex_lock(&be->mu);
	be->cancelled = true;
	pthread_cond_broadcast(&be->cv);
	pthread_mutex_unlock(&be->mu);
	return SSC_OK;
}

ssc_status
ssc__sim_backend_set_present(ssc_reader_backend *pbe, bool present)
{
	sim_backend *be = (sim_backend *)pbe;

	if (!pbe || strcmp(pbe->name, "sim") != 0)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "not a sim backend");
	pthread_mutex_lock(&be->mu);
	if (present != be->present) {
		be->present = present;
		if (present)
			be->insertions++;
		pthread_cond_broadcast(&be->cv);
	}
	pthread_mutex_unlock(&be->mu);
	return SSC_OK;
}

static void
sim_free(ssc_reader_backend *pbe)
{
	sim_backend *be = (sim_backend *)pbe;
	const ssc_ctx *actx;

	if (!be)
		return;
	actx = be->actx;
	ssc__sim_card_free(be->card);
	pthread_cond_destroy(&be->cv);
	pthread_mutex_destroy(&be->mu);
	ssc__free(actx, be);
	ssc_ctx_free((ssc_ctx *)actx);
}

static const ssc_reader_backend sim_methods = {
	.version = SSC_READER_BACKEND_VERSION,
	.name = "sim",
	.list_readers = sim_list,
	.connect = sim_connect,
	.transmit = sim_transmit,
	.disconnect = sim_disconnect,
	.free = sim_free,
	.atr = sim_atr,
	.begin_transaction = sim_begin,
	.end_transaction = sim_end,
	.wait_event = sim_wait,
	.cancel = sim_cancel,
	.reconnect = sim_reconnect,
};

ssc_status
ssc_sim_options_init(ssc_sim_options *opts, unsigned int version)
{
	ssc_status rc;

	if (!opts)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "opts is NULL");
	if ((rc = ssc__check_version(version, SSC_SIM_OPTIONS_VERSION,
				     "ssc_sim_options")) < 0)
		return rc;
	memset(opts, 0, sizeof(*opts));
	opts->version = version;
	return SSC_OK;
}

ssc_status
ssc_reader_backend_sim_new(ssc_reader_backend **out, ssc_ctx *ctx,
			   const ssc_sim_options *opts)
{
	sim_backend *be;
	ssc__sim_card *card = NULL;
	ssc_status rc;

	if (!out)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "out is NULL");
	*out = NULL;
	if (opts && (rc = ssc__check_version(opts->version,
					     SSC_SIM_OPTIONS_VERSION,
					     "ssc_sim_options")) < 0)
		return rc;
	if (opts && opts->profile_path)
		rc = ssc__sim_card_load(&card, ctx, opts->profile_path);
	else
		rc = ssc__sim_card_new(&card, ctx,
				       opts ? opts->profile_json : NULL);
	if (rc < 0)
		return rc;
	be = ssc__calloc(ctx, 1, sizeof(*be));
	if (!be) {
		ssc__sim_card_free(card);
		return ssc_error_set_oom();
	}
	be->parent = sim_methods;
	be->card = card;
	be->present = be->seen_present = true;
	be->insertions = 1;
	pthread_mutex_init(&be->mu, NULL);
	pthread_cond_init(&be->cv, NULL);
	be->actx = ctx ? ssc_ctx_ref(ctx) : NULL;
	*out = &be->parent;
	return SSC_OK;
}
