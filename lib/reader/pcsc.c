/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The PC/SC reader backend over pcsc-lite, linked directly.  Every PC/SC
 * type stays in this file; every SCARD_* result is mapped in pcsc_error()
 * with the raw code kept in the error record.  Events follow the
 * documented SCardGetStatusChange loop (dwEventState copied into
 * dwCurrentState, the PnP pseudo-reader for hot-plug); SCardCancel
 * interrupts a wait from another thread.
 */
#include <string.h>
#include <time.h>

#include "ssc_config.h"
#include "reader/reader_int.h"

#if SSC_HAVE_PCSC

#include <PCSC/winscard.h>
#include <PCSC/wintypes.h>

#define PNP_NAME "\\\\?PnP?\\Notification"
#define MAX_WATCH 32

typedef struct {
	ssc_reader_backend parent;  /* first */
	const ssc_ctx *actx;
	SCARDCONTEXT hctx;
	char *only;                 /* the reader of "pcsc:NAME", or NULL */
	/* event watch list: names owned here */
	SCARD_READERSTATE st[MAX_WATCH];
	char *names[MAX_WATCH];
	size_t nst;
} pcsc_backend;

typedef struct {
	ssc_reader_backend_conn parent;  /* first */
	pcsc_backend *be;
	SCARDHANDLE h;
	DWORD proto;
	char *name;
	uint8_t atr[MAX_ATR_SIZE];
	size_t atr_len;
} pcsc_conn;

static int64_t mono_ms(void);

/* The one mapping of PC/SC results to library codes. */
static ssc_status
pcsc_error(LONG rv, const char *what)
{
	int code;

	switch (rv) {
	case SCARD_S_SUCCESS:
		return SSC_OK;
	case SCARD_E_CANCELLED:
	case SCARD_E_SYSTEM_CANCELLED:
	case SCARD_W_CANCELLED_BY_USER:
		code = SSC_ECANCELLED;
		break;
	case SCARD_E_TIMEOUT:
	case SCARD_F_WAITED_TOO_LONG:
		code = SSC_ETIMEOUT;
		break;
	case SCARD_E_NO_MEMORY:
		code = SSC_ENOMEM;
		break;
	case SCARD_E_INSUFFICIENT_BUFFER:
	case SCARD_E_PCI_TOO_SMALL:
		code = SSC_EBUFS;
		break;
	case SCARD_E_INVALID_HANDLE:
	case SCARD_E_INVALID_PARAMETER:
	case SCARD_E_INVALID_TARGET:
	case SCARD_E_INVALID_VALUE:
		code = SSC_EINVAL;
		break;
	case SCARD_E_UNKNOWN_READER:
	case SCARD_E_READER_UNAVAILABLE:
	case SCARD_E_NO_READERS_AVAILABLE:
	case SCARD_E_DUPLICATE_READER:
	case SCARD_E_READER_UNSUPPORTED:
		code = SSC_ENOREADER;
		break;
	case SCARD_E_NO_SMARTCARD:
	case SCARD_W_UNPOWERED_CARD:
	case SCARD_W_UNRESPONSIVE_CARD:
	case SCARD_W_UNSUPPORTED_CARD:
	case SCARD_E_UNKNOWN_CARD:
	case SCARD_E_CARD_UNSUPPORTED:
	case SCARD_E_INVALID_ATR:
		code = SSC_ENOCARD;
		break;
	case SCARD_W_REMOVED_CARD:
		code = SSC_ECARDREMOVED;
		break;
	case SCARD_W_RESET_CARD:
		code = SSC_ECARDRESET;
		break;
	case SCARD_E_SHARING_VIOLATION:
		code = SSC_ESHARING;
		break;
	case SCARD_E_PROTO_MISMATCH:
	case SCARD_E_NOT_TRANSACTED:
	case SCARD_F_COMM_ERROR:
	case SCARD_E_COMM_DATA_LOST:
		code = SSC_EPROTOCOL;
		break;
	case SCARD_E_UNSUPPORTED_FEATURE: /* == SCARD_E_UNEXPECTED here */
	case SCARD_E_CANT_DISPOSE:
		code = SSC_ENOTSUPPORTED;
		break;
	case SCARD_E_SERVER_TOO_BUSY:
		code = SSC_EBUSY;
		break;
	case SCARD_W_SECURITY_VIOLATION:
	case SCARD_W_CARD_NOT_AUTHENTICATED:
	case SCARD_E_NO_ACCESS:
		code = SSC_ESECURITY;
		break;
	case SCARD_W_WRONG_CHV:
	case SCARD_E_INVALID_CHV:
		code = SSC_EPIN;
		break;
	case SCARD_W_CHV_BLOCKED:
		code = SSC_EPINBLOCKED;
		break;
	default: /* service down, internal faults, file-system codes */
		code = SSC_EREADER;
		break;
	}
	return ssc__error_setf_native(code, SSC_ERROR_CLASS_READER,
				      SSC_NATIVE_PCSC, (uint32_t)rv,
				      "pcsc: %s: %s (0x%08lX)", what,
				      pcsc_stringify_error(rv),
				      (unsigned long)(uint32_t)rv);
}

/* The readers as a multi-string (pcsc-lite allocates). */
static ssc_status
list_all(pcsc_backend *be, char **out, DWORD *len)
{
	LONG rv;

	*out = NULL;
	*len = SCARD_AUTOALLOCATE;
	rv = SCardListReaders(be->hctx, NULL, (LPSTR)out, len);
	if (rv == SCARD_E_NO_READERS_AVAILABLE) {
		*out = NULL;
		*len = 0;
		return SSC_OK;
	}
	return pcsc_error(rv, "SCardListReaders");
}

static ssc_status
pcsc_list(ssc_reader_backend *pbe, ssc_buf *out)
{
	pcsc_backend *be = (pcsc_backend *)pbe;
	char *all, *p;
	DWORD len;
	ssc_status rc;

	if ((rc = list_all(be, &all, &len)) < 0)
		return rc;
	for (p = all; p && *p && rc == SSC_OK; p += strlen(p) + 1)
		if (!be->only || strcmp(p, be->only) == 0)
			rc = ssc__reader_list_add(out, p);
	if (all)
		SCardFreeMemory(be->hctx, all);
	return rc;
}

static bool
atr_contactless(const uint8_t *atr, size_t n)
{
	/* PC/SC part 3 pseudo-ATR of contactless cards: 3B 8n 80 01 ... */
	return n >= 4 && atr[0] == 0x3B && (atr[1] & 0xF0) == 0x80 &&
	       atr[2] == 0x80 && atr[3] == 0x01;
}

static ssc_status
read_status(pcsc_conn *c)
{
	DWORD state, proto, alen = MAX_ATR_SIZE, nlen = 0;
	LONG rv;

	rv = SCardStatus(c->h, NULL, &nlen, &state, &proto, c->atr, &alen);
	if (rv != SCARD_S_SUCCESS)
		return pcsc_error(rv, "SCardStatus");
	if (!(state & SCARD_PRESENT))
		return ssc__error_setf(SSC_ECARDREMOVED,
				       SSC_ERROR_CLASS_READER,
				       "pcsc: the card was removed");
	c->atr_len = alen;
	return SSC_OK;
}

static ssc_status
try_connect(pcsc_conn **out, pcsc_backend *be, const char *name, int want)
{
	pcsc_conn *c;
	LONG rv;
	ssc_status rc;
	int iface;

	c = ssc__calloc(be->actx, 1, sizeof(*c));
	SSC__CHECK_ALLOC(c);
	c->name = ssc__strdup(be->actx, name);
	if (!c->name) {
		ssc__free(be->actx, c);
		return ssc_error_set_oom();
	}
	rv = SCardConnect(be->hctx, name, SCARD_SHARE_SHARED,
			  SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &c->h,
			  &c->proto);
	if (rv != SCARD_S_SUCCESS) {
		rc = pcsc_error(rv, "SCardConnect");
		goto fail;
	}
	if ((rc = read_status(c)) < 0) {
		SCardDisconnect(c->h, SCARD_LEAVE_CARD);
		goto fail;
	}
	iface = atr_contactless(c->atr, c->atr_len)
			? SSC_INTERFACE_CONTACTLESS : SSC_INTERFACE_CONTACT;
	if (want && iface != want) {
		SCardDisconnect(c->h, SCARD_LEAVE_CARD);
		rc = ssc__error_setf(SSC_ENOCARD, SSC_ERROR_CLASS_READER,
				     "pcsc: the card in \"%s\" is %s", name,
				     iface == SSC_INTERFACE_CONTACT
					     ? "contact only"
					     : "contactless");
		goto fail;
	}
	c->parent.version = SSC_READER_BACKEND_CONN_VERSION;
	c->parent.backend = &be->parent;
	c->parent.iface = iface;
	c->parent.protocol = c->proto == SCARD_PROTOCOL_T1 ? SSC_PROTOCOL_T1
							   : SSC_PROTOCOL_T0;
	c->parent.reader_name = c->name;
	c->be = be;
	*out = c;
	return SSC_OK;
fail:
	ssc__free(be->actx, c->name);
	ssc__free(be->actx, c);
	return rc;
}

static ssc_status
pcsc_connect(ssc_reader_backend_conn **out, ssc_reader_backend *pbe,
	     const char *reader, int mode)
{
	pcsc_backend *be = (pcsc_backend *)pbe;
	pcsc_conn *c = NULL;
	char *all = NULL, *p;
	DWORD len;
	int pass, want[2];
	ssc_status rc;

	switch (mode) {
	case SSC_READER_MODE_CONTACT:
		want[0] = want[1] = SSC_INTERFACE_CONTACT;
		break;
	case SSC_READER_MODE_CONTACTLESS:
		want[0] = want[1] = SSC_INTERFACE_CONTACTLESS;
		break;
	case SSC_READER_MODE_AUTO_CONTACTLESS_FIRST:
		want[0] = SSC_INTERFACE_CONTACTLESS;
		want[1] = 0;
		break;
	default:
		want[0] = SSC_INTERFACE_CONTACT;
		want[1] = 0;
		break;
	}
	if (!reader)
		reader = be->only;
	if (reader) {
		if (be->only && strcmp(reader, be->only) != 0)
			return ssc__error_setf(SSC_ENOREADER,
					       SSC_ERROR_CLASS_READER,
					       "pcsc: this reader is limited "
					       "to \"%s\"", be->only);
		rc = try_connect(&c, be, reader, want[1]);
		if (rc == SSC_OK)
			*out = &c->parent;
		return rc;
	}
	if ((rc = list_all(be, &all, &len)) < 0)
		return rc;
	rc = ssc__error_setf(SSC_ENOREADER, SSC_ERROR_CLASS_READER,
			     "pcsc: no reader");
	for (pass = 0; pass < 2 && !c; pass++)
		for (p = all; p && *p && !c; p += strlen(p) + 1)
			if (try_connect(&c, be, p, want[pass]) == SSC_OK)
				rc = SSC_OK;
			else
				rc = ssc__error_setf(SSC_ENOCARD,
						     SSC_ERROR_CLASS_READER,
						     "pcsc: no reader holds a "
						     "card for this mode");
	if (all)
		SCardFreeMemory(be->hctx, all);
	if (c)
		*out = &c->parent;
	return c ? SSC_OK : rc;
}

/* After a transport failure: is the card gone?  pcscd notices a removal
 * on its next poll of the reader, so watch the reader's state for up to
 * ms milliseconds. */
static bool
card_gone(pcsc_conn *c, int ms)
{
	SCARD_READERSTATE st;
	int64_t deadline = mono_ms() + ms;
	DWORD state, proto, alen = MAX_ATR_SIZE, nlen = 0;
	uint8_t atr[MAX_ATR_SIZE];
	LONG rv;

	rv = SCardStatus(c->h, NULL, &nlen, &state, &proto, atr, &alen);
	if (rv == SCARD_W_REMOVED_CARD || rv == SCARD_E_NO_SMARTCARD ||
	    (rv == SCARD_S_SUCCESS && !(state & SCARD_PRESENT)))
		return true;
	memset(&st, 0, sizeof(st));
	st.szReader = c->name;
	st.dwCurrentState = SCARD_STATE_UNAWARE;
	while (mono_ms() < deadline) {
		int64_t left = deadline - mono_ms();

		rv = SCardGetStatusChange(c->be->hctx,
					  (DWORD)(left > 0 ? left : 0), &st, 1);
		if (rv != SCARD_S_SUCCESS)
			return rv == SCARD_E_UNKNOWN_READER ||
			       rv == SCARD_E_READER_UNAVAILABLE;
		if (st.dwEventState & (SCARD_STATE_EMPTY |
				       SCARD_STATE_UNAVAILABLE |
				       SCARD_STATE_UNKNOWN))
			return true;
		st.dwCurrentState = st.dwEventState &
				    ~(DWORD)SCARD_STATE_CHANGED;
	}
	return false;
}

static ssc_status
pcsc_transmit(ssc_reader_backend_conn *pc, const uint8_t *cmd, size_t len,
	      uint8_t *resp, size_t *resp_len)
{
	pcsc_conn *c = (pcsc_conn *)pc;
	DWORD rlen = (DWORD)*resp_len;
	LONG rv;
	ssc_status rc;

	rv = SCardTransmit(c->h, c->proto == SCARD_PROTOCOL_T1
					 ? SCARD_PCI_T1 : SCARD_PCI_T0,
			   cmd, (DWORD)len, NULL, resp, &rlen);
	if (rv == SCARD_S_SUCCESS) {
		*resp_len = rlen;
		return SSC_OK;
	}
	rc = pcsc_error(rv, "SCardTransmit");
	if ((rc == SSC_EPROTOCOL || rc == SSC_EREADER) && card_gone(c, 3000))
		return ssc__error_setf_native(SSC_ECARDREMOVED,
					      SSC_ERROR_CLASS_READER,
					      SSC_NATIVE_PCSC, (uint32_t)rv,
					      "pcsc: the card was removed during "
					      "a command (%s)",
					      pcsc_stringify_error(rv));
	return rc;
}

static DWORD
disposition(int how)
{
	switch (how) {
	case SSC_DISPOSITION_RESET:
		return SCARD_RESET_CARD;
	case SSC_DISPOSITION_UNPOWER:
		return SCARD_UNPOWER_CARD;
	case SSC_DISPOSITION_EJECT:
		return SCARD_EJECT_CARD;
	default:
		return SCARD_LEAVE_CARD;
	}
}

static ssc_status
pcsc_disconnect(ssc_reader_backend_conn *pc, int how)
{
	pcsc_conn *c = (pcsc_conn *)pc;
	const ssc_ctx *actx = c->be->actx;
	LONG rv = SCardDisconnect(c->h, disposition(how));
	ssc_status rc = SSC_OK;

	if (rv != SCARD_S_SUCCESS && rv != SCARD_W_REMOVED_CARD &&
	    rv != SCARD_E_NO_SMARTCARD)
		rc = pcsc_error(rv, "SCardDisconnect");
	ssc__free(actx, c->name);
	ssc__free(actx, c);
	return rc;
}

static ssc_status
pcsc_atr(ssc_reader_backend_conn *pc, uint8_t *atr, size_t *len)
{
	pcsc_conn *c = (pcsc_conn *)pc;

	if (*len < c->atr_len)
		return ssc__error_setf(SSC_EBUFS, SSC_ERROR_CLASS_INVALID,
				       "ATR buffer too small");
	memcpy(atr, c->atr, c->atr_len);
	*len = c->atr_len;
	return SSC_OK;
}

static ssc_status
pcsc_begin(ssc_reader_backend_conn *pc)
{
	return pcsc_error(SCardBeginTransaction(((pcsc_conn *)pc)->h),
			  "SCardBeginTransaction");
}

static ssc_status
pcsc_end(ssc_reader_backend_conn *pc, int how)
{
	return pcsc_error(SCardEndTransaction(((pcsc_conn *)pc)->h,
					      disposition(how)),
			  "SCardEndTransaction");
}

static ssc_status
pcsc_reconnect(ssc_reader_backend_conn *pc, int how)
{
	pcsc_conn *c = (pcsc_conn *)pc;
	LONG rv = SCardReconnect(c->h, SCARD_SHARE_SHARED,
				 SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1,
				 disposition(how), &c->proto);

	if (rv != SCARD_S_SUCCESS)
		return pcsc_error(rv, "SCardReconnect");
	c->parent.protocol = c->proto == SCARD_PROTOCOL_T1 ? SSC_PROTOCOL_T1
							   : SSC_PROTOCOL_T0;
	return read_status(c);
}

/* ---- events --------------------------------------------------------- */

static void
watch_clear(pcsc_backend *be)
{
	size_t i;

	for (i = 0; i < be->nst; i++)
		ssc__free(be->actx, be->names[i]);
	be->nst = 0;
}

/* Make the watch list = the current readers (+ PnP), keeping the known
 * state of readers already watched; new readers learn their state now. */
static ssc_status
watch_sync(pcsc_backend *be, unsigned int *events)
{
	SCARD_READERSTATE nst[MAX_WATCH];
	char *nnames[MAX_WATCH];
	size_t n = 0, i, fresh = 0;
	char *all = NULL, *p;
	DWORD len;
	ssc_status rc;

	if ((rc = list_all(be, &all, &len)) < 0)
		return rc;
	memset(nst, 0, sizeof(nst));
	for (p = all; p && *p && n < MAX_WATCH - 1; p += strlen(p) + 1) {
		if (be->only && strcmp(p, be->only) != 0)
			continue;
		nnames[n] = ssc__strdup(be->actx, p);
		if (!nnames[n])
			break;
		nst[n].dwCurrentState = SCARD_STATE_UNAWARE;
		for (i = 0; i < be->nst; i++)
			if (be->names[i] && strcmp(be->names[i], p) == 0)
				nst[n].dwCurrentState = be->st[i].dwCurrentState;
		if (nst[n].dwCurrentState == SCARD_STATE_UNAWARE)
			fresh++;
		n++;
	}
	if (all)
		SCardFreeMemory(be->hctx, all);
	if (be->nst && events) {
		size_t old_readers = be->nst - 1;

		if (n > old_readers || fresh)
			*events |= SSC_READER_EVENT_READER_ADDED;
		if (n < old_readers + fresh)
			*events |= SSC_READER_EVENT_READER_REMOVED;
	}
	nnames[n] = ssc__strdup(be->actx, PNP_NAME);
	if (!nnames[n]) {
		for (i = 0; i < n; i++)
			ssc__free(be->actx, nnames[i]);
		return ssc_error_set_oom();
	}
	nst[n].dwCurrentState = be->nst ? be->st[be->nst - 1].dwCurrentState
					: SCARD_STATE_UNAWARE;
	n++;
	watch_clear(be);
	for (i = 0; i < n; i++) {
		be->names[i] = nnames[i];
		be->st[i] = nst[i];
		be->st[i].szReader = be->names[i];
	}
	be->nst = n;
	if (fresh || nst[n - 1].dwCurrentState == SCARD_STATE_UNAWARE) {
		/* learn the current state without reporting it */
		LONG rv = SCardGetStatusChange(be->hctx, 0, be->st,
					       (DWORD)be->nst);
		if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT)
			return pcsc_error(rv, "SCardGetStatusChange");
		for (i = 0; i < be->nst; i++)
			if (be->st[i].dwCurrentState == SCARD_STATE_UNAWARE)
				be->st[i].dwCurrentState =
					be->st[i].dwEventState &
					~(DWORD)SCARD_STATE_CHANGED;
	}
	return SSC_OK;
}

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static ssc_status
pcsc_wait(ssc_reader_backend *pbe, const char *reader, int timeout_ms,
	  unsigned int *events)
{
	pcsc_backend *be = (pcsc_backend *)pbe;
	int64_t deadline = timeout_ms >= 0 ? mono_ms() + timeout_ms : -1;
	ssc_status rc;
	size_t i;

	*events = 0;
	if ((rc = watch_sync(be, events)) < 0)
		return rc;
	if (reader) {
		bool known = false;

		for (i = 0; i + 1 < be->nst; i++)
			if (strcmp(be->names[i], reader) == 0)
				known = true;
		if (!known)
			return ssc__error_setf(SSC_ENOREADER,
					       SSC_ERROR_CLASS_READER,
					       "pcsc: no reader \"%s\"", reader);
	}
	while (*events == 0) {
		DWORD tmo = INFINITE;
		LONG rv;

		if (deadline >= 0) {
			int64_t left = deadline - mono_ms();

			tmo = left > 0 ? (DWORD)left : 0;
		}
		rv = SCardGetStatusChange(be->hctx, tmo, be->st,
					  (DWORD)be->nst);
		if (rv == SCARD_E_TIMEOUT)
			return ssc__error_setf_native(
				SSC_ETIMEOUT, SSC_ERROR_CLASS_READER,
				SSC_NATIVE_PCSC, (uint32_t)rv,
				"pcsc: no event within %d ms", timeout_ms);
		if (rv != SCARD_S_SUCCESS)
			return pcsc_error(rv, "SCardGetStatusChange");
		for (i = 0; i < be->nst; i++) {
			DWORD was = be->st[i].dwCurrentState;
			DWORD now = be->st[i].dwEventState;
			bool pnp = i + 1 == be->nst;

			if (!(now & SCARD_STATE_CHANGED))
				continue;
			be->st[i].dwCurrentState =
				now & ~(DWORD)SCARD_STATE_CHANGED;
			if (pnp) {
				if ((rc = watch_sync(be, events)) < 0)
					return rc;
				break;
			}
			if (reader && strcmp(be->names[i], reader) != 0)
				continue;
			if (now & (SCARD_STATE_UNKNOWN |
				   SCARD_STATE_UNAVAILABLE))
				*events |= SSC_READER_EVENT_READER_REMOVED;
			else if ((now & SCARD_STATE_PRESENT) &&
				 !(was & SCARD_STATE_PRESENT))
				*events |= SSC_READER_EVENT_CARD_INSERTED;
			else if (!(now & SCARD_STATE_PRESENT) &&
				 (was & SCARD_STATE_PRESENT))
				*events |= SSC_READER_EVENT_CARD_REMOVED;
		}
		if (*events == 0 && deadline >= 0 && mono_ms() >= deadline)
			return ssc__error_setf(SSC_ETIMEOUT,
					       SSC_ERROR_CLASS_READER,
					       "pcsc: no event within %d ms",
					       timeout_ms);
	}
	return SSC_OK;
}

static ssc_status
pcsc_cancel(ssc_reader_backend *pbe)
{
	pcsc_backend *be = (pcsc_backend *)pbe;

	return pcsc_error(SCardCancel(be->hctx), "SCardCancel");
}

static void
pcsc_free(ssc_reader_backend *pbe)
{
	pcsc_backend *be = (pcsc_backend *)pbe;
	const ssc_ctx *actx;

	if (!be)
		return;
	actx = be->actx;
	watch_clear(be);
	SCardReleaseContext(be->hctx);
	ssc__free(actx, be->only);
	ssc__free(actx, be);
	ssc_ctx_free((ssc_ctx *)actx);
}

static const ssc_reader_backend pcsc_methods = {
	.version = SSC_READER_BACKEND_VERSION,
	.name = "pcsc",
	.list_readers = pcsc_list,
	.connect = pcsc_connect,
	.transmit = pcsc_transmit,
	.disconnect = pcsc_disconnect,
	.free = pcsc_free,
	.atr = pcsc_atr,
	.begin_transaction = pcsc_begin,
	.end_transaction = pcsc_end,
	.wait_event = pcsc_wait,
	.cancel = pcsc_cancel,
	.reconnect = pcsc_reconnect,
};

ssc_status
ssc_reader_backend_pcsc_new(ssc_reader_backend **out, ssc_ctx *ctx,
			    const char *reader)
{
	pcsc_backend *be;
	LONG rv;
	ssc_status rc;

	if (!out)
		return ssc__error_setf(SSC_EINVAL, SSC_ERROR_CLASS_INVALID,
				       "out is NULL");
	*out = NULL;
	be = ssc__calloc(ctx, 1, sizeof(*be));
	SSC__CHECK_ALLOC(be);
	if (reader && !(be->only = ssc__strdup(ctx, reader))) {
		ssc__free(ctx, be);
		return ssc_error_set_oom();
	}
	rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &be->hctx);
	if (rv != SCARD_S_SUCCESS) {
		rc = pcsc_error(rv, "SCardEstablishContext");
		ssc__free(ctx, be->only);
		ssc__free(ctx, be);
		return rc;
	}
	be->parent = pcsc_methods;
	be->actx = ctx ? ssc_ctx_ref(ctx) : NULL;
	/* the state events are compared against: now */
	if ((rc = watch_sync(be, NULL)) < 0) {
		pcsc_free(&be->parent);
		return rc;
	}
	*out = &be->parent;
	return SSC_OK;
}

#else /* !SSC_HAVE_PCSC */

ssc_status
ssc_reader_backend_pcsc_new(ssc_reader_backend **out, ssc_ctx *ctx,
			    const char *reader)
{
	(void)ctx;
	(void)reader;
	if (out)
		*out = NULL;
	return ssc__error_setf(SSC_ENOTSUPPORTED, SSC_ERROR_CLASS_BACKEND,
			       "this build has no PC/SC support");
}

#endif
