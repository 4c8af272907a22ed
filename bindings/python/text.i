/* SPDX-License-Identifier: Apache-2.0 */
/*
 * text.h: GBK / GB18030 ⇄ UTF-8.  The low-level functions return the
 * library's bytes; socialcard.encode_text() / decode_text() / split_name()
 * / join_name() give str.
 */
%apply ssc_buf *BYTES_OUT { ssc_buf *name, ssc_buf *ext };
%apply (const uint8_t *data, size_t len) {
	(const uint8_t *name, size_t name_len),
	(const uint8_t *ext, size_t ext_len)
};
%nothread ssc_text_decode;
%nothread ssc_text_encode;
%nothread ssc_name_split;
%nothread ssc_name_join;
%include "socialcard/text.h"
%clear ssc_buf *name, ssc_buf *ext;
