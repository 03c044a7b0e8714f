// Every page's code is a chunk fetched when the page is first opened. The service worker keeps
// every chunk, so after one online visit every route opens offline; and a chunk that cannot be
// fetched says so, with a way to try again, instead of ending the app.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, signIn } from './harness.mjs';

const world = serverAndBrowser();
const NOT_LOADED = 'This page could not be loaded';
const SOME_ID = '00000000-0000-7000-8000-000000000000';

// Every route in app/src/routes/mod.rs, with made-up ids where a route takes one.
const ROUTES = [
  '/', '/sign-out', '/account', '/notes', '/notes/new', `/notes/${SOME_ID}`, '/sync',
  '/assessments', '/assessments/new', `/assessments/${SOME_ID}`,
  `/assessments/${SOME_ID}/domains/wellbeing`, `/assessments/${SOME_ID}/check`,
  `/assessments/${SOME_ID}/cpd`, '/team/shared', '/case-audits', '/case-audits/new',
  `/case-audits/${SOME_ID}`, '/guidance/confidence', '/results', '/results/compare',
  '/templates', '/templates/upload', `/templates/${SOME_ID}`, `/templates/${SOME_ID}/preview`,
  '/practice', '/team', '/find', '/shortlists', `/shortlists/${SOME_ID}`, '/risk', '/risk/new',
  `/risk/${SOME_ID}`, `/risk/${SOME_ID}/plan`, '/directory', '/workforce', '/admin', '/admin/users', '/admin/users/new',
  `/admin/users/${SOME_ID}`, '/admin/teams', '/admin/audit', `/admin/teams/${SOME_ID}`, '/no/such/page',
];

/** The page's main heading, once its code has run. */
async function heading(page) {
  await page.waitForSelector('main h1', { timeout: 15_000 });
  return (await page.locator('main h1').first().textContent()).trim();
}

describe('Pages load as chunks', () => {
  test('after one online visit to the home page, every route opens offline', async () => {
    const page = await world.page({ expectNetworkErrors: true });
    await signIn(page, 'manager.east@touchstone.example');
    await page.waitForSelector('h1:has-text("Hello")');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true }));
      }
    });
    const chunksRequested = new Set();
    page.on('request', (r) => { if (/\/chunks-[0-9a-f]+\//.test(r.url())) chunksRequested.add(r.url()); });
    await page.context().setOffline(true);
    for (const route of ROUTES) {
      await page.goto(route);
      const text = await heading(page);
      assert.notEqual(text, NOT_LOADED, `${route} could not load its code offline`);
    }
    assert.ok(chunksRequested.size > 0, 'the pages fetched chunks (served by the service worker)');
    assert.deepEqual(page.problems, [], 'no errors while visiting every route offline');
  });

  test('a chunk that cannot be fetched shows a clear message, and trying again works', async () => {
    // No service worker, so the page's own fetches can be refused.
    const page = await world.page({ serviceWorkers: 'block', expectNetworkErrors: true });
    await signIn(page, 'practitioner@touchstone.example');
    try {
      await page.waitForSelector('h1:has-text("Hello")', { timeout: 15_000 });
    } catch (error) {
      // Seen once in about ten runs; say what the page was doing if it happens again.
      throw new Error(`no home page after signing in, at ${page.url()}: `
        + `${JSON.stringify(page.problems)}\n  ${page.trail.join('\n  ')}`, { cause: error });
    }
    const refuse = (route) => route.abort('internetdisconnected');
    await page.route(/\/split_notes\.wasm$/, refuse);
    await page.getByRole('link', { name: 'My notes' }).click();
    await page.waitForSelector(`main h1:has-text("${NOT_LOADED}")`);
    await page.getByText('You may be offline').waitFor();
    // The app is still running: the navigation works.
    await page.getByRole('link', { name: 'Home' }).click();
    await page.waitForSelector('h1:has-text("Hello")');

    await page.getByRole('link', { name: 'My notes' }).click();
    await page.waitForSelector(`main h1:has-text("${NOT_LOADED}")`);

    await page.unroute(/\/split_notes\.wasm$/, refuse);
    await page.getByRole('link', { name: 'Try again' }).click();
    await page.waitForSelector('main h1:has-text("My notes")');
    // Chromium logs the refused fetch, and wasm-split's loader logs why; nothing else.
    const others = page.problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|TypeError/.test(p));
    assert.deepEqual(others, []);
  });

  test("the sync bar holds its place while the sync engine's code is on its way", async () => {
    // On opening the app the engine is fetched after the first paint; until it arrives the bar
    // says so, rather than appearing later and pushing the page down. (Signing in itself waits
    // for it: the password opens the device's copy before the first page shows.)
    const page = await world.page({ serviceWorkers: 'block' });
    await signIn(page, 'practitioner@touchstone.example');
    await page.waitForFunction(() => document.querySelector('[data-testid="sync-tag"]')?.textContent.trim() === 'Synced');
    let release;
    const held = new Promise((ok) => { release = ok; });
    const engine = /\/split_sync_engine\.wasm$/;
    await page.route(engine, async (route) => { await held; await route.continue(); });
    await page.reload();
    await page.waitForSelector('h1:has-text("Hello")');
    const bar = page.locator('.ts-sync');
    assert.equal((await page.getByTestId('sync-tag').textContent()).trim(), 'Opening');
    assert.match(await bar.textContent(), /Opening what this device keeps/);
    assert.ok(await page.getByRole('button', { name: 'Sync now' }).isDisabled(), 'nothing to sync yet');
    const before = await page.locator('main h1').boundingBox();
    release();
    await page.waitForFunction(() => document.querySelector('[data-testid="sync-tag"]')?.textContent.trim() === 'Synced');
    const after = await page.locator('main h1').boundingBox();
    assert.equal(after.y, before.y, 'the heading did not move when the engine arrived');
    await page.unroute(engine);
  });
});
