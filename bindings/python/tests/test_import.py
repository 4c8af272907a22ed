# SPDX-License-Identifier: Apache-2.0
"""The first test: the package imports from the build tree (extension,
C library and version check included)."""


def test_import():
    import socialcard
    assert socialcard.Context is socialcard._capi.Context
