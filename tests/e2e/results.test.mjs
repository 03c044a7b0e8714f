// Workforce results in Chromium on the demo workforce: the latest released quarter with the
// release it shows ("figures as of …"), weakest domains first with a diverging bar chart, a
// split by team and PCF level with small groups hidden and explained in plain words, CSV and
// XLSX downloads of that same view (read back and checked), the trend, and a before/after
// comparison of two released quarters; axe-core passes on every page. Other roles are turned
// away.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { check, serverAndBrowser, signIn } from './harness.mjs';

const world = serverAndBrowser();

async function download(page, linkName) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: linkName }).click(),
  ]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

describe('Workforce results', () => {
  test('a workforce lead finds the weakest domains, where, and whether training moved them', async () => {
    const page = await world.page({ acceptDownloads: true });
    await signIn(page, 'workforce@touchstone.example');
    await page.waitForSelector('h1:has-text("Hello")');
    await page.goto('/workforce');
    await page.getByRole('link', { name: /^Results: confidence by domain/ }).click();
    await page.waitForSelector('#distribution-table');

    // Everyone this quarter: weakest first, as bars and as a table, with a summary.
    const firstDomain = await page.locator('#distribution-table tbody tr').first().locator('th').textContent();
    assert.match(firstDomain, /^Risk enabling/);
    assert.match(await page.locator('#results-summary').textContent(), /Based on 103 people.*Least confident domains: Risk enabling/s);
    // Which release this is, in words: released once, after the quarter, never changed.
    assert.match(await page.locator('#results-as-of').textContent(), /^Figures as of \d{1,2} \w+ \d{4}: each period's figures are released once, 7 days after it ends.*never change\./);
    assert.ok(await page.locator('svg[role="img"] rect').count() >= 6 * 3, 'diverging bars drawn');
    await check(page, 'results-everyone');

    // Split by team and PCF level: small groups are hidden, and say why.
    await page.getByLabel('Split by', { exact: true }).selectOption('team');
    await page.getByLabel('Then split by').selectOption('pcf_level');
    await page.getByRole('button', { name: 'Show results' }).click();
    await page.waitForSelector('#groups-table');
    const hidden = page.locator('#groups-table tbody tr', { hasText: 'Keighley Locality · Student' });
    assert.match(await hidden.textContent(), /Hidden\s*Hidden to protect individuals: fewer than 5 people, or a group from which a smaller one could be worked out/);
    // One hidden state: every hidden group says the same, whatever hid it.
    const reasons = new Set(await page.locator('#groups-table td.ts-hidden-cell[colspan]').allTextContents());
    assert.equal(reasons.size, 1, [...reasons].join(' | '));
    const shown = page.locator('#groups-table tbody tr', { hasText: 'Keighley Locality · Social worker' });
    assert.match(await shown.textContent(), /\d+%/);
    assert.match(await page.locator('#results-summary').textContent(), /hidden to protect individuals/);
    await check(page, 'results-team-by-pcf');

    // The same view downloaded: same groups, same suppression, named for the view and the day.
    const csv = await download(page, 'Download this view as CSV');
    assert.match(csv.name, /^touchstone-results-domains-by-team-and-pcf-level-\d{4}-Q\d-on-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.bytes.toString('utf8').trim().split('\n');
    assert.equal(lines[0], 'Team,PCF level,People in group,Domain,People answering,Rated 1,Rated 2,Rated 3,Rated 4,Rated 5,Not applicable,Mean rating,% confident (4-5),Note,Figures as of');
    const student = lines.find((l) => l.startsWith('Keighley Locality,Student,'));
    assert.match(student, /^Keighley Locality,Student,,[^,]+,,,,,,,,,,"Hidden to protect individuals: fewer than 5 people, or a group from which a smaller one could be worked out",\d{4}-\d{2}-\d{2}$/);
    assert.ok(lines.some((l) => /^Keighley Locality,Social worker,\d+,Risk enabling,\d+/.test(l)));
    assert.ok(!csv.bytes.toString('utf8').includes('blamed'), 'no reflections');

    const xlsx = await download(page, 'Download this view as Excel (XLSX)');
    assert.match(xlsx.name, /^touchstone-results-domains-by-team-and-pcf-level-.*\.xlsx$/);
    const files = unzipSync(new Uint8Array(xlsx.bytes));
    const workbook = strFromU8(files['xl/workbook.xml']);
    for (const sheet of ['Results', 'Help asked for', 'About']) assert.ok(workbook.includes(`name="${sheet}"`), sheet);
    const strings = strFromU8(files['xl/sharedStrings.xml']);
    assert.ok(strings.includes('Hidden to protect individuals: fewer than 5 people'));
    assert.ok(strings.includes('Keighley Locality') && strings.includes('Risk enabling'));

    // The trend over four quarters: lines with a table.
    await page.goto('/workforce');
    await page.getByRole('link', { name: 'Trend over the last four quarters' }).click();
    await page.waitForSelector('#groups-table');
    assert.equal(await page.locator('#groups-table tbody tr').count(), 4);
    assert.ok(await page.locator('svg[role="img"] path').count() >= 6, 'a line per domain');
    await check(page, 'results-trend');

    // Did last quarter's training move anything? Previous quarter against this one.
    await page.goto('/workforce');
    await page.getByRole('link', { name: 'Compare two periods: did training work?' }).click();
    await page.waitForSelector('#compare-table');
    const community = page.locator('#compare-table tbody tr', { hasText: 'Connecting people to community assets' });
    assert.match(await community.textContent(), /Likely improved/);
    assert.match(await page.locator('#compare-summary').textContent(), /Likely improved: Connecting people to community assets/);
    await check(page, 'results-compare');

    // A group too small to show cannot be compared either.
    await page.getByLabel('PCF level').first().selectOption('student');
    await page.getByLabel('Service area').first().selectOption('Safeguarding');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForSelector('#compare-table');
    assert.match(await page.locator('#compare-table tbody').textContent(), /Cannot compare: one of the groups is hidden/);
    await check(page, 'results-compare-hidden');
  });

  test('results are for workforce leads only', async () => {
    const page = await world.page({ expectNetworkErrors: true });
    await signIn(page, 'manager@touchstone.example');
    await page.waitForSelector('h1:has-text("Hello")');
    await page.goto('/results');
    await page.waitForSelector('h1:has-text("You do not have access to this page")');
    const answer = await page.request.get('/api/results?period=2026-Q1');
    assert.equal(answer.status(), 403);
  });
});
