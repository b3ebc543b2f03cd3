// An admin edits a person in two tabs: the second save is refused and explained.
const { test, expect } = require('@playwright/test');
const { watchConsole, waitForHydration, screenshots } = require('./helpers');

async function signIn(page) {
  await page.goto('/sign-in');
  await waitForHydration(page);
  await page.getByLabel('Email address').fill('admin@demo.hatrack.test');
  await page.getByLabel('Password').fill('hatrack-demo-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Priya Raman' })).toBeVisible();
}

test('a stale edit in a second tab is refused, nothing is overwritten', async ({ page, context }) => {
  const console = watchConsole(page);
  await signIn(page);
  await page.goto('/people?q=Yuki');
  await page.getByRole('main').getByRole('link', { name: 'Yuki Tanaka' }).click();
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: 'Edit Yuki Tanaka' })).toBeVisible();
  const editUrl = page.url();

  const second = await context.newPage();
  const secondConsole = watchConsole(second);
  await second.goto(editUrl);
  await waitForHydration(second);
  await waitForHydration(page);

  await page.getByLabel('Job title').fill('Systems Engineer');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Yuki Tanaka' })).toBeVisible();
  await expect(page.getByText('Systems Engineer', { exact: true })).toBeVisible();

  await second.getByLabel('Job title').fill('Cloud Engineer');
  await second.getByRole('button', { name: 'Save changes' }).click();
  await expect(second.getByRole('alert')).toContainText('Someone else changed this record');
  await screenshots(second, 'edit-conflict');

  await page.reload();
  await expect(page.getByText('Systems Engineer', { exact: true })).toBeVisible();
  console.assertClean();
  secondConsole.assertClean();
});
