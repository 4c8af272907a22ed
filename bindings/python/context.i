/* SPDX-License-Identifier: Apache-2.0 */
/*
 * context.h: the Context class over the opaque ssc_ctx.
 *
 *   Context(region=None, *, log=None, log_level=None, clock=None)
 *
 * log is called as log(LogLevel, str); clock returns int milliseconds since
 * the epoch or an aware datetime (see socialcard.ManualClock).  The Python
 * callables are kept by the C context itself (src/ssc_python.c) and released
 * when the library frees it.  close() / `with` drop the Python reference
 * early; a closed Context refuses every call with ValueError.
 */

%ignore ssc_ctx_options;
%ignore ssc_ctx_new;
%ignore ssc_ctx_ref;
%ignore ssc_ctx_free;
%ignore ssc_log_fn;
%ignore ssc_clock_fn;
/* Key providers are a C backend API (sys/key_provider.h): not wrapped. */
%ignore ssc_ctx_set_key_provider;
%ignore ssc_ctx_key_provider;

/* ctx_options_init(version): the low-level version gate, None or raises. */
%typemap(in, numinputs=0) ssc_ctx_options *opts (ssc_ctx_options tmp) {
	memset(&tmp, 0, sizeof(tmp));
	$1 = &tmp;
}
%nothread ssc_ctx_options_init;
%nothread ssc_ctx_region;
%nothread ssc_ctx_set_region;
%nothread ssc_ctx_set_log_level;

%include "socialcard/context.h"

%{
/* close(): release the C reference now and leave a NULL handle behind, so
 * that any later use raises instead of touching freed memory. */
static void
ssc_py_context_close(PyObject *obj)
{
	SwigPyObject *sobj = SWIG_Python_GetSwigThis(obj);

	if (!sobj || sobj->ty != SWIGTYPE_p_ssc_ctx || !sobj->ptr)
		return;
	if (sobj->own)
		ssc_ctx_free((ssc_ctx *)sobj->ptr);
	sobj->ptr = NULL;
	sobj->own = 0;
}
%}
%nothread ssc_py_context_close;
%rename(_context_close) ssc_py_context_close;
void ssc_py_context_close(PyObject *obj);

%rename(Context) ssc_ctx;
%nodefaultctor ssc_ctx;
struct ssc_ctx {};

%nothread ssc_ctx::ssc_ctx;
%nothread ssc_ctx::~ssc_ctx;
/* The destructor never reports a callback's pending exception: that belongs
 * to the call that ran the callback. */
%exception ssc_ctx::~ssc_ctx {
	$action
}
%exception ssc_ctx::ssc_ctx {
	$action
	if (!result)
		SWIG_fail;
}

%feature("shadow") ssc_ctx::ssc_ctx %{
def __init__(self, region=None, *, log=None, log_level=None, clock=None):
    """A library context.

    region: 6-digit region code (GB/T 2260) whose rules apply, or None for
    the national defaults.  log: callable(level: LogLevel, message: str),
    messages already masked.  log_level: highest LogLevel delivered (default
    INFO).  clock: callable returning int milliseconds since the epoch or
    an aware datetime (default: the system clock).

    Raises InvalidArgument for a malformed region or level, TypeError for a
    callback that is not callable.
    """
    if log is not None:
        if not callable(log):
            raise TypeError("log must be callable")
        log = _log_adapter(log)
    level = 0 if log_level is None else int(log_level)
    _socialcard.Context_swiginit(self, $action(region, log, level, clock))
%}

%extend ssc_ctx {
	ssc_ctx(const char *region, PyObject *log, int log_level,
		PyObject *clock) {
		return ssc_py_ctx_new(region, log, log_level, clock);
	}
	~ssc_ctx() {
		ssc_ctx_free($self);
	}
	%pythoncode %{
    def now(self) -> int:
        """The context's time: milliseconds since 1970-01-01T00:00:00Z."""
        return ctx_now(self)

    def now_datetime(self):
        """The context's time as an aware UTC datetime."""
        import datetime as _dt
        return _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc) + \
            _dt.timedelta(milliseconds=ctx_now(self))

    @property
    def region(self):
        """The 6-digit region code, or None for the national defaults.
        Assigning validates first and leaves the context unchanged on
        InvalidArgument."""
        return ctx_region(self)

    @region.setter
    def region(self, value):
        ctx_set_region(self, value)

    def set_log_level(self, level) -> None:
        """Change the highest LogLevel delivered to the log callback."""
        ctx_set_log_level(self, int(level))

    @property
    def closed(self) -> bool:
        return int(self.this) == 0

    def close(self) -> None:
        """Drop this object's reference to the C context (idempotent).
        Objects made in the context keep it alive until they go."""
        _context_close(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self):
        if self.closed:
            return "<socialcard.Context closed>"
        region = ctx_region(self)
        return "<socialcard.Context region=%s>" % (
            repr(region) if region else "national")
	%}
}

%pythoncode %{
def _log_adapter(log):
    from .enums import LogLevel

    def adapter(level, message):
        try:
            level = LogLevel(level)
        except ValueError:
            pass
        log(level, message)
    return adapter
%}
