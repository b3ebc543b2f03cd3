// HR keeps the competency framework: start a draft of the IT Lead framework, change one
// anchor, see that an empty anchor blocks publishing, publish with a change note and read
// the diff; a member reads the framework but never the draft; a Markdown ladder imports
// with a preview that lists what could not be carried over.
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

// A folder's shared topics: the ladder's untitled "ticket-hygiene" takes its title from here.
const GENERIC = `---
title: Shared topics
levels: 3
topics:
  - name: ticket-hygiene
    title: Ticket hygiene 🧾
    content:
      - level: 1
        criteria:
          - Writes what was done before closing
---
`;

const LADDER = `---
title: Service desk ladder
levels: 3
sidebarTitle: Desk
topics:
  - name: first-contact
    title: First contact 📞
    content:
      - level: 1
        criteria:
          - Logs every call in the caller's own words
      - level: 3
        criteria:
          - Spots repeat calls and raises a problem record
  - name: ticket-hygiene
    content:
      - level: 1
        criteria:
          - Closes tickets with the fix written down
      - level: 2
        criteria:
          - Links related tickets
      - level: 3
        criteria:
          - Reviews the queue weekly with the team
---
How our service desk grows people.
`;

test('HR publishes a new version with a changed anchor and reads the diff', async ({ page }) => {
  const console = watchConsole(page);
  await signIn(page, 'hr', 'Jonas Berg');
  await page.getByRole('link', { name: 'Frameworks' }).click();
  await page.getByRole('link', { name: 'IT Lead' }).click();
  await expect(page.getByRole('heading', { name: 'IT Lead', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Incident response & recovery' })).toBeVisible();
  await screenshots(page, 'framework');
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Start a new draft' }).click();
  await expect(page.getByRole('heading', { name: 'Draft: IT Lead (version 2)' })).toBeVisible();
  await waitForHydration(page);

  // Edit one competency: change level 3, empty level 5.
  await page.getByRole('link', { name: 'Incident response & recovery' }).click();
  await expect(page.getByRole('heading', { name: 'Incident response & recovery' })).toBeVisible();
  await waitForHydration(page);
  const level3 = page.getByRole('group', { name: /Level 3/ });
  await level3.getByLabel('Summary').fill('Leads the response to a major incident and writes the review within a week.');
  const level5 = page.getByRole('group', { name: /Level 5/ });
  await level5.getByLabel('Summary').fill('');
  await screenshots(page, 'competency-edit');
  await page.getByRole('button', { name: 'Save competency' }).click();
  await expect(page.getByRole('heading', { name: 'Draft: IT Lead (version 2)' })).toBeVisible();
  await expect(page.getByText('1 thing to finish before publishing')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Publish version 2' })).toBeDisabled();

  // Write level 5 again; then publish with a note.
  await page.getByRole('link', { name: /Incident response & recovery: level 5 anchor to write/ }).click();
  await waitForHydration(page);
  await page.getByRole('group', { name: /Level 5/ }).getByLabel('Summary').fill('Shapes how the whole organization prepares for and learns from incidents.');
  await page.getByRole('button', { name: 'Save competency' }).click();
  await expect(page.getByText('Every anchor is written')).toBeVisible();
  await waitForHydration(page);
  await page.getByLabel('What changed in this version').fill('Clearer incident response anchors.');
  await page.getByRole('button', { name: 'Publish version 2' }).click();
  await expect(page.getByText('Clearer incident response anchors.').first()).toBeVisible();

  await page.getByRole('link', { name: 'Changes since version 1' }).first().click();
  await expect(page.getByRole('heading', { name: 'Changes from version 1 to 2' })).toBeVisible();
  await expect(page.getByText('Level 3 anchor of Incident response & recovery changed')).toBeVisible();
  await expect(page.getByText('writes the review within a week')).toBeVisible();
  await screenshots(page, 'framework-diff');
  console.assertClean();
});

test('a member reads the framework but not drafts', async ({ page }) => {
  const console = watchConsole(page);
  await signIn(page, 'engineer', 'Tom Becker');
  await page.getByRole('link', { name: 'Frameworks' }).click();
  await expect(page.getByRole('link', { name: 'New framework' })).toHaveCount(0);
  await page.getByRole('link', { name: 'IT Lead' }).click();
  await expect(page.getByRole('heading', { name: 'Technologist' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start a new draft' })).toHaveCount(0);
  console.assertClean();
});

test('HR imports a Markdown ladder after a preview', async ({ page }) => {
  const console = watchConsole(page);
  await signIn(page, 'hr', 'Jonas Berg');
  await page.goto('/frameworks/import');
  await waitForHydration(page);
  // the ladder and its folder's shared generic.md, chosen together
  await page.getByLabel('File').setInputFiles([
    { name: 'desk.md', mimeType: 'text/markdown', buffer: Buffer.from(LADDER) },
    { name: 'generic.md', mimeType: 'text/markdown', buffer: Buffer.from(GENERIC) },
  ]);
  await expect(page.getByLabel('Text')).toHaveValue(LADDER);
  await expect(page.getByLabel('Contents of generic.md')).toHaveValue(GENERIC);
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByRole('heading', { name: 'Preview: Service desk ladder' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Read as a Markdown ladder' })).toContainText('2 competencies');
  await expect(page.locator('.import-notes')).toContainText('sidebarTitle');
  await expect(page.locator('.outline')).toContainText('First contact 📞');
  // the untitled topic took its title from the shared file
  await expect(page.locator('.outline')).toContainText('Ticket hygiene 🧾');
  await expect(page.locator('.import-notes')).toContainText('taken from the shared generic.md');
  await screenshots(page, 'framework-import');
  await page.getByRole('button', { name: 'Import as a draft' }).click();
  await expect(page.locator('#import-done')).toContainText('is now a draft with 2 competencies');
  await page.getByRole('link', { name: 'Open the draft' }).click();
  await expect(page.getByRole('heading', { name: 'Draft: Service desk ladder (version 1)' })).toBeVisible();
  console.assertClean();
});
