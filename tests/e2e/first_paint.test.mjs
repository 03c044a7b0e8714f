// Sign-in and home are drawn by the server into the HTML (server/src/first_paint.rs), so a phone
// shows them before the app's WASM arrives; the app then draws the same page and takes over
// (app/boot.js). These tests hold the WASM back to look at the page in between.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { serverAndBrowser, signIn } from './harness.mjs';

const world = serverAndBrowser();
const MAIN_WASM = /\/touchstone_bg-[0-9a-f]+\.wasm$/;
const ENGINE = /\/split_sync_engine\.wasm$/;

/** The page's markup as a tree, without what differs by design: comments, how text is split
 * into nodes, scripts, the server copy's marker, disabled buttons and test ids. */
function shape() {
  const ignored = new Set(['data-first-paint', 'disabled', 'data-testid']);
  const walk = (element) => {
    const kids = [];
    let text = '';
    const flush = () => {
      const t = text.replace(/\s+/g, ' ').trim();
      if (t) kids.push(t);
      text = '';
    };
    for (const node of element.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) text += node.textContent;
      else if (node.nodeType === Node.ELEMENT_NODE && !['SCRIPT', 'NOSCRIPT'].includes(node.tagName)) {
        flush();
        kids.push(walk(node));
      }
    }
    flush();
    const attrs = [...element.attributes].filter((a) => !ignored.has(a.name)).map((a) => `${a.name}=${a.value}`).sort();
    return { tag: element.tagName.toLowerCase(), attrs, kids };
  };
  return walk(document.body);
}

/** A page whose main WASM waits until `release()`, and its sync engine until `releaseEngine()`. */
async function heldPage(options = {}) {
  const page = await world.page({ serviceWorkers: 'block', ...options });
  const hold = async (pattern) => {
    let release;
    const held = new Promise((ok) => { release = ok; });
    await page.route(pattern, async (route) => { await held; await route.continue(); });
    return release;
  };
  page.release = await hold(MAIN_WASM);
  page.releaseEngine = await hold(ENGINE);
  return page;
}

/** Waits for the served page as the browser paints it: with its stylesheet, which is render
 * blocking, though the page's layout can be read before it is in. */
const servedPage = async (page) => {
  await page.waitForSelector('main h1');
  await page.waitForFunction(() => document.querySelector('link[rel="stylesheet"]')?.sheet);
};

const takenOver = (page) => page.waitForFunction(() => !document.querySelector('[data-first-paint]')
  && document.querySelector('main h1'));

describe('the first paint', () => {
  test('sign-in shows before the app arrives, the same page the app draws', async () => {
    const page = await heldPage();
    await page.goto('/sign-in', { waitUntil: 'commit' });
    await servedPage(page);
    assert.equal((await page.locator('main h1').textContent()).trim(), 'Sign in to Touchstone');
    assert.equal(await page.getByText('Loading Touchstone').count(), 0, 'no loading message');
    assert.ok(await page.getByRole('button', { name: 'Sign in' }).isDisabled(), 'not sent before the app is there');
    const served = await page.evaluate(shape);
    const heading = await page.locator('main h1').boundingBox();

    // Typed before the app arrives: kept, with the focus, when it takes over.
    await page.locator('#email').fill('practitioner@touchstone.example');
    page.release();
    await takenOver(page);
    assert.deepEqual(await page.evaluate(shape), served, 'the app draws what the server drew');
    assert.deepEqual(await page.locator('main h1').boundingBox(), heading, 'nothing moved');
    assert.equal(await page.locator('#email').count(), 1);
    assert.equal(await page.locator('#email').inputValue(), 'practitioner@touchstone.example');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'email');

    // The app has what was typed: signing in needs only the password now.
    page.releaseEngine();
    await page.locator('#password').fill('touchstone-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('h1:has-text("Hello")');
    assert.deepEqual(page.problems, []);
  });

  test('home shows the signed-in person before the app arrives, and the app starts as them', async () => {
    const signedIn = await world.page();
    await signIn(signedIn, 'practitioner@touchstone.example');
    await signedIn.waitForSelector('h1:has-text("Hello")');
    const cookies = await signedIn.context().cookies();

    // Without scripts at all the server's page is what shows.
    const still = await world.page({ javaScriptEnabled: false });
    await still.context().addCookies(cookies);
    const response = await still.goto('/');
    assert.equal(response.headers()['cache-control'], 'no-store', 'a personal page is never cached');
    assert.equal((await still.locator('main h1').textContent()).trim(), 'Hello, Priya Shah');
    assert.ok(await still.getByRole('link', { name: 'My practice' }).first().isVisible());
    assert.ok(await still.getByRole('button', { name: 'Sign out' }).isDisabled());

    const page = await heldPage();
    await page.context().addCookies(cookies);
    await page.goto('/', { waitUntil: 'commit' });
    await servedPage(page);
    const served = await page.evaluate(shape);
    // The app is handed the account and needs no answer from the server to draw home: the
    // server is not asked who this is until after the app's first paint.
    let asked = false;
    page.on('request', (r) => { if (r.url().endsWith('/api/auth/me')) asked = true; });
    // Someone tabbing through the page meanwhile keeps their place: on the skip link, which has
    // no id to find it by.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to main content');
    const shown = await page.locator('main h1').boundingBox(); // below the skip link, now shown
    page.release();
    await takenOver(page);
    assert.deepEqual(await page.evaluate(shape), served, 'the app draws what the server drew');
    assert.deepEqual(await page.locator('main h1').boundingBox(), shown, 'nothing moved');
    assert.deepEqual(await page.evaluate(() => [document.activeElement.textContent, document.activeElement.isConnected]),
      ['Skip to main content', true], 'the focus is on the app\'s skip link');
    assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem('touchstone.user')).display_name), 'Priya Shah');
    page.releaseEngine();
    await page.waitForFunction(() => document.querySelector('[data-testid="sync-tag"]')?.textContent.trim() === 'Synced');
    assert.ok(asked, 'the session is still checked after the first paint');
    assert.deepEqual(page.problems, []);

    // Signed out, home is not drawn: the app sends the person to sign-in.
    await page.context().clearCookies();
    const out = await page.goto('/');
    assert.doesNotMatch(await out.text(), /Hello,/);
  });
});
