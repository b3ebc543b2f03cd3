// axe-core on every page type as every role: no serious or critical violation. Each role
// signs in once and walks the pages it can reach (ids read from the JSON API); a page it
// may not open is checked too, as the 403 page it gets.
const { test, expect } = require('@playwright/test');
const { AxeBuilder } = require('@axe-core/playwright');
const { screenshots } = require('./helpers');

// E2E_PAGE_SHOTS=1 also keeps a full-page screenshot of every page at 1440 and 375 px as
// each role (target/e2e/pages/), for looking at every page before an issue is resolved.
const SHOTS = !!process.env.E2E_PAGE_SHOTS;

const PASSWORD = 'hatrack-demo-2026';
const ROLES = [
  ['admin', 'Priya Raman'],
  ['hr', 'Jonas Berg'],
  ['lead', 'Elena Vasquez'],
  ['engineer', 'Tom Becker'],
];

/** Ids of one of each thing, read as the admin through the API. */
async function ids(request) {
  const login = await request.post('/api/v1/auth/login', {
    data: { email: 'admin@demo.hatrack.test', password: PASSWORD },
  });
  expect(login.ok()).toBeTruthy();
  const token = (await login.json()).access_token;
  const get = async (path) => {
    const res = await request.get(path, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.ok(), path).toBeTruthy();
    const body = await res.json();
    return Array.isArray(body) ? body : (body.items || body.components || body.frameworks || []);
  };
  const people = await get('/api/v1/people?per_page=100');
  const teams = await get('/api/v1/teams');
  const frameworks = await get('/api/v1/frameworks');
  const components = await get('/api/v1/components');
  const cycles = await get('/api/v1/cycles');
  const profiles = await get('/api/v1/role-profiles');
  const assessments = await get('/api/v1/assessments?per_page=20');
  const plans = await get('/api/v1/interview-plans');
  // loops and their stages are HR's to read whole
  const hrLogin = await request.post('/api/v1/auth/login', { data: { email: 'hr@demo.hatrack.test', password: PASSWORD } });
  const hrToken = (await hrLogin.json()).access_token;
  const asHr = async (path) => (await request.get(path, { headers: { Authorization: `Bearer ${hrToken}` } })).json();
  const loops = (await asHr('/api/v1/loops')).items;
  const candidates = (await asHr('/api/v1/candidates?q=riya')).items;
  const loop = loops.find((l) => l.candidate && l.candidate.name === 'Tomasz Wojcik') || loops[0];
  const stage = (await asHr(`/api/v1/loops/${loop.id}`)).stages[0];
  const infra = teams.find((t) => t.name === 'Infrastructure') || teams[0];
  const aisha = people.find((p) => p.name === 'Aisha Khan') || people[0];
  return {
    person: aisha.id,
    team: infra.id,
    framework: frameworks[0].id,
    component: components[0].id,
    cycle: cycles[0].id,
    profile: profiles[0].id,
    assessment: assessments[0] && assessments[0].id,
    plan: plans[0].id,
    loop: loop.id,
    stage: stage.id,
    candidate: candidates[0].id,
  };
}

function pages(id) {
  const list = [
    '/', '/people', '/people/import', `/people/${id.person}`, `/people/${id.person}/edit`,
    `/people/${id.person}/competencies`, '/org-chart', '/teams', '/teams/new', `/teams/${id.team}`,
    `/teams/${id.team}/edit`, `/teams/${id.team}/skills`, '/assessments', '/frameworks', '/frameworks/new',
    '/frameworks/import', `/frameworks/${id.framework}`, '/role-profiles', `/role-profiles/${id.profile}`,
    '/cycles', `/cycles/${id.cycle}`, '/components', `/components/${id.component}`, '/ownership',
    '/ownership/gaps', '/ownership/risk', '/ownership/graph', '/ownership/import', '/me/sessions',
    '/admin/audit', '/admin/status', '/no-such-page',
    '/interviews', '/interviews/plans', `/interviews/plans/${id.plan}`, '/interviews/exercises',
    '/interviews/candidates', '/interviews/stats', '/interviews/loops/new', `/interviews/loops/${id.loop}`,
    `/interviews/loops/${id.loop}/debrief`, `/interviews/loops/${id.loop}/stages/${id.stage}`,
    `/interviews/candidates/${id.candidate}`, '/interviews/exercises?edit=new',
  ];
  if (id.assessment) list.push(`/assessments/${id.assessment}`);
  return list;
}

/** A file name for a page: ids replaced by what they are. */
function shotName(path, id) {
  let name = path;
  for (const [what, value] of Object.entries(id)) if (value) name = name.split(value).join(what);
  return name.replace(/\//g, '-').replace(/-$/, '-home');
}

/** The serious and critical violations on the page, one line each. */
async function violations(page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

test('the sign-in page as a visitor', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page).toHaveTitle(/Sign in/);
  expect(await violations(page)).toEqual([]);
});

test('the check itself finds a planted violation', async ({ page }) => {
  // proves the harness reads axe's answer: a page it passes fails once broken on purpose
  await page.goto('/sign-in');
  await page.evaluate(() => {
    const b = document.createElement('button');
    b.style.color = '#eee';
    b.style.background = '#fff';
    b.textContent = 'faint';
    document.querySelector('main').appendChild(b);
    const i = document.createElement('input');
    document.querySelector('main').appendChild(i);
  });
  const found = await violations(page);
  expect(found.some((v) => v.startsWith('color-contrast'))).toBeTruthy();
  expect(found.some((v) => v.startsWith('label'))).toBeTruthy();
});

for (const [role, name] of ROLES) {
  test(`every page as ${role}`, async ({ page, request }) => {
    test.setTimeout(180_000);
    const id = await ids(request);
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(`${role}@demo.hatrack.test`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: `Welcome, ${name}` })).toBeVisible();
    const found = [];
    for (const path of pages(id)) {
      const response = await page.goto(path);
      expect([200, 403, 404], `${path} as ${role}`).toContain(response.status());
      const title = await page.title();
      if (!title.trim()) found.push(`${path}: no <title>`);
      if ((await page.locator('h1').count()) === 0) found.push(`${path}: no <h1>`);
      for (const v of await violations(page)) found.push(`${path}: ${v}`);
      if (SHOTS) await screenshots(page, `pages/${role}${shotName(path, id)}`);
    }
    expect(found, found.join('\n')).toEqual([]);
  });
}
