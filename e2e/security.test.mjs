// Security as residents and officers meet it: API tokens made with the scopes they need, the
// sign-in link mailed after too many failed sign-ins, a search of too many words, and a form too
// large to send that shows the typed text again — with JavaScript, without it, at 320px and in
// Welsh. axe scans every page on the way.

import assert from 'node:assert/strict'
import { act, assertNoHorizontalScroll, heading, journey, linkFrom, signInAs, startSuite, visit } from './harness.mjs'

const { stack, browser } = await startSuite({ demo: true })
const base = stack.baseURL

function pathname (page) {
  return new URL(page.url()).pathname
}

journey('an officer makes an API token that may only read, and one that writes (no JavaScript)', { browser, stack, javaScriptEnabled: false }, async (page) => {
  await signInAs(page, 'officer@aberhaven.example')
  await visit(page, '/account/tokens')
  assert.equal(await heading(page), 'API tokens')
  // Read is ticked to begin with; the officer's role is offered, unticked.
  assert.ok(await page.getByRole('checkbox', { name: 'Read' }).isChecked())
  assert.ok(!(await page.getByRole('checkbox', { name: 'Write' }).isChecked()))
  assert.ok(!(await page.getByRole('checkbox', { name: 'Use your officer, moderator or admin role' }).isChecked()))

  // Nothing ticked: the error summary says what to do.
  await page.getByLabel('Token name', { exact: true }).fill('ward map')
  await page.getByRole('checkbox', { name: 'Read' }).uncheck()
  await act(page, () => page.getByRole('button', { name: 'Create token' }).click())
  await page.getByRole('link', { name: 'Choose at least one thing the token may do' }).waitFor({ timeout: 5000 })

  await page.getByRole('checkbox', { name: 'Read' }).check()
  await act(page, () => page.getByRole('button', { name: 'Create token' }).click())
  const token = (await page.locator('#new-token').textContent()).trim()
  assert.match(token, /^cmn_/)
  await page.getByRole('cell', { name: 'Read', exact: true }).waitFor({ timeout: 5000 })

  // The token reads the API, is refused a write, and never works on a form.
  const me = await page.request.get(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } })
  assert.equal(me.status(), 200)
  const write = await page.request.post(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` }, data: {} })
  assert.equal(write.status(), 403)
  assert.match(write.headers()['www-authenticate'] ?? '', /insufficient_scope/)
  const form = await page.request.post(`${base}/account/tokens`, { headers: { Authorization: `Bearer ${token}` }, form: { name: 'more', scopes: 'write' } })
  assert.equal(form.status(), 403)
  // A bad token on a page is answered once, not sent round the sign-in page.
  const bad = await page.request.get(`${base}/account`, { headers: { Authorization: 'Bearer cmn_nothing' }, maxRedirects: 0 })
  assert.equal(bad.status(), 401)
})

journey('API tokens in Welsh on a 320px screen', { browser, stack, viewport: { width: 320, height: 640 } }, async (page) => {
  await signInAs(page, 'resident@aberhaven.example')
  await visit(page, '/account/tokens?lang=cy')
  assert.equal(await page.locator('html').getAttribute('lang'), 'cy')
  assert.equal(await heading(page), 'Tocynnau API')
  await page.getByRole('group', { name: 'Beth gaiff y tocyn ei wneud' }).waitFor({ timeout: 5000 })
  // A resident has no role for a token to carry.
  assert.equal(await page.getByRole('checkbox').count(), 2)
  await assertNoHorizontalScroll(page)
  await visit(page, '/account/tokens?lang=en')
})

journey('after too many failed sign-ins the owner signs in with the link mailed to them', { browser, stack }, async (page) => {
  const email = 'member@aberhaven.example'
  await visit(page, '/sign-in')
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('Email address', { exact: true }).fill(email)
    await page.getByLabel('Password', { exact: true }).fill(`a stranger's guess ${i}`)
    await act(page, () => page.getByRole('button', { name: 'Sign in', exact: true }).click())
  }
  // Now even the right password is not checked: the page says a link has gone to the mailbox.
  await page.getByLabel('Email address', { exact: true }).fill(email)
  await page.getByLabel('Password', { exact: true }).fill('commons-demo')
  await act(page, () => page.getByRole('button', { name: 'Sign in', exact: true }).click())
  await page.getByText('we have sent a sign-in link to that email address').first().waitFor({ timeout: 5000 })

  const mail = await stack.mail.waitFor({ to: email, subject: 'Sign in to your account with this link' })
  assert.match(mail.text, /did not succeed/)
  await visit(page, linkFrom(mail.text, `${base}/sign-in/link/`))
  assert.equal(await heading(page), 'Sign in with the link we sent')
  await act(page, () => page.getByRole('button', { name: 'Sign in', exact: true }).click())
  assert.equal(pathname(page), '/account')
  await page.getByText('You are signed in.').first().waitFor({ timeout: 5000 })
})

journey('a search of too many words says which words were used (320px)', { browser, stack, viewport: { width: 320, height: 640 } }, async (page) => {
  const words = 'community hall with a kitchen and a garden and parking near the station please'
  await visit(page, `/assets?q=${encodeURIComponent(words)}`)
  await page.getByRole('link', { name: /only the first 8 words/ }).waitFor({ timeout: 5000 })
  assert.equal(await page.locator('#q').inputValue(), 'community hall with a kitchen and garden parking')
  await assertNoHorizontalScroll(page)
  // And in Welsh.
  await visit(page, `/assets?lang=cy&q=${encodeURIComponent(words)}`)
  assert.equal(await page.locator('html').getAttribute('lang'), 'cy')
  await page.getByRole('link', { name: /dim ond 8 gair cyntaf/ }).waitFor({ timeout: 5000 })
  await assertNoHorizontalScroll(page)
})

journey('a comment too large to send is shown again to copy', { browser, stack }, async (page) => {
  await signInAs(page, 'resident@aberhaven.example')
  await visit(page, '/budgets')
  await act(page, () => page.locator('main a[href^="/budgets/"]').first().click())
  const idea = page.locator('main a[href*="/ideas/"]:not([href$="/new"]):not([href$=".geojson"]):not([href$=".json"])').first()
  await act(page, () => idea.click())
  const words = 'My thoughts on the playground, which I do not want to type again. '
  const text = words.repeat(Math.ceil((1.1 * 1024 * 1024) / words.length))
  await page.getByLabel('Add a comment', { exact: true }).fill(text)
  await act(page, () => page.getByRole('button', { name: 'Add comment' }).click(), { timeoutMs: 90_000 })
  assert.equal(await heading(page), 'What you sent is too large')
  const kept = await page.locator('textarea').first().inputValue()
  assert.ok(kept.startsWith(words), 'the typed text is not on the page')
  await page.getByRole('link', { name: 'Go back to the form' }).waitFor({ timeout: 5000 })
})
