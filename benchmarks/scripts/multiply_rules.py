#!/usr/bin/env python3
"""Writes N copies of a detection-rules tree into a new folder, each copy a rule set of its own to the set-wide checks.

Copy k (k >= 2) of a rule gets a fresh rule_id (a UUID derived from the original and k, so a rerun writes the same
set), " (copy k)" after its name, and "_ck" after its file name, so that duplicate ids and names (RF errors) and
shared file names (warnings) are not flagged; copy 1 is the rule as it is. Only the [rule] table's own rule_id and
name keys change; the tactic and technique names further down keep theirs.

Usage: multiply_rules.py SOURCE_DIR COPIES TARGET_DIR
"""
import os
import re
import sys
import uuid

KEY = re.compile(r'^(rule_id|name)(\s*=\s*)(["\'])(.*)\3\s*$')
TABLE = re.compile(r'^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*$')


def rewrite(text, copy):
    out, table = [], None
    for line in text.split('\n'):
        header = TABLE.match(line)
        if header:
            table = header.group(1)
        elif table == 'rule':
            m = KEY.match(line)
            if m and m.group(1) == 'rule_id':
                fresh = uuid.uuid5(uuid.NAMESPACE_OID, f'{m.group(4)}/{copy}')
                line = f'rule_id{m.group(2)}{m.group(3)}{fresh}{m.group(3)}'
            elif m:
                line = f'name{m.group(2)}{m.group(3)}{m.group(4)} (copy {copy}){m.group(3)}'
        out.append(line)
    return '\n'.join(out)


def main():
    source, copies, target = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    for root, _, files in os.walk(source):
        for f in files:
            if not f.endswith(('.toml', '.yaml', '.yml')):
                continue
            with open(os.path.join(root, f), encoding='utf-8') as fh:
                text = fh.read()
            rel = os.path.relpath(root, source)
            os.makedirs(os.path.join(target, rel), exist_ok=True)
            stem, ext = os.path.splitext(f)
            for k in range(1, copies + 1):
                name = f if k == 1 else f'{stem}_c{k}{ext}'
                with open(os.path.join(target, rel, name), 'w', encoding='utf-8') as fh:
                    fh.write(text if k == 1 else rewrite(text, k))


if __name__ == '__main__':
    main()
