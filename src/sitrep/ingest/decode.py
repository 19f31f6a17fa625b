"""Bytes to text without mojibake: UTF-8 (BOM or not), UTF-16 with BOM, then only a
confident legacy Cyrillic guess; anything else is refused with a reason."""

from __future__ import annotations

import codecs
import logging
import unicodedata
from dataclasses import dataclass

log = logging.getLogger("sitrep.ingest")

# How much of the input the binary test looks at: enough to be representative, cheap.
SAMPLE_BYTES = 65_536
# Share of control characters above which an input is taken for binary data.
MAX_CONTROL_SHARE = 0.05
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b")

# Legacy encodings worth guessing: Ukrainian and Russian reporting predating UTF-8.
# Other single-byte guesses (cp1250, latin-1, ...) decode anything and are mostly wrong.
_CYRILLIC = {
    "cp1251": "windows-1251", "koi8_r": "KOI8-R", "koi8_u": "KOI8-U", "cp866": "IBM866",
    "cp1125": "CP1125", "iso8859_5": "ISO-8859-5", "mac_cyrillic": "x-mac-cyrillic",
}
_MAX_CHAOS = 0.1
# Of the non-ASCII characters a right guess yields, nearly all are Cyrillic letters or
# typographic punctuation; a wrong guess scatters symbols, CJK and accented Latin.
_MIN_CYRILLIC_SHARE = 0.8
_TYPOGRAPHY = frozenset("«»„“”‘’‚–—…№•·°€ ")


class DecodeFailure(ValueError):
    """The reason an input is not usable text (one line)."""


@dataclass(frozen=True)
class Decoded:
    text: str
    charset: str  # "utf-8", "utf-16" or the IANA name of the detected legacy encoding


def control_share(chars: str | bytes) -> float:
    """Share of control characters other than ordinary whitespace."""
    sample = chars[:SAMPLE_BYTES]
    if isinstance(sample, bytes):
        sample = sample.decode("latin-1")
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if (ch < " " or ch == "\x7f") and ch not in _TEXT_CONTROLS)
    return bad / len(sample)


def has_bom(data: bytes) -> bool:
    return data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def check_binary(data: bytes) -> None:
    """Refuse NUL bytes or many control bytes (UTF-16 with a BOM legitimately has NULs)."""
    if has_bom(data):
        return
    sample = data[:SAMPLE_BYTES]
    if b"\x00" in sample or control_share(sample) > MAX_CONTROL_SHARE:
        raise DecodeFailure("binary data (NUL or control bytes), not a text document")


def check_text(text: str) -> None:
    if "\x00" in text[:SAMPLE_BYTES] or control_share(text) > MAX_CONTROL_SHARE:
        raise DecodeFailure("binary data (NUL or control characters), not a text document")


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode strictly; ``declared`` is a charset the document names for itself (HTML meta).

    Valid UTF-8 wins over a declaration: legacy text almost never validates as UTF-8, while
    pages that declare iso-8859-1 but are UTF-8 are common.
    """
    decoded = _decode_bom(data) or _decode_utf8(data) or _decode_declared(data, declared)
    if decoded is None:
        check_binary(data)
        decoded = _decode_cyrillic(data)
    check_text(decoded.text)
    return decoded


def _decode_bom(data: bytes) -> Decoded | None:
    try:
        if data.startswith(codecs.BOM_UTF8):
            return Decoded(data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return Decoded(data.decode("utf-16"), "utf-16")
    except UnicodeDecodeError as exc:
        reason = f"starts with a byte-order mark but is not valid {exc.encoding}"
        raise DecodeFailure(reason) from exc
    return None


def _decode_declared(data: bytes, declared: str | None) -> Decoded | None:
    if not declared:
        return None
    try:
        name = codecs.lookup(declared).name
        text = data.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None  # a wrong declaration is common on the web: fall back to detection
    return Decoded(text, "utf-8" if name == "utf-8" else declared.lower())


def _decode_utf8(data: bytes) -> Decoded | None:
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return None


def _decode_cyrillic(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes  # imported late: only legacy input needs it

    best = from_bytes(data).best()
    guess = best.encoding if best is not None else None
    if best is None or guess not in _CYRILLIC or best.chaos > _MAX_CHAOS:
        raise DecodeFailure(
            f"not valid UTF-8 and no confident Cyrillic encoding detected (best guess: {guess}); "
            "re-save it as UTF-8")
    text = data.decode(guess)
    if _cyrillic_share(text) < _MIN_CYRILLIC_SHARE:
        raise DecodeFailure(f"not valid UTF-8; the {_CYRILLIC[guess]} guess does not read as "
                            "Cyrillic text; re-save it as UTF-8")
    log.warning("decoded input as %s (detected, not declared)", _CYRILLIC[guess])
    return Decoded(text, _CYRILLIC[guess])


def _cyrillic_share(text: str) -> float:
    wide = [ch for ch in text if ord(ch) > 127 and not ch.isspace()]
    if not wide:
        return 0.0
    good = sum(1 for ch in wide if ch in _TYPOGRAPHY or "CYRILLIC" in unicodedata.name(ch, ""))
    return good / len(wide)
