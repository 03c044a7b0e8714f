// The app shell in Chromium: signing in as every role, navigation by role, errors, admin
// journeys, sign-out, the 404 page and a 320 px screen, with axe-core on every page visited.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { check, serverAndBrowser, signIn, waitForSyncTag } from './harness.mjs';

const world = serverAndBrowser();


async function navLinks(page) {
  return page.locator('nav[aria-label="Menu"] a').allTextContents();
}

const roles = [
  { email: 'practitioner@touchstone.example', nav: ['Home', 'Find services', 'My notes', 'My practice'], area: '/practice', heading: 'My practice' },
  { email: 'manager@touchstone.example', nav: ['Home', 'Find services', 'My notes', 'My team'], area: '/team', heading: 'My team' },
  { email: 'commissioner@touchstone.example', nav: ['Home', 'Find services', 'My notes', 'Community assets'], area: '/directory', heading: 'Community assets' },
  { email: 'workforce@touchstone.example', nav: ['Home', 'Find services', 'My notes', 'Workforce confidence'], area: '/workforce', heading: 'Workforce confidence' },
  { email: 'admin@touchstone.example', nav: ['Home', 'Find services', 'My notes', 'Administration'], area: '/admin', heading: 'Administration' },
  { email: 'manager.east@touchstone.example', nav: ['Home', 'Find services', 'My notes', 'My practice', 'My team'], area: '/team', heading: 'My team' },
];

describe('Touchstone in Chromium', () => {
  test('the sign-in page passes axe', async () => {
    const page = await world.page();
    await page.goto('/');
    await page.waitForURL('**/sign-in');
    await check(page, 'sign-in');
    assert.equal(await page.title(), 'Sign in – Touchstone');
    await page.context().close();
  });

  for (const role of roles) {
    test(`${role.email} signs in and sees their navigation`, async () => {
      const page = await world.page();
      await signIn(page, role.email);
      await page.waitForSelector('h1:has-text("Hello")');
      assert.deepEqual(await navLinks(page), role.nav);
      const name = role.email.split('@')[0];
      await check(page, `home-${name}`);

      await page.locator('nav[aria-label="Menu"]').getByRole('link', { name: role.nav.at(-1) }).click();
      await page.waitForURL(`**${role.area}`);
      await page.waitForSelector(`h1:has-text("${role.heading}")`);
      const current = page.locator('nav[aria-label="Menu"] a[aria-current="page"]');
      assert.equal(await current.textContent(), role.nav.at(-1));
      await check(page, `area-${name}`);

      // Another role's page is refused (the server refuses its data too; see the server tests).
      if (!role.email.startsWith('admin')) {
        await page.goto('/admin/users');
        await page.waitForSelector('h1:has-text("You do not have access to this page")');
        await check(page, `forbidden-${name}`);
      }
      await page.context().close();
    });
  }

  test('a wrong password shows the error summary and inline error', async () => {
    const page = await world.page();
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    assert.deepEqual(await summary.locator('li').allTextContents(), ['Enter your email address', 'Enter your password']);
    assert.equal(await page.title(), 'Error: Sign in – Touchstone');
    await check(page, 'sign-in-empty');

    await signIn(page, 'practitioner@touchstone.example', 'not the password');
    await page.waitForSelector('.govuk-error-summary li:has-text("Enter a correct email address and password")');
    assert.ok(await summary.evaluate((el) => el === document.activeElement), 'the summary takes focus');
    assert.match(await page.locator('#email-error').textContent(), /Enter a correct email address and password/);
    assert.equal(await page.getByLabel('Password').inputValue(), '', 'the wrong password is cleared');
    // The summary link moves focus to the field.
    await summary.getByRole('link').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'email');
    await check(page, 'sign-in-wrong-password');
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    await page.context().close();
  });

  test('an admin creates a user, who can then sign in; sign-out ends the session', async () => {
    const admin = await world.page();
    await signIn(admin, 'admin@touchstone.example');
    await admin.waitForSelector('h1:has-text("Hello")');
    await admin.goto('/admin/users');
    await admin.waitForSelector('table');
    await check(admin, 'admin-users');
    await admin.getByRole('link', { name: 'Add a user' }).click();
    await admin.waitForSelector('h1:has-text("Add a user")');

    // Submitting a bad form first: errors, nothing saved.
    await admin.getByLabel('Email address').fill('not an email');
    await admin.getByRole('button', { name: 'Add user' }).click();
    const summary = admin.locator('.govuk-error-summary');
    await summary.waitFor();
    const messages = await summary.locator('li').allTextContents();
    assert.deepEqual(messages, [
      'Enter a name',
      'Enter an email address in the correct format, like name@example.com',
      'Select at least one role',
      'Enter a password',
    ]);
    await check(admin, 'admin-user-new-errors');

    await admin.getByLabel('Full name').fill('Rosa Diaz');
    await admin.getByLabel('Email address').fill('rosa.diaz@touchstone.example');
    await admin.getByLabel('Practitioner').check();
    await admin.getByLabel('Team', { exact: true }).selectOption({ label: 'Keighley Locality (Access and Prevention)' });
    await admin.getByLabel('Career level (PCF)').selectOption({ label: 'Newly qualified (ASYE)' });
    await admin.getByLabel('First password').fill('rosa has a long password');
    await admin.getByRole('button', { name: 'Add user' }).click();
    await admin.waitForSelector('.govuk-notification-banner--success:has-text("Rosa Diaz can now sign in")');
    await admin.waitForSelector('td:has-text("rosa.diaz@touchstone.example")');
    await check(admin, 'admin-users-created');

    // The same email again is refused with the server's message against the field.
    await admin.goto('/admin/users/new');
    await admin.getByLabel('Full name').fill('Rosa Again');
    await admin.getByLabel('Email address').fill('ROSA.DIAZ@touchstone.example');
    await admin.getByLabel('Practitioner').check();
    await admin.getByLabel('First password').fill('another long password');
    await admin.getByRole('button', { name: 'Add user' }).click();
    await admin.waitForSelector('#email-error:has-text("A user with that email address already exists")');

    // The administrator chose Rosa's password: she chooses her own before anything else.
    const rosa = await world.page();
    await signIn(rosa, 'rosa.diaz@touchstone.example', 'rosa has a long password');
    await rosa.waitForURL('**/account');
    await rosa.waitForSelector('.govuk-notification-banner:has-text("An administrator chose your password")');
    await rosa.goto('/notes');
    await rosa.waitForURL('**/account');
    await rosa.getByLabel('Current password').fill('rosa has a long password');
    await rosa.getByLabel('New password').fill('password1234');
    await rosa.getByRole('button', { name: 'Change password' }).click();
    await rosa.locator('.govuk-error-summary').waitFor();
    assert.match(await rosa.locator('#new-error').textContent(), /easy to guess/);
    // The server's 422 is the answer under test: the browser logs it, and nothing else.
    assert.deepEqual(rosa.problems.splice(0).map((p) => /status of 422/.test(p)), [true]);
    await check(rosa, 'account-weak-password');
    assert.equal(await rosa.locator('[data-testid="sync-tag"]').count(), 0, 'nothing of hers is opened or synced yet');
    const refused = await rosa.request.get('/api/sync/pull?cursor=0');
    assert.equal(refused.status(), 403, 'the password the administrator knows opens no records');
    assert.equal((await refused.json()).code, 'password_change_required');
    await rosa.getByLabel('New password').fill('rosa keeps bees in a brass kettle');
    await rosa.getByRole('button', { name: 'Change password' }).click();
    await rosa.waitForSelector('.govuk-notification-banner--success:has-text("Your password has been changed")');
    await rosa.waitForSelector('h1:has-text("Hello, Rosa Diaz")');
    // Her own password opens her copy on the device, and it syncs.
    await waitForSyncTag(rosa, 'Synced');
    assert.deepEqual(await navLinks(rosa), ['Home', 'Find services', 'My notes', 'My practice']);
    // The team's name arrives after the page shows.
    await rosa.waitForSelector('.govuk-summary-list:has-text("Keighley Locality (Access and Prevention)")');
    assert.match(await rosa.locator('.govuk-summary-list').textContent(), /Newly qualified \(ASYE\)/);

    await rosa.getByRole('button', { name: 'Sign out' }).click();
    await rosa.waitForURL('**/sign-in');
    const me = await rosa.request.get('/api/auth/me');
    assert.equal(me.status(), 401, 'the session is gone on the server');
    await rosa.goto('/practice');
    await rosa.waitForURL('**/sign-in');
    await rosa.context().close();
    await admin.context().close();
  });

  test('a person sees where they are signed in and ends a session on another device', async () => {
    const laptop = await world.page();
    const phone = await world.page();
    for (const device of [laptop, phone]) {
      await signIn(device, 'manager.east@touchstone.example');
      await device.waitForSelector('h1:has-text("Hello")');
    }
    await laptop.getByRole('link', { name: /Signed in as/ }).click();
    await laptop.waitForSelector('h1:has-text("Your account")');
    // (Other tests sign in as this person too: there are at least these two sessions.)
    const cards = laptop.locator('.govuk-summary-card');
    await cards.nth(1).waitFor();
    const before = await cards.count();
    assert.match(await cards.first().textContent(), /Chrom(e|ium) on Linux.*This device/s);
    await check(laptop, 'account-sessions');
    assert.equal((await phone.request.get('/api/auth/me')).status(), 200);
    await laptop.getByRole('button', { name: /End this session/ }).first().click();
    await laptop.waitForFunction((n) => document.querySelectorAll('.govuk-summary-card').length === n, before - 1);
    await laptop.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await laptop.waitForFunction(() => document.querySelectorAll('.govuk-summary-card').length === 1);
    assert.equal((await phone.request.get('/api/auth/me')).status(), 401, 'the other session has ended');
    assert.equal((await laptop.request.get('/api/auth/me')).status(), 200, 'this one goes on');
    await laptop.context().close();
    await phone.context().close();
  });

  test('an administrator searches the security audit log and downloads it', async () => {
    const stranger = await world.page();
    await signIn(stranger, 'practitioner@touchstone.example', 'not the right password');
    await stranger.locator('.govuk-error-summary').waitFor();
    await stranger.context().close();

    const admin = await world.page();
    await signIn(admin, 'admin@touchstone.example');
    await admin.waitForSelector('h1:has-text("Hello")');
    await admin.goto('/admin');
    await admin.getByRole('link', { name: 'Security audit log' }).click();
    await admin.waitForSelector('h1:has-text("Security audit log")');
    await admin.locator('tbody tr').first().waitFor();
    await check(admin, 'admin-audit');
    await admin.getByLabel('Action').selectOption({ label: 'Sign-in' });
    await admin.getByLabel('Outcome').selectOption({ label: 'Failed' });
    await admin.getByRole('button', { name: 'Search' }).click();
    await admin.waitForFunction(() => [...document.querySelectorAll('tbody tr')].every((r) => r.textContent.includes('Failed')));
    const rows = await admin.locator('tbody tr').allTextContents();
    assert.ok(rows.some((r) => r.includes('practitioner@touchstone.example') && r.includes('wrong password')), rows.join('\n'));
    assert.ok(rows.every((r) => !r.includes('not the right password')), 'never what was typed');
    const href = await admin.getByRole('link', { name: /Download what these filters find/ }).getAttribute('href');
    assert.equal(href, '/api/audit/export.csv?action=sign_in&outcome=failure');
    const csv = await (await admin.request.get(href)).text();
    assert.match(csv.split('\n')[0], /^When \(UTC\),Person/);
    assert.match(csv, /practitioner@touchstone\.example/);

    // Dates the wrong way round: the error summary, and the list stays as it was.
    await admin.getByLabel('From (date)').fill('2026-12-04');
    await admin.getByLabel('To (date)').fill('2026-12-01');
    await admin.getByRole('button', { name: 'Search' }).click();
    await admin.locator('.govuk-error-summary').waitFor();
    assert.match(await admin.locator('#to-error').textContent(), /end date must be the same as or after/);
    assert.ok((await admin.locator('tbody tr').count()) > 0);
    await admin.context().close();
  });

  test('an admin changes a team and deactivates a user', async () => {
    const admin = await world.page();
    await signIn(admin, 'admin@touchstone.example');
    await admin.waitForSelector('h1:has-text("Hello")');
    await admin.goto('/admin/teams');
    await admin.waitForSelector('table');
    await check(admin, 'admin-teams');
    await admin.getByLabel('Team name').fill('Ilkley Locality');
    await admin.getByLabel('Service area').fill('Access and Prevention');
    await admin.getByRole('button', { name: 'Add team' }).click();
    await admin.waitForSelector('td:has-text("Ilkley Locality")');
    await admin.getByRole('link', { name: 'Change Ilkley Locality' }).click();
    await admin.waitForSelector('h1:has-text("Change Ilkley Locality")');
    await check(admin, 'admin-team-edit');
    await admin.getByLabel('Team name').fill('Ilkley and Wharfedale');
    await admin.getByRole('button', { name: 'Save changes' }).click();
    await admin.waitForSelector('td:has-text("Ilkley and Wharfedale")');

    const student = await world.page();
    await signIn(student, 'student@touchstone.example');
    await student.waitForSelector('h1:has-text("Hello")');

    await admin.goto('/admin/users');
    await admin.getByRole('link', { name: 'Change Sam Ali' }).click();
    await admin.waitForSelector('h1:has-text("Change Sam Ali")');
    await check(admin, 'admin-user-edit');
    await admin.getByLabel('Account is active').uncheck();
    await admin.getByRole('button', { name: 'Save changes' }).click();
    await admin.waitForSelector('.govuk-notification-banner--success:has-text("Changes to Sam Ali saved")');
    assert.equal((await student.request.get('/api/auth/me')).status(), 401, 'deactivation signs them out');
    await admin.context().close();
    await student.context().close();
  });

  test('an unknown page shows the 404 page', async () => {
    const page = await world.page();
    const response = await page.goto('/no/such/page');
    assert.equal(response.status(), 200, 'client routes are served the app');
    await page.waitForSelector('h1:has-text("Page not found")');
    await check(page, 'not-found');
    await page.context().close();
  });

  test('works on a 320 px wide screen and by keyboard', async () => {
    const page = await world.page({ viewport: { width: 320, height: 640 } });
    await page.goto('/sign-in');
    await page.waitForSelector('main h1');
    // Tab from the top: the skip link comes first and moves focus to the main content.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to main content');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main-content');
    // Sign in by keyboard alone.
    await page.getByLabel('Email address').focus();
    await page.keyboard.type('manager@touchstone.example');
    await page.keyboard.press('Tab');
    await page.keyboard.type('touchstone-demo');
    await page.keyboard.press('Enter');
    await page.waitForSelector('h1:has-text("Hello")');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling at 320 px (overflow ${overflow}px)`);
    await check(page, 'home-320px');
    await page.context().close();
  });
});
