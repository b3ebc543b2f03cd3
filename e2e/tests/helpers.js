// Shared helpers: a page that fails the test on any console error, and screenshots at
// desktop and phone widths into target/e2e/.
const path = require('path');
const { expect } = require('@playwright/test');

const OUT = process.env.E2E_OUT || path.join(__dirname, '..', '..', 'target', 'e2e');

/**
 * Collects console errors and page crashes; call `assertClean()` at the end.
 * `expected404` names a path whose own 404 status Chromium may report (a 404 page).
 */
function watchConsole(page, { expected404 } = {}) {
  const problems = [];
  page.on('console', (msg) => {
    // In islands mode a missing island export is only a warning, yet the island is dead.
    if (msg.type() === 'warning' && msg.text().includes('Could not find WASM function')) {
      problems.push(`console: ${msg.text()}`);
      return;
    }
    if (msg.type() !== 'error') return;
    const url = msg.location().url || '';
    if (expected404 && url.endsWith(expected404) && msg.text().includes('404')) return;
    problems.push(`console: ${msg.text()} (${url})`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return { assertClean: () => expect(problems, problems.join('\n')).toEqual([]) };
}

/** Resolves once the wasm has hydrated the page (the frontend sets data-hydrated). */
async function waitForHydration(page) {
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
}

/** Full-page screenshots at 1440 px and 375 px wide. */
async function screenshots(page, name) {
  const size = page.viewportSize();
  for (const [label, width, height] of [['desktop', 1440, 900], ['phone', 375, 812]]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path.join(OUT, `${name}-${label}.png`), fullPage: true });
  }
  if (size) await page.setViewportSize(size);
}

/** The demo organization's password (hatrack demo). */
const DEMO_PASSWORD = 'hatrack-demo-2026';

/** Signs in through the form as a demo person and waits for their home page. */
async function signInAs(page, email, name) {
  await page.goto('/sign-in');
  await waitForHydration(page);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: `Welcome, ${name}` })).toBeVisible();
}

/** A bearer token for the JSON API, as a demo person. */
async function demoToken(request, email) {
  const res = await request.post('/api/v1/auth/login', { data: { email, password: DEMO_PASSWORD } });
  expect(res.ok()).toBeTruthy();
  return (await res.json()).access_token;
}

module.exports = { watchConsole, waitForHydration, screenshots, DEMO_PASSWORD, signInAs, demoToken };
