#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""doc/errors.md lists every error code of errors.h with its value."""
import re
import sys

header = open(sys.argv[1], encoding='utf-8').read()
doc = open(sys.argv[2], encoding='utf-8').read()
codes = re.findall(r'\b(SSC_E\w+|SSC_ERROR) = (-\d+)', header)
missing = [f'{n} ({v})' for n, v in codes if not re.search(r'`%s` \| %s \|' % (n, re.escape(v)), doc)]
if missing:
    print('missing from doc/errors.md:', ', '.join(missing))
    sys.exit(1)
print(f'{len(codes)} codes documented')
