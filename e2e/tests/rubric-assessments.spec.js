// A member rates themselves and submits; their manager assesses them with evidence; the
// radar chart and the gap table show where the two differ; the team's skills matrix flags
// a competency only one person holds (bus factor 1). Screenshots of the form, the radar
// and the matrix at desktop and phone widths.
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

/** Picks a level and writes the evidence of one competency; waits for the autosave. */
async function rate(page, competency, level, evidence) {
  const card = page.locator('article.rating-card', { has: page.getByRole('heading', { name: competency, exact: true }) });
  await card.getByRole('radio', { name: new RegExp(`^${level} `) }).check();
  await card.getByLabel('Evidence', { exact: true }).fill(evidence);
  await card.getByLabel('Evidence', { exact: true }).blur();
  await expect(page.getByText('All changes saved')).toBeVisible();
}

const EVIDENCE_SELF = 'Ran the October storage outage call and wrote the review the same week.';
const EVIDENCE_MANAGER = 'Joined the outage call late and needed help to find the runbook for the storage array.';

test('a member self-assesses, the manager assesses, and the profile shows the difference', async ({ page }) => {
  const console = watchConsole(page);
  await signIn(page, 'engineer', 'Tom Becker');
  await page.getByRole('link', { name: 'Assessments', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Autumn 2026' })).toBeVisible();
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Start: your self-assessment' }).click();
  await expect(page.getByRole('heading', { name: 'Self-assessment of Tom Becker' })).toBeVisible();
  await waitForHydration(page);
  await rate(page, 'Incident response & recovery', 4, EVIDENCE_SELF);
  await rate(page, 'Technical breadth', 3, 'Picked up the new monitoring stack and now answers most questions about it.');
  await expect(page.getByText('2 of 27 rated')).toBeVisible();
  await screenshots(page, 'assessment-form');

  // Thin evidence is refused at submit, naming the competency; nothing is submitted.
  await rate(page, 'Change & release management', 2, 'Fine.');
  await page.getByRole('button', { name: 'Submit…' }).click();
  await page.getByRole('button', { name: 'Yes, submit' }).click();
  await expect(page.getByText('Some ratings need evidence before this can be submitted.')).toBeVisible();
  await rate(page, 'Change & release management', 2, 'Wrote rollback steps for every change I ran this autumn.');
  await page.getByRole('button', { name: 'Yes, submit' }).click();
  await expect(page.getByText(/^Submitted \d+/)).toBeVisible();
  await expect(page.getByText(EVIDENCE_SELF)).toBeVisible();
  console.assertClean();
});

test('the manager assesses with evidence and sees the gap, the radar and the bus factor', async ({ page }) => {
  const console = watchConsole(page);
  await signIn(page, 'lead', 'Elena Vasquez');
  await page.getByRole('link', { name: 'Assessments', exact: true }).click();
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Start: assessment of Tom Becker' }).click();
  await expect(page.getByRole('heading', { name: 'Manager assessment of Tom Becker' })).toBeVisible();
  await waitForHydration(page);
  await rate(page, 'Incident response & recovery', 2, EVIDENCE_MANAGER);
  await page.getByRole('button', { name: 'Submit…' }).click();
  await page.getByRole('button', { name: 'Yes, submit' }).click();
  await expect(page.getByText(/^Submitted \d+/)).toBeVisible();

  // Tom's profile: the radar is an SVG drawn on the server; the gap table puts the
  // disagreement first.
  await page.goto('/assessments');
  await page.getByRole('link', { name: 'Tom Becker', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Competencies of Tom Becker' })).toBeVisible();
  await expect(page.locator('figure.radar svg[role="img"]').first()).toBeVisible();
  expect(await page.locator('figure.radar svg[role="img"]').count()).toBeGreaterThan(1); // one per area
  const first = page.locator('table.gap-table tbody tr').first();
  await expect(first.getByRole('rowheader')).toContainText('Incident response & recovery');
  await expect(first.locator('td').nth(1)).toHaveText('2');
  await expect(first.locator('td').nth(2)).toContainText('4');
  await expect(first.locator('td.differs')).toHaveCount(1);
  await screenshots(page, 'competency-radar');

  // The team matrix flags core systems stewardship: only Daniel holds it.
  await page.goto('/teams');
  await page.getByRole('link', { name: 'Infrastructure' }).click();
  await page.getByRole('link', { name: 'Skills matrix' }).click();
  await expect(page.getByRole('heading', { name: 'Skills matrix: Infrastructure' })).toBeVisible();
  await expect(page.locator('li.bus-factor', { hasText: 'Core systems stewardship' })).toContainText('only Daniel Osei');
  // (Earlier specs may add people to the team; the demo's eight are there.)
  for (const name of ['Tom Becker', 'Daniel Osei', 'Elena Vasquez', 'Yuki Tanaka']) {
    await expect(page.locator('table.matrix tbody tr', { hasText: name })).toHaveCount(1);
  }
  await screenshots(page, 'skills-matrix');
  // Filter by area: fewer columns.
  await waitForHydration(page);
  await page.getByLabel('Area').selectOption({ label: 'Guardian' });
  await expect(page).toHaveURL(/area=guardian/);
  await expect(page.locator('table.matrix thead th.matrix-head')).toHaveCount(3);
  console.assertClean();
});
