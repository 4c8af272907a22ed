/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Entry of the SWIG extension.  It generates the low-level module
 * socialcard._capi (on the C extension socialcard._socialcard); users import
 * the package `socialcard`, whose __init__.py re-exports the public names.
 * One .i per public header, included in dependency order; typemaps that
 * every header uses live in common.i.
 */
%module(package="socialcard",
	docstring="Low-level SWIG layer of libsocialcard; import socialcard instead.") _capi

/* Blocking calls release the GIL (-threads); trivial calls are %nothread. */
%feature("autodoc", "2");

%include "common.i"
%include "errors.i"
%include "constants.i"
%include "version.i"
%include "buffer.i"
%include "mask.i"
%include "context.i"
%include "codec.i"
%include "text.i"
%include "region.i"
%include "idnumber.i"
%include "person.i"
%include "card.i"
%include "calendar.i"
%include "rules.i"
%include "store.i"
%include "apdu.i"
%include "tlv.i"
%include "reader.i"
%include "registry.i"
%include "keyprovider.i"
%include "cardio.i"
