// Risk enablement forms in Chromium: the example journeys of RISK-ENABLEMENT.md §6. A form is
// drafted section by section, sent, returned with a comment by the manager of the author's team,
// answered and agreed, with every version and read kept; a form drafted offline survives a
// reload and records capacity in the law's order; "it seems unwise" alone is not a reason.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, serverAndBrowser, waitForSyncTag } from './harness.mjs';

// The council's own matrix: its word for the likeliest level differs from the defaults, so a
// device that shows it, offline, got the server's matrix.
const matrixFile = join(process.env.TMPDIR ?? tmpdir(), `touchstone-risk-matrix-${process.pid}.json`);
writeFileSync(matrixFile, JSON.stringify({
  likelihood: ['Rare', 'Unlikely', 'Possible', 'Likely', 'Expected'],
}));
const world = serverAndBrowser({ args: ['--risk-matrix', matrixFile] });
const PRACTITIONER = 'practitioner@touchstone.example';
const MANAGER = 'manager@touchstone.example';

/** The element with this id (ids hold dots: "risks.0.what"). */
const byId = (page, id) => page.locator(`[id="${id}"]`);

/** A date `days` from today as day, month and year. */
function later(days) {
  const d = new Date(Date.now() + days * 86_400_000);
  return [String(d.getDate()), String(d.getMonth() + 1), String(d.getFullYear())];
}

async function fillDate(page, id, [day, month, year]) {
  await byId(page, id).fill(day);
  await byId(page, `${id}-month`).fill(month);
  await byId(page, `${id}-year`).fill(year);
}

async function startForm(page, reference, name, wants) {
  await page.goto('/risk/new');
  await page.waitForSelector('h1:has-text("Start a risk enablement form")');
  await byId(page, 'case_reference').fill(reference);
  await byId(page, 'known_as').fill(name);
  await byId(page, 'wants').fill(wants);
  await page.getByRole('button', { name: 'Start the form' }).click();
  await page.waitForSelector('h1:has-text("Risk enablement form")');
  return page.url().split('/').pop();
}

async function openSection(page, id, slug, heading) {
  await page.goto(`/risk/${id}/${slug}`);
  await page.waitForSelector(`h1:has-text("${heading}")`);
}

/** Ahmed's form (journey 3), as first sent: his evidence thin, his mother not asked. */
async function draftAhmed(page) {
  const id = await startForm(page, 'LAS-3301', 'Ahmed', 'Take the bus to college on my own');
  await check(page, 'risk-task-list');

  await openSection(page, id, 'conversation', 'This conversation');
  await page.getByLabel('In their own words').check();
  await check(page, 'risk-section-conversation');

  await openSection(page, id, 'wants', 'What they want, and why');
  await byId(page, 'why').fill('My friends go on their own');
  await page.getByLabel('Work, education, training or recreation').check();

  await openSection(page, id, 'strengths', 'What is strong');
  await byId(page, 'strengths').fill('Knows the route; uses his phone well');
  await byId(page, 'helpers-search').fill('Lunch');
  await page.locator('button:has-text("Add as a strength")').first().click();
  await page.waitForSelector('main li a:has-text("Lunch club")');
  await check(page, 'risk-section-strengths');

  await openSection(page, id, 'benefits', 'What will be better');
  await byId(page, 'benefits').fill('College without waiting for a lift');

  await openSection(page, id, 'risks', 'What could go wrong');
  await page.getByRole('button', { name: 'Add a risk' }).click();
  await byId(page, 'risks.0.what').fill('Gets off at the wrong stop and is lost');
  await page.getByLabel('The person', { exact: true }).check();
  await byId(page, 'risks.0.their_view').fill('I would ring my mum');
  await byId(page, 'risks.0.evidence').fill('He is vulnerable');
  await page.getByLabel('3 – Possible').check();
  await page.getByLabel('3 – Moderate').check();
  await page.waitForSelector('text=Possible × Moderate = 9, Moderate');
  await check(page, 'risk-section-risks');

  await openSection(page, id, 'not-doing', 'If they do not do it');
  await byId(page, 'not_doing').fill('n/a');

  await openSection(page, id, 'safer', 'What will make it safer');
  await page.getByRole('button', { name: 'Add something that will make it safer' }).click();
  await byId(page, 'mitigations.0.action').fill('Travel training on the route');
  await page.getByLabel(/^Risk 1: Gets off/).check();
  await byId(page, 'mitigations.0.owner').fill('Travel trainer');
  await fillDate(page, 'mitigations.0.by', later(30));
  await page.getByLabel('2 – Unlikely').check();
  await page.getByLabel('2 – Minor').check();
  // The risks as things are and made safer, in a table of words.
  const table = page.locator('table:has(caption:has-text("The risks, as things are and made safer"))');
  await table.locator('td:has-text("Moderate")').first().waitFor();
  await check(page, 'risk-section-safer');

  await openSection(page, id, 'deciding', 'Deciding');
  await byId(page, 'doubt_capacity-no').check();
  await byId(page, 'safeguarding_concern-no').check();
  await page.getByRole('button', { name: 'Add an option' }).click();
  await byId(page, 'options.0.option').fill('A taxi to college');
  await byId(page, 'least_restrictive_why').fill('He travels as his friends do');

  await openSection(page, id, 'plan', 'The plan');
  await byId(page, 'plan').fill('Ahmed takes the 662 after travel training');
  await fillDate(page, 'review_by', later(10));
  await page.getByLabel('An incident or a near miss').check();
  await page.getByLabel('Yes, printed').check();
  await check(page, 'risk-section-plan');
  return id;
}

/** Every section, by address and heading. */
const SECTIONS = [
  ['conversation', 'This conversation'], ['wants', 'What they want, and why'],
  ['strengths', 'What is strong'], ['benefits', 'What will be better'],
  ['risks', 'What could go wrong'], ['not-doing', 'If they do not do it'],
  ['safer', 'What will make it safer'], ['views', 'What others think'],
  ['deciding', 'Deciding'], ['plan', 'The plan'],
];

/**
 * Tabs through the page from the top, as someone with no mouse would: every control in <main> is
 * reached (a radio group once: arrows move within it), shows where the focus is, and lies within
 * the screen's width; nothing on the page is wider than the screen.
 */
async function byKeyboard(page, name) {
  const wanted = await page.evaluate(() => {
    const keys = new Set();
    const controls = document.querySelectorAll(
      'main a[href], main button, main input, main select, main textarea, main summary, main [tabindex="0"]');
    controls.forEach((el, i) => {
      if (el.disabled || el.type === 'hidden' || !el.getClientRects().length) return;
      el.dataset.kb = el.type === 'radio' ? `radio:${el.name}` : `${el.tagName}:${el.id || i}`;
      keys.add(el.dataset.kb);
    });
    document.activeElement?.blur();
    window.scrollTo(0, 0);
    return [...keys];
  });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth),
    `${name}: nothing is wider than the screen`);
  const seen = new Set();
  const problems = new Set();
  for (let n = 0; n < wanted.length * 3 + 30 && seen.size < wanted.length; n++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el?.dataset.kb) return null;
      // A GOV.UK radio or checkbox draws its focus on its label's box.
      const drawn = ['radio', 'checkbox'].includes(el.type) && el.labels?.[0]
        ? getComputedStyle(el.labels[0], '::before') : getComputedStyle(el);
      const box = el.getBoundingClientRect();
      return {
        key: el.dataset.kb,
        label: el.id || el.textContent.trim().slice(0, 40),
        shown: drawn.outlineStyle !== 'none' || drawn.boxShadow !== 'none',
        inside: box.left >= -1 && box.right <= innerWidth + 1,
      };
    });
    if (!at) continue;
    seen.add(at.key);
    if (!at.shown) problems.add(`no visible focus on ${at.label}`);
    if (!at.inside) problems.add(`${at.label} is off the screen`);
  }
  assert.deepEqual(wanted.filter((k) => !seen.has(k)), [], `${name}: Tab never reached these`);
  assert.deepEqual([...problems], [], name);
}

async function sendIt(page, id) {
  await page.goto(`/risk/${id}/check`);
  await page.waitForSelector('h1:has-text("Check your answers")');
  assert.equal(await page.locator('text=Before you send it').count(), 0, 'nothing left to answer');
  await check(page, 'risk-check');
  await page.getByRole('button', { name: 'Send to your manager' }).click();
  await page.waitForSelector('text=awaiting manager review');
}

describe('Risk enablement', () => {
  test('returned with a comment, answered and agreed: every version and read kept (journey 3)', async () => {
    const priya = await world.device(PRACTITIONER);
    const id = await draftAhmed(priya);
    await sendIt(priya, id);
    await waitForSyncTag(priya, 'Synced');
    // The author cannot decide on her own form.
    await priya.goto(`/risk/${id}/review`);
    await priya.waitForSelector('text=There is nothing to decide on this form now.');

    const tom = await world.device(MANAGER);
    await tom.goto('/risk');
    const waiting = tom.locator('table:has(caption:has-text("Awaiting your review"))');
    await waiting.locator('a:has-text("LAS-3301")').click();
    await tom.getByRole('link', { name: 'Review this form' }).click();
    await tom.waitForSelector('h1:has-text("Review the form")');
    await check(tom, 'risk-review');
    await byId(tom, 'comment-risks').fill('"He is vulnerable" is not evidence: what has happened?');
    await tom.getByRole('button', { name: 'Add comment on what could go wrong' }).click();
    await tom.waitForSelector('text="He is vulnerable" is not evidence');
    await tom.getByLabel('Return it with comments').check();
    await tom.getByRole('button', { name: 'Record your decision' }).click();
    await tom.waitForSelector('text=returned with comments');
    await waitForSyncTag(tom, 'Synced');

    await priya.reload();
    await priya.goto(`/risk/${id}`);
    await priya.waitForSelector('h2:has-text("Returned with comments")', { timeout: 30_000 });
    await check(priya, 'risk-returned');
    await openSection(priya, id, 'risks', 'What could go wrong');
    await priya.waitForSelector('text="He is vulnerable" is not evidence');
    await byId(priya, 'risks.0.evidence').fill('Missed his stop twice last term when the bus was diverted');
    await openSection(priya, id, 'views', 'What others think');
    await priya.getByRole('button', { name: "Add someone's view" }).click();
    await byId(priya, 'views.0.who.name').fill('Mrs Rashid');
    await byId(priya, 'views.0.who.role').fill('Mother');
    await byId(priya, 'views.0.view').fill('Worried he will get lost in town');
    await priya.getByLabel('Does not agree').check();
    await check(priya, 'risk-section-views');
    await sendIt(priya, id);
    await waitForSyncTag(priya, 'Synced');

    await tom.reload();
    await tom.goto(`/risk/${id}/review`);
    await tom.waitForSelector('h1:has-text("Review the form")');
    await tom.waitForSelector('legend:has-text("Your decision")', { timeout: 30_000 });
    await tom.getByLabel('Agree the plan').check();
    await tom.getByRole('button', { name: 'Record your decision' }).click();
    await tom.waitForSelector('text=Stage: agreed');
    await waitForSyncTag(tom, 'Synced');

    await priya.reload();
    await priya.goto(`/risk/${id}/history`);
    const versions = priya.locator('table:has(caption:has-text("Versions")) tbody tr');
    await versions.nth(3).waitFor();
    const stages = (await versions.locator('td:first-child').allTextContents()).map((s) => s.trim());
    assert.deepEqual(stages, ['awaiting review', 'returned', 'awaiting review', 'agreed']);
    const reads = priya.locator('table:has(caption:has-text("Who has read it"))');
    await reads.locator('td:has-text("Tom Hargreaves")').first().waitFor();
    await check(priya, 'risk-history');

    // The review reminder shows on her home page, worked out on the device: offline too.
    await priya.context().setOffline(true);
    await priya.goto('/practice');
    await priya.waitForSelector('text=LAS-3301');
    assert.match(await priya.locator('.govuk-notification-banner').textContent(), /Review due in 10 days/);
    await priya.context().setOffline(false);
    await waitForSyncTag(priya, 'Synced');

    // The plain text for the case record keeps the disagreement.
    await priya.goto(`/risk/${id}/text`);
    const text = await byId(priya, 'plain-text').inputValue();
    assert.match(text, /RISK ENABLEMENT: LAS-3301/);
    assert.match(text, /DISAGREES/);
    await check(priya, 'risk-text');
    await priya.goto(`/risk/${id}/print`);
    await priya.waitForSelector('h1:has-text("Risk enablement form")');
    assert.equal(await priya.locator('section.ts-print-section').count(), 10, 'a section a page');
    await check(priya, 'risk-print');
    await priya.context().close();
    await tom.context().close();
  });

  test('drafted offline across a reload, capacity in the law\'s order (journey 1)', async () => {
    const page = await world.device(PRACTITIONER);
    // Signing in online keeps the council's matrix on the device, beside the templates.
    await page.waitForFunction(() => localStorage.getItem('touchstone.risk_matrix')?.includes('Expected'));
    await page.context().setOffline(true);
    await page.reload();
    await page.waitForSelector('h1:has-text("Hello")');
    const id = await startForm(page, 'LAS-1101', 'Edith', 'Walk to the park on my own');
    await page.reload();
    await page.waitForSelector('text=LAS-1101 · Edith');

    // Rated offline in the council's words and bands, as the server will judge it.
    await openSection(page, id, 'risks', 'What could go wrong');
    await page.getByRole('button', { name: 'Add a risk' }).click();
    await byId(page, 'risks.0.what').fill('Lost on the way home');
    await page.getByLabel('5 – Expected').check();
    await page.getByLabel('2 – Minor').check();
    await page.waitForSelector('text=Expected × Minor = 10, High');

    await openSection(page, id, 'deciding', 'Deciding');
    await byId(page, 'doubt_capacity').check();
    await page.getByRole('link', { name: 'Record the capacity assessment for this decision' }).click();
    await page.waitForSelector('h1:has-text("Capacity for this decision")');
    await page.getByLabel('They seemed confused about this decision').check();
    await byId(page, 'capacity.reason_said').fill('Lost twice on the way home this month');
    await byId(page, 'capacity.decision').fill('Whether to walk to the park alone');
    await byId(page, 'capacity.needs_to_know').fill('The route, the roads, what to do if lost');
    await byId(page, 'capacity.help_given').fill('Talked at home, in the morning, with her photos of the route');
    // One question at a time, in order; the impairment only once the test shows inability.
    assert.equal(await byId(page, 'capacity.answers.1').count(), 0);
    await byId(page, 'capacity.answers.0').check();
    await byId(page, 'capacity.answers.1-no').check();
    await byId(page, 'capacity.answers.2-no').check();
    assert.equal(await byId(page, 'capacity.answers.impairment').count(), 0);
    await byId(page, 'capacity.answers.3').check();
    await byId(page, 'capacity.answers.impairment').check();
    await byId(page, 'capacity.answers.because_of_it').check();
    await page.waitForSelector('text=Edith cannot make this decision now');
    await byId(page, 'capacity.confirmed').check();
    await page.waitForSelector('h2:has-text("Their best interests")');
    await byId(page, 'capacity.situation.appropriate_person').check();
    await page.waitForSelector('text=An Independent Mental Capacity Advocate is not needed');
    await byId(page, 'capacity.best_interests.consulted').fill('Her daughter, who walks with her on Sundays');
    await check(page, 'risk-capacity-offline');

    await page.context().setOffline(false);
    await waitForSyncTag(page, 'Synced');
    const pulled = await (await page.request.get('/api/sync/pull?cursor=0')).json();
    const form = pulled.changes.map((c) => c.record).find((r) => r.record_id === id);
    assert.equal(form.payload.capacity.confirmed, 'cannot_decide');
    assert.equal(form.payload.capacity.best_interests.consulted, 'Her daughter, who walks with her on Sundays');
    await page.context().close();
  });

  test('"it seems unwise" alone is not a reason to doubt capacity (journey 2)', async () => {
    const page = await world.device(PRACTITIONER);
    const id = await startForm(page, 'LAS-2202', 'Tomasz', 'Climb my allotment ladder');
    // On a 320 px phone, by keyboard alone: choose "Yes", then Tab to the link it brings.
    await page.setViewportSize({ width: 320, height: 640 });
    await openSection(page, id, 'deciding', 'Deciding');
    await check(page, 'risk-deciding-320');
    await byId(page, 'doubt_capacity').focus();
    await page.keyboard.press('Space');
    await page.getByRole('link', { name: 'Record the capacity assessment for this decision' }).waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Record the capacity assessment for this decision');
    await page.keyboard.press('Enter');
    await page.waitForSelector('h1:has-text("Capacity for this decision")');
    await check(page, 'risk-capacity-320');
    await page.getByLabel('The decision seems unwise').focus();
    await page.keyboard.press('Space');
    await page.waitForSelector('text=A decision that seems unwise is not on its own a reason to doubt capacity');
    await page.getByLabel('They seemed confused about this decision').check();
    await page.waitForSelector('text=A decision that seems unwise', { state: 'detached' });
    for (const n of [0, 1, 2, 3]) await byId(page, `capacity.answers.${n}`).check();
    await page.waitForSelector("text=This is Tomasz's decision");
    assert.equal(await page.locator('h2:has-text("Their best interests")').count(), 0, 'best interests stay hidden');
    await check(page, 'risk-capacity-theirs');
    await byKeyboard(page, 'capacity');
    await page.context().close();
  });

  test('a whole form on a 320 px phone: axe finds nothing on any page and Tab reaches every control', async () => {
    const priya = await world.device(PRACTITIONER);
    await priya.setViewportSize({ width: 320, height: 640 });
    const id = await draftAhmed(priya);
    for (const [slug, heading] of SECTIONS) {
      await openSection(priya, id, slug, heading);
      await check(priya, `risk-320-${slug}`);
      await byKeyboard(priya, slug);
    }
    // (The capacity page, shown only when there is a reason to doubt, is run in journey 2.)
    for (const [page, heading] of [['', 'Risk enablement form'], ['/check', 'Check your answers']]) {
      await priya.goto(`/risk/${id}${page}`);
      await priya.waitForSelector(`h1:has-text("${heading}")`);
      await check(priya, `risk-320${page.replace('/', '-') || '-tasks'}`);
      await byKeyboard(priya, heading);
    }
    await sendIt(priya, id);
    await waitForSyncTag(priya, 'Synced');

    const tom = await world.device(MANAGER);
    await tom.setViewportSize({ width: 320, height: 640 });
    await tom.goto(`/risk/${id}/review`);
    await tom.waitForSelector('legend:has-text("Your decision")', { timeout: 30_000 });
    await check(tom, 'risk-320-review');
    await byKeyboard(tom, 'Review the form');
    await tom.context().close();

    for (const [page, heading] of [['/text', 'Copy as plain text'], ['/panel', 'Risk enablement panel pack'],
      ['/print', 'Risk enablement form'], ['', 'Risk enablement form'], ['/history', 'Versions and reads']]) {
      await priya.goto(`/risk/${id}${page}`);
      await priya.waitForSelector(`h1:has-text("${heading}")`);
      await check(priya, `risk-320-sent${page.replace('/', '-')}`);
      await byKeyboard(priya, `${heading} (sent)`);
    }
    await priya.context().close();
  });
});
