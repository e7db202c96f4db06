"""Strict reading of the JSON in a KITOS export (a file, an upload or a page of the API's answer).

Whatever comes in is bytes from outside. This module turns it into plain Python data or raises one
KitosError with a Danish message; it never lets a Python error through. Refused, as input no KITOS
export can be:

- more than MAX_BYTES (a file, an upload, or the API's pages together);
- empty, not UTF-8, not JSON (including NaN and Infinity, which JSON does not have);
- nested deeper than MAX_DEPTH (an export is about six levels deep; Python's own parser would give up
  with a RecursionError at about a thousand, which is caught here too);
- a number written with more than MAX_NUMBER_CHARS characters (Python refuses integers past 4,300
  digits with a ValueError, which is caught too; a float that long is no KITOS value either);
- text (a value or a key) with a NUL character or a lone surrogate such as "\\ud800": PostgreSQL
  cannot store the first, UTF-8 cannot encode the second, so either would fail half-way through.

The message names where in the file the problem is, but never repeats the offending text.
"""

import json
import math
import re

MAX_BYTES = 25 * 1024 * 1024
MAX_DEPTH = 32
MAX_NUMBER_CHARS = 50
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
NOTHING_CHANGED = "Intet er ændret."


class KitosError(Exception):
    """A Danish message for the person running the import; nothing has been written."""


class _NumberRefused(ValueError):
    """Raised from inside the JSON parser for a number it must not build."""


def _parse_int(text):
    if len(text) > MAX_NUMBER_CHARS:
        raise _NumberRefused(text)
    return int(text)


def _parse_float(text):
    value = float(text) if len(text) <= MAX_NUMBER_CHARS else math.inf
    if not math.isfinite(value):
        raise _NumberRefused(text)
    return value


def _parse_constant(text):
    raise _NumberRefused(text)


def too_large(source) -> KitosError:
    return KitosError(f"{source} er større end {MAX_BYTES // (1024 * 1024)} MB. {NOTHING_CHANGED}")


def decode_export(raw: bytes, *, source: str) -> object:
    """The JSON in `raw` as Python data, checked as described above. `source` begins the message
    ("Filen", "KITOS' svar på side 2")."""
    if len(raw) > MAX_BYTES:
        raise too_large(source)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise KitosError(f"{source} er ikke UTF-8-tekst. {NOTHING_CHANGED}") from None
    if not text.strip():
        raise KitosError(f"{source} er tom; den skal indeholde KITOS' JSON-eksport. {NOTHING_CHANGED}")
    try:
        data = json.loads(
            text, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_parse_constant
        )
    except json.JSONDecodeError as error:
        raise KitosError(
            f"{source} er ikke gyldig JSON (linje {error.lineno}, kolonne {error.colno}: {error.msg}). "
            f"{NOTHING_CHANGED}"
        ) from None
    except RecursionError:
        raise _too_deep(source) from None
    except _NumberRefused:
        raise _bad_number(source) from None
    except ValueError:
        # An integer past sys.get_int_max_str_digits(), should a parser ever build one without asking
        # _parse_int first.
        raise _bad_number(source) from None
    _check_tree(data, source)
    return data


def _too_deep(source):
    return KitosError(
        f"{source} er indlejret i mere end {MAX_DEPTH} niveauer og kan ikke være en KITOS-eksport. "
        f"{NOTHING_CHANGED}"
    )


def _bad_number(source):
    return KitosError(
        f"{source} indeholder et tal, der er for langt (over {MAX_NUMBER_CHARS} tegn) eller ikke er et "
        f"endeligt tal (NaN, Infinity). {NOTHING_CHANGED}"
    )


def _where(path) -> str:
    """A path into the data, readably: (2, "general", "localCallName") -> post 3, »general.localCallName«."""
    if not path:
        return "øverste niveau"
    head, rest = path[0], path[1:]
    parts = [f"post {head + 1}" if isinstance(head, int) else f"»{str(head)[:40]}«"]
    if rest:
        dotted = "".join(f"[{step}]" if isinstance(step, int) else f".{str(step)[:40]}" for step in rest)
        parts.append(f"»{dotted.lstrip('.')}«")
    return ", ".join(parts)


def _check_text(text, path, source, what):
    if "\x00" in text:
        problem = "et NUL-tegn (\\u0000)"
    elif LONE_SURROGATE.search(text):
        problem = "et ugyldigt tegn (en enlig surrogat som \\ud800)"
    else:
        return
    raise KitosError(f"{source} har {problem} i {what} ved {_where(path)}. {NOTHING_CHANGED}")


def _check_tree(data, source) -> None:
    """Depth and text of every value, without recursion (the data may be as deep as the parser let it be).
    Keys of a mapping are checked before anything below them, so a path in a message is always clean."""
    stack = [(data, 1, ())]
    while stack:
        value, depth, path = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep(source)
        if isinstance(value, dict):
            for key, item in value.items():
                _check_text(key, path, source, "et feltnavn")
                stack.append((item, depth + 1, (*path, key)))
        elif isinstance(value, list):
            stack.extend((item, depth + 1, (*path, index)) for index, item in enumerate(value))
        elif isinstance(value, str):
            _check_text(value, path, source, "en tekst")


def read_file(path) -> object:
    """A KITOS export from a file on this machine (the management command)."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise KitosError(f"Filen {path} findes ikke.") from None
    except OSError as error:
        raise KitosError(f"Filen {path} kunne ikke læses: {error.strerror}.") from None
    return decode_export(raw, source=f"Filen {path}")


def read_upload(upload) -> object:
    """A KITOS export from an uploaded file (Django's UploadedFile), read no further than the limit.
    The file's own name is not repeated in messages: it is whatever the browser sent."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise too_large("Filen")
    upload.seek(0)
    return decode_export(upload.read(MAX_BYTES + 1), source="Filen")
