// Teams for everyone; the audit log for admins only (menu and direct URL).
const { test, expect } = require('@playwright/test');
const { watchConsole, waitForHydration, screenshots } = require('./helpers');

async function signIn(page, who) {
  await page.goto('/sign-in');
  await waitForHydration(page);
  await page.getByLabel('Email address').fill(`${who}@demo.hatrack.test`);
  await page.getByLabel('Password').fill('hatrack-demo-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: /^Welcome, / })).toBeVisible();
}

test('teams list and a team page', async ({ page }) => {
  const console = watchConsole(page);
  await signIn(page, 'engineer');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Teams' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Teams' })).toBeVisible();
  await page.getByRole('link', { name: 'Security' }).click();
  await expect(page.getByRole('heading', { name: 'Members (6)' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'Hana Sato' })).toHaveCount(2); // lead and member
  await screenshots(page, 'team');
  console.assertClean();
});

test('the audit log is for admins: menu, page and direct URL', async ({ page }) => {
  const console = watchConsole(page);
  await signIn(page, 'admin');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'auth.sign_in' }).first()).toBeVisible();
  await page.getByLabel('Action').fill('demo.loaded');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByRole('rowheader', { name: 'demo.loaded' })).toBeVisible();
  await screenshots(page, 'audit');
  console.assertClean();
});

test('an engineer has no audit log in the menu and is refused at its URL', async ({ page }) => {
  await signIn(page, 'engineer');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  const response = await page.goto('/admin/audit');
  expect(response.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1, name: "You don't have access to this" })).toBeVisible();
});

test('the org chart folds and unfolds', async ({ page }) => {
  const console = watchConsole(page);
  await signIn(page, 'engineer');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Org chart' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Org chart' })).toBeVisible();
  const tree = page.getByRole('list', { name: 'Reporting lines' });
  await expect(tree.getByRole('link', { name: 'Marta Okafor' })).toBeVisible();
  // The top two levels start open; closing Elena's branch hides her reports.
  await expect(tree.getByRole('link', { name: 'Tom Becker' })).toBeVisible();
  await tree.locator('summary', { hasText: 'Elena Vasquez' }).click();
  await expect(tree.getByRole('link', { name: 'Tom Becker' })).toBeHidden();
  await tree.locator('summary', { hasText: 'Elena Vasquez' }).click();
  await expect(tree.getByRole('link', { name: 'Tom Becker' })).toBeVisible();
  await screenshots(page, 'org-chart');
  console.assertClean();
});

test('the directory downloads as CSV', async ({ page }) => {
  await signIn(page, 'hr');
  await page.goto('/people');
  await waitForHydration(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('people.csv');
  const text = require('fs').readFileSync(await download.path(), 'utf8');
  expect(text.split('\r\n')[0]).toBe('name,email,job_title,manager_email,teams,roles,status');
  expect(text).toContain('Peter Grant'); // HR sees deactivated people too
});
