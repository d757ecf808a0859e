"""Reads the portal's open-data files with third-party readers and checks them.

    python check.py exports DIR   list exports: list-<lang>.csv, .datapackage.json, .json
    python check.py readings DIR  readings exports: readings-<lang>.csv beside readings-<lang>.datapackage.json
    python check.py staff DIR     staff exports: DIR/<n>/datapackage.json beside the CSV it names
    python check.py cite DIR      citations: cite-<lang>.ris (rispy), .csl.json (citeproc-py), .bib (pybtex)
    python check.py schemas DIR   a site's feed/ directory: every file against its published JSON
                                  Schema (jsonschema), every version's datapackage.json (frictionless)

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


def read_csv_strictly(csv_path: Path):
    """The rows of an export, after checking its BOM, its CRLF line ends and that it is rectangular."""
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
    return rows


def read_table(d: Path, stem: str, **pandas_options):
    """An export `stem`.csv read by the csv module, pandas (with `pandas_options`) and frictionless
    through its descriptor `stem`.datapackage.json, which must validate it and define every column."""
    import frictionless
    import pandas

    csv_path = d / f"{stem}.csv"
    rows = read_csv_strictly(csv_path)
    df = pandas.read_csv(csv_path, encoding="utf-8-sig", **pandas_options)
    if list(df.columns) != rows[0]:
        fail(f"pandas read another header: {list(df.columns)} != {rows[0]}")
    desc = d / f"{stem}.datapackage.json"
    report = frictionless.validate(str(desc))
    if not report.valid:
        fail(f"{desc.name} does not validate: {report.flatten(['rowNumber', 'fieldName', 'type', 'note'])}")
    package = frictionless.Package(str(desc))
    resource = package.resources[0]
    for field in resource.schema.fields:
        if not field.description:
            fail(f"column {field.name} has no definition")
    return rows, df, package, resource, resource.read_rows()


def check_exports(d: Path):

    out = {}
    for lang in ("zh", "en"):
        rows, df, package, resource, table = read_table(d, f"list-{lang}", dtype=str, keep_default_na=False)
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


# Which files each published schema describes, relative to a version directory ("../" is the
# feed's root).
DESCRIBES = {
    "index.schema.json": ["index.json"],
    "enterprise.schema.json": ["enterprises/*.json"],
    "stats.schema.json": ["stats.json"],
    "reference.schema.json": ["reference.json"],
    "manifest.schema.json": ["manifest.json"],
    "content-index.schema.json": ["content/index.json"],
    "latest.schema.json": ["../latest.json"],
    "versions.schema.json": ["../versions.json"],
}


def check_schemas(d: Path):
    import frictionless
    import jsonschema

    versions = json.loads((d / "versions.json").read_text(encoding="utf-8"))["versions"]
    if not versions:
        fail("versions.json lists no version")
    out = {"versions": [], "validated": {}, "rejected": {}}
    for v in versions:
        vdir = d / v["version"]
        for schema_path in sorted((vdir / "schema").glob("*.schema.json")):
            if schema_path.name == "disclosure.schema.json":
                continue  # the source format: checked by the Rust schema tests on data/
            if schema_path.name not in DESCRIBES:
                fail(f"no file is known to be described by {schema_path.name}")
            schema = json.loads(schema_path.read_text(encoding="utf-8"))
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            validator = cls(schema)
            files = [f for pattern in DESCRIBES[schema_path.name] for f in sorted(vdir.glob(pattern))]
            if not files and schema_path.name == "content-index.schema.json" and not (vdir / "content").exists():
                continue  # a version built without the education content
            if not files:
                fail(f"{schema_path.name} describes no file in {vdir.name}")
            for f in files:
                doc = json.loads(f.read_text(encoding="utf-8"))
                errors = list(validator.iter_errors(doc))
                if errors:
                    fail(f"{f} does not match {schema_path.name}: {errors[0].json_path}: {errors[0].message}")
            # The schema is not vacuous: a document with a wrong type at the top is refused.
            broken = json.loads(files[0].read_text(encoding="utf-8"))
            if isinstance(broken, dict) and broken:
                key = sorted(broken)[0]
                broken[key] = {"unexpected": [1, 2, 3]}
            else:
                broken = "not a document"
            out["rejected"][schema_path.name] = not validator.is_valid(broken)
            out["validated"][schema_path.name] = out["validated"].get(schema_path.name, 0) + len(files)
        desc = vdir / "datapackage.json"
        report = frictionless.validate(str(desc))
        if not report.valid:
            fail(f"{desc} does not validate: {report.flatten(['type', 'note'])}")
        package = frictionless.Package(str(desc))
        for resource in package.resources:
            schema_ref = resource.to_descriptor().get("jsonSchema")
            if not schema_ref or not (vdir / schema_ref).is_file():
                fail(f"resource {resource.name} names no published schema")
        out["versions"].append(
            {
                "version": package.version,
                "licence": package.licenses[0]["name"],
                "resources": [r.name for r in package.resources],
            }
        )
    return out


def plain(v):
    """A value frictionless read (a Decimal for a number) as JSON can print it."""
    import decimal

    return float(v) if isinstance(v, decimal.Decimal) else v


def check_readings(d: Path):
    out = {}
    for lang in ("zh", "en"):
        rows, df, package, resource, table = read_table(d, f"readings-{lang}", keep_default_na=False, na_values=[""])
        # Columns by position: 2 year, 8 value, 11 limit, 14 share, 16 exceedances.
        names = [f.name for f in resource.schema.fields]
        out[lang] = {
            "header": rows[0],
            "rows": len(rows) - 1,
            "types": [f.type for f in resource.schema.fields],
            "frictionless_rows": len(table),
            "pandas_share_max": float(df[df.columns[14]].max()),
            "first": [plain(table[0][names[i]]) for i in (0, 2, 3, 5, 8, 11, 14, 15, 16)],
            "licence": package.licenses[0]["name"],
            "homepage": package.homepage,
            "provenance_units": package.to_descriptor()["provenance"]["units"],
        }
    return out


def check_staff(d: Path):
    import frictionless
    import pandas

    out = []
    for sub in sorted(p for p in d.iterdir() if p.is_dir()):
        desc = sub / "datapackage.json"
        report = frictionless.validate(str(desc))
        if not report.valid:
            fail(f"{desc} does not validate: {report.flatten(['rowNumber', 'fieldName', 'type', 'note'])}")
        package = frictionless.Package(str(desc))
        resource = package.resources[0]
        csv_path = sub / resource.path
        raw = csv_path.read_bytes()
        if not raw.startswith(codecs.BOM_UTF8) or not raw.endswith(b"\r\n"):
            fail(f"{csv_path.name}: no byte-order mark, or the last row does not end in CRLF")
        with open(csv_path, newline="", encoding="utf-8-sig") as f:
            rows = list(csv.reader(f, strict=True))
        if len({len(r) for r in rows}) != 1:
            fail(f"{csv_path.name} is ragged")
        if raw.count(b"\r\n") < len(rows):
            fail(f"{csv_path.name}: rows do not end in CRLF")
        df = pandas.read_csv(csv_path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        if list(df.columns) != [f.name for f in resource.schema.fields]:
            fail("the header is not the descriptor's fields")
        for field in resource.schema.fields:
            if not field.description:
                fail(f"column {field.name} has no definition")
        typed = resource.read_rows()
        out.append(
            {
                "file": csv_path.name,
                "with_contact": package.to_descriptor()["provenance"]["with_contact"],
                "header": rows[0],
                "ids": list(df["id"]),
                "descriptions": list(df["description"]),
                "photos": [r["photos"] for r in typed],
                "wants_reward": [r["wants_reward"] for r in typed],
            }
        )
    return out


def check_cite(d: Path):
    import rispy
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from pybtex.database import parse_string

    out = {}
    for lang in ("zh", "en"):
        ris_text = (d / f"cite-{lang}.ris").read_text(encoding="utf-8")
        entries = rispy.loads(ris_text)
        if len(entries) != 1:
            fail(f"rispy read {len(entries)} RIS entries")
        ris = entries[0]

        items = json.loads((d / f"cite-{lang}.csl.json").read_text(encoding="utf-8"))
        source = CiteProcJSON(items)
        style = CitationStylesStyle("harvard-cite-them-right", validate=False)
        bibliography = CitationStylesBibliography(style, source, formatter.plain)
        key = items[0]["id"]
        bibliography.register(Citation([CitationItem(key)]))
        rendered = [str(item) for item in bibliography.bibliography()]
        if len(rendered) != 1:
            fail(f"citeproc-py rendered {len(rendered)} references")

        bib = parse_string((d / f"cite-{lang}.bib").read_text(encoding="utf-8"), "bibtex")
        if len(bib.entries) != 1:
            fail(f"pybtex read {len(bib.entries)} entries")
        bib_key, entry = next(iter(bib.entries.items()))
        out[lang] = {
            "ris_type": ris["type_of_reference"],
            "ris_title": ris["title"],
            "ris_author": ris["authors"][0],
            "ris_url": ris["urls"][0],
            "ris_version": ris["edition"],
            "csl_rendered": rendered[0],
            "csl_key": key,
            "bib_key": bib_key,
            "bib_type": entry.type,
            "bib_title": entry.fields["title"],
            "bib_url": entry.fields["url"],
            "bib_version": entry.fields["version"],
            "bib_authors": [str(p) for p in entry.persons["author"]],
        }
    return out


def check_atom(d: Path):
    """Reads every Atom feed under d/atom with feedparser: none may be malformed (bozo)."""
    import feedparser

    feeds = sorted((d / "atom").rglob("*.xml"))
    if not feeds:
        fail(f"no Atom feed under {d / 'atom'}")
    out = {"feeds": {}}
    for f in feeds:
        parsed = feedparser.parse(f.read_bytes(), response_headers={"content-type": "application/atom+xml; charset=utf-8", "content-location": "https://portal.example/feed/atom/" + str(f.relative_to(d / "atom"))})
        if parsed.bozo:
            fail(f"{f} is not well-formed Atom: {parsed.bozo_exception}")
        if parsed.version != "atom10":
            fail(f"{f} is read as {parsed.version!r}, not Atom 1.0")
        for e in parsed.entries:
            for key in ("id", "title", "updated", "link", "summary"):
                if not e.get(key):
                    fail(f"an entry of {f} has no {key}")
        out["feeds"][str(f.relative_to(d / "atom"))] = {
            "title": parsed.feed.get("title"),
            "self": next((l["href"] for l in parsed.feed.get("links", []) if l.get("rel") == "self"), None),
            "entries": [{"title": e.title, "link": e.link, "id": e.id, "updated": e.updated} for e in parsed.entries],
        }
    return out


def check_metrics(f: Path):
    """Parses a /metrics answer with the Prometheus project's own parser."""
    from prometheus_client.parser import text_string_to_metric_families

    out = {"families": {}, "samples": []}
    for family in text_string_to_metric_families(f.read_text(encoding="utf-8")):
        out["families"][family.name] = family.type
        for sample in family.samples:
            out["samples"].append({"name": sample.name, "labels": sample.labels, "value": sample.value})
    if not out["families"]:
        fail(f"{f} holds no metric")
    return out


COMMANDS = {"exports": check_exports, "readings": check_readings, "schemas": check_schemas, "cite": check_cite, "staff": check_staff, "atom": check_atom, "metrics": check_metrics}

if __name__ == "__main__":
    what, directory = sys.argv[1], Path(sys.argv[2])
    print(json.dumps(COMMANDS[what](directory), ensure_ascii=False))
