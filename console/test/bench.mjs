// The console's benchmark: the built bundle's size (raw and gzip) and the time from a keystroke in the editor to its
// error underline being right (debounce + POST /statements:validate + rendering), in Debian's Chromium.
// Against SLUICE_URL / SLUICE_ADMIN_TOKEN when set; else it starts a gateway of its own (../sluice start on free
// ports in a temporary data directory) and stops it afterwards. Markdown on stdout. Run: benchmarks/run console
import { readdirSync, readFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { launch } from './chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const rounds = Number(process.env.SLUICE_BENCH_ROUNDS || 20);

function bundle() {
  const assets = join(here, '..', 'dist', 'assets');
  return readdirSync(assets)
    .filter((f) => /\.(js|css)$/.test(f))
    .map((f) => {
      const bytes = readFileSync(join(assets, f));
      return { file: f, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    });
}

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function startGateway() {
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-console-bench-'));
  const [api, flink] = [await freePort(), await freePort()];
  const gateway = spawn(
    join(here, '..', '..', 'sluice'),
    ['start', '--data-dir', dataDir, '--api-port', String(api), '--flink-port', String(flink)],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const url = `http://127.0.0.1:${api}`;
  for (let i = 0; i < 600; i++) {
    const ready = await fetch(`${url}/api/v1/openapi.json`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready && existsSync(join(dataDir, 'admin.token'))) {
      return {
        url,
        token: readFileSync(join(dataDir, 'admin.token'), 'utf8').trim(),
        stop: async () => {
          gateway.kill('SIGTERM');
          await new Promise((r) => gateway.once('exit', r));
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  gateway.kill('SIGKILL');
  throw new Error('the gateway did not start within 5 minutes');
}

const SCRIPT = `CREATE TEMPORARY TABLE clicks (user_id INT, url STRING, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen');
SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, user_i`;

/**
 * Keystroke to underline: the time from a key going down to the editor's error underline (CodeMirror's
 * .cm-lintRange-error) being as the new text asks, gone after 'd' (user_id: valid) and back after Backspace (user_i:
 * unknown). Measured in the page's own clock: a MutationObserver on the editor notes when the underline last changed.
 * The console asks for errors first (?lints=false) and for the lints after; "call" is the first validation call the
 * keystroke made (the errors). A keystroke whose underline is not right within the wait counts as missed (it is
 * reported) instead of ending the run: under load a late answer is a result, not a failure of the benchmark.
 */
async function feedbackLatency(url, token) {
  const { context, close } = await launch();
  try {
    const page = context.pages()[0] || (await context.newPage());
    await page.goto(url);
    await page.getByLabel('Token').fill(token);
    await page.keyboard.press('Enter');
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(SCRIPT);
    await page.locator('.cm-lintRange-error').first().waitFor({ timeout: 60000 });
    await page.evaluate(() => {
      document.addEventListener(
        'keydown',
        () => {
          window.keyAt = performance.now();
          window.underlineAt = undefined;
        },
        true,
      );
      const underlined = () => document.querySelector('.cm-lintRange-error') !== null;
      window.underlinedNow = underlined();
      new MutationObserver(() => {
        if (underlined() !== window.underlinedNow) {
          window.underlinedNow = underlined();
          window.underlineAt = performance.now();
        }
      }).observe(document.querySelector('.cm-content'), { subtree: true, childList: true, attributes: true });
      performance.setResourceTimingBufferSize(100000);
    });
    const samples = [];
    let missed = 0;
    for (let i = 0; i < rounds + 2; i++) {
      const invalid = i % 2 === 1; // user_i -> user_id -> user_i: valid, invalid, valid...
      await page.keyboard.press(invalid ? 'Backspace' : 'd');
      try {
        const sample = await (
          await page.waitForFunction(
            (expected) => {
              if (window.underlinedNow !== expected || window.underlineAt === undefined) return false;
              const call = performance
                .getEntriesByType('resource')
                .find((e) => e.name.includes('/statements:validate') && e.startTime > window.keyAt);
              return (
                call &&
                call.responseEnd > 0 && {
                  total: window.underlineAt - window.keyAt,
                  debounce: call.startTime - window.keyAt,
                  call: call.responseEnd - call.startTime,
                  render: window.underlineAt - call.responseEnd,
                }
              );
            },
            invalid,
            { timeout: 30000 },
          )
        ).jsonValue();
        if (i >= 2) samples.push(sample); // the first two warm the validator up
      } catch (error) {
        if (!/Timeout/i.test(String(error))) throw error;
        if (i >= 2) {
          missed++;
          samples.push({ total: Infinity }); // counted in the percentiles as slower than any measured
        }
        // Start the next keystroke from the text as typed, with its underline as it is now.
      }
      await page.waitForTimeout(300);
    }
    return { samples, missed };
  } finally {
    await close();
  }
}

/**
 * The baseline beside it: the same two scripts posted to /statements:validate straight from Node, one after the other
 * with the same pause, i.e. the gateway's share of the feedback without the browser and the debounce.
 */
async function directCalls(url, token) {
  const samples = [];
  for (let i = 0; i < rounds + 2; i++) {
    const sql = i % 2 === 0 ? `${SCRIPT}d` : SCRIPT; // as typed in the browser: user_id, user_i, user_id...
    const started = performance.now();
    const response = await fetch(`${url}/api/v1/statements:validate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ sql }),
    });
    await response.json();
    if (i >= 2) samples.push({ direct: performance.now() - started });
    await new Promise((r) => setTimeout(r, 300));
  }
  return samples;
}

const sizes = bundle();
const own = process.env.SLUICE_URL ? null : await startGateway();
const url = process.env.SLUICE_URL || own.url;
const token = process.env.SLUICE_ADMIN_TOKEN || own.token;
let samples;
let missed;
try {
  const browser = await feedbackLatency(url, token);
  const direct = await directCalls(url, token);
  missed = browser.missed;
  samples = browser.samples.map((sample, i) => ({ ...sample, ...direct[i] }));
} finally {
  if (own) await own.stop();
}
const at = (part, q) => {
  const sorted = samples
    .map((sample) => sample[part])
    .filter((value) => value !== undefined)
    .sort((a, b) => a - b);
  if (sorted.length === 0) return '—';
  const value = sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return Number.isFinite(value) ? value.toFixed(0) : '> 30000';
};
const kib = (n) => (n / 1024).toFixed(1);
console.log('| asset | raw KiB | gzip KiB |\n|---|---|---|');
for (const s of sizes) console.log(`| ${s.file.replace(/-[\w-]{8}\./, '.')} | ${kib(s.raw)} | ${kib(s.gzip)} |`);
console.log(
  `\nKeystroke to underline, ${samples.length} keystrokes` +
    (missed ? ` (${missed} of them not right within 30 s, counted as slower than any)` : '') +
    ' (targets: feedback < 300 ms, issue 8; underline p90 <= 150 ms under load, issue 19):\n',
);
console.log('| part | median ms | p90 ms | max ms |\n|---|---|---|---|');
for (const [part, what] of [
  ['debounce', 'keystroke to request (debounce)'],
  ['call', 'POST /statements:validate'],
  ['render', 'answer to underline'],
  ['total', '**keystroke to underline**'],
  ['direct', 'baseline: the same call from Node, no browser'],
]) {
  console.log(`| ${what} | ${at(part, 0.5)} | ${at(part, 0.9)} | ${at(part, 1)} |`);
}
