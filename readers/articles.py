"""Every way articles come in: text and HTML files, folders, JSONL, CSV and stdin.

Real corpora are messy, so a reader never stops a run for one bad input: it yields a
``Problem`` naming the file (and line) and why, and goes on (``on_error="raise"`` is
``--strict``). Text is decoded from UTF-8 (BOM or not), UTF-16/32 (BOM) or Windows-1256,
line endings become ``\\n``, and files are read in bounded chunks: a huge file comes out
as several articles ``<id>#p1``, ``<id>#p2`` … cut at paragraph breaks, each with its
``base_offset`` in the whole text, so memory never grows with file size.

Metadata precedence: the record's own fields, then the ``--meta`` sidecar (matched by
id), then ``--published``, then a date in the article's header lines.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import itertools
import json
import logging
import os
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, Sequence

from core.errors import InputError, UsageError
from records.article import Article
from readers.html import declared_charset, html_to_text

log = logging.getLogger(__name__)

TEXT_EXT = {".txt"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSONL_EXT = {".jsonl", ".ndjson"}
CSV_EXT = {".csv"}
FOLDER_EXT = TEXT_EXT | HTML_EXT | JSONL_EXT | CSV_EXT  # what a folder walk picks up; other files are skipped

CHUNK_BYTES = 1 << 20        # read size
SNIFF_BYTES = 1 << 16        # bytes looked at to choose the encoding
PART_CHARS = 2_000_000       # a text longer than this is cut into parts
HTML_MAX_BYTES = 64 << 20    # an HTML page is parsed whole; bigger ones are refused
MAX_RECORD_BYTES = 64 << 20  # a JSONL line or CSV field is parsed whole; bigger ones are one problem each
MAX_ID = 120
MIN_PUBLISHED_YEAR = 1900    # a publication date outside [1900, next year] is a placeholder, not a date
MAX_SHOWN = 60               # a value echoed in a message is cut to this many characters

MAGIC = (
    (b"\x89PNG", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"), (b"PK\x03\x04", "zip archive"),
    (b"PK\x05\x06", "zip archive"), (b"%PDF", "PDF document"), (b"\x1f\x8b", "gzip archive"), (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ", "xz archive"), (b"7z\xbc\xaf", "7z archive"), (b"\x7fELF", "executable"), (b"RIFF", "RIFF media"),
    (b"SQLite format 3", "SQLite database"), (b"OggS", "Ogg media"), (b"ID3", "MP3 audio"),
    (b"\xd0\xcf\x11\xe0", "MS Office file"),
)
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Problem:
    """One input that could not be used: where (``origin`` path, ``line`` if a record) and why."""

    origin: str
    line: int | None
    reason: str
    repaired: bool = False  # the input was still read (e.g. stray bytes replaced); this line says what was fixed

    def __str__(self) -> str:
        where = self.origin if self.line is None else f"{self.origin}:{self.line}"
        return f"{where}: {self.reason}"


class _Bad(Exception):
    """Internal: this file (from ``line`` on, if given) cannot be used."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass
class _Meta:
    published: date | None = None
    url: str | None = None
    outlet: str | None = None


# ---------------------------------------------------------------------------------------------- public entry point

def iter_articles(paths: Iterable[str | os.PathLike[str]] | str, *, meta_path: str | os.PathLike[str] | None = None,
                  published: date | str | None = None, on_error: str = "report") -> Iterator[Article | Problem]:
    """Yield every article of ``paths`` in order, and a ``Problem`` for each input that could not be used.

    ``published`` (``--published``) and the ``meta_path`` JSONL sidecar fill in what the inputs lack.
    ``on_error="raise"`` (``--strict``) raises ``InputError`` at the first problem instead (a repair,
    such as stray bytes replaced, is reported and never stops the run). The two stages,
    ``plan_inputs`` then ``read_unit`` per unit, are public so that the execution engines read the
    same inputs in the same order by construction. Ids are unique within the run (``UniqueIds``).
    """
    if on_error not in ("report", "raise"):
        raise UsageError(f"on_error must be 'report' or 'raise', not {on_error!r}")
    default = _cli_date(published)
    meta = MetaSidecar.load(meta_path) if meta_path is not None else MetaSidecar()
    ids = UniqueIds()
    for item in itertools.chain(meta.problems, _read_units(paths, meta, default)):
        if isinstance(item, Problem):
            if on_error == "raise" and not item.repaired:
                raise InputError(item.reason, path=item.origin, line=item.line)
            yield item
            continue
        yield ids.claim(item)


def _read_units(paths: Iterable[str | os.PathLike[str]] | str, meta: MetaSidecar,
                default: date | None) -> Iterator[Article | Problem]:
    """Plan lazily (a folder is listed when the reading reaches it, as before) and read unit by unit."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for path in paths:
        for unit in plan_inputs([path], meta_path=meta.path):
            yield from read_unit(unit, meta, published=default)


@dataclass(frozen=True)
class InputUnit:
    """One input read whole by one reader: a file, or stdin (``-``). A folder is planned into its files.

    ``problem`` is set when planning already found the input unusable (a symbolic link loop, an
    unlistable folder): reading the unit then yields that problem, in its place in the order.
    ``raw_id`` is the article id a file found in a folder gives (see ``FileUnit``); None for a file
    named on the command line (its name without extension).
    """

    path: str
    problem: Problem | None = None
    raw_id: str | None = None


def plan_inputs(paths: Iterable[str | os.PathLike[str]] | str, *,
                meta_path: str | os.PathLike[str] | None = None) -> list[InputUnit]:
    """The input units of ``paths`` in reading order: folders walked (sorted, hidden entries skipped,
    loops reported once), the ``--meta`` sidecar left out of the walk, anything else as given."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    skip = {os.path.realpath(meta_path)} if meta_path is not None else set()
    units = []
    for path in map(str, paths):
        if path != "-" and os.path.isdir(path):
            units.extend(InputUnit(item.origin, item) if isinstance(item, Problem) else
                         InputUnit(str(item), raw_id=item.raw_id) for item in _walk(Path(path), skip))
        else:
            units.append(InputUnit(path))
    return units


def read_unit(unit: InputUnit, meta: MetaSidecar | None = None, *,
              published: date | None = None) -> Iterator[Article | Problem]:
    """The articles (completed from ``meta``, then ``published``, then their header lines) and problems of one unit."""
    meta = meta or MetaSidecar()
    if unit.problem is not None:
        yield unit.problem
        return
    for item in _read_path(unit.path, unit.raw_id):
        yield item if isinstance(item, Problem) else meta.complete(item, published)


class UniqueIds:
    """Keeps article ids unique within a run: a repeated id gets ``~<hash of its origin>``.

    Why: the id is the store's key and every event's ``source``; two inputs sharing one
    would replace each other in the store, whichever was read last winning.
    """

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def claim(self, article: Article) -> Article:
        """The article, renamed if its id was already used by another input of this run."""
        if article.id not in self.seen:
            self.seen.add(article.id)
            return article
        digest = hashlib.sha256(article.origin.encode("utf-8", "surrogatepass")).hexdigest()
        new = f"{article.id[:MAX_ID - 10]}~{digest[:8]}"
        n = 1
        while new in self.seen:
            n += 1
            new = f"{article.id[:MAX_ID - 12]}~{digest[:8]}{n}"
        log.warning("%s: article id %r was already read from another input; this one is %r", article.origin,
                    article.id, new)
        self.seen.add(new)
        from dataclasses import replace
        return replace(article, id=new)


def safe_id(raw: str) -> str:
    """A path-safe article id: no separators, no ``..``, no control characters, bounded length.

    Ordinary ids (``d001``, ``000_a227f8``, Arabic names) come back unchanged. Any other id
    gets ``~`` and a hash of the original, so ids that differ (``reuters/2017/1``,
    ``reuters_2017_1``, ``reuters:2017:1``) stay different after cleaning.
    """
    raw = str(raw)
    text = unicodedata.normalize("NFC", raw)
    text = "".join(ch if (ch.isalnum() or ch in "-_.#~+=@, ") else "_" for ch in text)
    text = text.replace("..", "_").strip(" .")
    if text == raw and len(text) <= MAX_ID:
        return text
    digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{(text or 'article')[:MAX_ID - 17]}~{digest[:16]}"


def shown(value: object) -> str:
    """A value for a message: repr, cut to ``MAX_SHOWN`` characters (a 5,000-digit number is not echoed whole)."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= MAX_SHOWN else f"{text[:MAX_SHOWN]}… ({len(text)} characters)"


def plausible_published(day: date) -> bool:
    """Is this a real publication date rather than a placeholder (``0001-01-01``, ``9999-12-31``)?"""
    return MIN_PUBLISHED_YEAR <= day.year <= date.today().year + 1


def parse_date(value: object) -> date | None:
    """A ``published`` value: ``None``/empty, a ``date``, or a string starting ``YYYY-MM-DD``.

    Raises ``ValueError`` (wrong form or impossible date) or ``TypeError`` (not a string).
    Dates before 1900 or after next year are placeholders (``0001-01-01``) and raise ``ValueError``.
    """
    if value is None or value == "":
        return None
    if isinstance(value, date):
        day = value
    elif not isinstance(value, str):
        raise TypeError(f"published must be a YYYY-MM-DD string or null, not {type(value).__name__}")
    else:
        match = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])", value)
        if not match:
            raise ValueError(f"published {shown(value)} is not a YYYY-MM-DD date")
        try:
            day = date(*map(int, match.groups()))
        except ValueError:
            raise ValueError(f"published {shown(value)} is not a real date") from None
    if not plausible_published(day):
        raise ValueError(f"published {day.isoformat()} is not a plausible publication date (before "
                         f"{MIN_PUBLISHED_YEAR} or after next year); fix it or leave it empty")
    return day


# ---------------------------------------------------------------------------------------------- paths and folders

class FileUnit(str):
    """A file path found under a folder argument, with the article id it gives (``raw_id``).

    The id is the path relative to the argument, without its extension (with it when two
    files of the folder share a name), its folders joined by ``~`` (``2014~index`` for
    ``2014/index.txt``): distinct files never share an id, and the id traces back to the file. A ``str``, so Dask partitions of file names carry it to the workers.
    """

    raw_id: str | None

    def __new__(cls, path: str, raw_id: str | None = None) -> "FileUnit":
        unit = super().__new__(cls, path)
        unit.raw_id = raw_id
        return unit

    def __reduce__(self):
        return FileUnit, (str(self), self.raw_id)


def shown_path(path: str | os.PathLike[str]) -> str:
    """A path as text that can be printed and stored: undecodable bytes of a file name become U+FFFD."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "replace")


def _read_path(path: str, raw_id: str | None = None) -> Iterator[Article | Problem]:
    """One file or stdin (folders are planned into files by ``plan_inputs``)."""
    if path == "-":
        yield from _guard("<stdin>", lambda: _read_stream(sys.stdin.buffer, "<stdin>", "stdin"))
        return
    p = Path(path)
    if not p.exists():
        why = "broken symbolic link" if p.is_symlink() else "no such file or folder; check the path"
        yield Problem(shown_path(path), None, why)
        return
    yield from from_file(p, raw_id)


def from_file(p: Path, raw_id: str | None = None) -> Iterator[Article | Problem]:
    """Read one file by its extension (anything unknown is read as text); ``raw_id`` defaults to its name."""
    origin = shown_path(p)
    if not p.is_file():
        yield Problem(origin, None, "not a regular file (device, pipe or socket); give a file or a folder")
        return
    if origin != str(p):
        yield Problem(origin, None, "the file name is not valid UTF-8 (shown with U+FFFD); the file is read",
                      repaired=True)
    ext = p.suffix.lower()
    reader = _read_jsonl if ext in JSONL_EXT else _read_csv if ext in CSV_EXT else _read_html if ext in HTML_EXT \
        else _read_text
    stem = shown_path(raw_id if raw_id is not None else p.stem)
    yield from _guard(origin, lambda: reader(p, origin, stem))


def _guard(origin: str, make: Callable[[], Iterator[Article | Problem]]) -> Iterator[Article | Problem]:
    """Run one file's reader, turning its failure into a Problem so the run goes on."""
    try:
        yield from make()
    except _Bad as bad:
        yield Problem(origin, bad.line, bad.reason)
    except PermissionError:
        yield Problem(origin, None, "permission denied; check the file's read permission")
    except OSError as err:
        yield Problem(origin, None, f"cannot read: {err.strerror or err}")
    except (RecursionError, MemoryError) as err:
        yield Problem(origin, None, f"cannot read: {type(err).__name__} (too deeply nested or too large)")


def _walk(root: Path, skip: set[str]) -> Iterator[FileUnit | Problem]:
    """Files under ``root`` in sorted order, hidden entries skipped, symlink loops reported once each."""
    visited: set[str] = set()
    skip_names = {os.path.basename(p) for p in skip}  # realpath() per file would cost more than reading it

    def walk(folder: Path, ancestors: frozenset[str]) -> Iterator[FileUnit | Problem]:
        real = os.path.realpath(folder)
        if real in ancestors:
            yield Problem(shown_path(folder), None, f"symbolic link loop (points back to {shown_path(real)}); skipped")
            return
        if real in visited:
            log.info("%s: already read through another link; skipped", shown_path(folder))
            return
        visited.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except PermissionError:
            yield Problem(shown_path(folder), None, "permission denied; cannot list this folder")
            return
        except OSError as err:
            yield Problem(shown_path(folder), None, f"cannot list folder: {err.strerror or err}")
            return
        stems = Counter(os.path.splitext(e.name)[0] for e in entries if _wanted(e.name))
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if entry.is_dir():
                yield from walk(path, ancestors | {real})
            elif not _wanted(entry.name) or (entry.name in skip_names and os.path.realpath(path) in skip):
                continue
            elif entry.is_file():
                rel = path.relative_to(root)
                keep_ext = stems[os.path.splitext(entry.name)[0]] > 1
                yield FileUnit(str(path), "~".join((rel if keep_ext else rel.with_suffix("")).parts))
            elif entry.is_symlink() and not os.path.exists(path):
                yield Problem(shown_path(path), None, "broken symbolic link")
            else:
                yield Problem(shown_path(path), None, "not a regular file (pipe, device or socket); skipped")

    yield from walk(root, frozenset())


def _wanted(name: str) -> bool:
    """Does a folder walk read this file name (a known extension, not hidden)?"""
    return not name.startswith(".") and os.path.splitext(name)[1].lower() in FOLDER_EXT


# ---------------------------------------------------------------------------------------------- decoding

@dataclass
class _Repairs:
    """What a decode had to repair: bytes that were not valid UTF-8, replaced by U+FFFD."""

    count: int = 0
    first_at: int | None = None

    def note(self, bad: int, at: int) -> None:
        """``bad`` more replacements, the first of them near byte ``at`` of the file."""
        self.count += bad
        if self.first_at is None:
            self.first_at = at

    def problem(self, origin: str) -> Problem | None:
        if not self.count:
            return None
        return Problem(origin, None, f"{self.count} byte sequence(s) not valid UTF-8 (first near byte {self.first_at}) "
                       "were replaced by U+FFFD; the rest was read as UTF-8; re-save it as UTF-8", repaired=True)


def _sniff(head: bytes, final: bool, declared: str | None = None, binary_only: bool = False,
           nul_lines: bool = False) -> str:
    """Choose the codec for a file from its first bytes; ``_Bad`` if it is binary or no codec fits.

    ``binary_only`` stops after the binary checks (for JSON Lines, decoded line by line).
    ``nul_lines``: a few NUL bytes are bad lines, not a binary file (JSON Lines and CSV).
    A file that is overwhelmingly UTF-8 is UTF-8 (stray bytes are repaired and reported),
    whatever an HTML page declares: real Windows-1256 or Latin-1 text is almost never valid UTF-8.
    """
    for magic, kind in MAGIC:
        if head.startswith(magic):
            raise _Bad(f"binary file ({kind}), not text; give .txt/.html/.jsonl/.csv articles")
    for bom, codec in BOMS:
        if head.startswith(bom):
            return codec
    nuls = head.count(0)
    binary = nuls * 8 > len(head) if nul_lines else nuls > 0
    if binary_only:
        if binary:
            raise _Bad("binary file (contains NUL bytes), not text")
        return "utf-8"
    if binary:
        for codec in ("utf-16-le", "utf-16-be"):
            text = _try(head, codec, final)
            if text is not None and _plausible(text):
                return codec
        raise _Bad("binary file (contains NUL bytes), not text")
    if _mostly_utf8(head, final):
        return "utf-8-sig"
    if declared:
        try:
            codecs.lookup(declared)
        except LookupError:
            declared = None
    if declared and _try(head, declared, final) is not None:
        return declared
    text = _try(head, "cp1256", final)
    if text is not None and _plausible(text):
        return "cp1256"
    raise _Bad("cannot decode: not UTF-8, UTF-16 (with BOM) or Windows-1256 Arabic text; re-save it as UTF-8")


def _mostly_utf8(head: bytes, final: bool) -> bool:
    """UTF-8, or UTF-8 with a few stray bytes (a CP1252 quote, one 0xFF) among many good characters?"""
    text = codecs.getincrementaldecoder("utf-8")("replace").decode(head, final=final)
    bad = text.count("\ufffd") - head.count(b"\xef\xbf\xbd")
    if bad <= 0:
        return True
    good = sum(1 for ch in text if ch > "\x7f") - bad
    return bad * 4 <= good or bad * 1000 <= len(text)  # real Windows-1256 Arabic: nearly every byte is bad


def _try(data: bytes, codec: str, final: bool) -> str | None:
    try:
        return codecs.getincrementaldecoder(codec)("strict").decode(data, final=final)
    except (UnicodeDecodeError, LookupError):
        return None


def _plausible(text: str) -> bool:
    """Does a guessed decoding look like real (Arabic or plain) text rather than noise?"""
    if not text:
        return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f" or ch == "\x7f")
    letters = [ch for ch in text if ch.isalpha()]
    arabic = sum(1 for ch in letters if "\u0600" <= ch <= "\u06ff")
    return controls <= len(text) // 200 and bool(letters) and arabic >= 0.3 * len(letters)


def _decoded(fh: IO[bytes], declared_html: bool = False, repairs: _Repairs | None = None,
             nul_lines: bool = False) -> Iterator[str]:
    """Decoded text of a binary stream in chunks, line endings normalised to ``\\n``.

    UTF-8 is decoded with replacement: each stray byte becomes U+FFFD and is counted in ``repairs``.
    """
    head = fh.read(SNIFF_BYTES)
    final = len(head) < SNIFF_BYTES
    declared = None
    if declared_html:
        declared = declared_charset(head)
    codec = _sniff(head, final, declared, nul_lines=nul_lines)
    utf8 = codecs.lookup(codec).name in ("utf-8", "utf-8-sig")
    decoder = codecs.getincrementaldecoder(codec)("replace" if utf8 else "strict")
    repairs = repairs if repairs is not None else _Repairs()
    data, consumed, carry_cr = head, 0, False
    while True:
        last = not data
        try:
            text = decoder.decode(data, final=last)
        except UnicodeDecodeError as err:
            at = consumed + max(err.start, 0)
            raise _Bad(f"not valid {codec} text near byte {at}; re-save it as UTF-8") from None
        if utf8 and "\ufffd" in text:
            bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
            if bad > 0:
                repairs.note(bad, consumed + len(text[:text.find("\ufffd")].encode()))
        consumed += len(data)
        if carry_cr:
            text = "\r" + text
        carry_cr = text.endswith("\r") and not last
        if carry_cr:
            text = text[:-1]
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if text:
            yield text
        if last:
            return
        data = fh.read(CHUNK_BYTES)


def _parts(chunks: Iterable[str]) -> Iterator[str]:
    """Regroup text chunks into parts of at most about ``PART_CHARS``, cut after a paragraph break if any."""
    buf = ""
    for chunk in chunks:
        buf += chunk
        while len(buf) >= PART_CHARS:
            cut = _cut(buf, PART_CHARS)
            yield buf[:cut]
            buf = buf[cut:]
    if buf:
        yield buf


def _cut(buf: str, limit: int) -> int:
    for sep in ("\n\n", "\n", ". ", " "):
        at = buf.rfind(sep, limit // 2, limit)
        if at >= 0:
            return at + len(sep)
    return limit


def _lines(chunks: Iterable[str]) -> Iterator[str]:
    """Lines (with their ``\\n``) from decoded chunks."""
    rest = ""
    for chunk in chunks:
        pieces = (rest + chunk).split("\n")
        rest = pieces.pop()
        for piece in pieces:
            yield piece + "\n"
    if rest:
        yield rest


# ---------------------------------------------------------------------------------------------- formats

def _read_text(p: Path, origin: str, stem: str) -> Iterator[Article | Problem]:
    repairs = _Repairs()
    with open(p, "rb") as fh:
        yield from _text_articles(_decoded(fh, repairs=repairs), origin, stem, empty_is_problem=True)
    yield from filter(None, [repairs.problem(origin)])


def _read_stream(fh: IO[bytes], origin: str, raw_id: str) -> Iterator[Article | Problem]:
    """stdin: JSONL if it starts with ``{``, otherwise one text article."""
    repairs = _Repairs()
    chunks = _decoded(fh, repairs=repairs)
    first = next(chunks, "")
    def again() -> Iterator[str]:
        yield first
        yield from chunks
    if first.lstrip().startswith("{"):
        yield from _jsonl_records(_lines(again()), origin, raw_id)
    else:
        yield from _text_articles(again(), origin, raw_id, empty_is_problem=True)
    yield from filter(None, [repairs.problem(origin)])


def _text_articles(chunks: Iterable[str], origin: str, raw_id: str, empty_is_problem: bool = False,
                   **fields) -> Iterator[Article | Problem]:
    """One article per text, or numbered parts ``<id>#pN`` for a text longer than ``PART_CHARS``.

    Every input shape (text file, JSONL/CSV record, HTML page) goes through here, so the
    extractor never sees more than one part at a time: its work stays linear in the input.
    """
    parts = _parts(chunks)
    first = next(parts, None)
    second = next(parts, None)
    if second is None:
        if first is None or not first.strip():
            if empty_is_problem:
                yield Problem(origin, None, "empty file" if not first else "file holds only whitespace")
            return
        yield _article(raw_id, first, origin, **fields)
        return
    offset, n, pending = 0, 0, [first, second]
    while pending:
        text = pending.pop(0)
        n += 1
        if text.strip():
            yield _article(f"{raw_id}#p{n}", text, origin, base_offset=offset, **fields)
        offset += len(text)
        try:
            nxt = next(parts, None)
        except _Bad:  # the file turns bad further on: keep the good part already read, then report
            for n, text in enumerate(pending, n + 1):
                if text.strip():
                    yield _article(f"{raw_id}#p{n}", text, origin, base_offset=offset, **fields)
                offset += len(text)
            raise
        if nxt is not None:
            pending.append(nxt)


def _read_html(p: Path, origin: str, stem: str) -> Iterator[Article | Problem]:
    if p.stat().st_size > HTML_MAX_BYTES:
        raise _Bad(f"HTML page larger than {HTML_MAX_BYTES >> 20} MB; convert it to text first")
    repairs = _Repairs()
    with open(p, "rb") as fh:
        markup = "".join(_decoded(fh, declared_html=True, repairs=repairs))
    page = html_to_text(markup)
    del markup
    if not page.text.strip():
        raise _Bad("HTML page has no article text")
    try:
        published = parse_date(page.published)
    except (TypeError, ValueError):  # "13/12/2017", "الأربعاء 13 ديسمبر 2017": read it as a header date
        from arabic.dates import publication_date_in_text
        published = publication_date_in_text(page.published or "")
    yield from _text_articles([page.text], origin, stem, published=published)
    yield from filter(None, [repairs.problem(origin)])


def _read_jsonl(p: Path, origin: str, stem: str) -> Iterator[Article | Problem]:
    """JSON Lines are UTF-8 (or UTF-16/32 with a BOM): a line that does not decode is one Problem."""
    with open(p, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
        fh.seek(0)
        if any(head.startswith(bom) for bom, codec in BOMS if codec != "utf-8-sig"):
            yield from _jsonl_records(_lines(_decoded(fh)), origin, stem)
            return
        _sniff(head, final=True, binary_only=True, nul_lines=True)
        yield from _jsonl_records(_utf8_lines(fh), origin, stem)


def _utf8_lines(fh: IO[bytes]) -> Iterator[str | _Bad]:
    """Lines of a JSON Lines file; a line over ``MAX_RECORD_BYTES`` is skipped unread (one ``_Bad``), so
    memory stays bounded whatever the file holds."""
    number = 0
    while True:
        raw = fh.readline(MAX_RECORD_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_RECORD_BYTES and not raw.endswith(b"\n"):
            while (rest := fh.readline(CHUNK_BYTES)) and not rest.endswith(b"\n"):
                pass
            yield _Bad(f"record longer than {MAX_RECORD_BYTES >> 20} MB; split it into several records")
            continue
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as err:
            yield _Bad(f"not valid UTF-8 at column {err.start + 1}; JSON Lines must be UTF-8")


_BLANK = object()  # a blank JSONL line: skipped, not a problem
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _json_line(line: str, origin: str, number: int) -> object:
    """One JSONL line parsed, ``_BLANK`` for an empty line, or a Problem naming the line and what is wrong.

    Beyond malformed JSON: an integer of thousands of digits, nesting deep enough to exhaust
    the parser, a NUL byte, and a lone surrogate escape (``\\ud800``, which no UTF-8 output can hold).
    """
    if not line.strip():
        return _BLANK
    if "\x00" in line:
        return Problem(origin, number, "NUL byte in this line; not JSON text")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return Problem(origin, number, f"malformed JSON ({err.msg} at column {err.colno})")
    except ValueError as err:  # int longer than sys.get_int_max_str_digits()
        return Problem(origin, number, f"unusable JSON value ({shown(str(err))})")
    except RecursionError:
        return Problem(origin, number, "JSON nested too deeply")
    if isinstance(record, dict) and _SURROGATE_ESCAPE.search(line):
        for key, value in record.items():
            if isinstance(value, str) and _lone_surrogate(value):
                return Problem(origin, number, f"'{shown(key)[1:-1]}' holds a lone surrogate escape (\\ud800-\\udfff), "
                               "not valid Unicode text")
    return record


def _lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


def _jsonl_records(lines: Iterable[str | _Bad], origin: str, stem: str) -> Iterator[Article | Problem]:
    number = 0
    try:
        for number, line in enumerate(lines, 1):
            if isinstance(line, _Bad):
                yield Problem(origin, number, line.reason)
                continue
            record = _json_line(line, origin, number)
            if isinstance(record, Problem):
                yield record
            elif record is not _BLANK:
                yield from _record(record, origin, number, stem)
    except _Bad as bad:
        yield Problem(origin, number + 1, bad.reason)


def _read_csv(p: Path, origin: str, stem: str) -> Iterator[Article | Problem]:
    csv.field_size_limit(MAX_RECORD_BYTES)
    repairs = _Repairs()
    with open(p, "rb") as fh:
        reader = csv.reader(_lines(_decoded(fh, repairs=repairs, nul_lines=True)))
        start = 1
        try:
            header = next(reader, None)
            if header is None:
                yield Problem(origin, None, "empty file")
                return
            names = [h.strip().lstrip("\ufeff").lower() for h in header]
            problem = _csv_header_problem(names)
            if problem:
                yield Problem(origin, 1, problem)
                return
            start, rows = reader.line_num + 1, 0
            for row in reader:
                if any(cell.strip() for cell in row):
                    rows += 1
                    if len(row) != len(names):
                        yield Problem(origin, start, f"{len(row)} fields where the header has {len(names)}")
                    elif any("\x00" in cell for cell in row):
                        yield Problem(origin, start, "NUL byte in this record; not text")
                    else:
                        yield from _record(dict(zip(names, row)), origin, start, stem)
                start = reader.line_num + 1
            if not rows:
                yield Problem(origin, None, "no records after the header")
        except csv.Error as err:
            yield Problem(origin, start, f"malformed CSV ({err}); the rest of the file was skipped")
        except _Bad as bad:
            yield Problem(origin, start, bad.reason)
    yield from filter(None, [repairs.problem(origin)])


def _csv_header_problem(names: list[str]) -> str | None:
    """Why a CSV header cannot be used (no ``text`` column, a column we read named twice), or None."""
    if "text" not in names:
        return "no 'text' column in the header; name the article column 'text'"
    twice = [n for n in ("text", "id", "published", "url", "outlet") if names.count(n) > 1]
    if twice:
        return f"the header names {', '.join(repr(n) for n in twice)} more than once; keep one column of each name"
    return None


def _record(record: object, origin: str, line: int, stem: str) -> Iterator[Article | Problem]:
    """One JSONL/CSV record → its Article (or parts, when long), or the Problem that names what is wrong."""
    if not isinstance(record, dict):
        yield Problem(origin, line, f"expected a JSON object, got {type(record).__name__}")
        return
    text = record.get("text")
    problem = None
    if text is None:
        problem = "no 'text' field"
    elif not isinstance(text, str):
        problem = f"'text' must be a string, not {type(text).__name__}"
    elif not text.strip():
        problem = "'text' is empty"
    try:
        published = parse_date(record.get("published"))
    except (TypeError, ValueError) as err:
        problem = problem or str(err)
    fields = {}
    for key in ("url", "outlet"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            problem = problem or f"'{key}' must be a string, not {type(value).__name__}"
        fields[key] = value or None
    raw_id = record.get("id")
    if raw_id is None or raw_id == "":
        raw_id = f"{stem}-{line}"
    elif not isinstance(raw_id, (str, int)) or isinstance(raw_id, bool):
        problem = problem or f"'id' must be a string or number, not {type(raw_id).__name__}"
    if problem:
        yield Problem(origin, line, problem)
        return
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    yield from _text_articles([text], f"{origin}:{line}", str(raw_id), published=published, **fields)


def _article(raw_id: str, text: str, origin: str, **fields) -> Article:
    return Article(id=safe_id(raw_id), text=text, origin=origin, raw_id=raw_id,
                   content_hash=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(), **fields)


# ---------------------------------------------------------------------------------------------- metadata

def _cli_date(value: date | str | None) -> date | None:
    try:
        return parse_date(value)
    except (TypeError, ValueError) as err:
        raise UsageError(f"--published: {err}; write it as YYYY-MM-DD") from None


class MetaSidecar:
    """The ``--meta`` JSONL sidecar (id, published, url, outlet per line), loaded once, and its problems.

    ``complete`` fills what an article lacks: the record's own fields win, then the sidecar (by the
    id as written, the id of the whole file for a part ``<id>#p2``, or the sanitised id), then the
    ``--published`` default, then a date in the article's header lines.
    """

    def __init__(self, path: str | None = None, records: dict[str, _Meta] | None = None,
                 problems: Sequence[Problem] = ()) -> None:
        self.path = path
        self.records = records or {}
        self.problems = list(problems)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> MetaSidecar:
        """Read the sidecar at ``path``; unusable lines (and a missing file) become ``problems``."""
        records: dict[str, _Meta] = {}
        problems = list(_load_meta(Path(path), records))
        return cls(str(path), records, problems)

    def complete(self, article: Article, default: date | None = None) -> Article:
        """``article`` with its published date, url and outlet filled in (the same object when nothing changes)."""
        base = article.raw_id.split("#p")[0] if article.base_offset or "#p" in article.id else article.raw_id
        meta = self.records
        extra = meta.get(article.raw_id) or meta.get(base) or meta.get(article.id) or _Meta()
        published = article.published or extra.published or default
        if published is None and article.base_offset == 0:
            # Lazy, for start-up time only: the date grammar compiles on import, and most runs give dates.
            from arabic.dates import publication_date_in_text

            published = publication_date_in_text(article.text[:4000])
            if published is not None and not plausible_published(published):
                published = None
        changes = {"published": published, "url": article.url or extra.url, "outlet": article.outlet or extra.outlet}
        if all(getattr(article, k) == v for k, v in changes.items()):
            return article
        return replace(article, **changes)


def _load_meta(path: Path, into: dict[str, _Meta]) -> Iterator[Problem]:
    """Fill ``into`` from a JSONL sidecar (id, published, url, outlet); yield its problems."""
    origin = shown_path(path)
    if not path.exists():
        yield Problem(origin, None, "metadata file not found; check the --meta path")
        return
    if not path.is_file():
        yield Problem(origin, None, "the --meta sidecar is not a regular file (folder, pipe or device)")
        return
    yield from _guard(origin, lambda: _meta_lines(path, origin, into))


def _meta_lines(path: Path, origin: str, into: dict[str, _Meta]) -> Iterator[Problem]:
    with open(path, "rb") as fh:
        try:
            for number, line in enumerate(_lines(_decoded(fh, nul_lines=True)), 1):
                record = _json_line(line, origin, number)
                if isinstance(record, Problem):
                    yield record
                    continue
                if record is _BLANK:
                    continue
                if not isinstance(record, dict) or record.get("id") in (None, ""):
                    yield Problem(origin, number, "a metadata line needs an 'id'")
                    continue
                try:
                    published = parse_date(record.get("published"))
                except (TypeError, ValueError) as err:
                    yield Problem(origin, number, str(err))
                    continue
                url, outlet = record.get("url"), record.get("outlet")
                into[str(record["id"])] = _Meta(published, url if isinstance(url, str) else None,
                                                outlet if isinstance(outlet, str) else None)
        except _Bad as bad:
            yield Problem(origin, bad.line, bad.reason)
