"""Gazetteers from JSON and from TEI lists of persons, places and organisations.

    >>> import alinea
    >>> g = alinea.gazetteer_from_tei("authority.xml")   # listPerson / listPlace / listOrg
    >>> g = alinea.gazetteer_from_json("names.json")      # [{"name", "type", "ref", "variants"}]
    >>> g = alinea.load_gazetteer("names.tsv")            # by the file's extension

An authority list that alinea wrote (``AuthorityList.to_tei()``) reads back as a gazetteer, so
that the names grouped in one corpus are found in the next.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Union

from ._core import ArgumentError, Gazetteer

PathLike = Union[str, "os.PathLike[str]"]

TEI = "{http://www.tei-c.org/ns/1.0}"
_ENTRIES = {"person": "persName", "place": "placeName", "org": "orgName"}
_REF_IDNO_TYPES = {"uri", "url", "wikidata", "viaf", "geonames", "gnd", "isni", "orcid", ""}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(el: ET.Element) -> str:
    return " ".join("".join(el.itertext()).split())


def gazetteer_from_tei(source: PathLike, *, ascii_case_insensitive: bool = False) -> Gazetteer:
    """A gazetteer from the person, place and org entries of a TEI file (any namespace): the
    first persName / placeName / orgName (or name) of an entry is its name, the others its
    variants; the first idno (of type URI, Wikidata, VIAF, GeoNames, ... or untyped), else the
    entry's ``@ref`` or ``@sameAs``, its ref. Entries without a name are skipped. Raises
    ``alinea.ArgumentError`` if the file is not XML or holds no entry."""
    try:
        root = ET.parse(os.fspath(source)).getroot()
    except ET.ParseError as exc:
        raise ArgumentError(f"{os.fspath(source)}: not well-formed XML: {exc}") from None
    entries: list[tuple[str, str, str | None, list[str]]] = []
    for el in root.iter():
        kind = _ENTRIES.get(_local(el.tag))
        if kind is None:
            continue
        names = [_text(c) for c in el if _local(c.tag) in (kind, "name")]
        names = [n for n in dict.fromkeys(names) if n]
        if not names:
            continue
        ref = None
        for c in el:
            if _local(c.tag) == "idno" and (c.get("type") or "").lower() in _REF_IDNO_TYPES and _text(c):
                ref = _text(c)
                break
        ref = ref or el.get("ref") or el.get("sameAs")
        entries.append((names[0], kind, ref, names[1:]))
    if not entries:
        raise ArgumentError(f"{os.fspath(source)}: no person, place or org with a name")
    return Gazetteer(entries, ascii_case_insensitive=ascii_case_insensitive)


def gazetteer_from_json(source: PathLike, *, ascii_case_insensitive: bool = False) -> Gazetteer:
    """A gazetteer from a JSON array of objects with ``name`` and ``type`` (persName, placeName,
    orgName) and optional ``ref`` and ``variants`` (a list of strings). Raises
    ``alinea.ArgumentError`` naming the item for anything else."""
    path = os.fspath(source)
    try:
        data: Any = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ArgumentError(f"{path}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None
    if not isinstance(data, list):
        raise ArgumentError(f"{path}: a gazetteer is a JSON array of entries")
    entries = []
    for k, item in enumerate(data):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not isinstance(
            item.get("type"), str
        ):
            raise ArgumentError(f"{path}: entry {k} needs a string 'name' and 'type'")
        variants = item.get("variants", [])
        if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
            raise ArgumentError(f"{path}: entry {k}: 'variants' must be a list of strings")
        ref = item.get("ref")
        if ref is not None and not isinstance(ref, str):
            raise ArgumentError(f"{path}: entry {k}: 'ref' must be a string")
        entries.append((item["name"], item["type"], ref, variants))
    return Gazetteer(entries, ascii_case_insensitive=ascii_case_insensitive)


def load_gazetteer(source: PathLike, *, ascii_case_insensitive: bool = False) -> Gazetteer:
    """A gazetteer from a file, by its extension: .json, .xml (TEI), else TSV."""
    suffix = Path(os.fspath(source)).suffix.lower()
    if suffix == ".json":
        return gazetteer_from_json(source, ascii_case_insensitive=ascii_case_insensitive)
    if suffix in (".xml", ".tei"):
        return gazetteer_from_tei(source, ascii_case_insensitive=ascii_case_insensitive)
    return Gazetteer.from_tsv(Path(os.fspath(source)), ascii_case_insensitive=ascii_case_insensitive)
