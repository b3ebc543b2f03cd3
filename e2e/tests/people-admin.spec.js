// Admin work in the browser: import people from a CSV file (check, then import, with the
// progress shown), change someone's manager and teams, create and edit a team, and
// create an invitation link.
const { test, expect } = require('@playwright/test');
const { watchConsole, waitForHydration, screenshots } = require('./helpers');

async function signInAsAdmin(page) {
  await page.goto('/sign-in');
  await waitForHydration(page);
  await page.getByLabel('Email address').fill('admin@demo.hatrack.test');
  await page.getByLabel('Password').fill('hatrack-demo-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Priya Raman' })).toBeVisible();
}

const BAD = 'name,email,manager_email,teams\n' +
  'Lena Fischer,lena.fischer@example.org,lead@demo.hatrack.test,Infrastructure;Field Support\n' +
  'No Email,,lead@demo.hatrack.test,\n';
const GOOD = 'name,email,job_title,manager_email,teams\n' +
  'Lena Fischer,lena.fischer@example.org,Field Technician,lead@demo.hatrack.test,Infrastructure;Field Support\n' +
  'Omar Haddad,omar.haddad@example.org,Field Technician,lena.fischer@example.org,Field Support\n';

test('an admin checks a CSV, fixes it and imports it', async ({ page }) => {
  const console = watchConsole(page);
  await signInAsAdmin(page);
  await page.goto('/people');
  await page.getByRole('link', { name: 'Import people' }).first().click();
  await expect(page.getByRole('heading', { name: 'Import people' })).toBeVisible();
  await waitForHydration(page);

  // A file with a problem: the check names the line and the column, nothing is written.
  await page.getByLabel('CSV file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD) });
  await expect(page.getByLabel('CSV text')).toHaveValue(BAD);
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByRole('alert')).toContainText('1 of 2 rows have problems (lines 3)');
  await expect(page.getByRole('row', { name: /No Email/ })).toContainText('email: Enter an email address');
  await expect(page.getByRole('button', { name: /^Import/ })).toHaveCount(0);

  // Fixed: every row is ready, then imported in one go.
  await page.getByLabel('CSV text').fill(GOOD);
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Every row is ready' })).toContainText('2 new');
  await expect(page.getByRole('row', { name: /Omar Haddad/ })).toContainText('New');
  await screenshots(page, 'people-import-checked');
  await page.getByRole('button', { name: 'Import 2 rows' }).click();
  await expect(page.locator('#import-done')).toContainText('2 new · 0 updated · 0 unchanged · new teams: Field Support');

  await page.goto('/people?q=Omar');
  await page.getByRole('main').getByRole('link', { name: 'Omar Haddad' }).click();
  await expect(page.getByText('Lena Fischer')).toBeVisible();
  await expect(page.getByText('Field Support')).toBeVisible();
  console.assertClean();
});

test('an admin changes a manager and teams, and makes an invitation link', async ({ page }) => {
  const console = watchConsole(page);
  await signInAsAdmin(page);
  await page.goto('/people?q=Yuki');
  await page.getByRole('main').getByRole('link', { name: 'Yuki Tanaka' }).click();
  await page.getByRole('link', { name: 'Edit' }).click();
  await waitForHydration(page);
  await page.getByRole('combobox', { name: 'Manager' }).selectOption({ label: 'Kofi Mensah' });
  await page.getByRole('checkbox', { name: 'Data' }).check();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Yuki Tanaka' })).toBeVisible();
  const profile = page.getByRole('region', { name: 'Profile' });
  await expect(profile).toContainText('Kofi Mensah');
  await expect(profile).toContainText('Data');

  // Someone who has not accepted yet gets a link.
  await page.goto('/people?q=lena.fischer');
  await page.getByRole('main').getByRole('link', { name: 'Lena Fischer' }).click();
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Create invitation link' }).click();
  await expect(page.getByLabel(/Link for lena.fischer@example.org/)).toHaveValue(/\/accept-invite\?token=/);
  console.assertClean();
});

test('an admin creates a team and edits it', async ({ page }) => {
  const console = watchConsole(page);
  await signInAsAdmin(page);
  await page.goto('/teams');
  await page.getByRole('link', { name: 'New team' }).click();
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByRole('alert')).toContainText('Enter a team name');

  await page.getByLabel('Name').fill('Platform Guild');
  await page.getByLabel('What the team looks after').fill('Shared build and deploy tooling.');
  await page.getByLabel('Lead').selectOption({ label: 'Elena Vasquez' });
  await page.getByLabel('Members').selectOption([{ label: 'Tom Becker' }, { label: 'Aisha Khan' }]);
  await page.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Platform Guild' })).toBeVisible();
  await expect(page.getByRole('region', { name: /Members \(2\)/ })).toContainText('Tom Becker');

  await page.getByRole('link', { name: 'Edit' }).click();
  await waitForHydration(page);
  await page.getByLabel('Name').fill('Platform Team');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Platform Team' })).toBeVisible();
  await screenshots(page, 'team-edited');
  console.assertClean();
});
