#!/usr/bin/env python3
"""Converts the HL7 v2 definitions distributed in hl7apy (MIT) into medcore's compact data format.

Usage (from the repository root):
    python3 -m venv .venv && .venv/bin/pip install hl7apy
    .venv/bin/python scripts/hl7_defs.py

Writes core/hl7/data/v<version>.json.z (zlib-compressed JSON), one per HL7 version. The event to
structure map (HL7 table 0354) is read from core/hl7/data/event_map.txt and folded in.

Format of one version (all arrays, to keep it small):
{
  "version": "2.5",
  "messages": {"ADT_A01": [element, ...]},      element = segment or group
      segment: ["PID", min, max]                max -1 = unbounded
      group:   ["INSURANCE", min, max, "s"|"c", [element, ...]]   s = sequence, c = choice
  "segments": {"PID": [[datatype, min, max, table, name], ...]}   field n at index n-1
  "datatypes": {"CX": [[datatype, table, name], ...]}            component n at index n-1
  "tables": {"0001": [name, [value, ...]]},
  "events": {"ADT_A04": "ADT_A01"}
}
"""
import importlib
import json
import os
import sys
import zlib

VERSIONS = ["2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.8", "2.8.1", "2.8.2"]
# hl7apy ships no tables for 2.3: the 2.3.1 tables stand in for them (table values changed little).
TABLE_FALLBACK = {"2.3": "2.3.1"}

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "core", "hl7", "data")


def mod(version, part):
    return importlib.import_module("hl7apy.v%s.%s" % (version.replace(".", "_"), part))


def table_id(ref):
    if not ref:
        return None
    if ref.startswith("HL7"):
        return ref[3:]
    return ref


def convert_children(children, groups, prefix):
    out = []
    for child in children:
        name, ref, (lo, hi), kind = child[0], child[1], child[2], child[3]
        if kind == "SEG":
            out.append([name, lo, hi])
        elif kind == "GRP":
            gkind, gchildren = groups[name]
            short = name[len(prefix) + 1:] if name.startswith(prefix + "_") else name
            out.append([short, lo, hi, "c" if gkind == "choice" else "s",
                        convert_children(gchildren, groups, prefix)])
        else:
            raise ValueError("unexpected element kind %r in %s" % (kind, prefix))
    return out


def read_event_map():
    maps = {}
    current = []
    with open(os.path.join(DATA, "event_map.txt")) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("["):
                current = line.strip("[]").split()
                for v in current:
                    maps.setdefault(v, {})
                continue
            event, structure = line.split()
            for v in current:
                maps[v][event] = structure
    return maps


def convert(version, event_maps):
    messages = mod(version, "messages").MESSAGES
    groups = mod(version, "groups").GROUPS
    segments = mod(version, "segments").SEGMENTS
    fields = mod(version, "fields").FIELDS
    datatypes = mod(version, "datatypes").DATATYPES
    tables = mod(TABLE_FALLBACK.get(version, version), "tables").TABLES

    out = {"version": version, "messages": {}, "segments": {}, "datatypes": {}, "tables": {},
           "events": {}}
    for name, (kind, children) in sorted(messages.items()):
        out["messages"][name] = convert_children(children, groups, name)

    for seg, sdef in sorted(segments.items()):
        if len(sdef) != 2 or sdef[0] != "sequence":
            continue  # withdrawn segments (no fields) and ANYHL7SEGMENT-style choices
        children = sdef[1]
        # Position comes from the field's name (PID_7 is PID-7): some versions list only the
        # fields still in use, and a withdrawn field keeps its number.
        byno = {}
        for child in children:
            fname, _ref, (lo, hi), _k = child
            no = int(fname.rsplit("_", 1)[1])
            fdef = fields.get(fname)
            if fdef is None:
                byno[no] = ["ST", lo, hi, None, fname]
            elif fdef[2] is None:
                # hl7apy lists a few fields without a type and with (0, 0) occurrences
                # (withdrawn ones, and OBX-23..25 of 2.5.1): accept any text there.
                byno[no] = ["ST", 0, -1, None, fdef[3]]
            else:
                byno[no] = [fdef[2], lo, hi, table_id(fdef[4]), fdef[3]]
        n = max(byno) if byno else 0
        # A number the definitions skip is a withdrawn field: max 0.
        flist = [byno.get(i, ["ST", 0, 0, None, "WITHDRAWN"]) for i in range(1, n + 1)]
        out["segments"][seg] = flist

    comps = {}
    for cname, cdef in datatypes.items():
        base, _, idx = cname.rpartition("_")
        if not idx.isdigit():
            continue
        comps.setdefault(base, {})[int(idx)] = [cdef[2], table_id(cdef[4]), cdef[3]]
    for base, items in sorted(comps.items()):
        n = max(items)
        out["datatypes"][base] = [items.get(i, ["ST", None, ""]) for i in range(1, n + 1)]

    for tid, (tname, values) in sorted(tables.items()):
        out["tables"][table_id(tid)] = [tname, list(values)]

    for event, structure in sorted(event_maps.get(version, {}).items()):
        if event in out["messages"]:
            continue
        if structure in out["messages"]:
            out["events"][event] = structure
    return out


def main():
    event_maps = read_event_map()
    total = 0
    for version in VERSIONS:
        data = convert(version, event_maps)
        raw = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
        packed = zlib.compress(raw, 9)
        path = os.path.join(DATA, "v%s.json.z" % version)
        with open(path, "wb") as f:
            f.write(packed)
        total += len(packed)
        print("%s: %d messages, %d segments, %d datatypes, %d tables, %d events; %d -> %d bytes"
              % (version, len(data["messages"]), len(data["segments"]), len(data["datatypes"]),
                 len(data["tables"]), len(data["events"]), len(raw), len(packed)))
    print("total %d bytes" % total)


if __name__ == "__main__":
    sys.exit(main())
