// Debian's Chromium under playwright-core, for the browser tests and the benchmark: never a downloaded browser.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A headless browser with a fresh profile; close() also deletes the profile. */
export async function launch(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'sluice-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.SLUICE_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    bypassCSP: true, // only so that axe-core can be injected; the console itself runs under the gateway's policy
    viewport: { width: 1280, height: 860 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    ...options,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
