/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The bridge between a reader connection and the APDU exchange layer: an
 * ssc__transport whose raw transmit is the connection's.  Everything above
 * (chip flows, the high-level read, personalisation) talks to a card through
 * this, so the exchange policy stays in one place.
 */
#include "reader/reader_int.h"
#include "reader/transport.h"

void
ssc__reader_transport(ssc__transport *out, ssc_reader_conn *conn,
		      bool extended_length)
{
	out->transmit = ssc__reader_raw_transmit;
	out->io = conn;
	out->extended_length = extended_length;
	out->ctx = ssc__reader_conn_ctx(conn);
}
