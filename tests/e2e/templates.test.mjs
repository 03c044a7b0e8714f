// Templates in Chromium, as a workforce lead: upload files whose problems are listed with their
// places, make a new version of the practice model in forms, preview it, and publish it (which
// retires the old one); axe-core passes on every page.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, serverAndBrowser, signIn } from './harness.mjs';

const world = serverAndBrowser();

function file(name, content) {
  const path = join(process.env.TMPDIR ?? '/tmp', name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

async function upload(page, path) {
  await page.goto('/templates/upload');
  await page.waitForSelector('h1:has-text("Upload a template file")');
  await page.getByLabel('Template file').setInputFiles(path);
  await page.getByRole('button', { name: 'Upload' }).click();
}

describe('Templates', () => {
  test('a workforce lead uploads, edits, previews and publishes a new version', async () => {
    const page = await world.page();
    await signIn(page, 'workforce@touchstone.example');
    await page.waitForSelector('h1:has-text("Hello")');
    await page.goto('/templates');
    await page.waitForSelector('table');
    assert.equal(await page.locator('tbody .govuk-tag:has-text("Published")').count(), 2);
    await check(page, 'templates-list');

    // A file that is not a template at all says where it went wrong.
    await upload(page, file('not-a-template.json', '{"key": "x", "colour": "blue"}'));
    await page.waitForSelector('.govuk-error-summary');
    assert.match(await page.locator('.govuk-error-summary').textContent(), /not a Touchstone template \(line 1, column \d+\): unknown field `colour`/);

    // A template with mistakes lists each with its place.
    await upload(page, file('mistakes.json', {
      key: 'community-confidence', kind: 'self_assessment', title: ' ', introduction: '',
      domains: [{ key: 'community', title: 'Community assets', statements: [
        { key: 'community.know', text: 'I know what is local.' },
        { key: 'community.know', text: '' },
      ] }],
    }));
    await page.waitForSelector('.govuk-error-summary');
    const summary = await page.locator('.govuk-error-summary').textContent();
    assert.match(summary, /Title: Enter a title/);
    assert.match(summary, /Domain 1, statement 2, key: Each statement needs its own key/);
    assert.match(summary, /Domain 1, statement 2, text: Enter the statement/);
    await check(page, 'template-upload-errors');

    // Fixed, it becomes a draft of a new template.
    await upload(page, file('fixed.json', {
      key: 'community-confidence', kind: 'self_assessment', title: 'Community confidence check', introduction: '',
      domains: [{ key: 'community', title: 'Community assets', statements: [
        { key: 'community.know', text: 'I know what is local.' },
      ] }],
    }));
    await page.waitForSelector('.govuk-notification-banner:has-text("Uploaded as version 1 (a draft)")');

    // A new version of the practice model, edited in forms, previewed, then published.
    await page.goto('/templates');
    await page.getByRole('link', { name: 'Practice model self-assessment' }).click();
    await page.waitForSelector('h1:has-text("(version 1)")');
    await page.getByRole('button', { name: 'Make a new version' }).click();
    await page.waitForSelector('h1:has-text("(version 2)")');
    const first = page.locator('[id="domains[0].statements[0].text"]');
    await first.fill('');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForSelector('.govuk-error-summary:has-text("Enter the statement")');
    await check(page, 'template-editor-errors');
    await first.fill('I begin with what matters to the person and what they can do.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForSelector('.govuk-notification-banner:has-text("Draft saved")');
    await page.getByRole('link', { name: 'Preview' }).click();
    await page.waitForSelector('legend:has-text("I begin with what matters to the person")');
    assert.ok(await page.getByLabel('Not applicable').first().isVisible());
    await check(page, 'template-preview');
    await page.getByRole('link', { name: 'Back to the template' }).click();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.waitForSelector('.govuk-notification-banner:has-text("Published")');
    const rows = await page.locator('tbody tr').allTextContents();
    assert.ok(rows.some((r) => /Practice model self-assessment.*2.*Published/.test(r)), rows.join('\n'));
    assert.ok(rows.some((r) => /Practice model self-assessment.*1.*Retired/.test(r)), rows.join('\n'));

    // Practitioners now get version 2.
    const priya = await world.page();
    await signIn(priya, 'practitioner@touchstone.example');
    await priya.waitForSelector('h1:has-text("Hello")');
    const list = await (await priya.request.get('/api/templates')).json();
    const practice = list.filter((t) => t.key === 'practice-model');
    assert.deepEqual(practice.map((t) => [t.version, t.status]), [[2, 'published']]);
  });
});
