// Keeping the interview records, in the pages: a hiring manager attaches a work sample a
// candidate sent by email (and a file whose content is not what its name says is
// refused with the reason, nothing written); HR amends a candidate's record, exports it
// and erases it on request; a hiring manager adds an exercise to the library and edits
// it. The loop and its candidate are made through the API first (a candidate of this
// test's own, so the demo's stay as the other tests expect them).
const { test, expect } = require('@playwright/test');
const { watchConsole, waitForHydration, screenshots, signInAs: signIn, demoToken } = require('./helpers');

const CANDIDATE = 'Sofia Brandt';

async function api(request, email) {
  const headers = { Authorization: `Bearer ${await demoToken(request, email)}` };
  return {
    get: async (path) => (await request.get(path, { headers })).json(),
    post: async (path, data) => {
      const r = await request.post(path, { headers, data });
      expect(r.ok(), `${path}: ${r.status()} ${await r.text()}`).toBeTruthy();
      return r.json();
    },
  };
}

test('a work sample attached by hand, a candidate amended, exported and erased, an exercise added and edited', async ({ page, request }) => {
  test.setTimeout(180_000);
  const console = watchConsole(page);
  // --- a loop of this test's own (Elena hires, and interviews on every stage) ---------
  const elena = await api(request, 'lead@demo.hatrack.test');
  const me = await elena.get('/api/v1/me');
  const plan = (await elena.get('/api/v1/interview-plans')).find((p) => p.name === 'IT Lead hiring');
  const version = await elena.get(`/api/v1/interview-plans/${plan.id}`);
  const candidate = await elena.post('/api/v1/candidates', {
    name: CANDIDATE, email: 'sofia.brandt@example.org', source: 'careers page', consent: true,
  });
  const stages = (await elena.get(`/api/v1/interview-plans/versions/${version.published_version_id}`)).document.stages;
  // Hana grades the (blind) work sample, so the hiring manager sees the files' names
  const hana = (await elena.get('/api/v1/people?q=Hana%20Sato')).items[0];
  const loop = await elena.post('/api/v1/loops', {
    candidate_id: candidate.id, plan_id: plan.id,
    stages: stages.map((s, stage) => ({ stage, interviewers: [s.kind === 'work_sample' ? hana.id : me.person.id] })),
  });

  // --- the hiring manager attaches what the candidate emailed -------------------------
  await signIn(page, 'lead@demo.hatrack.test', 'Elena Vasquez');
  await page.goto(`/interviews/loops/${loop.id}`);
  const attach = page.locator('details.attach');
  await attach.locator('summary').click();
  await attach.getByLabel(/Their answer as text/).fill('Cut-over on Saturday 06:00; rollback by DNS within 10 minutes.');
  await attach.getByLabel(/^Files/).setInputFiles({ name: 'cutover.md', mimeType: 'text/markdown', buffer: Buffer.from('# Cut-over\n\n1. Freeze changes\n') });
  await attach.getByRole('button', { name: 'Attach' }).click();
  await expect(page.getByText('attached by Elena Vasquez')).toBeVisible();
  await expect(page.getByRole('link', { name: 'cutover.md' })).toBeVisible();
  console.assertClean();
  // a "picture" that is text: refused with the reason, the page says so, nothing added
  await page.locator('details.attach summary').click();
  await page.locator('details.attach').getByLabel(/^Files/).setInputFiles({ name: 'diagram.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all') });
  await page.locator('details.attach').getByRole('button', { name: 'Attach' }).click();
  await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expect(page.locator('details.attach')).toHaveAttribute('open', '');
  await expect(page.getByText('attached by Elena Vasquez')).toHaveCount(1);
  await screenshots(page, 'interviews-attach');
  // (the refused post's page came with its 422, which the browser logs; watch afresh)
  const after = watchConsole(page);

  // --- an exercise added to the library, then edited ----------------------------------
  await page.goto('/interviews/exercises');
  await page.getByRole('link', { name: 'Add an exercise' }).click();
  await waitForHydration(page);
  const form = page.locator('#exercise-form');
  await form.getByLabel('Title').fill('Capacity review');
  await form.getByLabel('Kind').selectOption({ label: 'Work sample' });
  await form.getByLabel('Time box (minutes)').fill('30');
  // the brief left empty: the form says what is missing and keeps the rest
  await form.getByRole('button', { name: 'Add to the library' }).click();
  await expect(form.getByText('Write the brief the candidate reads').first()).toBeVisible();
  await expect(form.getByLabel('Title')).toHaveValue('Capacity review');
  await form.getByLabel(/^Brief/).fill('Read the storage graphs of the last quarter and say what you would buy, and when.');
  await form.getByLabel('Level 3').fill('Names the trend, the date it bites and one option with its cost.');
  await form.getByRole('checkbox', { name: /Budget & vendor management/ }).check();
  await form.getByRole('button', { name: 'Add to the library' }).click();
  const card = page.locator('section.exercise', { has: page.getByRole('heading', { name: /^Capacity review/ }) });
  await expect(card).toBeVisible();
  await expect(card.getByText('30 minutes · shows Budget vendor management')).toBeVisible();
  await card.getByRole('link', { name: /^Edit/ }).click();
  await waitForHydration(page);
  await expect(page.getByRole('heading', { name: 'Edit “Capacity review”' })).toBeVisible();
  await page.locator('#exercise-form').getByLabel('Time box (minutes)').fill('35');
  await page.locator('#exercise-form').getByRole('button', { name: 'Save the exercise' }).click();
  await expect(page.locator('section.exercise', { has: page.getByRole('heading', { name: /^Capacity review/ }) })
    .getByText(/^35 minutes/)).toBeVisible();
  after.assertClean();

  // --- HR amends the candidate, exports the record and erases it ----------------------
  const hrPage = await page.context().browser().newPage({ baseURL: test.info().project.use.baseURL });
  const hrConsole = watchConsole(hrPage);
  await signIn(hrPage, 'hr@demo.hatrack.test', 'Jonas Berg');
  await hrPage.goto('/interviews/candidates?q=Sofia');
  await hrPage.getByRole('link', { name: CANDIDATE }).click();
  await expect(hrPage.getByRole('heading', { name: CANDIDATE, level: 1 })).toBeVisible();
  await waitForHydration(hrPage);
  await hrPage.getByLabel('Source (optional)').fill('Referral from Kofi');
  await hrPage.getByLabel('Keep their data until').fill('2027-06-30');
  await hrPage.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(hrPage.getByText('Kept until 30 June 2027, then removed.')).toBeVisible();
  await expect(hrPage.locator('dl.facts').getByText('Referral from Kofi')).toBeVisible();
  await screenshots(hrPage, 'interviews-candidate');
  const exportHref = await hrPage.getByRole('link', { name: 'Export their data (JSON)' }).getAttribute('href');
  const exported = await (await hrPage.request.get(exportHref)).json();
  expect(exported.candidate.name).toBe(CANDIDATE);
  expect(exported.work_samples.length).toBe(1);
  await hrPage.getByText("Erase this candidate's data…").click();
  await hrPage.getByRole('button', { name: 'Yes, erase their data' }).click();
  await expect(hrPage.getByRole('heading', { name: '(removed)', level: 1 })).toBeVisible();
  await expect(hrPage.getByText(CANDIDATE)).toHaveCount(0);
  hrConsole.assertClean();
});
