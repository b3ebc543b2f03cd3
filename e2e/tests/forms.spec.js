// The forms that post to server functions (one enhanced-form island for all of them):
// a problem the server reports shows above the form and beside its field, and the field
// is marked invalid; once fixed, the form goes where the server sends it, or reloads the
// page for an edit shown in place. Covers the pages no other spec opens: new framework,
// the draft's add-area form, new role profile and a new cycle's dates.
const { test, expect } = require('@playwright/test');
const { watchConsole, waitForHydration, screenshots } = require('./helpers');

async function signInAsHr(page) {
  await page.goto('/sign-in');
  await waitForHydration(page);
  await page.getByLabel('Email address').fill('hr@demo.hatrack.test');
  await page.getByLabel('Password').fill('hatrack-demo-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Jonas Berg' })).toBeVisible();
}

test('a new framework: the missing name is explained, then it opens its draft', async ({ page }) => {
  const console = watchConsole(page);
  await signInAsHr(page);
  await page.goto('/frameworks/new');
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Create and start editing' }).click();
  const summary = page.locator('.error-summary');
  await expect(summary).toContainText('There is a problem');
  await expect(summary).toBeFocused();
  await expect(page.locator('#name-error')).toBeVisible();
  await expect(page.locator('#name-input')).toHaveAttribute('aria-invalid', 'true');
  expect(page.url()).toContain('/frameworks/new');
  await screenshots(page, 'form-problem');

  await page.getByLabel('Name').fill('Forms check framework');
  await page.getByRole('button', { name: 'Create and start editing' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Draft: Forms check framework/ })).toBeVisible();
  await expect(page.locator('#name-error')).toHaveCount(0);

  // An edit without a redirect reloads the page, which then shows it.
  await waitForHydration(page);
  await page.getByLabel('New area').fill('Operations');
  await page.getByRole('button', { name: 'Add area' }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'Operations' })).toBeVisible();
  console.assertClean();
});

test('a new role profile needs a name', async ({ page }) => {
  const console = watchConsole(page);
  await signInAsHr(page);
  await page.goto('/role-profiles');
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Create and set levels' }).click();
  await expect(page.locator('.error-summary')).toContainText('There is a problem');
  await expect(page.locator('#name-error')).toBeVisible();
  await expect(page.locator('#name')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Name', { exact: true }).fill('Forms check role');
  await page.getByRole('button', { name: 'Create and set levels' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Forms check role' })).toBeVisible();
  console.assertClean();
});

test('a new cycle: every missing field at once, then one that ends before it starts', async ({ page }) => {
  const console = watchConsole(page);
  await signInAsHr(page);
  await page.goto('/cycles');
  await waitForHydration(page);
  // Empty: every problem at once, not one per try.
  await page.getByRole('button', { name: 'Open cycle' }).click();
  await expect(page.locator('.error-summary li')).toHaveCount(3);
  for (const field of ['name', 'starts_on', 'ends_on']) {
    await expect(page.locator(`#${field}-error`)).toBeVisible();
  }

  await page.getByLabel('Name', { exact: true }).fill('Backwards cycle');
  await page.getByLabel('Starts on').fill('2027-06-30');
  await page.getByLabel('Ends on').fill('2027-06-01');
  await page.getByRole('button', { name: 'Open cycle' }).click();
  await expect(page.locator('.error-summary')).toContainText('There is a problem');
  await expect(page.locator('#ends_on-error')).toContainText('must end on or after the day it starts');
  await expect(page.locator('#ends_on')).toHaveAttribute('aria-invalid', 'true');
  // nothing was written
  await page.reload();
  await expect(page.getByRole('main')).not.toContainText('Backwards cycle');
  console.assertClean();
});
