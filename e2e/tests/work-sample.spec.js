// The candidate's work-sample page: HR sends a link through the API; the page shows the
// brief and passes axe-core (as sent, and refused); with JavaScript off, as a candidate's
// browser may be, a file whose content is not what its name says is refused with the
// typed text kept, the right file goes through, the page thanks the candidate, and the
// link then says it was used.
const { test, expect } = require('@playwright/test');
const { AxeBuilder } = require('@axe-core/playwright');

async function serious(page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** A fresh link to the demo's blind work sample (Adaeze Nwosu's loop), sent by HR. */
async function newLink(request) {
  const login = await request.post('/api/v1/auth/login', {
    data: { email: 'hr@demo.hatrack.test', password: 'hatrack-demo-2026' },
  });
  const auth = { Authorization: `Bearer ${(await login.json()).access_token}` };
  const loops = (await (await request.get('/api/v1/loops', { headers: auth })).json()).items;
  const loop = loops.find((l) => l.candidate && l.candidate.name === 'Adaeze Nwosu');
  const detail = await (await request.get(`/api/v1/loops/${loop.id}`, { headers: auth })).json();
  const stage = detail.stages.find((s) => s.kind === 'work_sample');
  const created = await request.post(`/api/v1/loops/${loop.id}/stages/${stage.id}/work-sample-links`, {
    headers: auth, data: {},
  });
  expect(created.status()).toBe(201);
  return (await created.json()).path;
}

const MISNAMED = { name: 'plan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('\x89PNG\r\n\x1a\n....', 'binary') };

test('the work-sample page and its refusal pass axe-core', async ({ page, request }) => {
  const path = await newLink(request);
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: 'Work sample: cut-over plan' })).toBeVisible();
  expect(await serious(page)).toEqual([]);
  await page.getByLabel('Files').setInputFiles([MISNAMED]);
  await page.getByRole('button', { name: 'Send work sample' }).click();
  await expect(page.locator('.error-summary')).toContainText('image/png');
  expect(await serious(page)).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a candidate sends a work sample through the link, with no account', async ({ page, request }) => {
    const path = await newLink(request);
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: 'Work sample: cut-over plan' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Migration cut-over plan with rollback' })).toBeVisible();

    // a PNG named .pdf: refused, said beside the field, the text kept
    await page.getByLabel('Your answer').fill('My plan is in the file.');
    await page.getByLabel('Files').setInputFiles([MISNAMED]);
    await page.getByRole('button', { name: 'Send work sample' }).click();
    await expect(page.locator('.error-summary')).toContainText('image/png');
    await expect(page.getByLabel('Your answer')).toHaveValue('My plan is in the file.');

    await page.getByLabel('Files').setInputFiles([
      { name: 'plan.md', mimeType: 'text/markdown', buffer: Buffer.from('# Plan\n\n1. Lower the TTLs on Monday.\n') },
    ]);
    await page.getByRole('button', { name: 'Send work sample' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /Thank you/ })).toBeVisible();
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: 'This link has already been used' })).toBeVisible();
  });
});
