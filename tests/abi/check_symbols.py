#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The names declared with SSC_EXPORT in include/ equal the names in the
linker version script, with no duplicates, and every script name sits in a
LIBSOCIALCARD_* node."""
import pathlib
import re
import sys


def declared(include_dir):
    names = []
    for h in sorted(pathlib.Path(include_dir).rglob('*.h*')):
        text = re.sub(r'/\*.*?\*/', ' ', h.read_text(encoding='utf-8'), flags=re.S)
        text = re.sub(r'^\s*#.*$', ' ', text, flags=re.M)
        for m in re.finditer(r'\bSSC_EXPORT\b([^;{]*?)\b(ssc_\w+)\s*\(', text):
            names.append(m.group(2))
    return names


def scripted(sym_file):
    text = re.sub(r'/\*.*?\*/', ' ', pathlib.Path(sym_file).read_text(), flags=re.S)
    names, nodes = [], []
    for node, body in re.findall(r'([\w.]+)\s*\{(.*?)\}\s*[\w.]*\s*;', text, flags=re.S):
        nodes.append(node)
        body = body.split('local:')[0].replace('global:', '')
        names += [n.strip() for n in body.split(';') if n.strip()]
    return names, nodes


def main():
    include_dir, sym_file = sys.argv[1], sys.argv[2]
    decl = declared(include_dir)
    script, nodes = scripted(sym_file)
    ok = True
    for label, names in (('headers', decl), ('version script', script)):
        dups = sorted({n for n in names if names.count(n) > 1})
        if dups:
            print(f'duplicate names in {label}: {dups}')
            ok = False
    missing = sorted(set(decl) - set(script))
    extra = sorted(set(script) - set(decl))
    if missing:
        print('declared with SSC_EXPORT but not in the version script:', missing)
        ok = False
    if extra:
        print('in the version script but not declared:', extra)
        ok = False
    bad_nodes = [n for n in nodes if not re.fullmatch(r'LIBSOCIALCARD_\d+\.\d+', n)]
    if bad_nodes or not nodes:
        print('version nodes must be LIBSOCIALCARD_MAJOR.MINOR:', nodes)
        ok = False
    print(f'{len(decl)} exported declarations, {len(script)} script names, nodes {nodes}')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
