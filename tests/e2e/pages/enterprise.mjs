// The enterprise page (/enterprises/:id): readings against limits, charts with their data
// tables, the citation, and the follow and compare buttons.
import { PageObject, addressOf, langOf } from "./base.mjs";

const TEXTS = {
  zh: { outlets: "排放口与污染物", result: /与限值比较/, cite: "引用本页", compare: "加入比较", follow: "关注此企业", unfollow: "取消关注" },
  en: { outlets: "Outlets and pollutants", result: /Against the limit/, cite: "Cite this page", compare: "Add to comparison", follow: "Follow this enterprise", unfollow: "Unfollow" },
};

export class EnterprisePage extends PageObject {
  constructor(page, lang = "zh") {
    super(page, TEXTS, lang);
    this.outlets = page.getByRole("heading", { name: this.t.outlets });
    /** The table of readings, each compared with its limit. */
    this.readings = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: this.t.result }) });
    this.cite = page.getByRole("region", { name: this.t.cite });
    this.compareButton = page.getByRole("button", { name: this.t.compare });
    this.followButton = page.getByRole("button", { name: this.t.follow });
    this.unfollowButton = page.getByRole("button", { name: this.t.unfollow });
  }

  /** Opens /enterprises/`id` with `query`; the caller waits for the part it reads. */
  static async open(server, page, id, query = "") {
    await page.goto(addressOf(server, `enterprises/${id}${query}`));
    return new EnterprisePage(page, langOf(query));
  }

  /** The heading with the enterprise's name. */
  heading(name) {
    return this.page.getByRole("heading", { level: 1, name });
  }

  /** The readings row of a substance. */
  reading(substance) {
    return this.readings.getByRole("row").filter({ hasText: substance }).first();
  }

  /** A chart's canvas, by its accessible name. */
  chart(name) {
    return this.page.getByRole("img", { name });
  }

  /** Follows the enterprise and waits until the button says so. */
  async follow() {
    await this.followButton.click();
    await this.unfollowButton.waitFor();
  }
}
