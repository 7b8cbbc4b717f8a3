#!/usr/bin/env python3
"""Transliteration benchmark: scheme coverage of the name key, and throughput.

Usage::

    python bench/translit_bench.py [--names 2000] [--seed 1] [--repeat 5]

Synthetic names: seeded random Russian and Kazakh words of 2-4 syllables (each
syllable an optional consonant, a vowel, an optional consonant, drawn from the
language's letters, ъ/ь/ё/й included) with a Russian surname ending half the time.
For every name, :func:`tm.translit.variants` gives each scheme's spelling.

Rows:

* agreement: the share of (name, scheme) spellings whose key set
  (:func:`tm.translit.spelling_keys`) contains the key of the Cyrillic name;
* name_key cold: keys per second on spellings never keyed before (cache cleared);
* name_key warm: keys per second on the same spellings again (the QA case: names repeat);
* same_name: pairs per second, pairs of different names (the slow path: fuzzy);
* variants: names per second through every scheme.

Seeded and offline; prints medians over ``--repeat`` runs and the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable

from tm.translit import name_key, same_name, spelling_key, spelling_keys, variants
from tm.translit.key import _word_key

CONSONANTS = {"ru": "бвгджзклмнпрстфхцчшщ", "kk": "бгғджзйклмнңпрсстшқ"}
VOWELS = {"ru": "аеёиоуыэюя", "kk": "аәеиоөұүыі"}
ENDINGS = ("ов", "ев", "ин", "ский", "ова", "ева", "ьев", "ъев", "ий")


def make_name(rng: random.Random, lang: str) -> str:
    word = ""
    for _ in range(rng.randint(2, 4)):
        if rng.random() < 0.8:
            word += rng.choice(CONSONANTS[lang])
        word += rng.choice(VOWELS[lang])
        if rng.random() < 0.3:
            word += rng.choice(CONSONANTS[lang] + "й")
    if rng.random() < 0.5:
        word += rng.choice(ENDINGS)
    return word.capitalize()


def rate(fn: Callable[[], int], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        count = fn()
        runs.append(count / (time.perf_counter() - start))
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    names = [(lang, make_name(rng, lang)) for lang in ("ru", "kk") for _ in range(args.names // 2)]
    spellings = {(lang, name): variants(name, lang) for lang, name in names}

    agree = total = 0
    misses: dict[str, int] = {}
    for (_, name), by_scheme in spellings.items():
        key = spelling_key(name)
        for scheme_id, spelling in by_scheme.items():
            total += 1
            if key in spelling_keys(spelling):
                agree += 1
            else:
                misses[scheme_id] = misses.get(scheme_id, 0) + 1
    words = [s for by_scheme in spellings.values() for s in by_scheme.values()]
    pairs = list(zip(words, words[1:] + words[:1]))

    def cold() -> int:
        _word_key.cache_clear()
        for w in words:
            name_key(w)
        return len(words)

    def warm() -> int:
        for w in words:
            name_key(w)
        return len(words)

    def fuzzy() -> int:
        for a, b in pairs:
            same_name(a, b)
        return len(pairs)

    def romanize() -> int:
        for lang, name in names:
            variants(name, lang)
        return len(names)

    print(f"tm transliteration benchmark  (seed {args.seed}, {len(names)} names, repeat {args.repeat})")
    print(f"machine: {platform.system()} {platform.release()} {platform.machine()}; "
          f"{os.cpu_count()} CPUs; Python {sys.version.split()[0]}")
    print()
    print(f"{'measure':<16} {'value':>14}")
    print(f"{'-' * 16} {'-' * 14}")
    print(f"{'agreement':<16} {100 * agree / total:>13.2f}%  ({agree}/{total} spellings)")
    print(f"{'name_key cold':<16} {rate(cold, args.repeat):>12,.0f}/s")
    print(f"{'name_key warm':<16} {rate(warm, args.repeat):>12,.0f}/s")
    print(f"{'same_name':<16} {rate(fuzzy, args.repeat):>12,.0f}/s")
    print(f"{'variants':<16} {rate(romanize, args.repeat):>12,.0f}/s")
    if misses:
        print("\nspellings whose key differs, by scheme: "
              + ", ".join(f"{k} {v}" for k, v in sorted(misses.items(), key=lambda kv: -kv[1])))


if __name__ == "__main__":
    main()
