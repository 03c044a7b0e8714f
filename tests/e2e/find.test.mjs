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

    // A service's page, offline, from the device's copy.
    await page.goto('/find?search=lunch%20club');
    await page.waitForSelector('.ts-result h3 a');
    const first = (await page.locator('.ts-result h3 a').first().textContent()).trim();
    await page.locator('.ts-result h3 a').first().click();
    await page.waitForSelector(`main h1:has-text("${first}")`);
    assert.match(await page.getByTestId('from-device').textContent(), /You are offline/);
    assert.ok(await page.locator('dt:has-text("Last checked")').count() === 1);
    await check(page, 'find-service-offline');

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
});
