// Structured interviews end to end. A hiring manager (Elena, a lead) builds a plan from
// the exercise library — a blind work sample and an outage panel, with a rating-guide
// note on the panel's incident response — adds a candidate and
// schedules a loop with three interviewers; the candidate sends the work sample through
// a private link. Interviewer A (Tom) cannot read B's (Noah's)
// scorecard before submitting his own, in the page and through the API, then can; the
// blind grader (Hana) sees a code, never the name; the debrief flags the disagreement and
// shows the panel's alpha; the decision is recorded and cannot be changed, only replaced
// with a reason. Screenshots of the scorecard, the debrief and the plan at desktop and
// phone widths.
const { test, expect } = require('@playwright/test');
const { watchConsole, waitForHydration, screenshots, signInAs: signIn, demoToken: token } = require('./helpers');

const CANDIDATE = 'Farah Nasser';

/** Chooses the option whose text matches `pattern`. */
async function choose(select, pattern) {
  const labels = await select.locator('option').allTextContents();
  const label = labels.find((t) => pattern.test(t));
  expect(label, `an option matching ${pattern}`).toBeTruthy();
  await select.selectOption({ label });
}

async function newPage(browser) {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  return context.newPage();
}

test('a plan from the library, a loop, independent and blind scoring, the debrief and the decision', async ({ page, browser, request }) => {
  test.setTimeout(240_000);
  const console = watchConsole(page);
  await signIn(page, 'lead@demo.hatrack.test', 'Elena Vasquez');

  // --- the plan, from the exercise library -------------------------------------------
  await page.getByRole('link', { name: 'Interviews', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Interviews', level: 1 })).toBeVisible();
  await page.getByRole('navigation', { name: 'Interviews' }).getByRole('link', { name: 'Plans' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Service desk lead hiring');
  await choose(page.getByLabel('Hires for'), /^IT Lead \(/);
  await page.getByRole('button', { name: 'Create plan' }).click();
  await expect(page.getByRole('heading', { name: 'Service desk lead hiring', level: 1 })).toBeVisible();
  await waitForHydration(page);

  const addStage = async (name, kind, minutes, blind) => {
    const form = page.locator('section', { has: page.getByRole('heading', { name: 'Add a stage' }) });
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel('Kind', { exact: true }).selectOption({ label: kind });
    await form.getByLabel('Minutes', { exact: true }).fill(String(minutes));
    if (blind) await form.getByLabel(/Blind grading/).check();
    await form.getByRole('button', { name: 'Add stage' }).click();
    await expect(page.getByRole('heading', { name: new RegExp(`\\d\\. ${name}`) })).toBeVisible();
  };
  const fillStage = async (n, name, exercise, competencies) => {
    const stage = page.locator('section.stage-card', { has: page.getByRole('heading', { name: `${n}. ${name}` }) });
    await choose(stage.getByLabel('Exercise from the library'), new RegExp(`^${exercise}`));
    await stage.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(stage.getByText(`Exercise: ${exercise}`)).toBeVisible();
    for (const c of competencies) await stage.getByRole('checkbox', { name: c }).check();
    // the boxes are ticked by hand before the save comes back: wait for the page the
    // save loads, or it would empty the next form as that is being filled
    await Promise.all([
      page.waitForEvent('load'),
      stage.getByRole('button', { name: 'Save what this stage rates' }).click(),
    ]);
    await waitForHydration(page);
    const saved = page.locator('section.stage-card', { has: page.getByRole('heading', { name: `${n}. ${name}` }) });
    await expect(saved.getByRole('checkbox', { name: competencies[0] })).toBeChecked();
  };
  await addStage('Written cut-over plan', 'Work sample', 90, true);
  await fillStage(1, 'Written cut-over plan', 'Migration cut-over plan with rollback',
    ['Change & release management', 'Risk & contingency planning']);
  await addStage('Outage panel', 'Panel', 60, false);
  await fillStage(2, 'Outage panel', 'Outage triage role-play',
    ['Incident response & recovery', 'Stakeholder management & escalation']);
  // a note on top of the framework's anchors for the panel's incident-response rating
  const outagePanel = () => page.locator('section.stage-card', { has: page.getByRole('heading', { name: '2. Outage panel' }) });
  await outagePanel().getByLabel('Incident response & recovery', { exact: true }).fill('Listen for who they would call first, and when.');
  await Promise.all([page.waitForEvent('load'), outagePanel().getByRole('button', { name: 'Save the notes' }).click()]);
  await waitForHydration(page);
  await expect(outagePanel().getByLabel('Incident response & recovery', { exact: true })).toHaveValue('Listen for who they would call first, and when.');
  await page.getByRole('button', { name: 'Publish this version' }).click();
  await expect(page.getByRole('heading', { name: 'Version 1' })).toBeVisible();
  await screenshots(page, 'interviews-plan');

  // --- the candidate and the loop: three interviewers --------------------------------
  await page.getByRole('link', { name: 'Interview plans' }).click();
  await page.getByRole('navigation', { name: 'Interviews' }).getByRole('link', { name: 'Candidates' }).click();
  await page.getByLabel('Name', { exact: true }).fill(CANDIDATE);
  await page.getByLabel('Email', { exact: true }).fill('farah.nasser@example.com');
  await page.getByLabel('Source (optional)').fill('Referral');
  await page.getByLabel(/agreed to their data being kept/).check();
  await page.getByRole('button', { name: 'Add and schedule a loop' }).click();
  await expect(page.getByRole('heading', { name: 'Schedule a loop' })).toBeVisible();
  await choose(page.getByLabel('Plan', { exact: true }), /^Service desk lead hiring/);
  await page.getByRole('button', { name: 'Use this plan' }).click();
  await expect(page.getByLabel('Candidate', { exact: true })).toHaveValue(/[0-9a-f-]{36}/);
  await page.locator('#stages\\.0\\.interviewer_1').selectOption({ label: 'Hana Sato' });
  await page.locator('#stages\\.0\\.interviewer_2').selectOption({ label: 'Noah Fischer' });
  await page.locator('#stages\\.1\\.scheduled_at').fill('2027-01-12T14:00');
  await page.locator('#stages\\.1\\.location').fill('Room 3');
  await page.locator('#stages\\.1\\.interviewer_1').selectOption({ label: 'Tom Becker' });
  await page.locator('#stages\\.1\\.interviewer_2').selectOption({ label: 'Noah Fischer' });
  await page.getByRole('button', { name: 'Schedule the loop' }).click();
  await expect(page.getByRole('heading', { name: CANDIDATE, level: 1 })).toBeVisible();
  const loopId = page.url().split('/').pop();
  console.assertClean();

  // --- the candidate submits the work sample through a private link -----------------
  await waitForHydration(page);
  const sampleCard = page.locator('section.stage-card', { has: page.getByRole('heading', { name: /Written cut-over plan/ }) });
  await sampleCard.getByRole('button', { name: 'Create a link for the candidate' }).click();
  const linkPath = await sampleCard.locator('input.link-out').inputValue();
  expect(linkPath).toMatch(/^\/work-sample\/[A-Za-z0-9_-]{20,}$/);
  const candidatePage = await newPage(browser);
  await candidatePage.goto(linkPath);
  await expect(candidatePage.getByRole('heading', { name: 'Migration cut-over plan with rollback' })).toBeVisible();
  await candidatePage.getByLabel('Your answer').fill('Three phases, each with a rollback point; the plan is attached.');
  await candidatePage.getByLabel('Files').setInputFiles([
    { name: 'farah-nasser-cutover.md', mimeType: 'text/markdown', buffer: Buffer.from('# Cut-over\n\n1. Freeze\n2. Copy\n3. Switch\n') },
  ]);
  await candidatePage.getByRole('button', { name: 'Send work sample' }).click();
  await expect(candidatePage.getByRole('heading', { level: 1, name: /Thank you/ })).toBeVisible();
  await candidatePage.goto(linkPath);
  await expect(candidatePage.getByRole('heading', { level: 1, name: 'This link has already been used' })).toBeVisible();

  // the loop's stage ids, read through the API as the hiring manager
  const elena = await token(request, 'lead@demo.hatrack.test');
  const loop = await (await request.get(`/api/v1/loops/${loopId}`, { headers: { Authorization: `Bearer ${elena}` } })).json();
  const [sample, panel] = loop.stages;
  expect(sample.blind).toBe(true);
  const score = async (who, stage, ratings, recommendation) => {
    const t = await token(request, who);
    const res = await request.put(`/api/v1/loops/${loopId}/scorecards`, {
      headers: { Authorization: `Bearer ${t}` },
      data: { stage_id: stage.id, ratings, recommendation, submit: true },
    });
    expect(res.status(), await res.text()).toBe(200);
  };

  // --- B (Noah) submits his panel scorecard ------------------------------------------
  await score('noah.fischer@demo.hatrack.test', panel, [
    { competency: 'incident-response-recovery', level: 4, evidence: 'Named a lead and a scribe first; status every 15 minutes.' },
    { competency: 'stakeholder-management-escalation', level: 3, evidence: 'Kept the service owner told of what was known and not.' },
  ], 'yes');

  // --- A (Tom) cannot read it before submitting: the page and the API refuse ---------
  const tomPage = await newPage(browser);
  await signIn(tomPage, 'engineer@demo.hatrack.test', 'Tom Becker');
  await expect(tomPage.getByText(/Write your scorecard: Outage panel with Farah Nasser/)).toBeVisible();
  const refused = await tomPage.goto(`/interviews/loops/${loopId}/debrief`);
  expect(refused.status()).toBe(403);
  await expect(tomPage.getByRole('heading', { name: 'Submit your scorecard first' })).toBeVisible();
  await expect(tomPage.getByText('Named a lead and a scribe first')).toHaveCount(0);
  const tom = await token(request, 'engineer@demo.hatrack.test');
  const early = await request.get(`/api/v1/loops/${loopId}/scorecards`, { headers: { Authorization: `Bearer ${tom}` } });
  expect(early.status()).toBe(403);

  // Tom scores in the page: a level without evidence is refused, then he submits.
  await tomPage.getByRole('link', { name: 'Your scorecard: Outage panel' }).click();
  await expect(tomPage.getByRole('heading', { name: 'Scorecard: Outage panel' })).toBeVisible();
  await waitForHydration(tomPage);
  const incident = tomPage.locator('article', { has: tomPage.getByRole('heading', { name: 'Incident response & recovery' }) });
  await incident.getByLabel(/^Level 2/).check();
  await tomPage.getByLabel('Strong no').check();
  await tomPage.getByRole('button', { name: 'Submit scorecard' }).click();
  await expect(tomPage.locator('.error-summary')).toBeVisible();
  await incident.getByLabel('Evidence', { exact: true }).fill('Started fixing alone; no roles, no log, no status updates.');
  // the draft saves as it is typed
  await expect(tomPage.getByText('Draft saved')).toBeVisible();
  const stakeholders = tomPage.locator('article', { has: tomPage.getByRole('heading', { name: 'Stakeholder management & escalation' }) });
  await stakeholders.getByLabel(/^Level 2/).check();
  await stakeholders.getByLabel('Evidence', { exact: true }).fill('Told nobody until asked.');
  await screenshots(tomPage, 'interviews-scorecard');
  await tomPage.getByRole('button', { name: 'Submit scorecard' }).click();
  await expect(tomPage.getByText('Scorecard submitted.')).toBeVisible();
  await expect(tomPage.getByRole('heading', { name: 'Your scorecard' })).toBeVisible();

  // ...then he can: the API answers, and the debrief waits only for the work sample.
  const after = await request.get(`/api/v1/loops/${loopId}/scorecards`, { headers: { Authorization: `Bearer ${tom}` } });
  expect(after.status()).toBe(200);
  expect(JSON.stringify(await after.json())).toContain('Named a lead and a scribe first');
  await tomPage.goto(`/interviews/loops/${loopId}/debrief`);
  await expect(tomPage.getByRole('heading', { name: 'Not open yet' })).toBeVisible();

  // --- the blind stage: Hana sees the loop's code, never the name --------------------
  const hanaPage = await newPage(browser);
  await signIn(hanaPage, 'hana.sato@demo.hatrack.test', 'Hana Sato');
  await hanaPage.goto(`/interviews/loops/${loopId}`);
  await expect(hanaPage.getByRole('heading', { name: /^Candidate [A-Z0-9-]+$/, level: 1 })).toBeVisible();
  await expect(hanaPage.getByText(CANDIDATE)).toHaveCount(0);
  await hanaPage.getByRole('link', { name: 'Write your scorecard' }).click();
  await expect(hanaPage.getByText(/blind: you see the candidate's code/)).toBeVisible();
  // the submission is read inside Hatrack, its file under a neutral name
  await expect(hanaPage.getByText('Three phases, each with a rollback point')).toBeVisible();
  await expect(hanaPage.getByRole('link', { name: 'file-1.md' })).toBeVisible();
  await expect(hanaPage.getByText('farah-nasser-cutover.md')).toHaveCount(0);
  await expect(hanaPage.getByText(CANDIDATE)).toHaveCount(0);
  const hana = await token(request, 'hana.sato@demo.hatrack.test');
  const hanaLoop = await (await request.get(`/api/v1/loops/${loopId}`, { headers: { Authorization: `Bearer ${hana}` } })).json();
  expect(hanaLoop.candidate).toBeNull();

  // the work sample's two graders submit
  await score('hana.sato@demo.hatrack.test', sample, [
    { competency: 'change-release-management', level: 3, evidence: 'Ordered steps with checks and a rollback point.' },
    { competency: 'risk-contingency-planning', level: 3, evidence: 'A rollback per phase.' },
  ], 'yes');
  await score('noah.fischer@demo.hatrack.test', sample, [
    { competency: 'change-release-management', level: 3, evidence: 'Clear order; checks after each step.' },
    { competency: 'risk-contingency-planning', level: 4, evidence: 'Go/no-go criteria with named deciders.' },
  ], 'strong_yes');

  // --- the debrief: the disagreement on incident response and the alpha --------------
  await page.goto(`/interviews/loops/${loopId}/debrief`);
  await expect(page.getByRole('heading', { name: `Debrief: ${CANDIDATE}` })).toBeVisible();
  await expect(page.getByText(/Krippendorff's alpha, ordinal\): -?\d\.\d\d, from \d+ ratings/)).toBeVisible();
  const flagged = page.locator('section.debrief-competency', { has: page.getByRole('heading', { name: /Incident response & recovery/ }) });
  await expect(flagged.getByText('Disagreement')).toBeVisible();
  await expect(flagged).toContainText('level 2');
  await expect(flagged).toContainText('level 4');
  await expect(page.getByText('1 competency with levels two or more apart')).toBeVisible();
  await waitForHydration(page);
  await screenshots(page, 'interviews-debrief');

  // --- the decision: recorded, then immutable ----------------------------------------
  await page.getByLabel('More data needed').check();
  await page.getByLabel(/^Rationale/).fill('Strong plan, weak incident handling: a second panel on a live scenario.');
  await page.getByRole('button', { name: 'Record decision' }).click();
  await expect(page.getByText('More data needed', { exact: true }).first()).toBeVisible();
  await expect(page.getByText(/Strong plan, weak incident handling/)).toBeVisible();
  // a second record without a reason is refused; the first stays as it was
  const again = await request.post(`/api/v1/loops/${loopId}/decision`, {
    headers: { Authorization: `Bearer ${elena}` },
    data: { decision: 'hire', rationale: 'Changed my mind.' },
  });
  expect(again.status()).toBe(409);
  const debrief = await (await request.get(`/api/v1/loops/${loopId}/debrief`, { headers: { Authorization: `Bearer ${elena}` } })).json();
  expect(debrief.decisions.length).toBe(1);
  expect(debrief.decisions[0].decision).toBe('more_data');
  await expect(page.getByText('Record a new decision')).toBeVisible();
  console.assertClean();
});
