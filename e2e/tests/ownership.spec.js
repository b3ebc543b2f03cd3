// A lead fixes a rule break in the ownership matrix (Save waits while a second A breaks
// the rules), confirms an overdue row, reads the gaps, opens the dependency graph and the
// impact list of the identity provider; HR opens the key-person report, which an engineer
// cannot. Screenshots of the matrix, gaps and graph at desktop and phone widths.
const { test, expect } = require('@playwright/test');
const { watchConsole, waitForHydration, screenshots } = require('./helpers');

async function signIn(page, who, name) {
  await page.goto('/sign-in');
  await waitForHydration(page);
  await page.getByLabel('Email address').fill(`${who}@demo.hatrack.test`);
  await page.getByLabel('Password').fill('hatrack-demo-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: `Welcome, ${name}` })).toBeVisible();
}

test('a lead fixes a rule break, confirms an overdue row and reads the graph', async ({ page }) => {
  const console = watchConsole(page);
  await signIn(page, 'lead', 'Elena Vasquez');
  await page.getByRole('link', { name: 'Ownership', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Ownership matrix' })).toBeVisible();
  await waitForHydration(page);
  await screenshots(page, 'ownership-matrix');

  // Office Wi-Fi patching has an A but no R: the editor says so as it opens.
  await page.getByRole('link', { name: 'Edit Office Wi-Fi, Patching' }).click();
  const editor = page.locator('section.row-editor');
  await expect(editor.getByRole('heading', { name: 'Office Wi-Fi · Patching' })).toBeVisible();
  await expect(editor.getByText('Nobody is responsible (R)')).toBeVisible();

  // A second A: the rule check says so as it is chosen, and Save waits until the row
  // keeps the rules (the server's own refusal is in no-javascript.spec.js).
  await editor.getByRole('button', { name: 'Add a letter' }).click();
  await editor.locator('#letter-2').selectOption('A');
  await editor.locator('#holder-2').selectOption({ label: 'Hana Sato' });
  await expect(editor.getByText('2 people are accountable (Elena Vasquez, Hana Sato)').first()).toBeVisible();
  await expect(editor.getByRole('button', { name: 'Save row' })).toBeDisabled();

  // Make the second letter an R for Pablo: the row keeps the rules and saves.
  await editor.locator('#letter-2').selectOption('R');
  await editor.locator('#holder-2').selectOption({ label: 'Pablo Ortega' });
  await expect(editor.getByText('The row keeps the rules.')).toBeVisible();
  await editor.getByRole('button', { name: 'Save row' }).click();
  await expect(editor.getByText('Saved.')).toBeVisible();
  await editor.getByRole('button', { name: 'Close' }).click();

  // Core network change approval is overdue; its A confirms it.
  await page.getByRole('link', { name: 'Edit Core network, Change approval' }).click();
  await expect(editor.getByText(/Overdue for confirmation since/)).toBeVisible();
  await editor.getByRole('button', { name: 'Confirm it still holds' }).click();
  await expect(editor.getByText('Confirmed: the row is good for another period.')).toBeVisible();

  // The gaps no longer list either row.
  await page.goto('/ownership/gaps');
  await expect(page.getByRole('heading', { name: 'Ownership gaps' })).toBeVisible();
  const broken = page.locator('section', { has: page.getByRole('heading', { name: 'Rows breaking the rules' }) });
  await expect(broken).toContainText('Service desk tool · Access review');
  await expect(broken).not.toContainText('Office Wi-Fi');
  const stale = page.locator('section', { has: page.getByRole('heading', { name: 'Overdue for confirmation' }) });
  await expect(stale).toContainText('Backups · Backup & restore');
  await expect(stale).not.toContainText('Core network');
  await screenshots(page, 'ownership-gaps');

  // The graph, then the identity provider's impact list with its owners.
  await page.goto('/ownership/graph');
  await expect(page.locator('.graph-wrap svg')).toBeVisible();
  await screenshots(page, 'dependency-graph');
  await page.goto('/components');
  await page.getByRole('link', { name: 'Identity provider' }).click();
  await expect(page.getByRole('heading', { name: 'If Identity provider is down' })).toBeVisible();
  const impact = page.locator('section.impact');
  await expect(impact.getByRole('link', { name: 'ERP', exact: true })).toBeVisible();
  await expect(impact).toContainText('Lucas Moreau');
  await expect(page.locator('.graph-wrap svg a.node.selected')).toHaveCount(1);
  await screenshots(page, 'component-impact');
  console.assertClean();
});

test('HR reads the key-person report; an engineer cannot', async ({ page }) => {
  const console = watchConsole(page);
  await signIn(page, 'hr', 'Jonas Berg');
  await page.goto('/ownership/risk');
  await expect(page.getByRole('heading', { name: 'Key-person risk' })).toBeVisible();
  const single = page.locator('section', { has: page.getByRole('heading', { name: /tier 1–2 rows alone/ }) });
  await expect(single.getByRole('link', { name: 'Daniel Osei' })).toBeVisible();
  await screenshots(page, 'key-person-risk');
  console.assertClean();
});

test('person and team pages show what they own once, after hydration too', async ({ page }) => {
  const console = watchConsole(page);
  await signIn(page, 'lead', 'Elena Vasquez');
  await page.goto('/teams');
  await page.getByRole('link', { name: 'Infrastructure', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Ownership load' })).toBeVisible();
  await waitForHydration(page);
  const load = page.locator('section', { has: page.getByRole('heading', { name: 'Ownership load' }) });
  await expect(load.locator('table')).toHaveCount(1);
  await expect(load.getByRole('link', { name: 'Core network' }).first()).toBeVisible();
  await screenshots(page, 'team-ownership');
  await page.getByRole('link', { name: 'Elena Vasquez' }).first().click();
  const owned = page.locator('section', { has: page.getByRole('heading', { name: 'What they own' }) });
  await expect(owned.locator('table')).toHaveCount(1);
  await expect(owned.getByRole('link', { name: 'Core network' }).first()).toBeVisible();
  console.assertClean();
});
