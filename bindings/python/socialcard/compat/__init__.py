# SPDX-License-Identifier: Apache-2.0
"""Interoperation with other Python card libraries (socialcard.compat.pyscard)."""
