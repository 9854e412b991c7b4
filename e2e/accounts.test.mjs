// Accounts: register, confirm the email address, sign in and out, switch to
// Welsh, reset a forgotten password, download your data — with JavaScript,
// without it, and on a 320px-wide screen. axe scans every page on the way.

import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { act, assertNoHorizontalScroll, heading, journey, linkFrom, startSuite, visit } from './harness.mjs'

const { stack, browser } = await startSuite()

const base = stack.baseURL
let people = 0

// A new person for each journey, so journeys never share an account or mail.
function newPerson () {
  people++
  return {
    name: `Test Person ${people}`,
    email: `person-${people}-${Date.now()}@example.org`,
    password: `correct horse battery ${people}`
  }
}

function pathname (page) {
  return new URL(page.url()).pathname
}

async function assertShows (page, text) {
  await page.getByText(text).first().waitFor({ timeout: 5000 })
}

// The header's service navigation, where the sign-in state shows.
function header (page) {
  return page.locator('.govuk-service-navigation')
}

// On a narrow screen with JavaScript the navigation folds behind a Menu button.
async function openMenu (page) {
  const toggle = header(page).locator('.govuk-service-navigation__toggle')
  if (await toggle.isVisible() && (await toggle.getAttribute('aria-expanded')) !== 'true') {
    await toggle.click()
  }
}

async function assertSignedOut (page) {
  await openMenu(page)
  await header(page).getByRole('link', { name: 'Sign in', exact: true }).waitFor({ timeout: 5000 })
  await header(page).getByRole('link', { name: 'Create an account', exact: true }).waitFor({ timeout: 5000 })
}

async function assertSignedIn (page) {
  await openMenu(page)
  await header(page).getByRole('link', { name: 'Your account', exact: true }).waitFor({ timeout: 5000 })
  await header(page).getByRole('button', { name: 'Sign out', exact: true }).waitFor({ timeout: 5000 })
}

async function register (page, person) {
  await visit(page, '/register')
  await assertSignedOut(page)
  await page.getByLabel('Full name', { exact: true }).fill(person.name)
  await page.getByLabel('Email address', { exact: true }).fill(person.email)
  await page.getByLabel('Password', { exact: true }).fill(person.password)
  await act(page, () => page.getByRole('button', { name: 'Create account' }).click())
  assert.equal(await heading(page), 'Check your email')
}

async function confirmEmail (page, person) {
  const mail = await stack.mail.waitFor({ to: person.email, subject: 'Confirm your email address' })
  await visit(page, linkFrom(mail.text, `${base}/confirm/`))
  assert.equal(await heading(page), 'Confirm your email address')
  await act(page, () => page.getByRole('button', { name: 'Confirm email address' }).click())
  assert.equal(pathname(page), '/sign-in')
  await assertShows(page, 'Your email address is confirmed')
}

// signIn expects to be on the sign-in page.
async function signIn (page, email, password) {
  await page.getByLabel('Email address', { exact: true }).fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await act(page, () => page.getByRole('button', { name: 'Sign in', exact: true }).click())
}

async function assertOnAccount (page) {
  assert.equal(pathname(page), '/account')
  assert.equal(await heading(page), 'Your account')
  await assertSignedIn(page)
}

journey('register, confirm, sign in, Welsh, reset password, download data, sign out', { browser, stack }, async (page) => {
  const person = newPerson()
  await register(page, person)
  await confirmEmail(page, person)

  // A wrong password is refused with an error summary.
  await signIn(page, person.email, 'not the password')
  const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'There is a problem' }) })
  await summary.waitFor({ timeout: 5000 })
  assert.match(await summary.textContent(), /Enter a correct email address and password/)

  await signIn(page, person.email, person.password)
  await assertOnAccount(page)

  // Welsh and back.
  await act(page, () => page.getByRole('link', { name: 'Cymraeg' }).click())
  assert.equal(await page.locator('html').getAttribute('lang'), 'cy')
  assert.equal(pathname(page), '/account')
  assert.equal(await heading(page), 'Eich cyfrif')
  // The link is remembered on the account, for mail sent later.
  assert.ok(await page.getByRole('radio', { name: 'Cymraeg' }).isChecked())
  await act(page, () => page.getByRole('link', { name: 'English' }).click())
  assert.equal(await page.locator('html').getAttribute('lang'), 'en')
  assert.equal(await heading(page), 'Your account')
  assert.ok(await page.getByRole('radio', { name: 'English' }).isChecked())
  // Mail in Welsh while reading pages in English.
  await page.getByRole('radio', { name: 'Cymraeg' }).check()
  await act(page, () => page.getByRole('button', { name: 'Save language' }).click())
  assert.equal(pathname(page), '/account')
  assert.equal(await page.locator('html').getAttribute('lang'), 'en')
  assert.ok(await page.getByRole('radio', { name: 'Cymraeg' }).isChecked())

  // Download your data: an attachment holding the account's details.
  const link = page.getByRole('link', { name: 'Download your data' })
  assert.equal(new URL(await link.getAttribute('href'), base).pathname, '/account/data.json')
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
  const data = JSON.parse(await readFile(await download.path(), 'utf8'))
  assert.ok(JSON.stringify(data).includes(person.email), `data.json does not mention ${person.email}`)
  assert.equal(data.account.language, 'cy')
  const res = await page.request.get('/account/data.json')
  assert.equal(res.status(), 200)
  assert.match(res.headers()['content-disposition'] ?? '', /^attachment/)

  await act(page, () => page.getByRole('button', { name: 'Sign out' }).click())
  await assertSignedOut(page)

  // Forgotten password.
  await visit(page, '/sign-in')
  await act(page, () => page.getByRole('link', { name: 'Forgotten your password?' }).click())
  assert.equal(pathname(page), '/password/forgot')
  await page.getByLabel('Email address', { exact: true }).fill(person.email)
  await act(page, () => page.getByRole('button', { name: 'Send reset link' }).click())
  assert.equal(await heading(page), 'Check your email')

  const mail = await stack.mail.waitFor({ to: person.email, subject: 'Reset your password' })
  const resetLink = linkFrom(mail.text, `${base}/password/reset/`)
  await visit(page, resetLink)
  const newPassword = `${person.password} renewed`
  await page.getByLabel('New password', { exact: true }).fill(newPassword)
  await act(page, () => page.getByRole('button', { name: 'Set new password' }).click())
  assert.equal(pathname(page), '/sign-in')
  await assertShows(page, 'Your password has been changed')

  await signIn(page, person.email, newPassword)
  await assertOnAccount(page)

  // A reset link works once.
  await visit(page, resetLink)
  assert.equal(await heading(page), 'This link has expired or has already been used')
})

journey('register, confirm and sign in without JavaScript', { browser, stack, javaScriptEnabled: false }, async (page) => {
  const person = newPerson()
  await register(page, person)
  await confirmEmail(page, person)
  await signIn(page, person.email, person.password)
  await assertOnAccount(page)
  await act(page, () => page.getByRole('button', { name: 'Sign out' }).click())
  await assertSignedOut(page)
})

journey('accounts pages fit a 320px-wide screen', { browser, stack, viewport: { width: 320, height: 640 } }, async (page) => {
  for (const url of ['/sign-in', '/password/forgot']) {
    await visit(page, url)
    await assertNoHorizontalScroll(page)
  }
  const person = newPerson()
  await register(page, person)
  await assertNoHorizontalScroll(page)
  await confirmEmail(page, person)
  await assertNoHorizontalScroll(page)
  await signIn(page, person.email, person.password)
  await assertOnAccount(page)
  await assertNoHorizontalScroll(page)
})
