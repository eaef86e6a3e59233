#!/usr/bin/env python3
"""Independent Parquet reader for integration tests (pyarrow).

Usage: inspect_parquet.py [--no-rows] FILE...

Prints one JSON object per file, one per line:
  {"file", "num_rows", "num_row_groups", "row_group_rows": [...],
   "codecs": [...sorted unique column-chunk codecs...], "created_by",
   "schema": {column: arrow type string}, "type_tree": {column: tree},
   "parquet_schema": str, "rows": [...]}            # rows omitted with --no-rows

A type tree spells nested types out so a test can compare them without
parsing type strings: a leaf is the type string ("int64",
"timestamp[us, tz=UTC]"...), a struct {"struct": {field: tree}}, a list
{"list": tree}, a map {"map": [key tree, value tree]}.

JSON-safe value conventions (shared with inspect_parquet_duckdb.py):
  * integers are printed exactly (no float conversion, even beyond 2^53);
  * timestamps are ISO-8601 strings built with exact integer arithmetic from
    the stored epoch value, with as many fractional digits as the unit
    (s: none, ms: 3, us: 6, ns: 9). Timezone-aware (UTC-adjusted) timestamps
    are rendered in UTC with a "Z" suffix; naive (not UTC-adjusted)
    timestamps get no offset suffix;
  * dates are ISO dates "YYYY-MM-DD"; times "HH:MM:SS[.fff...]";
  * durations are integers in the column's unit;
  * decimals are plain-notation strings ("12.50", never "1.25E+1");
  * binary values are the UTF-8 text if valid, else "base64:<base64>";
  * NaN / Infinity / -Infinity floats are the strings "NaN", "Infinity",
    "-Infinity" (JSON has no literal for them);
  * maps are lists of {"key": k, "value": v}; structs are objects.
"""
from __future__ import annotations

import base64
import datetime as _dt
import decimal
import json
import math
import sys
from typing import Any, Callable

import pyarrow as pa
import pyarrow.parquet as pq
import pyarrow.types as pat

_UNIT_PER_SECOND = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}
_UNIT_DIGITS = {"s": 0, "ms": 3, "us": 6, "ns": 9}


# --------------------------------------------------------------------------
# Exact calendar arithmetic (proleptic Gregorian, any year)
# --------------------------------------------------------------------------
def _civil_from_days(z: int) -> tuple[int, int, int]:
    """Days since 1970-01-01 -> (year, month, day). H. Hinnant's algorithm."""
    z += 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return (y + 1 if m <= 2 else y, m, d)


def _fmt_year(y: int) -> str:
    if 0 <= y <= 9999:
        return f"{y:04d}"
    return f"{'+' if y > 0 else '-'}{abs(y):06d}"  # ISO-8601 expanded year


def format_date_days(days: int) -> str:
    y, m, d = _civil_from_days(days)
    return f"{_fmt_year(y)}-{m:02d}-{d:02d}"


def _fmt_time_of_day(units: int, unit: str) -> str:
    per = _UNIT_PER_SECOND[unit]
    secs, frac = divmod(units, per)
    hh, rem = divmod(secs, 3600)
    mm, ss = divmod(rem, 60)
    out = f"{hh:02d}:{mm:02d}:{ss:02d}"
    digits = _UNIT_DIGITS[unit]
    if digits:
        out += "." + f"{frac:0{digits}d}"
    return out


def format_timestamp(value: int, unit: str, utc: bool) -> str:
    per = _UNIT_PER_SECOND[unit]
    day_units = 86400 * per
    days, tod = divmod(value, day_units)
    return format_date_days(days) + "T" + _fmt_time_of_day(tod, unit) + ("Z" if utc else "")


# --------------------------------------------------------------------------
# Type-driven conversion of to_pylist() output to JSON-safe values
# --------------------------------------------------------------------------
def _plain_type(t: pa.DataType) -> pa.DataType:
    """Type to cast to before to_pylist(): temporal types -> integers, so the
    stored value is formatted exactly (and out-of-datetime-range values work)."""
    if pat.is_timestamp(t) or pat.is_duration(t) or pat.is_date64(t) or pat.is_time64(t):
        return pa.int64()
    if pat.is_date32(t) or pat.is_time32(t):
        return pa.int32()
    if pat.is_dictionary(t):
        return _plain_type(t.value_type)
    if pat.is_struct(t):
        return pa.struct([pa.field(f.name, _plain_type(f.type), f.nullable) for f in t])
    if pat.is_map(t):
        return pa.map_(
            pa.field(t.key_field.name, _plain_type(t.key_type), t.key_field.nullable),
            pa.field(t.item_field.name, _plain_type(t.item_type), t.item_field.nullable),
        )
    if pat.is_large_list(t):
        return pa.large_list(pa.field(t.value_field.name, _plain_type(t.value_type), t.value_field.nullable))
    if pat.is_fixed_size_list(t):
        return pa.list_(pa.field(t.value_field.name, _plain_type(t.value_type), t.value_field.nullable), t.list_size)
    if pat.is_list(t):
        return pa.list_(pa.field(t.value_field.name, _plain_type(t.value_type), t.value_field.nullable))
    return t


def _float(v: float) -> Any:
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def _bytes(v: bytes) -> str:
    try:
        return v.decode("utf-8")
    except UnicodeDecodeError:
        return "base64:" + base64.b64encode(v).decode("ascii")


def converter(t: pa.DataType) -> Callable[[Any], Any]:
    """Returns f(python value of _plain_type(t)) -> JSON-safe value."""

    def nullable(f: Callable[[Any], Any]) -> Callable[[Any], Any]:
        return lambda v: None if v is None else f(v)

    if pat.is_dictionary(t):
        return converter(t.value_type)
    if pat.is_timestamp(t):
        unit, utc = t.unit, t.tz is not None
        return nullable(lambda v: format_timestamp(int(v), unit, utc))
    if pat.is_date32(t):
        return nullable(lambda v: format_date_days(int(v)))
    if pat.is_date64(t):
        return nullable(lambda v: format_date_days(int(v) // 86_400_000))
    if pat.is_time32(t) or pat.is_time64(t):
        unit = t.unit
        return nullable(lambda v: _fmt_time_of_day(int(v), unit))
    if pat.is_duration(t):
        return nullable(int)
    if pat.is_decimal(t):
        return nullable(lambda v: format(v, "f") if isinstance(v, decimal.Decimal) else str(v))
    if pat.is_binary(t) or pat.is_large_binary(t) or pat.is_fixed_size_binary(t) or (
        hasattr(pat, "is_binary_view") and pat.is_binary_view(t)
    ):
        return nullable(lambda v: _bytes(bytes(v)))
    if pat.is_floating(t):
        return nullable(lambda v: _float(float(v)))
    if pat.is_integer(t):
        return nullable(int)
    if pat.is_struct(t):
        fields = [(f.name, converter(f.type)) for f in t]
        return nullable(lambda v: {name: conv(v.get(name)) for name, conv in fields})
    if pat.is_map(t):
        kc, vc = converter(t.key_type), converter(t.item_type)
        return nullable(lambda v: [{"key": kc(k), "value": vc(x)} for k, x in v])
    if pat.is_list(t) or pat.is_large_list(t) or pat.is_fixed_size_list(t) or (
        hasattr(pat, "is_list_view") and (pat.is_list_view(t) or pat.is_large_list_view(t))
    ):
        ec = converter(t.value_type)
        return nullable(lambda v: [ec(x) for x in v])
    return nullable(_generic)


def _generic(v: Any) -> Any:
    if isinstance(v, bool) or isinstance(v, (int, str)):
        return v
    if isinstance(v, float):
        return _float(v)
    if isinstance(v, decimal.Decimal):
        return format(v, "f")
    if isinstance(v, (bytes, bytearray, memoryview)):
        return _bytes(bytes(v))
    if isinstance(v, (_dt.datetime, _dt.date, _dt.time)):
        return v.isoformat()
    if isinstance(v, dict):
        return {str(k): _generic(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_generic(x) for x in v]
    return str(v)


def table_rows(table: pa.Table) -> list[dict[str, Any]]:
    """Arrow table -> list of JSON-safe row objects."""
    plain = pa.schema([pa.field(f.name, _plain_type(f.type), f.nullable) for f in table.schema])
    casted = table.cast(plain) if plain != table.schema.remove_metadata() else table
    convs = [(f.name, converter(f.type)) for f in table.schema]
    cols = [casted.column(i).to_pylist() for i in range(casted.num_columns)]
    rows: list[dict[str, Any]] = []
    for r in range(casted.num_rows):
        rows.append({name: conv(cols[i][r]) for i, (name, conv) in enumerate(convs)})
    return rows


def type_tree(t: pa.DataType) -> Any:
    """The type tree of an arrow type (see the module doc)."""
    if pat.is_struct(t):
        return {"struct": {f.name: type_tree(f.type) for f in t}}
    if pat.is_map(t):
        return {"map": [type_tree(t.key_type), type_tree(t.item_type)]}
    if pat.is_list(t) or pat.is_large_list(t) or pat.is_fixed_size_list(t):
        return {"list": type_tree(t.value_type)}
    return str(t)


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


# --------------------------------------------------------------------------
def inspect_file(path: str, with_rows: bool) -> dict[str, Any]:
    pf = pq.ParquetFile(path)
    md = pf.metadata
    codecs = set()
    rg_rows = []
    for i in range(md.num_row_groups):
        rg = md.row_group(i)
        rg_rows.append(rg.num_rows)
        for j in range(rg.num_columns):
            codecs.add(str(rg.column(j).compression))
    pschema = str(pf.schema)
    if pschema.startswith("<pyarrow"):
        pschema = pschema.split("\n", 1)[1] if "\n" in pschema else pschema
    table = pf.read()
    out: dict[str, Any] = {
        "file": path,
        "num_rows": md.num_rows,
        "num_row_groups": md.num_row_groups,
        "row_group_rows": rg_rows,
        "codecs": sorted(codecs),
        "created_by": md.created_by,
        "schema": {f.name: str(f.type) for f in table.schema},
        "type_tree": {f.name: type_tree(f.type) for f in table.schema},
        "parquet_schema": pschema.strip(),
    }
    if with_rows:
        out["rows"] = table_rows(table)
    return out


def main(argv: list[str]) -> int:
    with_rows = True
    files: list[str] = []
    for a in argv:
        if a == "--no-rows":
            with_rows = False
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            files.append(a)
    if not files:
        print("usage: inspect_parquet.py [--no-rows] FILE...", file=sys.stderr)
        return 2
    for f in files:
        sys.stdout.write(dumps(inspect_file(f, with_rows)) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
