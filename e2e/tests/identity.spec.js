// Signing in as each demo person, what each can see, the directory and person pages.
const { test, expect } = require('@playwright/test');
const { watchConsole, waitForHydration, screenshots } = require('./helpers');

const PASSWORD = 'hatrack-demo-2026';

async function signIn(page, email) {
  await page.goto('/sign-in');
  await waitForHydration(page);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: /^Welcome, / })).toBeVisible();
}

test('a visitor is sent to sign in, and a wrong password is explained', async ({ page }) => {
  const console = watchConsole(page);
  await page.goto('/people');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fpeople|\/sign-in\?next=\/people/);
  await waitForHydration(page);
  await page.getByLabel('Email address').fill('admin@demo.hatrack.test');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('do not match an active account');
  await expect(page.getByLabel('Email address')).toHaveValue('admin@demo.hatrack.test');
  await screenshots(page, 'sign-in-error');
  console.assertClean();
});

for (const [who, name] of [
  ['engineer', 'Tom Becker'],
  ['lead', 'Elena Vasquez'],
  ['hr', 'Jonas Berg'],
  ['admin', 'Priya Raman'],
]) {
  test(`${who} signs in and sees their summary`, async ({ page }) => {
    const console = watchConsole(page);
    await signIn(page, `${who}@demo.hatrack.test`);
    await expect(page.getByRole('heading', { name: `Welcome, ${name}` })).toBeVisible();
    const menu = page.getByRole('navigation', { name: 'Main' });
    await expect(menu.getByRole('link', { name: 'People', exact: true })).toBeVisible();
    // Admin pages appear in the menu for admins only (the server refuses them to others).
    await expect(menu.getByRole('link', { name: 'Import people' })).toHaveCount(who === 'admin' ? 1 : 0);
    await expect(page.getByText('Kestrel Logistics IT').first()).toBeVisible();
    console.assertClean();
  });
}

test('the directory searches, pages and leads to person pages', async ({ page }) => {
  const console = watchConsole(page);
  await signIn(page, 'lead@demo.hatrack.test');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('1–20 of 40 people');
  await page.getByRole('link', { name: 'Next →' }).click();
  await expect(page.getByRole('status')).toHaveText('21–40 of 40 people');
  await page.getByLabel('Search').fill('network');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByRole('status')).toHaveText('1–2 of 2 people');
  await screenshots(page, 'directory');
  await page.getByRole('link', { name: 'Aisha Khan' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Aisha Khan' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'Elena Vasquez' })).toBeVisible();
  await page.goto('/people');
  await waitForHydration(page);
  await page.getByLabel('Search').fill('zzzz-nobody');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByText('No one matches these filters.')).toBeVisible();
  console.assertClean();
});

test('a person page shows manager, teams and reports; signing out ends the session', async ({ page }) => {
  const console = watchConsole(page);
  await signIn(page, 'engineer@demo.hatrack.test');
  await page.goto('/people?q=Elena');
  await page.getByRole('link', { name: 'Elena Vasquez' }).first().click();
  await expect(page.getByRole('heading', { name: /Direct reports \(7\)/ })).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'Tom Becker' })).toBeVisible();
  await screenshots(page, 'person');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/people');
  await expect(page).toHaveURL(/\/sign-in/);
  console.assertClean();
});
