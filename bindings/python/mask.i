/* SPDX-License-Identifier: Apache-2.0 */
/* mask.h: mask_id_number(str), mask_name(str), mask_number(str, head, tail) → str. */
%apply ssc_buf *TEXT_OUT { ssc_buf *out };
%nothread ssc_mask_id_number;
%nothread ssc_mask_name;
%nothread ssc_mask_number;
%include "socialcard/mask.h"
%apply ssc_buf *BYTES_OUT { ssc_buf *out };
