// Shared set-up for the browser tests: the real server on a free port with a fresh SQLite
// database and the demo data, Debian's Chromium driven by playwright-core, and axe-core.

import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '../..');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const screenshots = join(root, 'tests/e2e/screenshots');
export const DEMO_PASSWORD = 'touchstone-demo';

/**
 * Starts `touchstone --demo` and resolves when it prints its address. Pass the `dataDir` and
 * `listen` address of a stopped server to start it again on the same data and port, and `args`
 * for any further flags (a council's settings).
 */
export async function startServer({ dataDir, listen = '127.0.0.1:0', args = [] } = {}) {
  const bin = process.env.TOUCHSTONE_BIN ?? join(root, 'target/release/touchstone');
  dataDir ??= mkdtempSync(join(process.env.TMPDIR ?? tmpdir(), 'touchstone-e2e-'));
  const child = spawn(bin, [
    '--listen', listen, '--data-dir', dataDir, '--static-dir', join(root, 'dist'),
    '--demo', '--insecure-cookies', '--log', 'warn', ...args,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let url;
  url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${output}`)), 30_000);
    const read = (chunk) => {
      output += chunk;
      // The server logs warnings and errors only: show them, so a failure says what it saw.
      if (url !== undefined) process.stderr.write(`[server] ${chunk}`);
      const match = output.match(/running at (http:\/\/[\d.:]+)\//);
      if (match) { clearTimeout(timer); ok(match[1]); }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => fail(new Error(`server exited with ${code}:\n${output}`)));
  });
  const exited = new Promise((ok) => child.once('exit', ok));
  return {
    url,
    dataDir,
    listen: url.replace('http://', ''),
    /** Kills the process outright, as a crash or power cut would; the data stays. */
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  mkdirSync(screenshots, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A new page (its own cookies) that fails the test on any console error or CSP violation,
 * so a broken script or a blocked resource cannot pass unnoticed.
 */
export async function newPage(browser, baseURL, { expectNetworkErrors = false, ...options } = {}) {
  const context = await browser.newContext({ baseURL, ...options });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (msg) => {
    const text = msg.text();
    // A 401 from "who am I" before signing in is expected; the browser logs it as a failed load.
    // Tests that cut the network expect the browser to log the requests that fail.
    const expected = /status of 401/.test(text)
      || (expectNetworkErrors && /net::ERR_|Failed to fetch|status of 50[23]/.test(text));
    if (msg.type() === 'error' && !expected) page.problems.push(text);
  });
  page.on('pageerror', (err) => page.problems.push(String(err)));
  // The app's code still on its way (a lazy page, the sync engine after the first paint). A test
  // that opens another address before it has come makes the browser cancel it, which the page
  // logs as "Failed to fetch": `codeArrived` waits for it first.
  const loading = new Set();
  const code = (request) => /\.(wasm|js)$/.test(new URL(request.url()).pathname);
  page.on('request', (r) => code(r) && loading.add(r));
  page.on('requestfinished', (r) => loading.delete(r));
  page.codeFailures = [];
  page.on('requestfailed', (r) => {
    if (loading.delete(r)) page.codeFailures.push(`${new URL(r.url()).pathname} ${r.failure()?.errorText} (on ${new URL(page.url()).pathname})`);
  });
  page.codeArrived = async () => {
    for (let tries = 0; loading.size > 0 && tries < 100; tries += 1) await page.waitForTimeout(50);
    assert.equal(loading.size, 0, `the app's code is still arriving: ${[...loading].map((r) => r.url()).join(', ')}`);
  };
  // What the page asked the API and what came of it, told when a wait times out, so a failure on
  // another machine says what the app was doing rather than only that it waited.
  page.trail = [];
  const note = (line) => {
    page.trail.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
    if (page.trail.length > 40) page.trail.shift();
  };
  const api = (request) => new URL(request.url()).pathname.startsWith('/api/');
  page.on('request', (r) => api(r) && note(`-> ${r.method()} ${r.url()}`));
  page.on('requestfinished', async (r) => {
    // The page may close while this is asked (the test is over): no answer then, and no error.
    if (api(r)) note(`<- ${await r.response().then((x) => x?.status(), () => 'closed')} ${r.method()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => api(r) && note(`xx ${r.method()} ${r.url()} ${r.failure()?.errorText}`));
  page.on('console', (msg) => note(`console.${msg.type()}: ${msg.text()}`));
  // Offline, a full load opens the person's encrypted copy only with their password: the page
  // types it, as its person would, after every load with no network (`autoUnlock`: true to do
  // it online too, as when the server is gone; false never, to test the lock itself).
  page.offline = false;
  const setOffline = context.setOffline.bind(context);
  context.setOffline = async (offline) => {
    page.offline = offline;
    return setOffline(offline);
  };
  for (const name of ['goto', 'reload']) {
    const load = page[name].bind(page);
    page[name] = async (...args) => {
      const response = await load(...args);
      if (page.autoUnlock ?? page.offline) await unlockIfLocked(page);
      return response;
    };
  }
  return page;
}

/**
 * Unlocks the person's copy with `password` if the page asks for it (offline after a load);
 * returns whether it did. A locked copy shows the unlock form and its sync tag stays "Opening".
 */
export async function unlockIfLocked(page, password = page.password ?? DEMO_PASSWORD) {
  await page.waitForFunction(() => {
    const tag = document.querySelector('[data-testid="sync-tag"]')?.textContent.trim();
    return document.querySelector('#unlock-password') || (tag && tag !== 'Opening');
  }, null, { timeout: 20_000 }).catch(() => {});
  const field = page.locator('#unlock-password');
  if (!await field.isVisible()) return false;
  await field.fill(password);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await page.waitForFunction(
    () => !document.querySelector('main.ts-locked') && !document.querySelector('#unlock-password'),
    null,
    { timeout: 20_000 },
  );
  return true;
}

/** Runs axe-core for WCAG 2.0, 2.1 and 2.2 A and AA; returns the violations, described. */
export async function axeViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] },
  }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/**
 * Every page a test visits goes through this: it is screenshotted, must pass axe-core and must
 * have logged no errors.
 */
export async function check(page, name) {
  await page.waitForSelector('main h1');
  await screenshot(page, name);
  assert.deepEqual(await axeViolations(page), [], `axe violations on ${name}`);
  assert.deepEqual(page.problems, [], `console errors on ${name}`);
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

export async function signIn(page, email, password = DEMO_PASSWORD) {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A session cookie for `email` (a demo account), signed in through the API without a browser. */
export async function sessionCookie(base, email, password = DEMO_PASSWORD) {
  const response = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`signing in ${email}: ${response.status}`);
  return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

/** Waits until this page is controlled by the service worker (so it can open offline). */
export async function waitForServiceWorker(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true }));
    }
  });
}

/** A fresh device (its own browser context) signed in as `email`, with the service worker in
 * control and its first sync done. */
export async function device(browser, baseURL, email) {
  const page = await newPage(browser, baseURL, { expectNetworkErrors: true });
  await signIn(page, email);
  await page.waitForSelector('h1:has-text("Hello")');
  await waitForServiceWorker(page);
  await waitForSyncTag(page, 'Synced');
  return page;
}

/** Waits for the sync tag to read `text`. */
export async function waitForSyncTag(page, text, timeout = 45_000) {
  try {
    await page.waitForFunction(
      (expected) => document.querySelector('[data-testid="sync-tag"]')?.textContent.trim() === expected,
      text,
      { timeout },
    );
  } catch (error) {
    const status = await page.locator('.ts-sync').textContent().catch(() => '(no status bar)');
    const online = await page.evaluate(() => navigator.onLine).catch(() => '?');
    throw new Error(`the sync tag did not read "${text}" within ${timeout} ms.\n`
      + `status bar: ${status?.trim()}\nnavigator.onLine: ${online}\n`
      + `recent API traffic:\n  ${(page.trail ?? []).join('\n  ')}`, { cause: error });
  }
}

/** Every note the server holds for the signed-in user of `request`, via the API. */
export async function serverNotes(request) {
  const response = await request.get('/api/sync/pull?cursor=0');
  if (!response.ok()) throw new Error(`pull failed: ${response.status()}`);
  const body = await response.json();
  return body.changes.map((c) => c.record).filter((r) => r.entity === 'note');
}

/**
 * What every test file shares: one server on fresh demo data and one browser, started before
 * its tests and closed after. Call once at the top of the file; `args` are further server flags.
 */
export function serverAndBrowser({ args } = {}) {
  const world = {
    server: undefined,
    browser: undefined,
    /** A fresh page (its own browser context) on the server. */
    page(options) {
      return newPage(world.browser, world.server.url, options);
    },
    /** A fresh device signed in as `email`, its first sync done. */
    device(email) {
      return device(world.browser, world.server.url, email);
    },
  };
  before(async () => {
    world.server = await startServer({ args });
    world.browser = await launchBrowser();
  });
  after(async () => {
    await world.browser?.close();
    await world.server?.stop();
  });
  return world;
}
