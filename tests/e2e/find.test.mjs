// Finding what's local, as a practitioner on a doorstep: the directory is copied to the device
// after sign-in, a search works online, and with no signal the same search, its filters and a
// service's page still work from the device's copy.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { check, serverAndBrowser, waitForSyncTag } from './harness.mjs';

const world = serverAndBrowser();

/** The names of the services listed, in order. */
async function resultNames(page) {
  return (await page.locator('.ts-result h3 a').allTextContents()).map((t) => t.trim());
}

/** Submits the search form and waits for its results (or for "No services found"). */
async function search(page) {
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.waitForSelector('main h2[role="status"]');
}

describe('Find what is local', () => {
  test('searching online, then offline with filters, and opening a service from the device', async () => {
    const page = await world.device('practitioner@touchstone.example');
    // The directory is copied once the first sync is done; the status bar says how old it is.
    await page.waitForSelector('[data-testid="directory-age"]:has-text("Directory updated")', { timeout: 30_000 });

    // From the practitioner's home page.
    await page.goto('/practice');
    await page.getByLabel("Find what's local").fill('lunch club');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/find\?search=lunch%20club/);
    await page.waitForSelector('main h2[role="status"]');
    const online = await resultNames(page);
    assert.ok(online.length > 0, 'lunch clubs are found');
    assert.ok(online.every((n) => n.startsWith('Lunch club')), `only lunch clubs: ${online.join('; ')}`);
    const total = Number((await page.locator('main h2[role="status"]').textContent()).match(/\d+/)[0]);
    assert.ok(total >= online.length);
    await check(page, 'find-online');

    // No signal: the same search gives the same services, from the device's copy.
    await page.context().setOffline(true);
    await page.reload();
    await waitForSyncTag(page, 'Offline');
    await page.waitForSelector('main h2[role="status"]');
    assert.deepEqual(await resultNames(page), online);
    assert.match(await page.getByTestId('directory-age').textContent(), /Directory updated/);

    // Filters: in Keighley, free, for someone aged 80.
    await page.locator('summary:has-text("Filters")').click();
    await page.getByLabel('Area').selectOption('Keighley');
    await page.getByLabel('Free only').check();
    await page.getByLabel("The person's age").fill('80');
    await search(page);
    assert.match(page.url(), /area=Keighley/);
    assert.match(page.url(), /free=1/);
    const filtered = await resultNames(page);
    const filteredTotal = Number((await page.locator('main h2[role="status"]').textContent()).match(/\d+/)?.[0] ?? 0);
    assert.ok(filteredTotal < total, 'the filters narrow the search');
    assert.ok(filtered.every((n) => online.includes(n) || n.startsWith('Lunch club')));
    await check(page, 'find-offline-filtered');

    // Near a place: the device's location (allowed), nearest first, with how far each is; the
    // point is rounded and stays in the address on this device.
    await page.context().grantPermissions(['geolocation'], { origin: new URL(page.url()).origin });
    await page.context().setGeolocation({ latitude: 53.86749, longitude: -1.91182 });
    await page.goto('/find?search=lunch%20club');
    await page.locator('summary:has-text("Filters")').click();
    await page.getByRole('button', { name: 'Use my location' }).click();
    await page.waitForSelector('text=Using your location', { timeout: 10_000 }).catch(async (e) => {
      throw new Error(`the location status says: ${await page.locator('.ts-filters [role=status]').allTextContents()}`, { cause: e });
    });
    await search(page);
    assert.match(page.url(), /near=53\.867%2C-1\.912|near=53\.867,-1\.912/);
    const miles = (await page.locator('.ts-result__fact:has-text("Distance")').allTextContents())
      .map((t) => Number(t.match(/([\d.]+) miles/)?.[1] ?? Infinity));
    assert.ok(miles.length > 1 && miles.every((m, i) => i === 0 || miles[i - 1] <= m), `nearest first: ${miles.join(', ')}`);
    // A place typed among the words is searched near.
    await page.goto('/find?search=lunch%20club%20ilkley');
    await page.waitForURL(/near=Ilkley/);
    assert.match(page.url(), /search=lunch%20club&/);
    // A place chosen from the list does the same.
    await page.goto('/find?search=lunch%20club&near=Ilkley');
    await page.waitForSelector('.ts-result__fact:has-text("Distance")');
    assert.match(await page.locator('.ts-result__fact:has-text("Distance")').first().textContent(), /miles/);
    await page.goto('/find?search=lunch%20club&near=Atlantis');
    await page.waitForSelector('.govuk-error-summary');
    assert.match(await page.locator('.govuk-error-summary').textContent(), /choose a place from the list/i);

    // A service's page, offline, from the device's copy.
    await page.goto('/find?search=lunch%20club');
    await page.waitForSelector('.ts-result h3 a');
    const first = (await page.locator('.ts-result h3 a').first().textContent()).trim();
    await page.locator('.ts-result h3 a').first().click();
    await page.waitForSelector(`main h1:has-text("${first}")`);
    assert.match(await page.getByTestId('from-device').textContent(), /You are offline/);
    assert.ok(await page.locator('dt:has-text("Last checked")').count() === 1);
    // When it is open, day by day for the week ahead, and how to get there.
    const week = page.locator('table:has(caption:has-text("Opening times this week"))');
    assert.equal(await week.locator('tbody tr').count(), 7);
    assert.equal((await week.locator('tbody th').first().textContent()).trim(), 'Today');
    await page.waitForSelector('h2:has-text("How to get there")');
    await check(page, 'find-service-offline');

    // A problem reported offline waits on the device, and is sent once back online.
    await page.getByRole('link', { name: 'Report a problem with this service' }).click();
    await page.getByLabel('It has moved').check();
    await page.getByLabel('Tell us more').fill('Now meets in the church hall next door (offline report)');
    await page.getByRole('button', { name: 'Send report' }).click();
    await page.waitForSelector('text=your report is saved on this device');

    // Nothing found: say so, and offer a wider search.
    await page.goto('/find?search=zzzz&free=1');
    await page.waitForSelector('main h2:has-text("No services found")');
    assert.equal(await page.locator('a:has-text("without “Free”")').count(), 1);
    await check(page, 'find-nothing');

    // An age that is not a number: a field error, and no results.
    await page.goto('/find?age=old');
    await page.waitForSelector('.govuk-error-summary');
    assert.match(await page.locator('.govuk-error-summary').textContent(), /whole number/);
    assert.equal(await page.locator('.ts-result').count(), 0);
    await page.context().setOffline(false);
    await waitForSyncTag(page, 'Synced');
    const boss = await world.device('commissioner@touchstone.example');
    let reported = [];
    for (let tries = 0; tries < 60 && reported.length === 0; tries += 1) {
      const open = await (await boss.request.get('/api/directory/reports')).json();
      reported = open.filter((r) => r.note.includes('(offline report)'));
      if (reported.length === 0) await boss.waitForTimeout(500);
    }
    assert.equal(reported.length, 1, 'the report made offline arrives, once');
    assert.equal(reported[0].service_name, first);
    await boss.context().close();
    await page.context().close();
  });

  test('a shortlist built offline, put in order, noted, printed and shared as text', async () => {
    const page = await world.device('practitioner@touchstone.example');
    await page.waitForSelector('[data-testid="directory-age"]:has-text("Directory updated")', { timeout: 30_000 });
    await page.goto('/find?search=lunch%20club');
    await page.waitForSelector('.ts-result h3 a');
    // Two services with different names (two organisations may run a lunch club in one town).
    const names = (await page.locator('.ts-result h3 a').allTextContents()).map((t) => t.trim());
    const [first, other] = [names[0], names.findIndex((n) => n !== names[0])];
    const second = names[other];
    await page.context().setOffline(true);
    await waitForSyncTag(page, 'Offline');

    // The first service goes on a new shortlist, named by a case reference only.
    await page.locator('.ts-result h3 a').first().click();
    await page.waitForSelector(`main h1:has-text("${first}")`);
    await page.getByLabel("The person's case reference").fill('LAS-1042');
    await page.getByRole('button', { name: 'Add to shortlist' }).click();
    await page.waitForSelector('text=Added to the shortlist for LAS-1042');
    // The second goes on the same one, which is now chosen.
    await page.goBack();
    await page.locator('.ts-result h3 a').nth(other).click();
    await page.waitForSelector(`main h1:has-text("${second}")`);
    assert.equal(await page.getByLabel('Shortlist', { exact: true }).inputValue() !== 'new', true);
    await page.getByRole('button', { name: 'Add to shortlist' }).click();
    await page.getByRole('link', { name: 'Open the shortlist' }).click();
    await page.waitForSelector('main h1:has-text("For LAS-1042")');
    await check(page, 'shortlist');

    // The second first, with a note for the person.
    const up = page.locator('.ts-shortlist__item').nth(1).locator('button', { hasText: 'Move up' });
    assert.equal((await up.textContent()).trim(), `Move up: ${second}`, 'each button names its service for screen readers');
    await up.click();
    assert.deepEqual((await page.locator('.ts-shortlist h2 a').allTextContents()).map((t) => t.trim()), [second, first]);
    await page.getByLabel(`Note for the person about ${second}`).fill('Ask for Sue on Tuesdays');
    await page.waitForFunction(() => document.querySelector('#share-text').value.includes('Ask for Sue'));
    const text = await page.locator('#share-text').inputValue();
    assert.ok(text.startsWith("What's on near you"));
    assert.ok(text.indexOf(second) < text.indexOf(first), 'in the shortlist\'s order');
    assert.match(text, /Note: Ask for Sue on Tuesdays/);
    assert.match(text, /Cost: /);
    assert.ok(!text.includes('LAS-1042'), 'the case reference stays with the practitioner');
    assert.match(await page.getByRole('link', { name: 'Send by email' }).getAttribute('href'), /^mailto:\?subject=.*Ask%20for%20Sue/);
    assert.match(await page.getByRole('link', { name: 'Send by text message' }).getAttribute('href'), /^sms:/);

    // Large print, then easy read; printed, only the leaflet shows.
    await page.getByRole('link', { name: "What's on near you, in large print" }).click();
    await page.waitForSelector('.ts-leaflet h1:has-text("What\'s on near you")');
    assert.deepEqual((await page.locator('.ts-leaflet h2').allTextContents()).map((t) => t.trim()), [second, first]);
    await check(page, 'shortlist-print');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.govuk-header').isVisible(), false, 'no header on paper');
    assert.equal(await page.locator('.ts-no-print').first().isVisible(), false, 'no buttons on paper');
    const size = await page.locator('.ts-leaflet__card p').first().evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
    assert.ok(size >= 16 * 4 / 3 - 0.1, `printed text is 16 pt or more (${size} px)`);
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('link', { name: 'Easy-read layout' }).click();
    await page.waitForSelector('.ts-leaflet--easy h3:has-text("When is it on?")');
    await check(page, 'shortlist-easy-read');

    // Back online, it syncs, and it is its author's alone.
    await page.context().setOffline(false);
    await waitForSyncTag(page, 'Synced');
    await page.context().close();
  });

  test('a search that finds nothing, made offline, reaches the unmet-need report without who made it', async () => {
    const page = await world.device('practitioner@touchstone.example');
    await page.waitForSelector('[data-testid="directory-age"]:has-text("Directory updated")', { timeout: 30_000 });
    const me = await (await page.request.get('/api/auth/me')).json();
    const boss = await world.device('commissioner@touchstone.example');
    /** The report's "Keighley" row, by area, as the commissioner's API gives it. */
    const keighley = async () => {
      const report = await (await boss.request.get('/api/directory/unmet?by=area')).json();
      return report.groups.find((g) => g.label === 'Keighley') ?? { searches: 0, found_nothing: 0 };
    };
    const before = await keighley();

    // No signal: a search in Keighley for something nobody runs.
    await page.context().setOffline(true);
    await waitForSyncTag(page, 'Offline');
    await page.goto('/find?search=zzqv%20jane%20doe&area=Keighley');
    await page.waitForSelector('main h2:has-text("No services found")');
    // Back online, the device sends it with its next sync.
    await page.context().setOffline(false);
    await waitForSyncTag(page, 'Synced');
    let after = before;
    for (let tries = 0; tries < 60 && after.found_nothing === before.found_nothing; tries += 1) {
      await page.waitForTimeout(500);
      after = await keighley();
    }
    assert.equal(after.found_nothing, before.found_nothing + 1, 'counted once, as finding nothing');
    const report = await (await boss.request.get('/api/directory/unmet?by=area')).text();
    assert.ok(!report.includes(me.id) && !report.includes(me.email), 'nothing says who searched');
    assert.ok(!report.includes('jane'), 'words searched by one person are not shown');

    // The commissioner's page: the table, the chart and the CSV.
    await boss.goto('/directory');
    await boss.getByRole('link', { name: 'Where searches find nothing' }).click();
    await boss.waitForSelector('#unmet-summary');
    await boss.getByLabel('Group searches by').selectOption('area');
    await boss.getByLabel('Period').selectOption('7');
    await boss.getByRole('button', { name: 'Show' }).click();
    await boss.waitForURL(/by=area&days=7/);
    await boss.waitForSelector('caption:has-text("Searches by area")');
    const row = boss.locator('tr', { has: boss.locator('td:text-is("Keighley")') });
    assert.ok(Number(await row.locator('td[data-label="Found nothing"]').textContent()) >= 1);
    assert.equal(await boss.locator('svg[role="img"] title#unmet-chart-title').count(), 1);
    assert.match(await boss.getByRole('link', { name: 'Download this report (CSV)' }).getAttribute('href'), /^\/api\/directory\/unmet\.csv\?by=area/);
    await check(boss, 'unmet-need');
    await page.context().close();
    await boss.context().close();
  });

  test('by keyboard alone: search, open a service, shortlist it, and filter', async () => {
    const page = await world.device('practitioner@touchstone.example');
    await page.waitForSelector('[data-testid="directory-age"]:has-text("Directory updated")', { timeout: 30_000 });
    await page.goto('/find');
    await page.waitForSelector('h2:has-text("Browse by category")');
    /** Presses Tab until `focused` holds for the focused element (at most 80 times). */
    const tabTo = async (what, focused) => {
      for (let i = 0; i < 80; i += 1) {
        await page.keyboard.press('Tab');
        if (await page.evaluate(focused)) return;
      }
      throw new Error(`Tab never reached ${what}`);
    };
    await tabTo('the search box', () => document.activeElement?.id === 'search');
    await page.keyboard.type('lunch club');
    await page.keyboard.press('Enter');
    await page.waitForURL(/search=lunch%20club/);
    await page.waitForSelector('.ts-result h3 a');
    const first = (await page.locator('.ts-result h3 a').first().textContent()).trim();
    await tabTo('the first result', () => document.activeElement?.closest('.ts-result h3') != null);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`main h1:has-text("${first}")`);

    // With shortlists already on the device, the newest is chosen: the keyboard picks a new one.
    if (await page.locator('#shortlist').count() > 0 && await page.locator('#shortlist').inputValue() !== 'new') {
      await tabTo('the shortlist to add to', () => document.activeElement?.id === 'shortlist');
      await page.keyboard.press('End');
      assert.equal(await page.locator('#shortlist').inputValue(), 'new');
    }
    await tabTo("the person's case reference", () => document.activeElement?.id === 'reference');
    await page.keyboard.type('KB-7');
    await tabTo('Add to shortlist', () => document.activeElement?.textContent.trim() === 'Add to shortlist');
    await page.keyboard.press('Enter');
    await page.waitForSelector('text=Added to the shortlist for KB-7');

    // The filters open from their summary; a box is ticked with Space; the search runs again.
    await page.goto('/find?search=lunch%20club');
    await page.waitForSelector('main h2[role="status"]');
    await tabTo('the filters', () => document.activeElement?.tagName === 'SUMMARY');
    await page.keyboard.press('Enter');
    await tabTo('Free only', () => document.activeElement?.id === 'free');
    await page.keyboard.press('Space');
    await tabTo('Search', () => document.activeElement?.tagName === 'BUTTON' && document.activeElement.textContent.trim() === 'Search');
    await page.keyboard.press('Enter');
    await page.waitForURL(/free=1/);
    await page.waitForSelector('main h2[role="status"]');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('with no words or filters, categories to browse', async () => {
    const page = await world.device('practitioner@touchstone.example');
    await page.waitForSelector('[data-testid="directory-age"]:has-text("Directory updated")', { timeout: 30_000 });
    await page.goto('/find');
    await page.waitForSelector('h2:has-text("Browse by category")');
    const category = page.locator('main ul.ts-columns a').first();
    const name = (await category.textContent()).trim();
    await category.click();
    await page.waitForSelector('main h2[role="status"]');
    assert.ok((await resultNames(page)).length > 0, `${name} holds services`);
    assert.match(page.url(), /category=/);
    await page.context().close();
  });

  test('a commissioner imports postcodes, and a practitioner searches near one with no signal', async () => {
    const boss = await world.device('commissioner@touchstone.example');
    await boss.goto('/directory');
    await boss.getByRole('link', { name: 'Postcodes' }).click();
    await boss.waitForSelector('main h1:has-text("Postcodes to search near")');
    // The demo's made-up table.
    await boss.waitForSelector('.govuk-summary-list:has-text("Last imported")');
    assert.match(await boss.locator('.govuk-summary-list').textContent(), /Postcodes\s*33\s*Last/);

    // A file with wrong lines: each named, and nothing changed.
    const file = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    await boss.getByLabel('Postcode file (CSV)').setInputFiles(
      file('bad.csv', 'postcode,latitude,longitude\nBD20 5CC,53.914,-1.937\nnot a postcode,53.9,-1.9\nBD20 6CC,-1.9,53.9\n'));
    await boss.getByRole('button', { name: 'Import postcodes' }).click();
    await boss.waitForSelector('.govuk-error-summary');
    assert.match(await boss.locator('.govuk-error-summary').textContent(), /The file has 2 problems, listed below\. Nothing was imported/);
    const problems = await boss.locator('h2:has-text("Problems to put right") + ul li').allTextContents();
    assert.deepEqual(problems.map((p) => p.split(':')[0]), ['Line 3', 'Line 4']);
    assert.match(await boss.locator('.govuk-summary-list').textContent(), /Postcodes\s*33\s*Last/);
    assert.deepEqual(boss.problems.splice(0), ['Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)'],
      'the browser logs the refusal, and nothing else');
    await check(boss, 'postcodes-problems');

    await boss.getByLabel('Postcode file (CSV)').setInputFiles(
      file('good.csv', 'pcds,lat,long\nBD20 5CC,53.914,-1.937\nBD21 0CC,53.867,-1.911\nLS29 0CC,53.925,-1.822\n'));
    await boss.getByRole('button', { name: 'Import postcodes' }).click();
    await boss.waitForSelector('.govuk-panel:has-text("Postcodes imported")');
    assert.match(await boss.locator('.govuk-panel__body').textContent(), /3 postcodes/);
    await boss.waitForFunction(() => /Postcodes\s*3\s*Last/.test(document.querySelector('.govuk-summary-list')?.textContent ?? ''));
    await check(boss, 'postcodes-imported');

    // A practitioner's device keeps the new table with the directory: near a postcode offline.
    const page = await world.device('practitioner@touchstone.example');
    await page.waitForSelector('[data-testid="directory-age"]:has-text("Directory updated")', { timeout: 30_000 });
    await page.context().setOffline(true);
    await page.goto('/find?search=lunch%20club');
    await page.waitForSelector('main h2[role="status"]');
    await page.locator('summary:has-text("Filters")').click();
    await page.getByLabel('Or near a postcode').fill('bd20 5cc');
    assert.equal(await page.getByLabel('Near', { exact: true }).inputValue(), 'bd20 5cc', 'the place list says: the postcode below');
    await search(page);
    assert.match(page.url(), /near=bd20%205cc/);
    const miles = (await page.locator('.ts-result__fact:has-text("Distance")').allTextContents())
      .map((t) => Number(t.match(/([\d.]+) miles/)?.[1] ?? Infinity));
    assert.ok(miles.length > 1 && miles.every((m, i) => i === 0 || miles[i - 1] <= m), `nearest first: ${miles.join(', ')}`);
    await check(page, 'find-near-postcode');
    // Typed after the words, it is searched near too.
    await page.goto('/find?search=lunch%20club%20LS29%200CC');
    await page.waitForURL(/near=LS29%200CC/);
    await page.waitForSelector('.ts-result__fact:has-text("Distance")');
    // Not one of the council's, or not a postcode: field errors.
    await page.goto('/find?search=lunch%20club&near=BD20%209CC');
    await page.waitForSelector('.govuk-error-summary');
    assert.match(await page.locator('.govuk-error-summary').textContent(), /BD20 9CC is not one of the council's postcodes/);
    assert.equal(await page.locator('.ts-result').count(), 0);
    await page.goto('/find?search=lunch%20club&near=nowhere');
    await page.waitForSelector('.govuk-error-summary');
    assert.match(await page.locator('.govuk-error-summary').textContent(), /Enter a full postcode/);
    await page.getByRole('link', { name: /Enter a full postcode/ }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'postcode', 'the summary takes you to the field');
    await page.context().close();
    await boss.context().close();
  });
});
