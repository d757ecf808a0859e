// The disclosure list (/disclosures): search box, facets, sort, the results table and count,
// and the exports.
import { readFileSync } from "node:fs";
import { PageObject, langOf } from "./base.mjs";

const TEXTS = {
  zh: { heading: "企业环境信息披露", search: "搜索企业名称、统一社会信用代码、物质名称或 CAS 号", count: "家企业", sort: "排序方式" },
  en: { heading: "Enterprise disclosures", search: /Search names, credit codes/, count: /enterprise/, sort: "Sort by" },
};

export class DisclosuresPage extends PageObject {
  constructor(page, lang = "zh") {
    super(page, TEXTS, lang);
    this.heading = page.getByRole("heading", { level: 1, name: this.t.heading });
    this.search = page.getByRole("searchbox", { name: this.t.search });
    /** The "N enterprises" status line above the results. */
    this.count = page.getByRole("status").filter({ hasText: this.t.count });
    this.results = page.getByRole("table").first();
    this.sort = page.getByRole("combobox", { name: this.t.sort });
  }

  /** Opens /disclosures with `query` ("?q=…&lang=en") and waits for its heading. */
  static open(server, page, query = "") {
    const list = new DisclosuresPage(page, langOf(query));
    return list.visit(server, `disclosures${query}`, list.heading);
  }

  /** A facet's group of checkboxes, by its legend ("区县", "发现的问题"). */
  facet(name) {
    return this.page.getByRole("group", { name });
  }

  /** The number in the status line ("共 12 家企业" gives 12). */
  async countValue() {
    return Number((await this.count.innerText()).match(/\d+/)[0]);
  }

  /** The names in the results table, in order. */
  resultNames() {
    return this.results.locator("tbody th").allInnerTexts();
  }

  /** Presses an export button ("CSV", "JSON") and returns the downloaded file's text. */
  async export(kind) {
    return (await this.exportFile(kind)).text;
  }

  /**
   * Presses an export button ("CSV", "JSON", or "descriptor" for the data description beside the
   * CSV) and returns the downloaded file's suggested name and text.
   */
  async exportFile(kind) {
    const en = this.lang === "en";
    const label =
      kind === "descriptor"
        ? en
          ? "Data description (datapackage.json)"
          : "数据说明（datapackage.json）"
        : `${en ? "Export" : "导出"} ${kind}`;
    const [download] = await Promise.all([this.page.waitForEvent("download"), this.page.getByRole("button", { name: label }).click()]);
    return { name: download.suggestedFilename(), text: readFileSync(await download.path(), "utf8") };
  }
}
