// The community-assets directory in Chromium, as a commissioner on the demo directory: add a
// service with weekly opening times (mistakes named in the error summary), mark it checked,
// answer a problem a practitioner reported, work the review queue, and find the service in the
// public ORUK feed. axe-core passes on every page.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { check, serverAndBrowser, signIn } from './harness.mjs';

const world = serverAndBrowser();
const NAME = 'Wednesday memory café at the e2e hall';

describe('Community assets directory', () => {
  test('a commissioner adds a service, checks it, answers a report, and it is in the feed', async () => {
    const page = await world.page();
    await signIn(page, 'commissioner@touchstone.example');
    await page.waitForSelector('h1:has-text("Hello")');
    await page.goto('/directory');
    await page.waitForSelector('a:has-text("need checking")');
    await page.waitForSelector('table');
    await check(page, 'directory-home');
    const due = Number((await page.locator('a:has-text("need checking")').textContent()).match(/\d+/)[0]);
    assert.ok(due > 0, 'the demo directory has services to check');

    // An empty form names every missing answer; a bad day's hours are named by the day.
    await page.getByRole('link', { name: 'Add a service' }).click();
    await page.waitForSelector('h1:has-text("Add a service")');
    await page.getByLabel('Friday', { exact: true }).check();
    await page.getByLabel('Opens on Friday').fill('14:00');
    await page.getByLabel('Closes on Friday').fill('13:00');
    await page.getByRole('button', { name: 'Add service' }).click();
    await page.waitForSelector('.govuk-error-summary');
    const summary = await page.locator('.govuk-error-summary').textContent();
    assert.match(summary, /Friday's closing time must be after its opening time/);
    assert.match(summary, /Enter the service's name/);
    assert.match(summary, /Choose the organisation that runs the service/);
    await check(page, 'directory-service-errors');

    await page.getByLabel('Name of the service').fill(NAME);
    await page.getByLabel('Organisation that runs it').selectOption({ index: 1 });
    await page.getByLabel('What it is').fill('Music, tea and conversation for people living with dementia and their carers.');
    await page.getByLabel('Free', { exact: true }).check();
    await page.getByLabel('Dementia: Memory cafés').check();
    // A category not in the list is added on the spot, and ticked.
    await page.getByText('Category not listed?').click();
    await page.getByLabel('A kind of').selectOption({ label: 'Community groups and activities' });
    await page.getByLabel('What it covers').fill('Knitting, crochet and conversation.');
    await page.getByLabel('Name of the new category').fill('Knit and natter groups');
    // Enter in the fold-out adds the category; it must not submit the half-filled service.
    await page.getByLabel('Name of the new category').press('Enter');
    await page.waitForSelector('label:has-text("Community groups and activities: Knit and natter groups")');
    assert.ok(await page.getByLabel('Community groups and activities: Knit and natter groups').isChecked());
    assert.match(page.url(), /\/directory\/services\/new$/);
    // Categories are grouped: the new kind sits with its parent's kinds, indented under it,
    // its parent's name read out but not shown.
    const group = await page.locator('#taxonomy_term_ids').evaluate((first) => {
      const items = [...first.closest('.govuk-checkboxes').querySelectorAll('.govuk-checkboxes__item')];
      const at = items.findIndex((i) => i.textContent.includes('Knit and natter groups'));
      const head = items.slice(0, at).reverse().find((i) => i.classList.contains('ts-choice--group'));
      return { kind: items[at].classList.contains('ts-choice--kind'), head: head?.textContent.trim() };
    });
    assert.deepEqual(group, { kind: true, head: 'Community groups and activities' });
    await page.getByLabel('Where it happens').selectOption({ index: 1 });
    await page.getByLabel('Friday', { exact: true }).uncheck();
    await page.getByLabel('Wednesday', { exact: true }).check();
    await page.getByLabel('Opens on Wednesday').fill('10:00');
    await page.getByLabel('Closes on Wednesday').fill('12:00');
    await page.getByLabel('Keighley', { exact: true }).check();
    await page.getByLabel('Urdu').check();
    await page.getByRole('button', { name: 'Add service' }).click();
    await page.waitForSelector('.govuk-notification-banner:has-text("Service added")');
    await page.waitForSelector(`h1:has-text("${NAME}")`);
    assert.match(await page.locator('.govuk-summary-list').textContent(), /Wednesdays, 10:00 to 12:00/);
    assert.match(await page.locator('.govuk-summary-list').textContent(), /Memory cafés, Knit and natter groups|Knit and natter groups, Memory cafés/);
    const id = page.url().split('/').pop();
    await check(page, 'directory-service');

    // Checked today.
    await page.getByRole('button', { name: 'Checked today' }).click();
    await page.waitForSelector('.govuk-notification-banner:has-text("Marked as checked today")');
    await page.waitForSelector('.govuk-inset-text:has-text("by commissioner@touchstone.example")');
    await page.waitForSelector('table:has-text("checked on")');

    // A practitioner reports a problem.
    const practitioner = await world.page();
    await signIn(practitioner, 'practitioner@touchstone.example');
    await practitioner.waitForSelector('h1:has-text("Hello")');
    await practitioner.goto(`/directory/services/${id}/report`);
    await practitioner.waitForSelector('h1:has-text("Report a problem")');
    await practitioner.getByRole('button', { name: 'Send report' }).click();
    await practitioner.waitForSelector('.govuk-error-summary:has-text("Choose what is wrong")');
    await check(practitioner, 'directory-report-errors');
    await practitioner.getByLabel('It has moved').check();
    await practitioner.getByLabel('Tell us more').fill('Now meets in the library next door.');
    await practitioner.getByRole('button', { name: 'Send report' }).click();
    await practitioner.waitForSelector('.govuk-notification-banner:has-text("Thank you")');
    await practitioner.waitForSelector(`h1:has-text("${NAME}")`);
    await check(practitioner, 'directory-service-practitioner');
    assert.equal(await practitioner.locator('button:has-text("Checked today")').count(), 0, 'practitioners do not check');

    // The commissioner answers it.
    await page.goto('/directory/reports');
    const card = page.locator('.govuk-summary-card', { hasText: NAME });
    await card.waitFor();
    await check(page, 'directory-reports');
    await card.getByLabel('Resolved: the directory has been put right').check();
    await card.getByLabel('Reply').fill('Place changed to the library.');
    await card.getByRole('button', { name: 'Send answer' }).click();
    await page.waitForSelector(`.govuk-notification-banner:has-text("Report on ${NAME} answered")`);
    assert.equal(await page.locator('.govuk-summary-card', { hasText: NAME }).count(), 0);

    // The review queue: the oldest first, checked from the list.
    await page.goto('/directory/review');
    await page.waitForSelector('table');
    await check(page, 'directory-review');
    const first = await page.locator('tbody tr').first().locator('a').textContent();
    await page.locator('tbody tr').first().getByRole('button', { name: /Checked today/ }).click();
    await page.waitForSelector(`.govuk-notification-banner:has-text("${first} marked as checked today")`);

    // The public feed has it, whole and valid enough to read, with no sign-in.
    const feed = await page.request.get(`/oruk/services/${id}`, { headers: { cookie: '' } });
    assert.equal(feed.status(), 200);
    const service = await feed.json();
    assert.equal(service.name, NAME);
    assert.equal(service.schedules[0].byday, 'WE');
    assert.equal(service.assured_date, new Date().toISOString().slice(0, 10));
    assert.equal(feed.headers()['access-control-allow-origin'], '*');
    const found = await (await page.request.get(`/oruk/services?search=${encodeURIComponent('e2e hall')}`)).json();
    assert.deepEqual(found.contents.map((s) => s.name), [NAME]);
  });

  test('a commissioner adds an organisation and a place, and imports a feed after checking it', async () => {
    const page = await world.page();
    await signIn(page, 'commissioner@touchstone.example');
    await page.waitForSelector('h1:has-text("Hello")');

    await page.goto('/directory/organisations/new');
    await page.waitForSelector('h1:has-text("Add an organisation")');
    await page.getByLabel('Website (optional)').fill('example.org');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForSelector('.govuk-error-summary');
    assert.match(await page.locator('.govuk-error-summary').textContent(), /Enter the organisation's name[\s\S]*Enter a full web address, starting https:\/\//);
    await check(page, 'directory-organisation-errors');
    await page.getByLabel('Name', { exact: true }).fill('Saltaire Sewing Circle (fictional)');
    await page.getByLabel('What the organisation is').fill('Neighbours who sew, mend and chat.');
    await page.getByLabel('Website (optional)').fill('https://example.org/sewing');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForSelector('.govuk-notification-banner:has-text("Saltaire Sewing Circle (fictional) saved")');
    await page.waitForSelector('td:has-text("Saltaire Sewing Circle (fictional)")');

    await page.goto('/directory/places/new');
    await page.waitForSelector('h1:has-text("Add a place")');
    await page.getByLabel('Name of the place').fill('Saltaire Victoria Hall (fictional)');
    await page.getByLabel('Building and street', { exact: true }).fill('Victoria Road');
    await page.getByLabel('Town or city').fill('Saltaire');
    await page.getByLabel('Postcode').fill('bd18 3jq');
    await page.getByLabel('Hearing loop').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForSelector('.govuk-notification-banner:has-text("Saltaire Victoria Hall (fictional) saved")');
    await check(page, 'directory-places');

    // A feed checked first: nothing saved until "Import it".
    await page.goto('/directory/import');
    await page.waitForSelector('h1:has-text("Import a directory feed")');
    await page.getByRole('button', { name: 'Check file' }).click();
    await page.waitForSelector('.govuk-error-summary:has-text("Select a feed file")');
    const feed = join(process.cwd(), '..', 'shared', 'oruk', 'samples', 'oruk-3.0-uk-profile', 'examples', 'service_full.json');
    await page.getByLabel('Feed file').setInputFiles(feed);
    await page.getByRole('button', { name: 'Check file' }).click();
    await page.waitForSelector('h2:has-text("What importing it would do")');
    assert.match(await page.locator('.govuk-summary-list').textContent(), /Would be added\s*1/);
    await page.waitForSelector('table:has-text("coordinates left out")');
    await check(page, 'directory-import-check');
    const example = '/oruk/services/ac148810-d857-441c-9679-408f346de14b';
    assert.equal((await page.request.get(example)).status(), 404, 'a check saves nothing');
    await page.getByRole('button', { name: 'Import it' }).click();
    await page.waitForSelector('.govuk-panel:has-text("Import complete")');
    const imported = await page.request.get(example);
    assert.equal(imported.status(), 200);
    assert.equal((await imported.json()).name, 'Community Counselling');
  });
});
