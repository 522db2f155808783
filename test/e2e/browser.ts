import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Screenshots for people to look at (gitignored). */
export const ARTIFACTS = path.join(
  path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url)))),
  "test-artifacts",
  "e2e",
);

/** The little of the DOM the page-side predicates use (the project's TypeScript has no DOM library). */
interface DomLike {
  images: Iterable<{ complete: boolean; loading: string }>;
  querySelector(s: string): {
    getAttribute(n: string): string | null;
    shadowRoot: { querySelectorAll(s: string): Iterable<{ complete: boolean; loading: string }> } | null;
  } | null;
}

export const PHONE = { width: 360, height: 760 };
export const DESKTOP = { width: 1280, height: 860 };

export interface Session {
  browser: Browser;
  close(): Promise<void>;
  /** A fresh context (own storage) and page; console errors and page errors are collected. */
  page(viewport?: {
    width: number;
    height: number;
  }): Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
}

/**
 * Debian's chromium, headless, with everything that would phone home turned
 * off (the test network refuses those connections and Chromium would log them
 * as errors) and a throwaway profile.
 */
export async function launch(): Promise<Session> {
  const profile = mkdtempSync(path.join(tmpdir(), "e2e-chromium-"));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    // Playwright gives every launch a fresh profile directory of its own (it refuses --user-data-dir here).
    env: { ...process.env, TMPDIR: profile },
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
    async page(viewport = DESKTOP) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("console", (m: ConsoleMessage) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(String(e)));
      return { context, page, errors };
    },
  };
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  // Wait for every image (the widget's included; lazy ones off screen may never load), so the picture shows what a shopper sees.
  // A function, not a string: the pages' CSP has no 'unsafe-eval', which a string predicate needs.
  await page.waitForFunction(() => {
    const doc = (globalThis as unknown as { document: DomLike }).document;
    const inWidget = doc.querySelector("shop-chat")?.shadowRoot?.querySelectorAll("img") ?? [];
    return [...doc.images, ...inWidget].every((i) => i.complete || i.loading === "lazy");
  });
  await page.screenshot({ path: file, fullPage });
  return file;
}

/** The chat widget's parts, inside its shadow root (Playwright's CSS locators pierce open shadow roots). */
export function widget(page: Page) {
  const root = page.locator("shop-chat");
  return {
    root,
    input: root.getByRole("textbox", { name: "Message" }),
    send: root.getByRole("button", { name: "Send" }),
    log: root.getByRole("log"),
    /** The newest reply of the shop. */
    replies: root.locator("[data-kind=reply]"),
    lastReply: root.locator("[data-kind=reply]").last(),
    async say(text: string) {
      const replies = await this.replies.count();
      await this.input.fill(text);
      await this.send.click();
      await this.waitForReply(replies);
    },
    async press(name: string | RegExp) {
      const replies = await this.replies.count();
      await this.lastReply.getByRole("button", { name }).first().click();
      await this.waitForReply(replies);
    },
    /** Search, ask for "the first one" and get the variant question: its first option button. */
    async askForVariant() {
      await this.say("find a blue dress");
      await this.say("add the first one");
      return this.lastReply.getByRole("group", { name: "Options" }).getByRole("button").first();
    },
    async waitForReply(before: number) {
      await this.replies.nth(before).waitFor();
      await page.waitForFunction(
        () =>
          (globalThis as unknown as { document: DomLike }).document
            .querySelector("shop-chat")
            ?.getAttribute("aria-busy") === "false",
      );
    },
  };
}
