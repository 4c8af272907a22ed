# SPDX-License-Identifier: Apache-2.0
"""The type stubs follow the extension: every public name of
socialcard._capi is declared in _capi.pyi and nothing else is, and the
package ships py.typed."""

import ast
import pathlib

import pytest

import socialcard
from socialcard import _capi

PKG = pathlib.Path(socialcard.__file__).parent
STUB_ALIASES = {"BytesLike", "ClockResult"}


def stub_names():
    tree = ast.parse((PKG / "_capi.pyi").read_text())
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets)
    return names - STUB_ALIASES


def test_stub_covers_the_extension():
    public = {n for n in dir(_capi) if not n.startswith("_")}
    assert stub_names() == public


CLASSES = ["Context", "Card", "Person", "Calendar", "Rulebook", "Verdict",
           "Store", "StoreTransaction", "StoreIterator", "Apdu", "Response",
           "Reader", "Connection", "KeyProvider"]


@pytest.mark.parametrize("name", CLASSES)
def test_class_methods_in_stub(name):
    tree = ast.parse((PKG / "_capi.pyi").read_text())
    cls = next(n for n in tree.body
               if isinstance(n, ast.ClassDef) and n.name == name)
    stubbed = {n.name for n in cls.body if isinstance(n, ast.FunctionDef)}
    stubbed |= {n.target.id for n in cls.body if isinstance(n, ast.AnnAssign)}
    public = {n for n in vars(getattr(_capi, name))
              if not n.startswith("_") and n != "thisown"}
    assert public <= stubbed


def test_py_typed():
    assert (PKG / "py.typed").exists()


def test_all_is_importable():
    for name in socialcard.__all__:
        assert hasattr(socialcard, name), name
