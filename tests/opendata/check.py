"""Reads the portal's open-data files with third-party readers and checks them.

    python check.py exports DIR   list exports: list-<lang>.csv, .datapackage.json, .json

Each command checks what it can on its own (a failed check raises), then prints one line of JSON
with what the readers read, which the Rust test compares with what the portal wrote.
"""

import codecs
import csv
import json
import sys
from pathlib import Path


def fail(msg):
    raise SystemExit(f"FAIL: {msg}")


def check_exports(d: Path):
    import frictionless
    import pandas

    out = {}
    for lang in ("zh", "en"):
        csv_path = d / f"list-{lang}.csv"
        raw = csv_path.read_bytes()
        if not raw.startswith(codecs.BOM_UTF8):
            fail(f"{csv_path.name} has no UTF-8 byte-order mark")
        if raw.count(b"\n") != raw.count(b"\r\n"):
            fail(f"{csv_path.name}: a line does not end in CRLF")
        with open(csv_path, newline="", encoding="utf-8-sig") as f:
            rows = list(csv.reader(f, strict=True))
        widths = {len(r) for r in rows}
        if len(widths) != 1:
            fail(f"{csv_path.name} is ragged: row widths {sorted(widths)}")
        df = pandas.read_csv(csv_path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        if list(df.columns) != rows[0]:
            fail(f"pandas read another header: {list(df.columns)} != {rows[0]}")

        desc = d / f"list-{lang}.datapackage.json"
        report = frictionless.validate(str(desc))
        if not report.valid:
            fail(f"{desc.name} does not validate: {report.flatten(['rowNumber', 'fieldName', 'type', 'note'])}")
        package = frictionless.Package(str(desc))
        resource = package.resources[0]
        for field in resource.schema.fields:
            if not field.description:
                fail(f"column {field.name} has no definition")
        table = resource.read_rows()
        id_field = resource.schema.primary_key[0]

        exported = json.loads((d / f"list-{lang}.json").read_text(encoding="utf-8"))
        prov = exported["provenance"]
        for key in ("feed_version", "feed_built_at", "source", "filters", "permalink", "licence", "units"):
            if not prov.get(key):
                fail(f"the JSON export's provenance has no {key}")
        for row in exported["enterprises"]:
            undefined = set(row) - {f["name"] for f in exported["fields"]}
            if undefined:
                fail(f"JSON keys without a definition: {undefined}")
        out[lang] = {
            "header": rows[0],
            "csv_ids": [r[0] for r in rows[1:]],
            "pandas_ids": list(df[df.columns[0]]),
            "pandas_names": list(df[df.columns[1]]),
            "frictionless_ids": [r[id_field] for r in table],
            "licence": package.licenses[0]["name"],
            "version": package.version,
            "json_count": exported["count"],
            "json_licence": prov["licence"]["name"],
            "json_filters": prov["filters"],
        }
    return out


COMMANDS = {"exports": check_exports}

if __name__ == "__main__":
    what, directory = sys.argv[1], Path(sys.argv[2])
    print(json.dumps(COMMANDS[what](directory), ensure_ascii=False))
