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
- `search/t/<n>.js`: for each tag label, the resources that carry it.

A district's name, place and demo label count as its resources' text too (the browser shows
them as the resource's place): their grams list the district's whole run of numbers.

Lists are sorted document numbers as deltas in a base-32 varint alphabet (`encode`); a delta
of 0 is followed by how many numbers continue the run one by one, so a district's run costs a
few characters. A query loads the shards of its grams, intersects the lists, and loads only
the chunks of the documents it then shows (where the browser checks the text itself)."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from .env import script_json
from .search import Corpus, chunk

CHUNK_BYTES = 24 * 1024     # documents per chunk file, by size
SHARD_BYTES = 8 * 1024      # gram shards are sized for about this many bytes on average
LIST_CHARS = 2048           # a gram's or tag's list longer than this is not kept (the gram is common)
ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
_SPACE = re.compile(r"\s")
_SURROGATE = re.compile("[\ud800-\udfff]")


def normalise(text: str) -> str:
    """As search.js: NFKC, lower case, katakana → hiragana."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(chr(ord(ch) - 0x60) if "\u30a1" <= ch <= "\u30f6" else ch for ch in text)


def utf16(text: str) -> str:
    """The text as UTF-16 code units, one Python character each (lone surrogates for characters
    beyond the BMP), so grams are cut where JavaScript's `slice` cuts them."""
    if text.isascii() or not any(ord(ch) > 0xFFFF for ch in text):
        return text
    return "".join(chr(0xD800 + ((ord(c) - 0x10000) >> 10)) + chr(0xDC00 + ((ord(c) - 0x10000) & 0x3FF))
                   if ord(c) > 0xFFFF else c for c in text)


def grams(text: str) -> set[str]:
    """Every one- and two-unit piece of normalised text that has no white space."""
    units = utf16(normalise(text))
    found = {ch for ch in units if not ch.isspace()}
    found.update(units[i:i + 2] for i in range(len(units) - 1))
    return {g for g in found if not _SPACE.search(g)}


def gram_hash(gram: str) -> int:
    h = 0
    for ch in gram:
        h = (h * 31 + ord(ch)) & 0xFFFFFFFF
    return h



def _varint(value: int, out: list[str]) -> None:
    digits = [value & 31]
    value >>= 5
    while value:
        digits.append(value & 31)
        value >>= 5
    out.extend(ALPHABET[32 + d] for d in reversed(digits[1:]))
    out.append(ALPHABET[digits[0]])


def encode(ids: list[int]) -> str:
    """Sorted, distinct document numbers → delta varints, runs as 0 + length."""
    out: list[str] = []
    prev, i, n = -1, 0, len(ids)
    while i < n:
        _varint(ids[i] - prev, out)
        j = i + 1
        while j < n and ids[j] == ids[j - 1] + 1:
            j += 1
        if j - i - 1 >= 2:
            _varint(0, out)
            _varint(j - i - 1, out)
            prev, i = ids[j - 1], j
        else:
            prev, i = ids[i], i + 1
    return "".join(out)


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


def postings(c: Corpus) -> tuple[dict[str, list[int]], list[list[int]]]:
    """gram → sorted document numbers; tag number → sorted resource numbers."""
    by_gram: dict[str, list[int]] = defaultdict(list)
    by_tag: list[list[int]] = [[] for _ in c.tags]
    inherited: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for n, doc in enumerate(c.docs):
        for g in grams(doc.own):
            by_gram[g].append(n)
        if doc.shared:
            last = n + c.spans.get(n, 0)
            for g in grams(doc.shared):
                inherited[g].append((n + 1, last))
        for t in doc.tags:
            by_tag[t].append(n)
    for g, runs in inherited.items():
        merged = set(by_gram.get(g, ()))
        for first, last in runs:
            merged.update(range(first, last + 1))
        by_gram[g] = sorted(merged)
    return by_gram, by_tag


def _script(key: str, data) -> str:
    body = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", script_json(data))
    return f"AtlasSearchLoad({script_json(key)},{body});\n"


def _size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def sharded_files(c: Corpus, chunk_bytes: int = CHUNK_BYTES, shard_bytes: int = SHARD_BYTES,
                  list_chars: int = LIST_CHARS) -> dict[str, str]:
    files: dict[str, str] = {}
    # chunks of documents, cut by size
    firsts, sizes, start, running = [], [], 0, 0
    for n, doc in enumerate(c.docs):
        running += _size(script_json(doc.record)) + 1
        if running >= chunk_bytes or n == len(c.docs) - 1:
            key = f"c/{len(firsts)}"
            firsts.append(start)
            files[f"search/{key}.js"] = _script(key, chunk(c, start, n + 1))
            sizes.append(_size(files[f"search/{key}.js"]))
            start, running = n + 1, 0
    by_gram, by_tag = postings(c)
    # a gram's list is kept while short; a longer one is only counted (the browser then reads
    # the chunks in order instead, where a word that common is found at once)
    entries: dict[str, object] = {}
    stored = 0
    for g, ids in by_gram.items():
        code = encode(ids)
        entries[g] = code if len(code) <= list_chars else len(ids)
        stored += len(entries[g]) + 8 if isinstance(entries[g], str) else 12
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
        code = encode(ids)
        if len(code) <= list_chars:
            files[f"search/t/{i}.js"] = _script(f"t/{i}", code)
            tag_sizes.append(_size(files[f"search/t/{i}.js"]))
        else:
            tag_sizes.append(0)
    meta = {"tags": c.tags, "n": len(c.docs), "s": n_shards, "ss": shard_sizes, "c": firsts, "cs": sizes,
            "ts": tag_sizes}
    files["search/atlas-index.js"] = f"window.ATLAS_SEARCH={script_json(meta)};\n"
    return files
