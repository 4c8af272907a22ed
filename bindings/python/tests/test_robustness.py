# SPDX-License-Identifier: Apache-2.0
"""Every function of socialcard._capi survives wrong arguments (None, 0,
empty bytes, empty text): it raises or returns, it never crashes.  Found
a double free in a fixed-size byte typemap once; run under ASan too."""

import inspect

import pytest

from socialcard import _capi

SKIP = {"error_set_oom"}            # raises MemoryError by design, tested
FUNCS = sorted(
    n for n in dir(_capi)
    if not n.startswith("__") and n not in SKIP
    and callable(getattr(_capi, n)) and not inspect.isclass(getattr(_capi, n)))


@pytest.mark.parametrize("name", FUNCS)
def test_wrong_arguments_do_not_crash(name):
    f = getattr(_capi, name)
    try:
        n = len(inspect.signature(f).parameters)
    except (TypeError, ValueError):
        pytest.skip("no signature")
    for args in ([None] * n, [0] * n, [b""] * n, [""] * n, [-1] * n):
        try:
            f(*args)
        except Exception:
            pass


@pytest.mark.parametrize("cls", ["Card", "Person", "Calendar", "Rulebook",
                                 "Apdu", "Response", "Reader"])
def test_methods_on_unconstructed_objects_raise(cls):
    obj = getattr(_capi, cls).__new__(getattr(_capi, cls))
    for name, member in vars(getattr(_capi, cls)).items():
        if name.startswith("__") or not callable(member) or name == "close":
            continue                # close() of nothing is a no-op
        with pytest.raises(Exception):
            getattr(obj, name)()
