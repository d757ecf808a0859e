// Runs inside the portal's /disclosures page during `cargo xtask bench` (served under /__peers/).
// Loads the same index.json the portal loaded into two peer databases, DuckDB-WASM and sql.js,
// answers the list's queries in SQL, and checks every answer against the portal's own engine
// (window.portalBench.query) before anything is timed.

const FLAGS = [
  ["exceeded", "x"],
  ["banned", "b"],
  ["missing", "m"],
  ["quality", "q"],
];
const PAGE = 50;

/** The rows as flat columns: the facets as bit masks, as both peers store them. */
export async function prepare() {
  const latest = await (await fetch("/feed/latest.json")).json();
  const index = await (await fetch(`/feed/${latest.version}/index.json`)).json();
  const haystacks = JSON.parse(window.portalBench.haystacks());
  // The order of the basis keys (bit positions), as the portal lists them.
  const basisKeys = JSON.parse(window.portalBench.query("", false)).facets.basis.map(([k]) => k);
  const years = [...new Set(index.enterprises.flatMap((e) => [...e.y, ...e.m, ...e.x, ...e.b]))].sort((a, b) => a - b);
  if (years.length > 30) throw new Error("more than 30 distinct years: the masks would overflow");
  const yearMask = (ys) => ys.reduce((m, y) => m | (1 << years.indexOf(y)), 0);
  const rows = index.enterprises.map((e, ord) => ({
    ord,
    id: e.id,
    nz: e.nz,
    ne: e.ne,
    hay: haystacks[ord],
    d: e.d,
    z: e.z ?? null,
    i: e.i,
    k: e.k.reduce((m, b) => m | (1 << basisKeys.indexOf(b)), 0),
    e: e.e.reduce((m, n) => m | (1 << n), 0),
    ym: yearMask([...e.y, ...e.m]),
    fx: yearMask(e.x),
    fb: yearMask(e.b),
    fm: yearMask(e.m),
    fq: yearMask(e.q ?? []),
    last: e.y.length ? e.y[e.y.length - 1] : 0,
    nx: e.x.length,
  }));
  return { rows, years, basisKeys };
}

const COLUMNS = [
  ["ord", "INTEGER"],
  ["id", "VARCHAR"],
  ["nz", "VARCHAR"],
  ["ne", "VARCHAR"],
  ["hay", "VARCHAR"],
  ["d", "VARCHAR"],
  ["z", "VARCHAR"],
  ["i", "VARCHAR"],
  ["k", "INTEGER"],
  ["e", "INTEGER"],
  ["ym", "INTEGER"],
  ["fx", "INTEGER"],
  ["fb", "INTEGER"],
  ["fm", "INTEGER"],
  ["fq", "INTEGER"],
  ["last", "INTEGER"],
  ["nx", "INTEGER"],
];

const quote = (s) => `'${String(s).replaceAll("'", "''")}'`;

/** The SQL statements answering one view of the list; `groups` are the WHERE clause per group. */
export function statements(view, data) {
  const { years, basisKeys } = data;
  const bits = (list, pos) => list.reduce((m, v) => m | (1 << pos(v)), 0);
  const yearBits = bits(view.year ?? [], (y) => years.indexOf(y)) & ((1 << years.length) - 1);
  const window = (view.year ?? []).length ? yearBits : (1 << years.length) - 1;
  const words = (view.text ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  // A flag's year mask is the column `f` + its letter (fx, fb, fm, fq).
  const flagHolds = (f) => `(f${FLAGS.find(([k]) => k === f)[1]} & ${window}) != 0`;
  const groups = {
    text: words.map((w) => `instr(hay, ${quote(w)}) > 0`),
    district: view.district?.length ? [`d IN (${view.district.map(quote).join(",")})`] : [],
    zone: view.zone?.length ? [`z IN (${view.zone.map(quote).join(",")})`] : [],
    industry: view.industry?.length ? [`i IN (${view.industry.map(quote).join(",")})`] : [],
    basis: view.basis?.length ? [`(k & ${bits(view.basis, (b) => basisKeys.indexOf(b))}) != 0`] : [],
    entry: view.entry?.length ? [`(e & ${bits(view.entry, (n) => n)}) != 0`] : [],
    year: view.year?.length ? [`(ym & ${yearBits}) != 0`] : [],
    flag: (view.flag ?? []).map(flagHolds),
  };
  const where = (except) => {
    const c = Object.entries(groups).filter(([g]) => g !== except).flatMap(([, c]) => c);
    return c.length ? `WHERE ${c.join(" AND ")}` : "";
  };
  const name = view.english ? "ne" : "nz";
  const order = {
    name: `${name}, ord`,
    exceedances: `nx DESC, ${name}, ord`,
    recent: `last DESC, ${name}, ord`,
    district: `d, ${name}, ord`,
  }[view.sort ?? "name"];
  const sums = (col, positions) => positions.map((p) => `sum((${col} >> ${p}) & 1)`).join(", ");
  const flagSums = FLAGS.map(([k]) => {
    const others = (view.flag ?? []).filter((f) => f !== k).map(flagHolds);
    return `sum(CASE WHEN ${[...others, flagHolds(k)].join(" AND ")} THEN 1 ELSE 0 END)`;
  }).join(", ");
  return {
    total: `SELECT count(*) FROM e ${where()}`,
    page: `SELECT id FROM e ${where()} ORDER BY ${order} LIMIT ${PAGE} OFFSET ${(view.page ?? 0) * PAGE}`,
    district: `SELECT d, count(*) FROM e ${where("district")} GROUP BY d ORDER BY d`,
    zone: `SELECT z, count(*) FROM e ${where("zone") || "WHERE true"} AND z IS NOT NULL GROUP BY z ORDER BY z`,
    industry: `SELECT i, count(*) FROM e ${where("industry")} GROUP BY i ORDER BY i`,
    basis: `SELECT ${sums("k", basisKeys.map((_, p) => p))} FROM e ${where("basis")}`,
    entry: `SELECT ${sums("e", [...Array(14).keys()].map((n) => n + 1))} FROM e ${where("entry")}`,
    year: `SELECT ${sums("ym", years.map((_, p) => p))} FROM e ${where("year")}`,
    flag: `SELECT ${flagSums} FROM e ${where("flag")}`,
  };
}

/** Turns the peers' result rows into the portal's answer shape. */
function shape(results, data) {
  const n = (v) => (v === null || v === undefined ? 0 : Number(v));
  const pairs = (rows) => rows.map(([v, c]) => [v, n(c)]);
  const sumsOf = (row, keys) => keys.map((k, p) => [k, n(row[p])]);
  return {
    total: n(results.total[0][0]),
    page: results.page.map(([id]) => id),
    facets: {
      district: pairs(results.district),
      zone: pairs(results.zone),
      industry: pairs(results.industry),
      basis: sumsOf(results.basis[0], data.basisKeys),
      entry: sumsOf(results.entry[0], [...Array(14).keys()].map((x) => x + 1)),
      year: sumsOf(results.year[0], data.years).filter(([, c]) => c > 0),
      flag: sumsOf(results.flag[0], FLAGS.map(([k]) => k)),
    },
  };
}

/** sql.js: starts it, loads the rows, and returns { answer(view), bytes, startMs }. */
export async function startSqlJs(data) {
  const t0 = performance.now();
  await new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = "/__peers/sql.js/dist/sql-wasm-browser.js";
    s.onload = resolve;
    s.onerror = () => reject(new Error("sql.js did not load"));
    document.head.append(s);
  });
  const SQL = await window.initSqlJs({ locateFile: (f) => `/__peers/sql.js/dist/${f}` });
  const db = new SQL.Database();
  db.run(`CREATE TABLE e (${COLUMNS.map(([c, t]) => `${c} ${t === "VARCHAR" ? "TEXT" : t}`).join(", ")})`);
  db.run("BEGIN");
  const insert = db.prepare(`INSERT INTO e VALUES (${COLUMNS.map(() => "?").join(",")})`);
  for (const r of data.rows) insert.run(COLUMNS.map(([c]) => r[c]));
  insert.free();
  db.run("COMMIT");
  const answer = async (view) => {
    const results = {};
    for (const [k, sql] of Object.entries(statements(view, data))) {
      const out = db.exec(sql);
      results[k] = out.length ? out[0].values : [];
    }
    return shape(results, data);
  };
  await answer({});
  return { answer, startMs: performance.now() - t0 };
}

/** DuckDB-WASM (the exception-handling build, in its worker): same interface. */
export async function startDuckDb(data) {
  const t0 = performance.now();
  const duckdb = await import("/__peers/@duckdb/duckdb-wasm/dist/duckdb-browser.mjs");
  const worker = new Worker("/__peers/@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js");
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate("/__peers/@duckdb/duckdb-wasm/dist/duckdb-eh.wasm");
  const conn = await db.connect();
  // Extensions would be fetched from the internet (JSON is one): none are used or loaded.
  await conn.query("SET autoinstall_known_extensions = false");
  await conn.query("SET autoload_known_extensions = false");
  // The rows go in as CSV, which DuckDB reads without an extension.
  const field = (v) => (v === null ? "" : typeof v === "string" ? `"${v.replaceAll('"', '""')}"` : String(v));
  const csv = data.rows.map((r) => COLUMNS.map(([c]) => field(r[c])).join(",")).join("\n");
  await db.registerFileText("e.csv", csv);
  const columns = COLUMNS.map(([c, t]) => `'${c}': '${t}'`).join(", ");
  await conn.query(
    `CREATE TABLE e AS SELECT * FROM read_csv('e.csv', header = false, quote = '"', escape = '"', columns = {${columns}})`,
  );
  await db.dropFile("e.csv");
  const answer = async (view) => {
    const results = {};
    for (const [k, sql] of Object.entries(statements(view, data))) {
      const table = await conn.query(sql);
      results[k] = table.toArray().map((row) => Object.values(row.toJSON()));
    }
    return shape(results, data);
  };
  await answer({});
  return { answer, startMs: performance.now() - t0, close: async () => { await conn.close(); await db.terminate(); } };
}

/** The portal's own answer, in the same shape. */
export function portalAnswer(view) {
  const params = new URLSearchParams();
  if (view.text) params.set("q", view.text);
  for (const k of ["district", "zone", "industry", "basis", "entry", "year", "flag"]) {
    if (view[k]?.length) params.set(k, view[k].join(","));
  }
  if (view.sort && view.sort !== "name") params.set("sort", view.sort);
  if (view.page) params.set("page", String(view.page + 1));
  return JSON.parse(window.portalBench.query(params.toString(), !!view.english));
}
