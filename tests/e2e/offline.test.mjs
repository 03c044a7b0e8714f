// Offline-first in Chromium: the app opens with no connection, keeps what is typed on the device,
// sends it exactly once when the connection returns, shows conflicts between two devices with both
// copies, survives the server dying in the middle of a push, and wipes the device on sign-out.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  check, device as openDevice, screenshot, serverAndBrowser, serverNotes, signIn, startServer, waitForSyncTag,
} from './harness.mjs';

const world = serverAndBrowser();


/** A fresh device signed in as `email`, with the service worker in control. */
const device = (email, base = world.server.url) => openDevice(world.browser, base, email);

async function writeNote(page, title, body = '') {
  await page.goto('/notes/new');
  await page.waitForSelector('h1:has-text("New note")');
  await page.getByLabel('Title').fill(title);
  if (body) await page.getByLabel('Note', { exact: true }).fill(body);
  await page.waitForSelector('.ts-note-status:has-text("Saved")');
  return page.url().split('/').pop();
}

describe('Offline-first', () => {
  test('opens offline, keeps notes on the device and sends them exactly once', async () => {
    const page = await device('practitioner@touchstone.example');
    await page.context().setOffline(true);
    await page.reload();
    await page.waitForSelector('h1:has-text("Hello, Priya Shah")');
    await waitForSyncTag(page, 'Offline');

    const first = await writeNote(page, 'Home visit, Mr A', 'He wants to keep going to the allotment.');
    await waitForSyncTag(page, 'Offline');
    assert.match(await page.locator('.ts-sync').textContent(), /1 change saved on this device/);
    // Editing the same note again still makes one change to send.
    await page.getByLabel('Title').fill('Home visit, Mr A (allotment)');
    assert.equal((await page.getByTestId('sync-waiting').textContent()).trim(), '1 waiting');
    await writeNote(page, 'Supervision prep');
    assert.match(await page.locator('.ts-sync').textContent(), /2 changes saved on this device/);
    assert.equal((await page.getByTestId('sync-waiting').textContent()).trim(), '2 waiting');

    // A reload with no network: the app and the notes are still there.
    await page.reload();
    await page.waitForSelector('main h1');
    await page.goto('/notes');
    await page.waitForSelector('a:has-text("Home visit, Mr A (allotment)")');
    assert.equal(await page.locator('.ts-notes__item').count(), 2);
    assert.equal(await page.locator('.govuk-tag:has-text("Not sent yet")').count(), 2);
    await check(page, 'notes-offline');

    await page.context().setOffline(false);
    await waitForSyncTag(page, 'Synced');
    await page.waitForSelector('.ts-sync:has-text("All changes sent")');
    assert.equal(await page.locator('.govuk-tag:has-text("Not sent yet")').count(), 0);

    // A second session sees each note once, at version 1 for the new one and 2 for the edited one.
    const other = await world.page();
    await signIn(other, 'practitioner@touchstone.example');
    await other.waitForSelector('h1:has-text("Hello")');
    const notes = await serverNotes(other.request);
    assert.deepEqual(notes.map((n) => n.payload.title).sort(), ['Home visit, Mr A (allotment)', 'Supervision prep']);
    const edited = notes.find((n) => n.record_id === first);
    assert.equal(edited.version, 1, 'the edit made offline folded into the unsent creation');
    assert.equal(edited.payload.body, 'He wants to keep going to the allotment.');
    await other.context().close();
    await page.context().close();
  });

  test('opens with the server gone altogether, from the service worker', async () => {
    const own = await startServer();
    const page = await device('student@touchstone.example', own.url);
    await own.kill();
    // With no server, the session cannot open the device's copy: its person types their password.
    page.autoUnlock = true;
    await page.reload();
    await page.waitForSelector('h1:has-text("Hello, Sam Ali")');
    await writeNote(page, 'Written while the server is down');
    await page.waitForSelector('.ts-sync:has-text("not sent yet")');
    await screenshot(page, 'server-down');
    await page.context().close();
    const again = await startServer({ dataDir: own.dataDir, listen: own.listen });
    await again.stop();
  });

  test('two devices editing the same note offline: a conflict shows both copies and nothing is lost', async () => {
    const laptop = await device('experienced@touchstone.example');
    const id = await writeNote(laptop, 'Risk conversation with Mrs K');
    await waitForSyncTag(laptop, 'Synced');
    const phone = await device('experienced@touchstone.example');
    await phone.goto(`/notes/${id}`);
    await phone.waitForSelector('h1:has-text("Edit note")');
    assert.equal(await phone.getByLabel('Title').inputValue(), 'Risk conversation with Mrs K');

    await laptop.context().setOffline(true);
    await phone.context().setOffline(true);
    await laptop.goto(`/notes/${id}`);
    await laptop.waitForFunction(() => document.querySelector('#title')?.value === 'Risk conversation with Mrs K');
    await laptop.getByLabel('Title').fill('Risk conversation: laptop version');
    await phone.getByLabel('Title').fill('Risk conversation: phone version');
    await waitForSyncTag(laptop, 'Offline');

    await laptop.context().setOffline(false);
    await waitForSyncTag(laptop, 'Synced');
    await phone.context().setOffline(false);
    await phone.waitForSelector('.ts-sync a:has-text("1 change needs you")');
    await phone.getByRole('link', { name: '1 change needs you' }).click();
    await phone.waitForSelector('h1:has-text("Changes that need you")');
    const cards = phone.locator('.govuk-summary-card');
    const copy = async (i) => (await cards.nth(i).locator('.govuk-summary-list__value').first().textContent()).trim();
    assert.equal(await copy(0), 'Risk conversation: phone version', 'your copy');
    assert.equal(await copy(1), 'Risk conversation: laptop version', 'the copy on Touchstone');
    await check(phone, 'sync-conflict');

    await phone.getByRole('button', { name: 'Keep your copy' }).click();
    await waitForSyncTag(phone, 'Synced');
    const notes = await serverNotes(phone.request);
    assert.equal(notes.length, 1);
    assert.equal(notes[0].payload.title, 'Risk conversation: phone version');
    assert.equal(notes[0].version, 3, 'created, laptop edit, phone edit on top');

    // The laptop picks up the chosen copy on its next sync.
    await laptop.reload();
    await laptop.waitForSelector('.ts-sync:has-text("All changes sent")');
    await laptop.goto(`/notes/${id}`);
    await laptop.waitForFunction(() => document.querySelector('#title')?.value === 'Risk conversation: phone version');
    await laptop.context().close();
    await phone.context().close();
  });

  test('the server dies in the middle of a push: after restarting, nothing is missing or doubled', async () => {
    let own = await startServer();
    const page = await device('advanced@touchstone.example', own.url);
    await page.context().setOffline(true);
    for (let i = 1; i <= 5; i += 1) await writeNote(page, `Offline note ${i}`);
    await waitForSyncTag(page, 'Offline');

    // The first push reaches the server and is stored, then the server dies before answering.
    let killed = false;
    await page.route('**/api/sync/push', async (route) => {
      if (killed) return route.continue();
      killed = true;
      await route.fetch();
      await own.kill();
      await route.abort('connectionreset');
    });
    await page.context().setOffline(false);
    await page.waitForSelector('.ts-sync__error');
    own = await startServer({ dataDir: own.dataDir, listen: own.listen });
    await page.getByRole('button', { name: 'Try again now' }).click();
    await waitForSyncTag(page, 'Synced');

    const notes = await serverNotes(page.request);
    assert.deepEqual(notes.map((n) => n.payload.title).sort(), [1, 2, 3, 4, 5].map((i) => `Offline note ${i}`));
    assert.ok(notes.every((n) => n.version === 1), 'each applied once');
    await page.context().close();
    await own.stop();
  });

  test('a push that hangs is given up after 30 seconds and sent again, once', async () => {
    const page = await device('manager.east@touchstone.example');
    // The first push reaches the server and is stored, but its answer never comes back, as on a
    // half-dead mobile connection: the app must not wait for it for ever.
    let held = 0;
    await page.route('**/api/sync/push', async (route) => {
      if (held > 0) return route.continue();
      held += 1;
      await route.fetch();
      await new Promise(() => {});
    });
    await writeNote(page, 'Sent over a bad connection');
    assert.equal((await page.getByTestId('sync-tag').textContent()).trim(), '1 waiting');
    await page.waitForSelector('.ts-sync__error', { timeout: 45_000 });
    assert.match(await page.locator('.ts-sync').textContent(), /cannot reach the server/);
    await waitForSyncTag(page, 'Synced');
    const notes = await serverNotes(page.request);
    const sent = notes.filter((n) => n.payload.title === 'Sent over a bad connection');
    assert.equal(sent.length, 1);
    assert.equal(sent[0].version, 1, 'stored once, although it was sent twice');
    await page.context().close();
  });

  test('sign-out warns about waiting changes, then wipes the device for the next person', async () => {
    const page = await device('asye@touchstone.example');
    await page.context().setOffline(true);
    await writeNote(page, 'Not sent before signing out');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForSelector('h1:has-text("Sign out")');
    assert.match(await page.locator('.govuk-warning-text').textContent(), /1 change on this device has not reached Touchstone/);
    await check(page, 'sign-out-warning');
    await page.getByRole('button', { name: 'Sign out and lose these changes' }).click();
    await page.waitForURL('**/sign-in');
    const databases = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    assert.deepEqual(databases, [], 'nothing of the previous person is left on the device');
    assert.equal(await page.evaluate(() => localStorage.getItem('touchstone.user')), null);

    // Back online, the server session ends too before anything else happens.
    await page.context().setOffline(false);
    await page.goto('/');
    await page.waitForURL('**/sign-in');
    assert.equal((await page.request.get('/api/auth/me')).status(), 401, 'the server session ended');
    await signIn(page, 'psw@touchstone.example');
    await page.waitForSelector('h1:has-text("Hello, Helen Clarke")');
    await page.goto('/notes');
    await page.waitForSelector('p:has-text("You have no notes yet.")');
    await page.context().close();
  });
});
