// What every page object shares: the Playwright page, the language its texts are in, how a page
// is opened on the service the test runs against, and waiting for its URL.
import assert from "node:assert/strict";

/** The address of `path` ("report?lang=en") on the service `server` (anything with its `url`). */
export function addressOf(server, path) {
  return new URL(path, server.url).href;
}

/** The language a path's query asks for ("en" with lang=en, else "zh", the default). */
export function langOf(path) {
  return /[?&]lang=en(&|$)/.test(path) ? "en" : "zh";
}

export class PageObject {
  /** `texts` maps each language to this page's names and labels. */
  constructor(page, texts, lang = "zh") {
    this.page = page;
    this.lang = lang;
    this.t = texts[lang];
  }

  /**
   * Opens `path` on the service `server` (the context from useE2E, or a server from startServer)
   * and waits for `ready` there.
   */
  async visit(server, path, ready) {
    await this.page.goto(addressOf(server, path));
    await ready.waitFor();
    return this;
  }

  /** Waits until the URL matches `re` (same-document navigations fire no load event). */
  async urlMatches(re, timeout = 30000) {
    await this.page.waitForFunction(([source, flags]) => new RegExp(source, flags).test(location.href), [re.source, re.flags], { timeout });
    assert.match(this.page.url(), re);
  }
}
