"""The data files the extension reads: decoded back into the records they were written from."""

from __future__ import annotations

import dataclasses
import json

from briefing import core
from briefing.checks import check_project
from briefing.records import briefing_data, entry_data
from briefing.sphinxext._directives import _decoded

from .conftest import SEEDS


def _round_trip(record: object) -> object:
    return core.from_json(type(record), json.loads(json.dumps(core.to_json(record))))


def test_every_seed_record_reads_back_equal_to_what_was_written() -> None:
    corpus = check_project(SEEDS).corpus
    for briefing in corpus.briefings.values():
        data = briefing_data(briefing, corpus)
        assert _round_trip(data) == data
        assert any(note.sources for note in data.notes.values())  # nested records in tuples in dicts
    for entry in corpus.entries.values():
        assert _round_trip(entry_data(entry)) == entry_data(entry)


def test_a_data_file_is_decoded_again_once_its_bytes_change() -> None:
    corpus = check_project(SEEDS).corpus
    entry = entry_data(next(iter(corpus.entries.values())))
    first = json.dumps(core.to_json(entry)).encode()
    assert _decoded(core.EntryData, first) is _decoded(core.EntryData, first)
    edited = dataclasses.replace(entry, summary=entry.summary + " Edited.")
    second = json.dumps(core.to_json(edited)).encode()
    assert _decoded(core.EntryData, second) == edited != _decoded(core.EntryData, first)
