# SPDX-License-Identifier: Apache-2.0
"""Versions: package, extension headers and run-time library agree, and the
import-time check refuses the combinations that cannot work."""

import re

import pytest

import socialcard
from socialcard import _capi


def test_versions_agree():
    assert re.fullmatch(r"\d+\.\d+\.\d+", socialcard.__version__)
    assert socialcard.version() == socialcard.__version__
    assert _capi.VERSION_STRING == socialcard.__version__
    assert socialcard.version_info() == (
        _capi.VERSION_MAJOR, _capi.VERSION_MINOR, _capi.VERSION_MICRO)


def test_check_accepts_same_and_newer_runtime():
    socialcard._check_versions("1.2.3", "1.2.3", "1.2.3")
    socialcard._check_versions("1.2.3", "1.2.3", "1.2.9")
    socialcard._check_versions("1.2.3", "1.2.3", "1.5.0")


@pytest.mark.parametrize("package,compiled,runtime", [
    ("1.2.3", "1.2.4", "1.2.4"),   # Python files from another build
    ("1.2.3", "1.2.3", "1.1.9"),   # older library: symbols may be missing
    ("1.2.3", "1.2.3", "2.2.3"),   # another ABI epoch
    ("2.0.0", "2.0.0", "1.9.0"),
    ("1.2.3", "1.2.3", "banana"),
])
def test_check_refuses(package, compiled, runtime):
    with pytest.raises(ImportError):
        socialcard._check_versions(package, compiled, runtime)
