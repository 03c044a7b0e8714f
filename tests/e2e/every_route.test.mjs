// Every route, not only those the journeys pass: axe-core finds nothing on a 320 px phone or on a
// desktop, and on a 360 × 740 phone the page's heading and its first action are on the first
// screen (the navigation folds behind "Menu" and the sync state is one line).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, serverAndBrowser, signIn, screenshot } from './harness.mjs';

const world = serverAndBrowser();
const SOME_ID = '00000000-0000-7000-8000-000000000000';

// Each route with someone who may open it, so that axe sees the page itself and not only
// "you cannot see this page". Ids are made up where a route takes one ("not on this device").
const AS = {
  'manager.east@touchstone.example': [
    '/', '/sign-out', '/account', '/notes', '/notes/new', `/notes/${SOME_ID}`, '/sync', '/assessments',
    '/assessments/new', `/assessments/${SOME_ID}`, `/assessments/${SOME_ID}/domains/wellbeing`,
    `/assessments/${SOME_ID}/check`, `/assessments/${SOME_ID}/cpd`, '/team/shared', '/case-audits',
    '/case-audits/new', `/case-audits/${SOME_ID}`, '/guidance/confidence', '/practice', '/team',
    '/find', '/find?search=walk&open=today', '/find?search=walk&near=Keighley', '/find?search=walk&near=BD21%200CC', '/find?search=zzzz&free=1', '/find?age=old',
    '/shortlists', `/shortlists/${SOME_ID}`, `/shortlists/${SOME_ID}/print`,
    '/risk', '/risk/new', `/risk/${SOME_ID}`, `/risk/${SOME_ID}/conversation`, `/risk/${SOME_ID}/capacity`,
    `/risk/${SOME_ID}/check`, `/risk/${SOME_ID}/review`, `/risk/${SOME_ID}/print`, `/risk/${SOME_ID}/panel`,
    `/risk/${SOME_ID}/text`, `/risk/${SOME_ID}/history`,
    '/no/such/page',
  ],
  'workforce@touchstone.example': [
    '/workforce', '/results', '/results/compare', '/templates', '/templates/upload',
    `/templates/${SOME_ID}`, `/templates/${SOME_ID}/preview`,
  ],
  'commissioner@touchstone.example': [
    '/directory', '/directory/review', '/directory/reports', '/directory/unmet', '/directory/services/new',
    `/directory/services/${SOME_ID}`, `/directory/services/${SOME_ID}/edit`, `/directory/services/${SOME_ID}/report`,
    '/directory/organisations', '/directory/organisations/new', `/directory/organisations/${SOME_ID}`,
    '/directory/places', '/directory/places/new', `/directory/places/${SOME_ID}`, '/directory/import',
    '/directory/postcodes',
  ],
  'admin@touchstone.example': [
    '/admin', '/admin/users', '/admin/users/new', `/admin/users/${SOME_ID}`, '/admin/teams', '/admin/audit',
    `/admin/teams/${SOME_ID}`,
  ],
};
const WIDTHS = [{ width: 320, height: 640 }, { width: 1280, height: 900 }];
const PHONE = { width: 360, height: 740 };

/** Opens `route` and waits for its heading and for the lazy page's code. */
async function open(page, route) {
  await page.goto(route);
  try {
    await page.waitForSelector('main h1', { timeout: 15_000 });
    // A record page shows "Loading…" before it knows the record is not on this device.
    await page.waitForFunction(() => !/^Loading/.test(document.querySelector('main h1')?.textContent ?? ''));
  } catch (error) {
    await screenshot(page, `no-heading${route.replaceAll('/', '_')}`);
    // The sync bar says whether the device's store opened, and the failed code fetches which chunk never came.
    const status = await page.locator('.ts-sync').textContent().catch(() => '(no sync bar)');
    throw new Error(`${route} shows no page heading: ${(await page.locator('main').textContent()).trim().slice(0, 200)}`
      + ` (sync bar: ${status.trim()}; code that failed: ${page.codeFailures.join('; ') || 'none'}; console: ${page.problems.join('; ') || 'none'})`,
    { cause: error });
  }
  await page.codeArrived();
}

/** The page's heading and its first action, each wholly on the first screen. */
async function firstScreen(page, route) {
  const height = page.viewportSize().height;
  // The page drawn by the server is replaced by the app's as it starts: measure the one that stays.
  let heading = null;
  for (let tries = 0; tries < 20 && !heading; tries += 1) {
    heading = await page.locator('main h1').first().boundingBox({ timeout: 1_000 }).catch(() => null);
  }
  assert.ok(heading && heading.y + heading.height <= height,
    `${route}: the heading ends at ${heading && heading.y + heading.height} px, below the first screen (${height} px)`);
  const action = await page.evaluate(() => {
    const main = document.querySelector('main');
    const first = [...main.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')]
      .find((el) => el.getBoundingClientRect().height > 0);
    if (!first) return null;
    const box = first.getBoundingClientRect();
    return { top: box.top + window.scrollY, text: first.textContent.trim() || first.id };
  });
  if (action) {
    assert.ok(action.top < height, `${route}: its first action ("${action.text}") starts at ${action.top} px, below the first screen`);
  }
}

describe('Every route', () => {
  test('signed out, sign-in passes axe at both widths and fits the phone', async () => {
    const page = await world.page();
    for (const size of [...WIDTHS, PHONE]) {
      await page.setViewportSize(size);
      await page.goto('/sign-in');
      await page.getByLabel('Email address').waitFor();
      assert.deepEqual(await axeViolations(page), [], `axe on /sign-in at ${size.width} px`);
      await firstScreen(page, '/sign-in');
    }
    assert.deepEqual(page.problems, []);
  });

  for (const [email, routes] of Object.entries(AS)) {
    test(`as ${email}: every route passes axe at 320 px and 1280 px, and fits a phone's first screen`, async () => {
      const page = await world.page();
      await signIn(page, email);
      await page.waitForSelector('h1:has-text("Hello")');
      for (const route of routes) {
        for (const size of WIDTHS) {
          await page.setViewportSize(size);
          await open(page, route);
          const violations = await axeViolations(page);
          if (violations.length) await screenshot(page, `axe-${size.width}${route.replaceAll('/', '_')}`);
          assert.deepEqual(violations, [], `axe on ${route} at ${size.width} px`);
        }
        await page.setViewportSize(PHONE);
        await open(page, route);
        await firstScreen(page, route);
      }
      // The made-up ids are not on the server: the browser logs the API's 404s for them. Code
      // still arriving when the sweep moved to the next address was cancelled by the browser
      // (net::ERR_ABORTED), which the page logs as "Failed to fetch": the sweep's doing, not the
      // app's, and only forgiven as often as it happened.
      // One cancelled chunk can fail several of the loader's fetches (a chunk and the shared
      // chunks it needs, fetched together), so the loader's failures are forgiven only when the
      // browser did cancel code, and only those raised inside the chunk loader.
      const aborted = page.codeFailures.some((f) => /ERR_ABORTED/.test(f));
      const problems = page.problems.filter((p) => !/status of 404/.test(p))
        .filter((p) => !(aborted && /^TypeError: Failed to fetch/.test(p) && /__wasm_split-/.test(p)));
      assert.deepEqual(problems, [], `no console errors on any route; code that failed to load: ${page.codeFailures.join('; ')}`);
    });
  }

  test('on a phone the navigation opens from "Menu", and closes on moving to another page', async () => {
    const page = await world.page();
    await page.setViewportSize(PHONE);
    await signIn(page, 'practitioner@touchstone.example');
    await page.waitForSelector('h1:has-text("Hello")');
    const menu = page.getByRole('button', { name: 'Menu' });
    const notes = page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'My notes' });
    await assert.doesNotReject(menu.waitFor());
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');
    assert.equal(await notes.isVisible(), false, 'the links are folded away');
    assert.equal(await page.getByRole('button', { name: 'Sign out' }).isVisible(), false);
    await menu.focus();
    await page.keyboard.press('Enter');
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    await notes.click();
    await page.waitForSelector('main h1:has-text("My notes")');
    assert.equal(await menu.getAttribute('aria-expanded'), 'false', 'moving page folds the menu');
    assert.equal(await notes.isVisible(), false);

    await page.setViewportSize({ width: 1280, height: 900 });
    assert.equal(await menu.isVisible(), false, 'no Menu button on a desktop');
    assert.equal(await notes.isVisible(), true, 'the links show on a desktop');
    assert.deepEqual(page.problems, []);
  });
});
