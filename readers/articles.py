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
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, Sequence

from core.errors import InputError, UsageError
from readers.html import declared_charset, html_to_text
from records.article import Article

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
MAX_ID = 120

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
    ``on_error="raise"`` (``--strict``) raises ``InputError`` at the first problem instead.
    The two stages, ``plan_inputs`` then ``read_unit`` per unit, are public so that the execution
    engines read the same inputs in the same order by construction.
    """
    if on_error not in ("report", "raise"):
        raise UsageError(f"on_error must be 'report' or 'raise', not {on_error!r}")
    default = _cli_date(published)
    meta = MetaSidecar.load(meta_path) if meta_path is not None else MetaSidecar()
    seen: set[str] = set()
    for item in itertools.chain(meta.problems, _read_units(paths, meta, default)):
        if isinstance(item, Problem):
            if on_error == "raise":
                raise InputError(item.reason, path=item.origin, line=item.line)
            yield item
            continue
        if item.id in seen:
            log.warning("%s: article id %r was already read from another input; both are kept", item.origin,
                        item.id)
        seen.add(item.id)
        yield item


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
    """

    path: str
    problem: Problem | None = None


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
            units.extend(InputUnit(item.origin, item) if isinstance(item, Problem) else InputUnit(str(item))
                         for item in _walk(Path(path), skip))
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
    for item in _read_path(unit.path):
        yield item if isinstance(item, Problem) else meta.complete(item, published)


def safe_id(raw: str) -> str:
    """A path-safe article id: no separators, no ``..``, no control characters, bounded length.

    Ordinary ids (``d001``, ``000_a227f8``, Arabic names) come back unchanged.
    """
    text = unicodedata.normalize("NFC", str(raw))
    text = "".join(ch if (ch.isalnum() or ch in "-_.#~+=@, ") else "_" for ch in text)
    text = text.replace("..", "_").strip(" .")
    if len(text) > MAX_ID:
        text = f"{text[:MAX_ID - 17]}-{hashlib.sha256(str(raw).encode()).hexdigest()[:16]}"
    return text or "article"


def parse_date(value: object) -> date | None:
    """A ``published`` value: ``None``/empty, a ``date``, or a string starting ``YYYY-MM-DD``.

    Raises ``ValueError`` (wrong form or impossible date) or ``TypeError`` (not a string).
    """
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise TypeError(f"published must be a YYYY-MM-DD string or null, not {type(value).__name__}")
    match = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])", value)
    if not match:
        raise ValueError(f"published {value[:40]!r} is not a YYYY-MM-DD date")
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        raise ValueError(f"published {value[:40]!r} is not a real date") from None


# ---------------------------------------------------------------------------------------------- paths and folders

def _read_path(path: str) -> Iterator[Article | Problem]:
    """One file or stdin (folders are planned into files by ``plan_inputs``)."""
    if path == "-":
        yield from _guard("<stdin>", lambda: _read_stream(sys.stdin.buffer, "<stdin>", "stdin"))
        return
    p = Path(path)
    if not p.exists():
        why = "broken symbolic link" if p.is_symlink() else "no such file or folder; check the path"
        yield Problem(path, None, why)
        return
    yield from from_file(p)


def from_file(p: Path) -> Iterator[Article | Problem]:
    """Read one file by its extension (anything unknown is read as text)."""
    origin = str(p)
    if not p.is_file():
        yield Problem(origin, None, "not a regular file (device, pipe or socket); give a file or a folder")
        return
    ext = p.suffix.lower()
    reader = _read_jsonl if ext in JSONL_EXT else _read_csv if ext in CSV_EXT else _read_html if ext in HTML_EXT \
        else _read_text
    yield from _guard(origin, lambda: reader(p))


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


def _walk(root: Path, skip: set[str]) -> Iterator[Path | Problem]:
    """Files under ``root`` in sorted order, hidden entries skipped, symlink loops reported once each."""
    visited: set[str] = set()
    skip_names = {os.path.basename(p) for p in skip}  # realpath() per file would cost more than reading it

    def walk(folder: Path, ancestors: frozenset[str]) -> Iterator[Path | Problem]:
        real = os.path.realpath(folder)
        if real in ancestors:
            yield Problem(str(folder), None, f"symbolic link loop (points back to {real}); skipped")
            return
        if real in visited:
            log.info("%s: already read through another link; skipped", folder)
            return
        visited.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except PermissionError:
            yield Problem(str(folder), None, "permission denied; cannot list this folder")
            return
        except OSError as err:
            yield Problem(str(folder), None, f"cannot list folder: {err.strerror or err}")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if entry.is_dir():
                yield from walk(path, ancestors | {real})
            elif entry.is_file():
                if path.suffix.lower() in FOLDER_EXT and not (entry.name in skip_names and
                                                              os.path.realpath(path) in skip):
                    yield path
            elif entry.is_symlink():
                yield Problem(str(path), None, "broken symbolic link")

    yield from walk(root, frozenset())


# ---------------------------------------------------------------------------------------------- decoding

def _sniff(head: bytes, final: bool, declared: str | None = None, binary_only: bool = False) -> str:
    """Choose the codec for a file from its first bytes; ``_Bad`` if it is binary or no codec fits.

    ``binary_only`` stops after the binary checks (for JSON Lines, decoded line by line).
    """
    for magic, kind in MAGIC:
        if head.startswith(magic):
            raise _Bad(f"binary file ({kind}), not text; give .txt/.html/.jsonl/.csv articles")
    for bom, codec in BOMS:
        if head.startswith(bom):
            return codec
    if binary_only:
        if b"\x00" in head:
            raise _Bad("binary file (contains NUL bytes), not text")
        return "utf-8"
    if b"\x00" in head:
        for codec in ("utf-16-le", "utf-16-be"):
            text = _try(head, codec, final)
            if text is not None and _plausible(text):
                return codec
        raise _Bad("binary file (contains NUL bytes), not text")
    if declared:
        try:
            codecs.lookup(declared)
        except LookupError:
            declared = None
    if declared and _try(head, declared, final) is not None and codecs.lookup(declared).name != "utf-8":
        return declared
    if _try(head, "utf-8", final) is not None:
        return "utf-8-sig"
    text = _try(head, "cp1256", final)
    if text is not None and _plausible(text):
        return "cp1256"
    raise _Bad("cannot decode: not UTF-8, UTF-16 (with BOM) or Windows-1256 Arabic text; re-save it as UTF-8")


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


def _decoded(fh: IO[bytes], declared_html: bool = False) -> Iterator[str]:
    """Decoded text of a binary stream in chunks, line endings normalised to ``\\n``."""
    head = fh.read(SNIFF_BYTES)
    final = len(head) < SNIFF_BYTES
    declared = None
    if declared_html:
        declared = declared_charset(head)
    codec = _sniff(head, final, declared)
    decoder = codecs.getincrementaldecoder(codec)("strict")
    data, consumed, carry_cr = head, 0, False
    while True:
        last = not data
        try:
            text = decoder.decode(data, final=last)
        except UnicodeDecodeError as err:
            at = consumed + max(err.start, 0)
            raise _Bad(f"not valid {codec} text near byte {at}; re-save it as UTF-8") from None
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

def _read_text(p: Path) -> Iterator[Article | Problem]:
    with open(p, "rb") as fh:
        yield from _text_articles(_decoded(fh), str(p), p.stem)


def _read_stream(fh: IO[bytes], origin: str, raw_id: str) -> Iterator[Article | Problem]:
    """stdin: JSONL if it starts with ``{``, otherwise one text article."""
    chunks = _decoded(fh)
    first = next(chunks, "")
    def again() -> Iterator[str]:
        yield first
        yield from chunks
    if first.lstrip().startswith("{"):
        yield from _jsonl_records(_lines(again()), origin, raw_id)
    else:
        yield from _text_articles(again(), origin, raw_id)


def _text_articles(chunks: Iterable[str], origin: str, raw_id: str) -> Iterator[Article | Problem]:
    """One article per text, or numbered parts for a text longer than ``PART_CHARS``."""
    parts = _parts(chunks)
    first = next(parts, None)
    second = next(parts, None)
    if second is None:
        if first is None or not first.strip():
            yield Problem(origin, None, "empty file" if not first else "file holds only whitespace")
            return
        yield _article(raw_id, first, origin)
        return
    offset, n, pending = 0, 0, [first, second]
    while pending:
        text = pending.pop(0)
        n += 1
        if text.strip():
            yield _article(f"{raw_id}#p{n}", text, origin, base_offset=offset)
        offset += len(text)
        try:
            nxt = next(parts, None)
        except _Bad:  # the file turns bad further on: keep the good part already read, then report
            for n, text in enumerate(pending, n + 1):
                if text.strip():
                    yield _article(f"{raw_id}#p{n}", text, origin, base_offset=offset)
                offset += len(text)
            raise
        if nxt is not None:
            pending.append(nxt)


def _read_html(p: Path) -> Iterator[Article | Problem]:
    if p.stat().st_size > HTML_MAX_BYTES:
        raise _Bad(f"HTML page larger than {HTML_MAX_BYTES >> 20} MB; convert it to text first")
    with open(p, "rb") as fh:
        markup = "".join(_decoded(fh, declared_html=True))
    page = html_to_text(markup)
    if not page.text.strip():
        raise _Bad("HTML page has no article text")
    try:
        published = parse_date(page.published)
    except (TypeError, ValueError):  # "13/12/2017", "الأربعاء 13 ديسمبر 2017": read it as a header date
        from arabic.dates import publication_date_in_text  # lazy: see MetaSidecar.complete

        published = publication_date_in_text(page.published or "")
    yield _article(p.stem, page.text, str(p), published=published)


def _read_jsonl(p: Path) -> Iterator[Article | Problem]:
    """JSON Lines are UTF-8 (or UTF-16/32 with a BOM): a line that does not decode is one Problem."""
    with open(p, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
        fh.seek(0)
        if any(head.startswith(bom) for bom, codec in BOMS if codec != "utf-8-sig"):
            yield from _jsonl_records(_lines(_decoded(fh)), str(p), p.stem)
            return
        _sniff(head, final=True, binary_only=True)
        yield from _jsonl_records(_utf8_lines(fh), str(p), p.stem)


def _utf8_lines(fh: IO[bytes]) -> Iterator[str | _Bad]:
    for number, raw in enumerate(fh, 1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as err:
            yield _Bad(f"not valid UTF-8 at column {err.start + 1}; JSON Lines must be UTF-8")


_BLANK = object()  # a blank JSONL line: skipped, not a problem


def _json_line(line: str, origin: str, number: int) -> object:
    """One JSONL line parsed, ``_BLANK`` for an empty line, or a Problem naming the line and the JSON error."""
    if not line.strip():
        return _BLANK
    try:
        return json.loads(line)
    except json.JSONDecodeError as err:
        return Problem(origin, number, f"malformed JSON ({err.msg} at column {err.colno})")


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
                yield _record(record, origin, number, stem)
    except _Bad as bad:
        yield Problem(origin, number + 1, bad.reason)


def _read_csv(p: Path) -> Iterator[Article | Problem]:
    origin = str(p)
    csv.field_size_limit(max(csv.field_size_limit(), 64 << 20))
    with open(p, "rb") as fh:
        reader = csv.reader(_lines(_decoded(fh)))
        start = 1
        try:
            header = next(reader, None)
            if header is None:
                yield Problem(origin, None, "empty file")
                return
            names = [h.strip().lstrip("\ufeff").lower() for h in header]
            if "text" not in names:
                yield Problem(origin, 1, "no 'text' column in the header; name the article column 'text'")
                return
            start = reader.line_num + 1
            for row in reader:
                if any(cell.strip() for cell in row):
                    if len(row) != len(names):
                        yield Problem(origin, start, f"{len(row)} fields where the header has {len(names)}")
                    else:
                        yield _record(dict(zip(names, row)), origin, start, p.stem)
                start = reader.line_num + 1
        except csv.Error as err:
            yield Problem(origin, start, f"malformed CSV ({err}); the rest of the file was skipped")
        except _Bad as bad:
            yield Problem(origin, start, bad.reason)


def _record(record: object, origin: str, line: int, stem: str) -> Article | Problem:
    """One JSONL/CSV record → Article, or the Problem that names what is wrong with it."""
    if not isinstance(record, dict):
        return Problem(origin, line, f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if text is None:
        return Problem(origin, line, "no 'text' field")
    if not isinstance(text, str):
        return Problem(origin, line, f"'text' must be a string, not {type(text).__name__}")
    if not text.strip():
        return Problem(origin, line, "'text' is empty")
    try:
        published = parse_date(record.get("published"))
    except (TypeError, ValueError) as err:
        return Problem(origin, line, str(err))
    fields = {}
    for key in ("url", "outlet"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            return Problem(origin, line, f"'{key}' must be a string, not {type(value).__name__}")
        fields[key] = value or None
    raw_id = record.get("id")
    if raw_id is None or raw_id == "":
        raw_id = f"{stem}-{line}"
    elif not isinstance(raw_id, (str, int)) or isinstance(raw_id, bool):
        return Problem(origin, line, f"'id' must be a string or number, not {type(raw_id).__name__}")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _article(str(raw_id), text, f"{origin}:{line}", published=published, **fields)


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
        changes = {"published": published, "url": article.url or extra.url, "outlet": article.outlet or extra.outlet}
        if all(getattr(article, k) == v for k, v in changes.items()):
            return article
        return replace(article, **changes)


def _load_meta(path: Path, into: dict[str, _Meta]) -> Iterator[Problem]:
    """Fill ``into`` from a JSONL sidecar (id, published, url, outlet); yield its problems."""
    origin = str(path)
    if not path.is_file():
        yield Problem(origin, None, "metadata file not found; check the --meta path")
        return
    with open(path, "rb") as fh:
        try:
            for number, line in enumerate(_lines(_decoded(fh)), 1):
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
