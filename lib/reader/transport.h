/* SPDX-License-Identifier: Apache-2.0 */
/* A reader connection as an APDU-exchange transport (lib/apdu/exchange.h). */
#ifndef SSC_READER_TRANSPORT_H
#define SSC_READER_TRANSPORT_H

#include "apdu/exchange.h"
#include "socialcard/reader.h"

/* Fill *out so that ssc__exchange() talks to the card on conn.  The
 * connection stays owned by the caller and must outlive the transport. */
void ssc__reader_transport(ssc__transport *out, ssc_reader_conn *conn,
			   bool extended_length);

#endif /* SSC_READER_TRANSPORT_H */
