/**
 * Opens a generated report in headless Chromium (Debian's `chromium` package) the way a
 * person would, waits until every chart is drawn, and saves a screenshot. Used by the browser
 * test and for the README's picture. playwright-core is a dev dependency, so it is loaded only
 * when one of these functions runs.
 */
import { access, constants } from 'node:fs/promises';
import { ensureDirectory } from '../paths.js';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';

/** Where Chromium is looked for: `ROWMETER_CHROMIUM`, else Debian's package. */
export const CHROMIUM_PATH = process.env['ROWMETER_CHROMIUM'] ?? '/usr/bin/chromium';

/** Headless, sandbox off (containers run as root), and nothing that would phone home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts headless Chromium; fails with what to install when it is missing. */
export async function launchChromium(executablePath: string = CHROMIUM_PATH): Promise<Browser> {
  try {
    await access(executablePath, constants.X_OK);
  } catch {
    throw new Error(
      `Chromium not found at ${executablePath}: install Debian's package (apt-get install -y chromium) or set ROWMETER_CHROMIUM to a Chromium binary`,
    );
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/**
 * Waits until the page script has tried every chart, then says how it went: `rendered`, or
 * `failed` when a chart could not be drawn (its box then holds the reason).
 */
export async function waitForReport(page: Page, timeoutMs = 60_000): Promise<'rendered' | 'failed'> {
  await page.waitForSelector('html[data-report]', { state: 'attached', timeout: timeoutMs });
  const state = await page.getAttribute('html', 'data-report');
  return state === 'rendered' ? 'rendered' : 'failed';
}

/** The `file://` URL of a report on disk. */
export function reportUrl(htmlPath: string): string {
  return pathToFileURL(resolve(htmlPath)).href;
}

export interface ScreenshotOptions {
  /** Viewport width in CSS pixels (default 1280). */
  width?: number;
  /** Viewport height in CSS pixels (default 900); with `fullPage` only the starting size. */
  height?: number;
  /** The whole page rather than the first screenful (default true). */
  fullPage?: boolean;
  /** Only this element, e.g. `#memory` for one view. */
  selector?: string;
  /** Device pixel ratio (default 1; 2 for a sharper picture). */
  scale?: number;
}

/**
 * Saves a PNG of a generated report after every chart is drawn. Throws when a chart failed,
 * so a broken report never becomes a picture.
 */
export async function screenshotReport(htmlPath: string, pngPath: string, options: ScreenshotOptions = {}): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({
      viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
      deviceScaleFactor: options.scale ?? 1,
    });
    await page.goto(reportUrl(htmlPath));
    const state = await waitForReport(page);
    if (state !== 'rendered') throw new Error(`${htmlPath}: a chart could not be drawn; see the page's console`);
    await ensureDirectory(dirname(resolve(pngPath)));
    if (options.selector !== undefined) {
      await page.locator(options.selector).screenshot({ path: pngPath });
    } else {
      await page.screenshot({ path: pngPath, fullPage: options.fullPage ?? true });
    }
  } finally {
    await browser.close();
  }
}
