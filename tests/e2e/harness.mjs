// Shared set-up for the browser tests: the real server on a free port with a fresh SQLite
// database and the demo data, Debian's Chromium driven by playwright-core, and axe-core.

import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '../..');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const screenshots = join(root, 'tests/e2e/screenshots');
export const DEMO_PASSWORD = 'touchstone-demo';

/** Starts `touchstone --demo` and resolves when it prints its address. */
export async function startServer() {
  const bin = process.env.TOUCHSTONE_BIN ?? join(root, 'target/release/touchstone');
  const dataDir = mkdtempSync(join(process.env.TMPDIR ?? tmpdir(), 'touchstone-e2e-'));
  const child = spawn(bin, [
    '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--static-dir', join(root, 'dist'),
    '--demo', '--insecure-cookies', '--log', 'warn',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${output}`)), 30_000);
    const read = (chunk) => {
      output += chunk;
      const match = output.match(/running at (http:\/\/[\d.:]+)\//);
      if (match) { clearTimeout(timer); ok(match[1]); }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => fail(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((ok) => child.once('exit', ok));
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
export async function newPage(browser, baseURL, options = {}) {
  const context = await browser.newContext({ baseURL, ...options });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (msg) => {
    // A 401 from "who am I" before signing in is expected; the browser logs it as a failed load.
    if (msg.type() === 'error' && !/status of 401/.test(msg.text())) page.problems.push(msg.text());
  });
  page.on('pageerror', (err) => page.problems.push(String(err)));
  return page;
}

/** Runs axe-core for WCAG 2.0, 2.1 and 2.2 A and AA; returns the violations, described. */
export async function axeViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] },
  }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
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
