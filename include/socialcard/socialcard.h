/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file socialcard/socialcard.h
 * @brief Umbrella header: the whole application API (never sys/).
 */
#ifndef SOCIALCARD_SOCIALCARD_H
#define SOCIALCARD_SOCIALCARD_H

#include "common.h"
#include <socialcard/version.h>
#include "errors.h"
#include "buffer.h"
#include "types.h"
#include "mask.h"
#include "context.h"
#include "codec.h"
#include "text.h"
#include "idnumber.h"
#include "region.h"
#include "person.h"
#include "card.h"
#include "calendar.h"
#include "rules.h"
#include "store.h"
#include "apdu.h"
#include "tlv.h"
#include "reader.h"
#include "lifecycle.h"
#include "journal.h"
#include "registry.h"
#include "cardio.h"

#endif /* SOCIALCARD_SOCIALCARD_H */
