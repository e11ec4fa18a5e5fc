"""The sharded search index for sites whose single index file would be too big (search.py).

Files (all scripts that call `AtlasSearchLoad(key, data)`, so they load from file:// too):
- `search/atlas-index.js`: the table of contents, `window.ATLAS_SEARCH = {tags, n, s, ss, c, cs, ts}`:
  tag labels, the number of documents, the number and sizes of the gram shards, the first
  document number and size of every chunk, the size of every tag list (sizes let a query keep
  to its budget before it loads anything).
- `search/c/<n>.js`: documents in number order, cut at about CHUNK_BYTES (search.chunk's form).
- `search/g/<n>.js`: gram shards. Every one- and two-character piece ("gram", in UTF-16 code
  units, as the browser slices strings) of a document's normalised text lists the documents it
  occurs in; a gram lives in shard `gram_hash(gram) % s`. A list longer than LIST_CHARS is
  not kept, only its count: such a gram is common, and a term made only of common grams is
  looked for by reading the chunks in order (search.js), where it is found early.
- `search/t/<n>.js`: for each tag label, the resources (places, search.py) that carry it.

A district's name, place and demo label count as its places' text too (the browser shows
them as the resource's place): their grams list the district's whole run of numbers.

The lists are put together from shares (`Share`): the postings of a run of documents numbered
from 0, moved to where the run begins (`postings`). Each municipality's share is made from its
districts alone and kept with them (search.municipality_part, render/site.py's "sw" part), so a
build after one district was edited makes only that municipality's share again.

Lists are sorted document numbers as deltas in a base-32 varint alphabet (`encode`); a delta
of 0 is followed by how many numbers continue the run one by one, so a district's run costs a
few characters. A query loads the shards of its grams, intersects the lists, and loads only
the chunks of the documents it then shows (where the browser checks the text itself)."""

from __future__ import annotations

import operator
import re
import unicodedata
from collections import defaultdict
from itertools import islice
from typing import NamedTuple

from .env import script_json
from .search import Corpus, chunk

CHUNK_BYTES = 24 * 1024     # documents per chunk file, by size
SHARD_BYTES = 8 * 1024      # gram shards are sized for about this many bytes on average
LIST_CHARS = 2048           # a gram's or tag's list longer than this is not kept (the gram is common)
ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
_SURROGATE = re.compile("[\ud800-\udfff]")


_KANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}  # katakana → hiragana
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def normalise(text: str) -> str:
    """As search.js: NFKC, lower case, katakana → hiragana."""
    return unicodedata.normalize("NFKC", text).lower().translate(_KANA)


def _pair(m: re.Match) -> str:
    code = ord(m.group()) - 0x10000
    return chr(0xD800 + (code >> 10)) + chr(0xDC00 + (code & 0x3FF))


def utf16(text: str) -> str:
    """The text as UTF-16 code units, one Python character each (lone surrogates for characters
    beyond the BMP), so grams are cut where JavaScript's `slice` cuts them."""
    return text if text.isascii() or not _ASTRAL.search(text) else _ASTRAL.sub(_pair, text)


def grams(text: str) -> set[str]:
    """Every one- and two-unit piece of normalised text that has no white space."""
    found: set[str] = set()
    for word in utf16(normalise(text)).split():
        found.update(word)
        found.update(map(operator.add, word, word[1:]))
    return found


def gram_hash(gram: str) -> int:
    h = 0
    for ch in gram:
        h = (h * 31 + ord(ch)) & 0xFFFFFFFF
    return h



def _varint(value: int) -> str:
    digits = [value & 31]
    value >>= 5
    while value:
        digits.append(value & 31)
        value >>= 5
    return "".join(ALPHABET[32 + d] for d in reversed(digits[1:])) + ALPHABET[digits[0]]


_VARINTS = [_varint(v) for v in range(1 << 15)]


def runs_of(ids: list[int]) -> list[tuple[int, int]]:
    """Sorted, distinct numbers → (first, last) of each run of consecutive ones."""
    flat = _runs(ids) if ids else []
    return list(zip(flat[0::2], flat[1::2], strict=True))


def _runs(ids: list[int]) -> list[int]:
    """Sorted, distinct numbers (at least one) → their runs, flat: [first, last, first, last, …]
    (a list of two numbers when they are one run, as most of a municipality's are)."""
    first, prev = ids[0], ids[-1]
    if prev - first + 1 == len(ids):
        return [first, prev]
    out, prev = [first], first
    for n in islice(ids, 1, None):
        if n != prev + 1:
            out += (prev, n)
        prev = n
    out.append(prev)
    return out


def encode_runs(runs: list[int], limit: int | None = None) -> str | None:
    """`encode` of the numbers in these runs (flat, as `_runs`: sorted, maximal: no two touch);
    None as soon as the text is longer than `limit`."""
    out: list[str] = []
    prev, size = -1, 0
    for first, last in zip(runs[0::2], runs[1::2], strict=True):
        delta, more = first - prev, last - first
        code = _VARINTS[delta] if delta < 32768 else _varint(delta)
        if more >= 2:  # a run: 0, then how many numbers continue it
            code += "0" + (_VARINTS[more] if more < 32768 else _varint(more))
        elif more == 1:
            code += "1"
        out.append(code)
        prev = last
        if limit is not None:
            size += len(code)
            if size > limit:
                return None
    return "".join(out)


def encode(ids: list[int]) -> str:
    """Sorted, distinct document numbers → delta varints, runs as 0 + length."""
    return encode_runs(_runs(ids)) if ids else ""


def decode(text: str) -> list[int]:
    """The inverse of `encode` (tests; search.js has the same loop)."""
    values, value = [], 0
    for ch in text:
        d = ALPHABET.index(ch)
        if d >= 32:
            value = value * 32 + d - 32
        else:
            values.append(value * 32 + d)
            value = 0
    ids, prev, i = [], -1, 0
    while i < len(values):
        if values[i] == 0:
            ids.extend(range(prev + 1, prev + 1 + values[i + 1]))
            prev += values[i + 1]
            i += 2
        else:
            prev += values[i]
            ids.append(prev)
            i += 1
    return ids


def _merged(runs: list[int], spans: list[tuple[int, int]]) -> list[int]:
    """The runs (flat) of the numbers in `runs` (flat, sorted, maximal) and in the ranges
    `spans` (first, last; sorted, disjoint): two sorted lists of ranges, which one sort merges
    (without a pair made for every number)."""
    out: list[int] = []
    for first, last in sorted([*zip(runs[0::2], runs[1::2], strict=True), *spans]):
        if out and first <= out[-1] + 1:
            if last > out[-1]:
                out[-1] = last
        else:
            out += (first, last)
    return out


class Share(NamedTuple):
    """The postings of a run of consecutive documents, numbered from 0 (what `postings` puts
    together, each share's numbers moved by where its documents begin). A municipality's is
    kept with its unit (search.municipality_part), so an edited district makes only its
    municipality's again."""

    size: int                       # how many documents
    grams: dict[str, list[int]]     # gram → runs of the numbers it is found in (flat, as `_runs`)
    tags: dict[str, list[int]]      # tag label → numbers of the resources that carry it


def share(texts: list[tuple[str, str]], inherited: list[tuple[int, int, str]], tagged: list[tuple[int, tuple]]
          ) -> Share:
    """The share of documents whose own texts are `texts` (in number order), each as two
    parts, the second one many documents may have alike (a resource's description, schedule
    and address: its pieces are found once for each such text; the document's are those of
    `_join(first, second)`, as `grams` is word by word); `inherited`, (n, last, text) for a
    district (document n) whose places (n+1..last) are found by its `text` too (its name,
    place and demo label); `tagged`, (number, tag labels) of each resource."""
    ids: dict[str, list[int]] = defaultdict(list)
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    heads = {n: (last, grams(text)) for n, last, text in inherited}
    alike: dict[str, set[str]] = {}
    common: set[str] = set()
    until = -1
    for n, (text, more) in enumerate(texts):
        found = grams(text)
        if more:
            if more not in alike:
                alike[more] = grams(more)
            found |= alike[more]
        head = heads.get(n)
        if head is not None:  # a district: the pieces its places share are one range of numbers
            until, common = head
            for g in common:
                spans[g].append((n if g in found else n + 1, until))
            found -= common
        elif n <= until:
            found -= common  # a place: what its district's text has is in that range already
        for g in found:
            ids[g].append(n)
    runs = {g: _runs(numbers) for g, numbers in ids.items()}
    for g, ranges in spans.items():
        kept = runs.get(g)
        runs[g] = _merged(kept, ranges) if kept is not None else _joined(ranges)
    tags: dict[str, list[int]] = defaultdict(list)
    for n, labels in tagged:
        for label in labels:
            tags[label].append(n)
    return Share(len(texts), runs, dict(tags))


def _joined(ranges: list[tuple[int, int]]) -> list[int]:
    """Sorted, disjoint ranges (first, last) as runs (flat), those that touch joined."""
    out = [*ranges[0]]
    for first, last in islice(ranges, 1, None):
        if first == out[-1] + 1:
            out[-1] = last
        else:
            out += (first, last)
    return out


def postings(c: Corpus, shares: list[tuple[int, Share]] | None = None
             ) -> tuple[dict[str, list[int]], list[list[int]]]:
    """gram → runs (flat) of the document numbers it is found in; tag number → sorted resource
    numbers: put together from `shares` ((first document number, share), covering every
    document once; default: one share of the whole corpus), each list the concatenation of
    the shares' in number order, a run that crosses from one share into the next joined."""
    segments = sorted(shares, key=operator.itemgetter(0)) if shares is not None else [(0, corpus_share(c, 0, len(c.docs)))]
    tag_index = {label: t for t, label in enumerate(c.tags)}
    by_gram: dict[str, list[int]] = {}
    by_tag: list[list[int]] = [[] for _ in c.tags]
    for offset, part in segments:
        move = offset.__add__
        for g, runs in part.grams.items():
            kept = by_gram.get(g)
            if kept is None:
                by_gram[g] = list(map(move, runs))
            elif kept[-1] + 1 == runs[0] + offset:  # the run goes on from the share before
                kept[-1] = runs[1] + offset
                kept.extend(map(move, islice(runs, 2, None)))
            else:
                kept.extend(map(move, runs))
        for label, numbers in part.tags.items():
            by_tag[tag_index[label]].extend(map(move, numbers))
    return by_gram, by_tag


def corpus_share(c: Corpus, first: int, last: int) -> Share:
    """The share of documents first..last-1 of the corpus (a district's places among them
    with it)."""
    texts, inherited, tagged = [], [], []
    for n in range(first, last):
        doc = c.docs[n]
        texts.append((doc.own, ""))
        if doc.shared and c.spans.get(n, 0):
            inherited.append((n - first, n - first + c.spans[n], doc.shared))
        if doc.tags:
            tagged.append((n - first, tuple(c.tags[t] for t in doc.tags)))
    return share(texts, inherited, tagged)


def _script(key: str, data) -> str:
    body = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", script_json(data))
    return f"AtlasSearchLoad({script_json(key)},{body});\n"


def _size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def json_size(value, errors: str = "surrogatepass") -> int:
    """Bytes of env.script_json(value) in UTF-8 (its encoder made once: env.compact_json)."""
    return len(script_json(value).encode("utf-8", errors))


def sharded_files(c: Corpus, chunk_bytes: int = CHUNK_BYTES, shard_bytes: int = SHARD_BYTES,
                  list_chars: int = LIST_CHARS, shares: list[tuple[int, Share]] | None = None,
                  record_sizes: list[int] | None = None) -> dict[str, str]:
    """The files of the sharded index (see the module docstring); `shares`: as `postings`';
    `record_sizes`: each record's json_size, when measured already."""
    files: dict[str, str] = {}
    # chunks of documents, cut by size
    firsts, sizes, start, running = [], [], 0, 0
    if record_sizes is None:
        record_sizes = [json_size(doc.record) for doc in c.docs]
    for n, size in enumerate(record_sizes):
        running += size + 1
        if running >= chunk_bytes or n == len(c.docs) - 1:
            key = f"c/{len(firsts)}"
            firsts.append(start)
            files[f"search/{key}.js"] = _script(key, chunk(c, start, n + 1))
            sizes.append(_size(files[f"search/{key}.js"]))
            start, running = n + 1, 0
    by_gram, by_tag = postings(c, shares)
    # a gram's list is kept while short; a longer one is only counted (the browser then reads
    # the chunks in order instead, where a word that common is found at once)
    entries: dict[str, object] = {}
    stored = 0
    for g, runs in by_gram.items():
        code = encode_runs(runs, list_chars)
        entries[g] = code if code is not None else sum(runs[1::2]) - sum(runs[0::2]) + len(runs) // 2
        stored += len(code) + 8 if code is not None else 12
    n_shards = 1 << max(0, (stored // shard_bytes).bit_length())
    shards: list[dict] = [{} for _ in range(n_shards)]
    for g in sorted(entries):
        shards[gram_hash(g) % n_shards][g] = entries[g]
    shard_sizes = []
    for i, shard in enumerate(shards):
        files[f"search/g/{i}.js"] = _script(f"g/{i}", shard)
        shard_sizes.append(_size(files[f"search/g/{i}.js"]))
    tag_sizes = []
    for i, ids in enumerate(by_tag):
        code = encode_runs(_runs(ids), list_chars) if ids else ""
        if code is not None:
            files[f"search/t/{i}.js"] = _script(f"t/{i}", code)
            tag_sizes.append(_size(files[f"search/t/{i}.js"]))
        else:
            tag_sizes.append(0)
    meta = {"tags": c.tags, "n": len(c.docs), "s": n_shards, "ss": shard_sizes, "c": firsts, "cs": sizes,
            "ts": tag_sizes}
    files["search/atlas-index.js"] = f"window.ATLAS_SEARCH={script_json(meta)};\n"
    return files
