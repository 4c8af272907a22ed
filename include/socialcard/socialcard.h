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
#include "reader.h"

#endif /* SOCIALCARD_SOCIALCARD_H */
