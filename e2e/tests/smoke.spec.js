// The walking skeleton in a real browser: the server-rendered home page, hydration, no
// console errors, the HTML 404 page and the API docs.
const { test, expect } = require('@playwright/test');
const { watchConsole, waitForHydration, screenshots } = require('./helpers');

test('home page renders on the server and asks a visitor to sign in', async ({ page }) => {
  const console = watchConsole(page);
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Hatrack' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Hatrack' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'Sign in' })).toBeVisible();
  // the installation's status is an admin page, not the home page
  await expect(page.getByTestId('server-status')).toHaveCount(0);
  await waitForHydration(page);
  await screenshots(page, 'home-visitor');
  console.assertClean();
});

test('the installation status is an admin page that checks again in place', async ({ page }) => {
  const console = watchConsole(page);
  await page.goto('/sign-in');
  await waitForHydration(page);
  await page.getByLabel('Email address').fill('admin@demo.hatrack.test');
  await page.getByLabel('Password').fill('hatrack-demo-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Priya Raman' })).toBeVisible();
  await page.goto('/admin/status');
  await expect(page.getByRole('heading', { level: 1, name: 'Installation status' })).toBeVisible();
  await expect(page.getByTestId('server-status')).toHaveText('ok');
  await expect(page.getByTestId('version')).toBeVisible();
  await waitForHydration(page);

  // Only the hydrated app handles this click in place: without the wasm the form would
  // reload the page and the note below would stay empty.
  await page.getByRole('button', { name: 'Check again' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Checked again' })).toHaveText(/Checked again \(1×\), last at \d{4}-\d\d-\d\d/);
  await page.getByRole('button', { name: 'Check again' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Checked again' })).toHaveText(/Checked again \(2×\)/);
  expect(page.url()).not.toContain('?');

  await screenshots(page, 'admin-status');
  console.assertClean();
});

test('unknown pages get the HTML 404 page', async ({ page }) => {
  const console = watchConsole(page, { expected404: '/no-such-page' });
  const response = await page.goto('/no-such-page');
  expect(response.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to the home page' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hatrack' })).toBeVisible();
  console.assertClean();
});

test('the API explorer is served from the binary', async ({ page }) => {
  await page.goto('/api/docs');
  await expect(page.getByText('Hatrack API').first()).toBeVisible();
  await expect(page.getByText('/api/v1/status').first()).toBeVisible();
});

test('the navigation folds into a menu on a phone, closed at first', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto('/');
  const main = page.getByRole('navigation', { name: 'Main' });
  const menu = page.getByText('Menu', { exact: true });
  await expect(menu).toBeVisible();
  await expect(main.getByRole('link', { name: 'Home' })).toBeHidden();
  await menu.click();
  await expect(main.getByRole('link', { name: 'Home' })).toBeVisible();
  await menu.click();
  await expect(main.getByRole('link', { name: 'Home' })).toBeHidden();
  // on a wide screen the navigation shows without opening anything
  await page.setViewportSize({ width: 1440, height: 900 });
  await expect(main.getByRole('link', { name: 'Home' })).toBeVisible();
  await expect(menu).toBeHidden();
});
