// An admin invites someone through the API; they accept in the browser and see their sessions.
const { test, expect } = require('@playwright/test');
const { watchConsole, waitForHydration, screenshots } = require('./helpers');

test('an invited person sets a password and sees their sessions', async ({ page, request }) => {
  const console = watchConsole(page);
  const login = await request.post('/api/v1/auth/login', {
    data: { email: 'admin@demo.hatrack.test', password: 'hatrack-demo-2026' },
  });
  const admin = (await login.json()).access_token;
  const auth = { Authorization: `Bearer ${admin}` };
  const created = await request.post('/api/v1/people', {
    headers: auth, data: { name: 'Robin Invitee', email: `robin.${Date.now()}@example.org`, job_title: 'Cloud Engineer' },
  });
  expect(created.status()).toBe(201);
  const person = await created.json();
  const invite = await request.post(`/api/v1/people/${person.id}/invitation`, { headers: auth });
  expect(invite.status()).toBe(201);
  const { accept_path } = await invite.json();

  await page.goto(accept_path);
  await waitForHydration(page);
  await page.getByLabel('New password').fill('short');
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('at least 12 characters');
  await screenshots(page, 'accept-invite-error');
  await page.getByLabel('New password').fill('robin chooses a long passphrase');
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Robin Invitee' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Your sessions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your sessions' })).toBeVisible();
  await expect(page.getByText('this session')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out all other sessions' }).click();
  await expect(page.getByRole('status')).toHaveText('Signed out 0 other session(s).');
  await screenshots(page, 'sessions');
  console.assertClean();
});
