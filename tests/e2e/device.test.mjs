// Nothing readable left on a device (ASVS 14.2, issue 16 item 4): the person's copy in IndexedDB
// is encrypted with a key only their password or live session opens; offline after a reload it
// opens only with the password; when the session ends it is deleted, or kept locked while
// changes wait in it; signing out leaves nothing of theirs in IndexedDB, localStorage or the
// caches.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { check, device, serverAndBrowser, serverNotes, signIn, waitForSyncTag } from './harness.mjs';

const world = serverAndBrowser();
const PRIYA = 'practitioner@touchstone.example';

async function writeNote(page, title) {
  await page.goto('/notes/new');
  await page.waitForSelector('h1:has-text("New note")');
  await page.getByLabel('Title').fill(title);
  await page.waitForSelector('.ts-note-status:has-text("Saved")');
}

/**
 * Everything the page's origin keeps, as text: every IndexedDB database's keys and values (bytes
 * read as Latin-1, so plain text inside them would show), localStorage, and every response in
 * the Cache API.
 */
async function everythingStored(page) {
  return page.evaluate(async () => {
    const text = (value) => {
      if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
        return String.fromCharCode(...new Uint8Array(value instanceof ArrayBuffer ? value : value.buffer));
      }
      return typeof value === 'string' ? value : JSON.stringify(value);
    };
    const out = { databases: {}, localStorage: {}, caches: [] };
    for (const { name } of await indexedDB.databases()) {
      // Reading must not make a database deleted since it was listed: the upgrade that would
      // create it is aborted, and then there is nothing to read.
      const db = await new Promise((ok, fail) => {
        const request = indexedDB.open(name);
        request.onupgradeneeded = (event) => {
          if (event.oldVersion === 0) request.transaction.abort();
        };
        request.onsuccess = () => ok(request.result);
        request.onerror = () => (request.error?.name === 'AbortError' ? ok(null) : fail(request.error));
      });
      if (db === null) continue;
      const stores = {};
      for (const store of db.objectStoreNames) {
        const [keys, values] = await Promise.all(['getAllKeys', 'getAll'].map((how) => new Promise((ok) => {
          const request = db.transaction(store).objectStore(store)[how]();
          request.onsuccess = () => ok(request.result);
        })));
        stores[store] = keys.map((key, i) => ({
          key: text(key), value: text(values[i]), sealed: values[i] instanceof Uint8Array,
        }));
      }
      db.close();
      out.databases[name] = stores;
    }
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i);
      out.localStorage[key] = localStorage.getItem(key);
    }
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        out.caches.push(`${request.url}\n${await response.text()}`);
      }
    }
    return out;
  });
}

const userDatabase = (stored) => Object.keys(stored.databases).find((n) => /^touchstone-[0-9a-f-]{36}$/.test(n));

/** What the page did last, for an assertion's message. */
const lately = (page) => `\nwhat the page did last:\n${page.trail.join('\n')}`;

/** Waits until the person's copy is gone from the page's IndexedDB. */
async function copyDeleted(page) {
  await page.waitForFunction(async () => !(await indexedDB.databases()).some((d) => /^touchstone-[0-9a-f-]{36}$/.test(d.name)));
  // It stays gone: nothing opens it again (a second clearing-up, say) after a moment.
  await page.waitForTimeout(500);
  const after = await everythingStored(page);
  assert.equal(userDatabase(after), undefined, `the copy is deleted and stays deleted: ${JSON.stringify(after.databases)}${lately(page)}`);
  return after;
}

/** Ends every other session of `email` from another browser, as "Sign out everywhere else" does. */
async function endOtherSessions(email) {
  const elsewhere = await world.page();
  await signIn(elsewhere, email);
  await elsewhere.waitForSelector('h1:has-text("Hello")');
  const ended = await elsewhere.request.post('/api/auth/sessions/end-others');
  assert.equal(ended.status(), 200);
  await elsewhere.context().close();
}

describe('Nothing readable left on a device', () => {
  test('the copy is encrypted at rest, and offline after a reload only the password opens it', async () => {
    const page = await device(world.browser, world.server.url, PRIYA);
    const title = 'Zebra crossing visit 7731';
    await writeNote(page, title);
    await waitForSyncTag(page, 'Synced');

    const stored = await everythingStored(page);
    const mine = stored.databases[userDatabase(stored)];
    assert.ok(mine.records.length >= 1, 'the note is kept on the device');
    for (const store of ['records', 'outbox', 'meta']) {
      assert.ok(mine[store].every((row) => row.sealed), `every value in ${store} is sealed bytes`);
    }
    assert.ok(!JSON.stringify(stored).includes(title), 'the note\'s text is nowhere in the clear');
    assert.ok(!JSON.stringify(mine).includes('Zebra'));

    // Offline, the reloaded page asks for the password before showing anything of the person's.
    page.autoUnlock = false;
    await page.context().setOffline(true);
    await page.reload();
    await page.waitForSelector('h1:has-text("Unlock your work on this device")');
    assert.equal(await page.locator('main').getAttribute('class'), 'govuk-main-wrapper ts-locked');
    assert.equal(await page.locator('main h1:has-text("Hello")').isVisible(), false, 'the page waits hidden');
    await check(page, 'unlock');

    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await page.waitForSelector('.govuk-error-summary a:has-text("Enter the right password")');
    assert.equal(await page.getByLabel('Password').inputValue(), '', 'a wrong password is not left in the box');
    assert.equal(await page.locator('main h1:has-text("Hello")').isVisible(), false, 'still locked');

    await page.getByLabel('Password').fill('touchstone-demo');
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await waitForSyncTag(page, 'Offline');
    await page.locator('nav').getByRole('link', { name: 'My notes' }).first().click();
    await page.waitForSelector(`a:has-text("${title}")`);
    await page.context().setOffline(false);
    await waitForSyncTag(page, 'Synced');

    // Online, a reload opens it with the session's own key: no password asked.
    await page.reload();
    await waitForSyncTag(page, 'Synced');
    assert.equal(await page.locator('#unlock-password').count(), 0);
    await page.context().close();
  });

  test('a session that ends deletes the copy, or keeps it locked while changes wait and sends them at the next sign-in', async () => {
    // Nothing waiting: the copy goes as soon as the device hears the session has ended.
    const idle = await device(world.browser, world.server.url, PRIYA);
    await writeNote(idle, 'Allotment visit 5521');
    await waitForSyncTag(idle, 'Synced');
    await endOtherSessions(PRIYA);
    await idle.getByRole('button', { name: 'Sync now' }).click();
    await idle.waitForURL(/\/sign-in/);
    const after = await copyDeleted(idle);
    assert.ok(!JSON.stringify(after).includes('Allotment visit 5521'));
    assert.equal(after.localStorage['touchstone.user'], undefined, 'who was signed in is forgotten');
    await idle.context().close();

    // A change waiting: it stays, sealed, with its key gone from memory, until its person signs in.
    const busy = await device(world.browser, world.server.url, PRIYA);
    await busy.context().setOffline(true);
    await writeNote(busy, 'Unsent review 4242');
    await endOtherSessions(PRIYA);
    await busy.context().setOffline(false);
    await busy.waitForURL(/\/sign-in/, { timeout: 45_000 });
    const kept = await everythingStored(busy);
    const copy = kept.databases[userDatabase(kept)];
    assert.equal(copy?.outbox?.length, 1, `the waiting change is kept: ${JSON.stringify(kept.databases)}${lately(busy)}`);
    assert.ok(copy.outbox.every((row) => row.sealed));
    assert.ok(!JSON.stringify(kept).includes('Unsent review 4242'), 'and cannot be read');

    await busy.getByLabel('Email address').fill(PRIYA);
    await busy.getByLabel('Password').fill('touchstone-demo');
    await busy.getByRole('button', { name: 'Sign in' }).click();
    await waitForSyncTag(busy, 'Synced');
    const notes = await serverNotes(busy.request);
    assert.equal(notes.filter((n) => n.payload?.title === 'Unsent review 4242').length, 1, 'sent once');
    await busy.context().close();
  });

  test('a session found ended on reconnecting deletes a copy with nothing waiting', async () => {
    // Offline while the session is ended elsewhere: on reconnecting, the app's own session check
    // and the sync engine both hear of it, whichever first; the copy is deleted either way.
    const page = await device(world.browser, world.server.url, PRIYA);
    await writeNote(page, 'Canal walk 6160');
    await waitForSyncTag(page, 'Synced');
    await page.context().setOffline(true);
    await waitForSyncTag(page, 'Offline');
    await endOtherSessions(PRIYA);
    await page.context().setOffline(false);
    await page.waitForURL(/\/sign-in/, { timeout: 45_000 });
    const after = await copyDeleted(page);
    assert.ok(!JSON.stringify(after).includes('Canal walk 6160'));
    assert.equal(after.localStorage['touchstone.user'], undefined, 'who was signed in is forgotten');
    await page.context().close();
  });

  test('signing out leaves nothing of the person in IndexedDB, localStorage or the caches', async () => {
    const page = await device(world.browser, world.server.url, PRIYA);
    await writeNote(page, 'Garden club 9090');
    await waitForSyncTag(page, 'Synced');
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/auth/sign-out'));
    await page.getByRole('button', { name: 'Sign out' }).first().click();
    assert.equal((await (await answer).allHeaders())['clear-site-data'], '"cache", "storage"');
    await page.waitForURL(/\/sign-in/);
    const after = await everythingStored(page);
    const text = JSON.stringify(after);
    assert.equal(userDatabase(after), undefined, `the copy is deleted: ${JSON.stringify(after.databases)}${lately(page)}`);
    for (const trace of ['Garden club 9090', 'Priya', PRIYA]) {
      assert.ok(!text.includes(trace), `"${trace}" is left on the device`);
    }
    await page.context().close();
  });
});
