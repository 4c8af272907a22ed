/* SPDX-License-Identifier: Apache-2.0 */
/*
 * version.h: VERSION_MAJOR/MINOR/MICRO/STRING are the headers the extension
 * was compiled against; version() asks the library loaded at run time.
 * socialcard/__init__.py compares the two at import.
 */
%apply int *OUTPUT { int *major, int *minor, int *micro };
%nothread ssc_version;
%include "socialcard/version.h"
%clear int *major, int *minor, int *micro;
