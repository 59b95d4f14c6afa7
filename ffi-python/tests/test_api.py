"""The Python face of medcore.hl7: objects, iteration, equality, errors, building, batches,
MLLP framing and the panic boundary."""

from __future__ import annotations

import pickle

import pytest

import medcore
from conftest import ROOT
from medcore import errors, hl7

ADT = (ROOT / "testdata/hl7/microsoft-FHIR-Converter/hl7v2/ADT-A01-01.hl7").read_bytes()
ORU = (
    "MSH|^~\\&|LAB|HOSP|EHR|HOSP|20240105123000+0100||ORU^R01^ORU_R01|MSG00001|P|2.5.1\r"
    "PID|1||12345^^^HOSP^MR~99887^^^SSA^SS||Doe^Jane^Q||19800101|F\r"
    "OBX|1|NM|8867-4^Heart rate^LN||72|/min|||||F\r"
    "OBX|2|ST|8601-7^EKG impression^LN||Normal \\T\\ sinus||||||F\r"
)


def test_message_properties() -> None:
    msg = hl7.parse(ORU)
    assert msg.version == "2.5.1"
    assert msg.control_id == "MSG00001"
    assert msg.message_type == hl7.parse(ORU).message_type
    assert (msg.message_type.code, msg.message_type.trigger, msg.message_type.structure) == (
        "ORU",
        "R01",
        "ORU_R01",
    )
    assert msg.charset == "ASCII"
    assert msg.delimiters == hl7.Delimiters()
    assert msg.delimiters.encoding_characters == "^~\\&"
    assert msg.warnings == []
    assert msg.text == ORU
    assert repr(msg) == '<Message ORU^R01 control_id="MSG00001" segments=4>'


def test_sequence_protocol_and_paths() -> None:
    msg = hl7.parse(ORU)
    assert len(msg) == 4
    assert [s.id for s in msg] == ["MSH", "PID", "OBX", "OBX"]
    assert msg[-1].id == "OBX" and msg[-1].index == 3 and msg[-1].line == 4
    assert "OBX" in msg and "NK1" not in msg
    assert msg["PID-5-2"] == "Jane"
    assert msg["OBX(2)-5"] == "Normal & sinus"
    assert msg.get("PID-99") is None
    assert msg.get("PID-99", "none") == "none"
    with pytest.raises(KeyError):
        msg["PID-99"]
    with pytest.raises(IndexError):
        msg[4]
    with pytest.raises(errors.Hl7PathError) as info:
        msg.get("PID-x")
    assert info.value.code == "HL7_PATH"
    assert "position" in str(info.value)


def test_views_walk_the_tree() -> None:
    msg = hl7.parse(ORU)
    pid = msg.find_segment("PID")
    assert pid is not None and pid == msg[1]
    assert pid.raw.startswith("PID|1||12345")
    ids = pid[3]
    assert ids.number == 3 and len(ids) == 2
    assert [r.raw for r in ids] == ["12345^^^HOSP^MR", "99887^^^SSA^SS"]
    second = ids[2]
    assert [c.raw for c in second.components] == ["99887", "", "", "SSA", "SS"]
    assert second[2].is_empty and not second[1].is_empty
    assert second[5][1].decoded == "SS"
    assert repr(second[5]) == '<Component PID-3(2)-5 "SS">'
    assert pid.field(99) is None and ids.repetition(3) is None
    obx2 = msg.find_segment("OBX", 2)
    assert obx2 is not None
    value = obx2[5]
    assert value.raw == "Normal \\T\\ sinus" and value.decoded == "Normal & sinus"
    assert str(value) == "Normal & sinus"
    assert len(msg.segments_with_id("OBX")) == 2
    assert value.offset == msg.text.index("Normal \\T\\")
    # Views keep the message alive on their own.
    field = hl7.parse(ORU)[1][5]
    assert field[1][2].decoded == "Jane"
    # Equality is by the text as written; views hash consistently.
    assert hl7.parse(ORU)[1][5] == field and len({field, hl7.parse(ORU)[1][5]}) == 1
    assert hl7.parse(ORU) == msg and hl7.parse(ADT) != msg


def test_msh_fields_follow_the_standard_numbering() -> None:
    msh = hl7.parse(ORU)[0]
    assert msh[1].raw == "|" and msh[2].raw == "^~\\&" and msh[9][1][2].raw == "R01"


def test_warnings_are_reported() -> None:
    msg = hl7.parse(ADT)
    codes = [w.code for w in msg.warnings]
    assert "HL7_WARN_LINE_ENDING" in codes
    w = msg.warnings[0]
    assert w.line >= 1 and w.offset >= 0 and w.message


def test_error_kinds_map_to_their_classes() -> None:
    cases = [
        (b"", errors.Hl7ParseError, "HL7_PARSE_NO_MSH"),
        (b"PID|1\r", errors.Hl7ParseError, "HL7_PARSE_NO_MSH"),
        (ORU + "MSH|^~\\&|X\r", errors.Hl7ParseError, "HL7_PARSE_MULTIPLE_MESSAGES"),
    ]
    for data, cls, code in cases:
        with pytest.raises(cls) as info:
            hl7.parse(data)
        assert info.value.code == code
        assert isinstance(info.value, errors.Hl7Error)
        assert isinstance(info.value, medcore.MedcoreError)
        assert str(info.value).startswith("line ")
    with pytest.raises(errors.MllpError) as mllp:
        hl7.frame(b"MSH|\x0b")
    assert mllp.value.code == "HL7_MLLP"
    with pytest.raises(errors.Hl7EncodeError) as enc:
        hl7.MessageBuilder().add_segment("pid")
    assert enc.value.code == "HL7_ENCODE"
    with pytest.raises(TypeError):
        hl7.parse(42)  # type: ignore[arg-type]


def test_errors_pickle_with_their_code() -> None:
    try:
        hl7.parse(b"nope")
    except errors.Hl7ParseError as e:
        back = pickle.loads(pickle.dumps(e))
        assert type(back) is errors.Hl7ParseError
        assert (back.code, str(back)) == (e.code, str(e))
    else:
        raise AssertionError("no error")


def test_parse_many() -> None:
    msgs = hl7.parse_many([ORU, ADT, bytearray(ORU.encode())])
    assert [m.message_type.trigger for m in msgs] == ["R01", "A01", "R01"]
    assert hl7.parse_many([]) == []
    with pytest.raises(errors.Hl7ParseError) as info:
        hl7.parse_many([ORU, b"junk"])
    assert info.value.code == "HL7_PARSE_NO_MSH"
    assert str(info.value).startswith("item 1: line 1")


def test_parse_batch_loses_nothing() -> None:
    good = (ROOT / "testdata/hl7/python-hl7/sample_batch.hl7").read_bytes()
    batch = hl7.parse_batch(good)
    assert len(batch) == len(batch.messages) >= 1 and batch.errors == []
    assert batch[0] == batch.messages[0]
    bad = (ROOT / "testdata/hl7/python-hl7/sample_bad_batch1.hl7").read_bytes()
    batch = hl7.parse_batch(bad)
    assert batch.errors and isinstance(batch.errors[0], errors.Hl7BatchError)
    assert any(
        "BHS opens a batch while the batch opened at line 1 has no BTS" in str(e)
        for e in batch.errors
    )


def test_builder_round_trip() -> None:
    b = hl7.MessageBuilder()
    b.set("MSH-9", "ADT")
    b.set("MSH-9-2", "A01")
    b.set("MSH-10", "42")
    b.set("MSH-12", "2.5")
    b.set("PID-5-1", "O'Neil & Sons")
    assert b.add_segment("NTE") == 2
    b.set_encoded("NTE-3", "a\\T\\b")
    assert b.get("PID-5-1") == "O'Neil & Sons"
    text = b.encode()
    assert "O'Neil \\T\\ Sons" in text
    msg = hl7.parse(text)
    assert msg["PID-5-1"] == "O'Neil & Sons" and msg["NTE-3"] == "a&b"
    assert b.build() == msg
    edit = msg.to_builder()
    assert edit == hl7.MessageBuilder.from_message(msg)
    edit.set("PID-5-1", "Doe")
    assert hl7.parse(edit.encode())["PID-5-1"] == "Doe"
    assert hl7.parse(hl7.parse(ORU).to_builder().encode()) == hl7.parse(ORU)


def test_mllp_frame_and_deframe_in_pieces() -> None:
    framed = hl7.frame(ORU) + hl7.frame(ADT)
    assert framed.startswith(b"\x0b") and hl7.frame(b"x") == b"\x0bx\x1c\r"
    d = hl7.Deframer()
    frames = []
    for i in range(0, len(framed), 5):
        d.push(framed[i : i + 5])
        frames.extend(d)
    frames.extend(d.finish())
    assert [f.payload for f in frames] == [ORU.encode(), ADT]
    assert frames[0].offset == 0 and not frames[0].missing_cr
    d = hl7.Deframer()
    d.push(b"junk" + hl7.frame(ORU) + b"\x0bunfinished")
    with pytest.raises(errors.MllpError):
        d.next_frame()
    assert d.next_frame() is not None
    rest = d.finish()
    assert len(rest) == 1 and isinstance(rest[0], errors.MllpError)
    assert rest[0].code == "HL7_MLLP"


def test_panic_surfaces_as_an_exception_and_the_interpreter_survives() -> None:
    from medcore import _native

    with pytest.raises(BaseException) as info:
        _native._panic_for_test("forced panic")  # type: ignore[attr-defined]
    assert "forced panic" in str(info.value)
    assert type(info.value).__name__ == "PanicException"
    assert hl7.parse(ORU)["PID-5-2"] == "Jane"
