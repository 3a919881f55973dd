"""Measure the recommended changes in benchmarks/RESULTS.md against the live rules, without touching linter/.

    .venv/bin/python benchmarks/prototypes.py            # 1,500 corpus drafts
    .venv/bin/python benchmarks/prototypes.py -n 500     # quicker

Each item times the current code path and a stand-alone prototype of the change on the same
drafts, in CPU time per draft (less sensitive than wall time to other load on the machine), and
checks that the prototype gives the same answer. The prototypes are sketches for whoever changes
linter/: they show the saving is real and the results identical, not how the code should look.
"""

from __future__ import annotations

import argparse
import bisect
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_corpus  # noqa: E402
import run as bench  # noqa: E402  (puts the source under test on sys.path)


def cpu_us(fn, items, warm: int = 50) -> float:
    for item in items[:warm]:
        fn(item)
    t = time.process_time()
    for item in items:
        fn(item)
    return (time.process_time() - t) * 1e6 / len(items)


def line(label: str, us: float) -> None:
    print(f"  {label:<72} {us:8.0f} µs/draft")


def leaves_of(linter):
    seen = {}

    def walk(c):
        if id(c) in seen:
            return
        seen[id(c)] = c
        for child in getattr(c, "children", ()):
            walk(child)
        if hasattr(c, "target"):
            walk(c.target)

    for _rule, match, unless in linter.engine.rules:
        walk(match)
        if unless is not None:
            walk(unless)
    for compiled in linter.engine.context._compiled_signals.values():
        walk(compiled)
    return list(seen.values())


# -- 1. token patterns as RE2 over a token string ----------------------------------------------

FLAGS = ("IS_PUNCT", "IS_ALPHA", "IS_SENT_START", "IS_TITLE", "LIKE_NUM", "IS_LOWER", "LIKE_URL", "LIKE_EMAIL")


class TokenRegexes:
    """Token patterns compiled to RE2 over '\\x01<flags>\\x03ORTH\\x03LOWER\\x02' per token.

    A pattern is *exact* when every constraint is LOWER/ORTH/TEXT (a string or IN list) or one of
    FLAGS, with OP absent, ?, *, + or {n,m}. Other constraints (NOT_IN, LEMMA, POS, ...) are
    over-approximated as "any token" in the set and confirmed with spaCy's Matcher.
    """

    def __init__(self, leaves, nlp):
        import re2
        from spacy.matcher import Matcher

        from linter.kinds.token import _plain

        opts = re2.Options()
        opts.case_sensitive, opts.log_errors, opts.max_mem, opts.longest_match = True, False, 256 << 20, True
        self.set = re2.Set.SearchSet(opts)
        self.units = []
        for leaf in leaves:
            for pattern in leaf.spec.params["patterns"]:
                plain = _plain(pattern)
                rx, exact = self._pattern(plain)
                self.set.Add(rx)
                matcher = None
                if not exact:
                    matcher = Matcher(nlp.vocab, validate=False)
                    matcher.add("p", [plain])
                self.units.append((leaf, re2.compile(rx, opts), matcher))
        self.set.Compile()
        self.exact = sum(1 for u in self.units if u[2] is None)

    @staticmethod
    def _token(tok) -> tuple[str, bool]:
        orth = lower = None
        flags, exact = ["."] * len(FLAGS), True
        for key, value in tok.items():
            if key == "OP":
                continue
            if key in FLAGS and isinstance(value, bool):
                flags[FLAGS.index(key)] = "1" if value else "0"
                continue
            if isinstance(value, str):
                values = [value]
            elif isinstance(value, dict) and set(value) == {"IN"}:
                values = value["IN"]
            else:
                exact = False
                continue
            alt = "(?:" + "|".join(re.escape(v) for v in values) + ")"
            if key in ("ORTH", "TEXT"):
                orth = alt
            elif key == "LOWER":
                lower = alt
            else:
                exact = False
        body = r"\x01" + "".join(flags) + r"\x03" + (orth or r"[^\x03]*") + r"\x03" + (lower or r"[^\x02]*") + r"\x02"
        return body, exact

    def _pattern(self, pattern) -> tuple[str, bool]:
        out, exact = [], True
        for tok in pattern:
            op = tok.get("OP")
            body, ok = self._token(tok)
            exact &= ok
            body = "(?:" + body + ")"
            if op is None:
                out.append(body)
            elif op == "!":
                exact = False
                out.append(r"(?:\x01[^\x02]*\x02)?")
            else:
                out.append(body + op)
        return "".join(out), exact

    @staticmethod
    def encode(doc) -> tuple[bytes, list[int]]:
        from spacy.attrs import IS_ALPHA, IS_LOWER, IS_PUNCT, IS_TITLE, LIKE_EMAIL, LIKE_NUM, LIKE_URL, SENT_START

        rows = doc.to_array([IS_PUNCT, IS_ALPHA, SENT_START, IS_TITLE, LIKE_NUM, IS_LOWER, LIKE_URL, LIKE_EMAIL]).tolist()
        parts = ["\x01" + "".join("1" if v == 1 else "0" for v in row) + "\x03" + t.text + "\x03" + t.lower_ + "\x02"
                 for row, t in zip(rows, doc)]
        starts, acc = [0], 0
        for part in parts:
            acc += len(part.encode())
            starts.append(acc)
        return "".join(parts).encode(), starts

    def hits(self, document) -> dict[int, list[tuple[int, int]]]:
        from linter.kinds.bank import longest_first

        doc = document.doc
        data, starts = self.encode(doc)
        per: dict[int, list[tuple[int, int]]] = {}
        for index in self.set.Match(data) or ():
            leaf, rx, matcher = self.units[index]
            spans = per.setdefault(id(leaf), [])
            if matcher is None:
                for m in rx.finditer(data):
                    spans.append((bisect.bisect_left(starts, m.start()), bisect.bisect_left(starts, m.end())))
            else:
                spans.extend((s, e) for _, s, e in matcher(doc))
        out = {}
        for key, spans in per.items():
            if spans:
                out[key] = [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)) for s, e in longest_first(spans)]
        return out


def token_patterns(linter, documents) -> None:
    leaves = [c for c in leaves_of(linter) if type(c).__name__ == "TokenLeaf"]
    banks = {id(leaf.bank): leaf.bank for leaf in leaves if hasattr(leaf, "bank")}
    fast = TokenRegexes(leaves, linter.pipeline.nlp)
    print(f"1. token patterns ({len(leaves)} token leaves, {len(fast.units)} patterns, {fast.exact} exactly "
          "representable in RE2)")

    def current(document):
        document.cache.clear()
        out = {}
        for leaf in leaves:
            found = leaf.find_all(document)
            if found:
                out[id(leaf)] = [(h.start, h.end) for h in found]
        return out

    different = sum(current(d) != fast.hits(d) for d in documents)
    print(f"  drafts whose token-leaf hits differ: {different} of {len(documents)}")

    def scan(document):
        document.cache.clear()
        for bank in banks.values():
            bank._scan(document)

    line("current: shared spaCy Matcher (MatcherBank._scan)", cpu_us(scan, documents))
    line("prototype: token string + RE2 set + finditer (+ Matcher for the rest)", cpu_us(fast.hits, documents))
    line("  of which building the token string (Doc.to_array for the flags)", cpu_us(lambda d: fast.encode(d.doc), documents))


# -- 2. per-draft token arrays ------------------------------------------------------------------

def token_infos(linter, documents) -> None:
    from linter import metrics

    if not hasattr(documents[0], "_token_infos"):
        print("2. token infos: (not in this version; skipped)")
        return
    print("2. Document._token_infos + metrics._words over every sentence and the whole draft")

    def current(document):
        document.cache.clear()
        return [metrics._words(document, s) for s in list(document.sentences) + [document.whole]]

    def arrays(document):
        doc = document.doc
        starts = [t.idx for t in doc]
        ends = [t.idx + len(t.text) for t in doc]
        words = [t.lower_ if (any(ch.isalnum() for ch in t.text) and t.text[:1] not in "'’"
                              and t.lower_ not in ("n't", "n’t")) else None for t in doc]
        out = []
        for a, b in list(document.sentences) + [document.whole]:
            i, j = bisect.bisect_left(starts, a), bisect.bisect_right(ends, b)
            out.append([w for w in words[i:j] if w is not None])
        return out

    same = all(current(d) == arrays(d) for d in documents)
    print(f"  same word lists on all drafts: {same}")
    line("current: NamedTuple per token, then a word filter per span", cpu_us(current, documents))
    line("prototype: parallel lists with a precomputed word flag, sliced by bisect", cpu_us(arrays, documents))


# -- 4. cold start: blank English instead of the model when no component is needed ---------------

def blank_pipeline(model: str, runs: int = 3) -> None:
    print(f"4. cold start: loading {model} with every component excluded vs spacy.blank('en') (fresh processes)")
    load = (f"import time,spacy; t=time.perf_counter(); spacy.load({model!r}, exclude=['tok2vec','tagger','parser',"
            "'attribute_ruler','lemmatizer','ner','senter']); print(time.perf_counter()-t)")
    blank = "import time,spacy; t=time.perf_counter(); spacy.blank('en'); print(time.perf_counter()-t)"
    for label, code in (("current: the model package, all components excluded", load), ("prototype: spacy.blank('en')", blank)):
        times = sorted(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout)
                       for _ in range(runs))
        print(f"  {label:<72} {times[len(times) // 2] * 1000:8.0f} ms (median of {runs})")


# -- 3. garbage collection during a batch --------------------------------------------------------

def garbage_collection(n: int) -> None:
    """Run in a fresh process, so the heap is what a batch run has: the Linter and the rows."""
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--gc-worker", "-n", str(n)],
                          capture_output=True, text=True, env=bench.clean_env(), cwd=str(bench.SOURCE))
    print(proc.stdout.rstrip() or proc.stderr.strip()[-500:])


def gc_worker(n: int, rounds: int = 3) -> None:
    import gc
    import statistics

    from linter import Linter

    linter = Linter()
    rows = list(bench.read_rows(str(make_corpus.ensure_corpus(10_000)), n))
    print("3. check_many with the Linter's objects frozen out of the cyclic GC (gc.freeze() after Linter())")

    def batch():
        t = time.process_time()
        for _ in linter.check_many(bench.to_drafts(rows)):
            pass
        return (time.process_time() - t) * 1e6 / len(rows)

    batch()  # warm up
    normal, frozen = [], []
    for _ in range(rounds):  # alternate, so drift in machine load hits both alike
        gc.unfreeze()
        normal.append(batch())
        gc.freeze()
        frozen.append(batch())
    gc.unfreeze()
    line(f"current: default GC (median of {rounds} passes)", statistics.median(normal))
    line(f"prototype: gc.freeze() once the Linter is built (median of {rounds} passes)", statistics.median(frozen))


# -- 5. cold start: interpreter teardown ------------------------------------------------------------

def fast_exit(runs: int = 5) -> None:
    import statistics

    draft = bench.write_draft_file(make_corpus.DEFAULT_DIR)
    code = ("import os, sys\nfrom linter.cli import main\nsys.argv = ['introlint', 'check', {draft!r}]\n"
            "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\nsys.stdout.flush(); sys.stderr.flush()\n"
            "{tail}\n")
    variants = {"current: `introlint check one-draft.txt`, normal interpreter exit": "sys.exit(code)",
                "prototype: the same, then os._exit(code) after flushing": "os._exit(code or 0)"}
    times = {label: [] for label in variants}
    for _ in range(runs):
        for label, tail in variants.items():
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", code.format(draft=str(draft), tail=tail)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, env=bench.clean_env(), cwd=str(bench.SOURCE))
            times[label].append(time.perf_counter() - t)
    print(f"5. cold start: interpreter teardown (fresh processes, median of {runs}, interleaved)")
    for label, ts in times.items():
        print(f"  {label:<72} {statistics.median(ts) * 1000:8.0f} ms")


# -- 6. regex leaves: visit only the patterns the RE2 set reported ------------------------------

def regex_leaves(linter, documents) -> None:
    leaves = [c for c in leaves_of(linter) if type(c).__name__ == "RegexLeaf"]
    if not leaves or not hasattr(leaves[0], "indices"):
        print("6. regex leaves: (no RE2 set prefilter in this version; skipped)")
        return
    total = sum(len(leaf.compiled) for leaf in leaves)
    print(f"6. RegexLeaf.find_all ({len(leaves)} regex leaves, {total} patterns): is skipping unreported patterns the cost?")

    def current(document):
        document.cache.clear()
        return [[(h.start, h.end) for h in leaf.find_all(document)] for leaf in leaves]

    def reported_only(document):
        document.cache.clear()
        out = []
        for leaf in leaves:
            present = leaf.prefilter.matched(document)
            lo, hi = leaf.indices[0], leaf.indices[-1]
            text, found, seen = document.text, [], set()
            for index in sorted(i for i in present if lo <= i <= hi):
                k = index - lo
                for m in leaf.compiled[k].finditer(text):
                    start, end = m.span(leaf.groups[k])
                    if end > start and end <= len(text) and (start, end) not in seen:
                        seen.add((start, end))
                        found.append((start, end))
            out.append(sorted(found, key=lambda h: (h[0], -h[1])))
        return out

    contiguous = all(leaf.indices == list(range(leaf.indices[0], leaf.indices[0] + len(leaf.indices))) for leaf in leaves)
    same = all(current(d) == reported_only(d) for d in documents)
    print(f"  each leaf's set indices contiguous: {contiguous}; same hits on all drafts: {same}")
    line("current: each leaf walks all its patterns, skipping those not reported", cpu_us(current, documents))
    line("prototype: each leaf visits only the reported patterns that are its own", cpu_us(reported_only, documents))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1_500, help="corpus drafts to use")
    parser.add_argument("--gc-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.gc_worker:
        gc_worker(args.n)
        return 0
    from linter import Linter
    from linter.document import Document, DraftContext

    rows = list(bench.read_rows(str(make_corpus.ensure_corpus(10_000)), args.n))
    linter = Linter()
    nlp = linter.pipeline.nlp
    documents = [Document(nlp.make_doc(r["text"]), DraftContext(r["to"], r["channel"], False), None) for r in rows]
    print(f"{len(rows):,} corpus drafts; {len(linter.engine.rules)} active rules; pipeline {nlp.pipe_names or 'tokenizer only'}; "
          f"CPU time per draft\n")
    token_patterns(linter, documents)
    token_infos(linter, documents)
    regex_leaves(linter, documents)
    del documents
    garbage_collection(args.n)
    blank_pipeline(linter.pipeline.model)
    fast_exit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
