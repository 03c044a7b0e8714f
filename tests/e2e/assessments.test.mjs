// Self-assessment in Chromium on the demo data: a practitioner with a year of history fills two
// domains offline, reloads mid-way, finishes and submits after reconnecting, sees it in My
// assessments and the trend, is pointed at help for a domain rated low, drafts a CPD entry, and
// shares it with their team manager, who then reads it; axe-core passes on every page.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { check, serverAndBrowser, signIn, waitForSyncTag } from './harness.mjs';

const world = serverAndBrowser();

const device = (email) => world.device(email);

/** Rates every statement on the domain page shown with the label `label` ("4 – Confident"). */
async function rateAll(page, label) {
  const scales = page.locator('.ts-scale');
  const count = await scales.count();
  assert.ok(count >= 4, `a domain has 4 to 6 statements, found ${count}`);
  for (let i = 0; i < count; i += 1) {
    await scales.nth(i).getByText(label, { exact: true }).click();
  }
  return count;
}

async function taskStatuses(page) {
  return page.locator('.govuk-task-list__status').allTextContents().then((all) => all.map((s) => s.trim()));
}

describe('Device caches', () => {
  test('the trend appears on a page opened before the questionnaires arrived', async () => {
    const page = await world.page({ expectNetworkErrors: true });
    // The questionnaires come slowly, as on a weak signal: the page opens before they arrive.
    await page.route('**/api/templates**', async (route) => {
      await new Promise((resolve) => { setTimeout(resolve, 1500); });
      await route.continue();
    });
    await signIn(page, 'practitioner@touchstone.example');
    await page.waitForSelector('h1:has-text("Hello")');
    await page.getByRole('link', { name: 'My practice' }).first().click();
    await page.getByRole('link', { name: 'My self-assessments' }).first().click();
    await page.waitForSelector('h1:has-text("My self-assessments")');
    await page.waitForSelector('table.ts-trend-table', { timeout: 15_000 });
    assert.equal(await page.locator('.ts-trend-table thead th').count(), 1 + 4);
    assert.equal(await page.getByText('Submit a self-assessment to see your confidence over time').count(), 0);
    await page.context().close();
  });
});

describe('Self-assessment', () => {
  test('filled in offline across a reload, submitted online, then trend, help, CPD and sharing', async () => {
    const page = await device('practitioner@touchstone.example');
    await page.goto('/assessments');
    await page.waitForSelector('h1:has-text("My self-assessments")');
    // The demo history: four submitted assessments over the past year, and their trend.
    await page.waitForSelector('table.ts-trend-table');
    assert.equal(await page.locator('.ts-trend-table thead th').count(), 1 + 4);
    assert.match(await page.locator('#trend-summary').textContent(), /least confident in/);
    await check(page, 'assessments-list');

    // Offline from here: the questionnaire is already on the device.
    await page.context().setOffline(true);
    await waitForSyncTag(page, 'Offline');
    await page.getByRole('link', { name: 'Start a self-assessment' }).click();
    await page.waitForSelector('h1:has-text("Your self-assessment")');
    assert.deepEqual(await taskStatuses(page), Array(6).fill('Not started'));
    await check(page, 'assessment-task-list');

    await page.getByRole('link', { name: 'Strengths and asset-based practice' }).click();
    await page.waitForSelector('h1:has-text("Strengths and asset-based practice")');
    const first = await rateAll(page, '4 – Confident');
    await page.getByLabel('Your reflection (optional)').fill('Good at finding what matters to people.');
    await check(page, 'assessment-domain');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForSelector('h1:has-text("Rights-based practice")');
    // Half of the second domain, then the tab reloads with no connection.
    await page.locator('.ts-scale').nth(0).getByText('3 – Fairly confident', { exact: true }).click();
    await page.locator('.ts-scale').nth(1).getByText('Not applicable', { exact: true }).click();
    await page.reload();
    await page.waitForSelector('h1:has-text("Rights-based practice")');
    assert.equal(await page.locator('.ts-scale input:checked').count(), 2, 'answers survived the reload');
    await rateAll(page, '3 – Fairly confident');
    await page.goto(page.url().replace(/\/domains\/.*$/, ''));
    await page.waitForSelector('h1:has-text("Your self-assessment")');
    assert.deepEqual(await taskStatuses(page), ['Completed', 'Completed', ...Array(4).fill('Not started')]);
    assert.match(await page.locator('[data-testid="sync-waiting"]').textContent(), /[12] waiting/);

    // Back online: the draft syncs, and the rest is filled in with community assets rated low.
    await page.context().setOffline(false);
    await waitForSyncTag(page, 'Synced');
    const id = page.url().split('/').pop();
    for (const [domain, label] of [
      ['Legally literate practice', '5 – Very confident'],
      ['Risk enabling', '3 – Fairly confident'],
      ['Connecting people to community assets', '1 – Not confident'],
      ['Valuing diversity and inclusion', '4 – Confident'],
    ]) {
      await page.goto(`/assessments/${id}`);
      await page.getByRole('link', { name: domain }).click();
      await page.waitForSelector(`h1:has-text("${domain}")`);
      await rateAll(page, label);
      if (domain.startsWith('Connecting')) {
        await page.getByLabel('Shadowing a colleague').check();
        await page.getByLabel('Anything else that would help (optional)').fill('A walk round the Keighley hubs');
      }
    }
    await page.goto(`/assessments/${id}`);
    await page.getByRole('link', { name: 'Check your answers' }).click();
    await page.waitForSelector('h1:has-text("Check your answers")');
    assert.equal(await page.locator('dd:has-text("Not answered")').count(), 0);
    assert.ok(first >= 4);
    await check(page, 'assessment-check');
    await page.getByRole('button', { name: 'Submit self-assessment' }).click();
    await page.waitForSelector('.govuk-notification-banner:has-text("Self-assessment submitted")');
    await page.waitForSelector('h2:has-text("What may help")');
    assert.match(await page.locator('.ts-suggestions').textContent(), /Connecting people to community assets/);
    assert.equal(await page.locator('.ts-suggestions a[href="/find"]').count(), 1);
    assert.equal(await page.getByRole('link', { name: 'Change' }).count(), 0, 'submitted is read-only');
    await check(page, 'assessment-submitted');
    // The guidance a low domain points to.
    await page.goto('/guidance/risk');
    await page.waitForSelector('h1:has-text("Enabling positive risk")');
    await check(page, 'guidance-risk');
    await page.goto(`/assessments/${id}`);
    await page.waitForSelector('h2:has-text("What may help")');
    await waitForSyncTag(page, 'Synced');

    // The server has it, submitted, exactly as the device holds it.
    const stored = await page.request.get(`/api/sync/records/${id}`);
    assert.equal(stored.status(), 200);
    const record = await stored.json();
    assert.equal(record.payload.status, 'submitted');
    assert.equal(record.payload.ratings['community.know_local'], '1');

    // My assessments: five submitted now, the newest in the trend.
    await page.goto('/assessments');
    await page.waitForSelector('table.ts-trend-table');
    assert.equal(await page.locator('.ts-trend-table thead th').count(), 1 + 5);
    assert.match(await page.locator('#trend-summary').textContent(),
      /least confident in Connecting people to community assets \(mean 1\.0 out of 5\)/);

    // A CPD draft from the reflections.
    await page.goto(`/assessments/${id}/cpd`);
    await page.waitForSelector('h1:has-text("CPD record")');
    assert.match(await page.getByLabel('What I learned').inputValue(), /Good at finding what matters to people/);
    assert.match(await page.getByLabel('Impact on my practice').inputValue(), /A walk round the Keighley hubs/);
    await check(page, 'assessment-cpd');

    // Nobody else can read it, until it is shared with the team manager.
    const manager = await device('manager@touchstone.example');
    const before = await manager.request.get(`/api/sync/records/${id}`);
    assert.equal(before.status(), 404);
    await page.goto(`/assessments/${id}`);
    await page.getByRole('button', { name: 'Share with my team manager' }).click();
    await page.waitForSelector('button:has-text("Stop sharing with my team manager")');
    await waitForSyncTag(page, 'Synced');
    await manager.goto('/team/shared');
    await manager.getByRole('button', { name: 'Sync now' }).click().catch(() => {});
    await manager.waitForSelector('main a:has-text("Priya Shah – self-assessment submitted")');
    await check(manager, 'assessments-shared-list');
    await manager.locator('main a:has-text("Priya Shah – self-assessment submitted")').click();
    await manager.waitForSelector('h1:has-text("Shared self-assessment")');
    assert.equal(await manager.getByRole('button', { name: /Share|Stop sharing/ }).count(), 0);
    await check(manager, 'assessment-shared-with-manager');

    // Stopping sharing takes it off the manager's device too.
    await page.getByRole('button', { name: 'Stop sharing with my team manager' }).click();
    await waitForSyncTag(page, 'Synced');
    await manager.goto('/team/shared');
    await manager.getByRole('button', { name: 'Sync now' }).click().catch(() => {});
    await manager.waitForSelector('p:has-text("Nobody has shared a self-assessment with you.")');
    assert.equal((await manager.request.get(`/api/sync/records/${id}`)).status(), 404);
  });
});

describe('Case-file audit', () => {
  test('a manager audits a case file against the Basics; the practitioner reads it', async () => {
    const manager = await device('manager@touchstone.example');
    await manager.goto('/case-audits');
    await manager.waitForSelector('h1:has-text("Case-file audits")');
    await check(manager, 'case-audits-list');
    await manager.getByRole('link', { name: 'Start a case-file audit' }).click();
    await manager.waitForSelector('h1:has-text("Start a case-file audit")');
    // A name instead of a reference, and nobody chosen: both explained, linked from the summary.
    await manager.getByLabel('Case reference').fill('Mary Smith');
    await manager.getByRole('button', { name: 'Continue' }).click();
    await manager.waitForSelector('.govuk-error-summary');
    assert.match(await manager.locator('.govuk-error-summary').textContent(), /Select whose case this is/);
    await manager.getByLabel('Whose case is it?').selectOption({ label: 'Priya Shah' });
    await manager.getByRole('button', { name: 'Continue' }).click();
    await manager.waitForSelector('.govuk-error-summary:has-text("never a name")');
    await check(manager, 'case-audit-start-errors');
    await manager.getByLabel('Case reference').fill('LAS-120045');
    await manager.getByRole('button', { name: 'Continue' }).click();
    await manager.waitForSelector('h1:has-text("Case LAS-120045")');

    // Submitting with nothing graded lists every missing grade and comment.
    await manager.getByRole('button', { name: 'Submit audit' }).click();
    await manager.waitForSelector('.govuk-error-summary');
    const criteria = await manager.locator('.govuk-radios--inline').count();
    assert.ok(criteria >= 10, `the Basics has at least 10 criteria, found ${criteria}`);
    assert.equal(await manager.locator('.govuk-error-summary__list li').count(), criteria * 2);
    await check(manager, 'case-audit-errors');

    const groups = manager.locator('.govuk-radios--inline');
    const comments = manager.getByLabel('Why this grade');
    for (let i = 0; i < criteria; i += 1) {
      await groups.nth(i).getByText(i === 0 ? 'Requires improvement' : 'Good', { exact: true }).click();
      await comments.nth(i).fill(i === 0 ? 'Views recorded in the worker\'s words only.' : 'Clear and current.');
    }
    await manager.getByRole('button', { name: 'Add an action' }).click();
    await manager.getByLabel('What was agreed').fill('Record the person\'s own words in the support plan');
    await manager.getByLabel('Day').fill('15');
    await manager.getByLabel('Month').fill('1');
    await manager.getByLabel('Year').fill('2027');
    await manager.getByRole('button', { name: 'Submit audit' }).click();
    await manager.waitForSelector('.govuk-notification-banner:has-text("Case-file audit submitted")');
    await manager.waitForSelector('td:has-text("15 January 2027")');
    await check(manager, 'case-audit-submitted');
    await waitForSyncTag(manager, 'Synced');

    // Priya, whose case it is, reads it; another practitioner does not.
    const priya = await device('practitioner@touchstone.example');
    await priya.goto('/case-audits');
    await priya.waitForSelector('a:has-text("LAS-120045")');
    await priya.getByRole('link', { name: 'LAS-120045' }).click();
    await priya.waitForSelector('h1:has-text("Case LAS-120045")');
    assert.match(await priya.locator('main').textContent(), /Views recorded in the worker's words only\./);
    assert.equal(await priya.getByRole('button', { name: 'Submit audit' }).count(), 0);
    await check(priya, 'case-audit-practitioner-view');
    const other = await device('experienced@touchstone.example');
    await other.goto('/case-audits');
    await other.waitForSelector('p:has-text("None of your case files has been audited yet.")');
  });
});
