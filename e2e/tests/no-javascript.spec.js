// Without JavaScript (or before the wasm arrives on a slow link) every page carries its
// content in the first HTML, and every form posts and answers with a full page: signing
// in (a wrong password says why and keeps the address), rating and submitting a
// self-assessment, and changing a RACI row.
const { test, expect } = require('@playwright/test');

test.use({ javaScriptEnabled: false });

async function signIn(page, who, name) {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(`${who}@demo.hatrack.test`);
  await page.getByLabel('Password').fill('hatrack-demo-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: `Welcome, ${name}` })).toBeVisible();
}

test('signing in: a wrong password says why and keeps the address; the right one goes home', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill('lead@demo.hatrack.test');
  await page.getByLabel('Password').fill('not the password at all');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.locator('.error-summary')).toContainText('There is a problem');
  await expect(page.getByLabel('Email address')).toHaveValue('lead@demo.hatrack.test');
  await expect(page.getByLabel('Password')).toHaveValue('');
  // a reload shows a clean form: the problem was said once
  await page.reload();
  await expect(page.locator('.error-summary')).toHaveCount(0);

  await page.getByLabel('Email address').fill('lead@demo.hatrack.test');
  await page.getByLabel('Password').fill('hatrack-demo-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Elena Vasquez' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'What needs you' })).toBeVisible();

  for (const path of ['/', '/assessments', '/ownership', '/ownership/gaps', '/people', '/teams', '/frameworks', '/cycles', '/components', '/org-chart']) {
    const response = await page.goto(path);
    expect(response.status(), path).toBe(200);
    const html = await response.text();
    expect(html, `${path} shows "Loading" in its first HTML`).not.toContain('Loading');
    expect(await page.title(), `${path} has a title`).toMatch(/Hatrack/);
  }
});

test('rating and submitting a self-assessment with plain form posts', async ({ page }) => {
  await signIn(page, 'lead', 'Elena Vasquez');
  await page.goto('/assessments');
  await page.getByRole('button', { name: 'Start: your self-assessment' }).click();
  await expect(page).toHaveURL(/\/assessments\/[0-9a-f-]{36}$/);
  const card = page.locator('article.rating-card').first();
  await card.getByRole('radio').nth(2).check();
  await card.getByLabel('Evidence').fill('Planned and ran the data centre failover drill, then wrote up what broke and fixed it.');
  await page.getByRole('button', { name: 'Save ratings' }).click();
  await expect(page).toHaveURL(/saved=1/);
  await expect(card.getByRole('radio').nth(2)).toBeChecked();
  await expect(card.getByLabel('Evidence')).toHaveValue(/failover drill/);

  // A level without evidence that is too long to keep: refused, said, nothing lost.
  await page.getByRole('button', { name: 'Submit…' }).click();
  await expect(page).toHaveURL(/confirm=submit/);
  await expect(page.getByText(/Submit with 1 of \d+ competencies rated\?/)).toBeVisible();
  await page.getByRole('button', { name: 'Yes, submit' }).click();
  await expect(page.getByText(/^Submitted /)).toBeVisible();
  await expect(page.getByText('1 of')).toBeVisible();
});

test('changing a RACI row on its own page', async ({ page }) => {
  await signIn(page, 'lead', 'Elena Vasquez');
  await page.goto('/ownership');
  await page.getByRole('link', { name: 'Edit Core network, Patching' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Core network · Patching' })).toBeVisible();
  // the first empty line gets an I for the Infrastructure team
  const holders = page.locator('select[id^="holder-"]');
  const count = await holders.count();
  let blank = -1;
  for (let i = 0; i < count && blank < 0; i++) {
    if ((await holders.nth(i).inputValue()) === '') blank = i;
  }
  expect(blank).toBeGreaterThanOrEqual(0);
  await page.locator(`#letter-${blank}`).selectOption('I');
  await page.locator(`#holder-${blank}`).selectOption({ label: 'Infrastructure' });
  await page.getByRole('button', { name: 'Save row' }).click();
  await expect(page).toHaveURL(/\/ownership\?component=/);
  await expect(page.getByRole('row', { name: /Core network/ })).toContainText('Infrastructure');

  // a second A is refused with the reason, and the page says so
  await page.getByRole('link', { name: 'Edit Core network, Patching' }).click();
  const next = await (async () => {
    for (let i = 0; i < await holders.count(); i++) if ((await holders.nth(i).inputValue()) === '') return i;
    return -1;
  })();
  await page.locator(`#letter-${next}`).selectOption('A');
  await page.locator(`#holder-${next}`).selectOption({ label: 'Hana Sato' });
  await page.getByRole('button', { name: 'Save row' }).click();
  await expect(page.locator('.error-summary')).toContainText('keep exactly one A');
});
