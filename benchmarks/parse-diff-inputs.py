# Inputs for benchmarks/ParseDiff.java: every corpus query of one language, Elasticsearch's EQL specs, the string
# literals of the language's tests, and N random mutations of each (cut, deleted, inserted or replaced text), one
# base64-encoded query a line.  Usage: python3 benchmarks/parse-diff-inputs.py eql|esql SEED N > inputs.txt
# (run from the repository root, the shared folder beside it)
import sys, random, os, re, glob, json
try:
    import tomllib
except ImportError:
    import tomli as tomllib
lang = sys.argv[1]
random.seed(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
qs = []
for f in sorted(glob.glob('../shared/corpus/detection-rules/**/*.toml', recursive=True)):
    try:
        r = tomllib.load(open(f, 'rb')).get('rule', {})
    except Exception:
        continue
    if r.get('language') == lang: qs.append(r['query'])
extra = []
if lang == 'eql':
    try:
        t = tomllib.load(open('../shared/conformance/eql-es/test_queries.toml', 'rb'))
        for k, v in t.items():
            for c in (v if isinstance(v, list) else []):
                if isinstance(c, dict) and 'query' in c: extra.append(c['query'])
    except Exception as e: print(e, file=sys.stderr)
    for f in ['../shared/conformance/eql-es/test_missing_events.toml', '../shared/conformance/eql-es/test_sample.toml']:
        try:
            t = tomllib.load(open(f, 'rb'))
            for k, v in t.items():
                for c in (v if isinstance(v, list) else []):
                    if isinstance(c, dict) and 'query' in c: extra.append(c['query'])
        except Exception as e: print(e, file=sys.stderr)
# string literals from the test sources
for f in glob.glob('compiler/src/test/java/io/ruleforge/%s/*.java' % lang):
    src = open(f).read()
    for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', src):
        s = m.group(1)
        try: s = bytes(s, 'utf-8').decode('unicode_escape')
        except Exception: pass
        if len(s) > 3: extra.append(s)
    for m in re.finditer(r'"""\n(.*?)"""', src, re.S):
        extra.append(m.group(1))
if lang == 'eql':
    # operator chains around the builder's depth limit (500) and mixtures of every operator, prefix and predicate
    for n in [1, 2, 3, 50, 248, 249, 250, 251, 496, 497, 498, 499, 500, 501, 502, 1000]:
        for op in [' + ', ' * ', ' - ', ' or ', ' and ']:
            extra.append('any where ' + op.join(['a'] * n) + ' == 1')
        extra.append('any where ' + ' + '.join(['a * b * c'] * n))
        extra.append('any where ' + ' and '.join(['a * 2 + b'] * n))
        extra.append('any where 99999999999999999999 * ' + ' * '.join(['a'] * n))
        extra.append('any where ' + '(' * 30 + ' + '.join(['a'] * (n // 3 + 1)) + ')' * 30 + ' * ' + ' - '.join(['b'] * (n // 3 + 1)))
    atoms = ['a', 'b.c', '1', '2.5', '"s"', 'f(x)', '(a + b)', '-a', '+1', 'not a', 'a in (1, 2)', 'a : "x"', '?x', 'null', 'true']
    joins = ['+', '-', '*', '/', '%', 'and', 'or', '==', '!=', '<', '<=', '=', 'not', ')', '(', ',', '']
    for _ in range(2000):
        s = random.choice(atoms)
        for _ in range(random.randint(1, 8)):
            s += ' ' + random.choice(joins) + ' ' + random.choice(atoms + [''])
        if random.random() < 0.3: s = random.choice(['not ', '-', '+', '(', 'not not ', '- -']) + s
        extra.append('any where ' + s)
base = qs + extra
pieces = [' ', '(', ')', '[', ']', '"', "'", '`', '.', ',', '==', '=', ':', '~', '|', ' and ', ' or ', ' not ', ' in ', '*', '-', '+', '/*', '*/', '//', '\n', '?', '!', ' by ', ' with ', 'maxspan=', '1', '0.5', '"x"', 'a.b', '"""', '\\', '😀', 'é', 'until', ' sequence ', ' where ', ' | head 1', 'like~', ':(', '~(', ' like ', 'regex']
out = list(base)
for q in base:
    for _ in range(int(sys.argv[3]) if len(sys.argv) > 3 else 10):
        r = random.random(); n = len(q)
        if n == 0: continue
        i = random.randrange(n + 1)
        if r < 0.3: m = q[:i]
        elif r < 0.55: j = min(n, i + random.randint(1, 6)); m = q[:i] + q[j:]
        elif r < 0.85: m = q[:i] + random.choice(pieces) + q[i:]
        else: j = min(n, i + random.randint(1, 4)); m = q[:i] + random.choice(pieces) + q[j:]
        out.append(m)
import base64
for s in out:
    try: b = s.encode('utf-8')
    except UnicodeEncodeError: continue
    print(base64.b64encode(b).decode())
