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

journey('change your name, email address and password (no JavaScript)', { browser, stack, javaScriptEnabled: false }, async (page) => {
  const person = newPerson()
  await register(page, person)
  await confirmEmail(page, person)
  await signIn(page, person.email, person.password)
  await assertOnAccount(page)

  await act(page, () => page.getByRole('link', { name: 'Change your name' }).click())
  assert.equal(await heading(page), 'Change your name')
  await page.getByLabel('Full name', { exact: true }).fill('')
  await act(page, () => page.getByRole('button', { name: 'Save name' }).click())
  await assertShows(page, 'Enter your full name')
  await page.getByLabel('Full name', { exact: true }).fill(`${person.name} Renamed`)
  await act(page, () => page.getByRole('button', { name: 'Save name' }).click())
  await assertShows(page, 'Your name has been changed.')
  await assertShows(page, `${person.name} Renamed`)

  const newEmail = person.email.replace('@', '-new@')
  await act(page, () => page.getByRole('link', { name: 'Change your email address' }).click())
  await page.getByLabel('New email address', { exact: true }).fill(newEmail)
  await page.getByLabel('Your password', { exact: true }).fill(person.password)
  await act(page, () => page.getByRole('button', { name: 'Send confirmation link' }).click())
  assert.equal(await heading(page), 'Check your email')
  await stack.mail.waitFor({ to: person.email, subject: 'A change to your email address was asked for' })
  const mail = await stack.mail.waitFor({ to: newEmail, subject: 'Confirm your new email address' })
  await visit(page, linkFrom(mail.text, `${base}/confirm-email/`))
  assert.equal(await heading(page), 'Confirm your new email address')
  await act(page, () => page.getByRole('button', { name: 'Use this email address' }).click())
  await assertShows(page, 'Your email address has been changed.')
  await assertShows(page, newEmail)
  await stack.mail.waitFor({ to: person.email, subject: 'Your email address has been changed' })

  await act(page, () => page.getByRole('link', { name: 'Change your password' }).click())
  const next = `${person.password} changed`
  await page.getByLabel('Current password', { exact: true }).fill('not my password')
  await page.getByLabel('New password', { exact: true }).fill(next)
  await act(page, () => page.getByRole('button', { name: 'Change password' }).click())
  await assertShows(page, 'The password is not correct')
  await page.getByLabel('Current password', { exact: true }).fill(person.password)
  await page.getByLabel('New password', { exact: true }).fill(next)
  await act(page, () => page.getByRole('button', { name: 'Change password' }).click())
  await assertShows(page, 'Your password has been changed.')
  await stack.mail.waitFor({ to: newEmail, subject: 'Your password has been changed' })

  await act(page, () => page.getByRole('button', { name: 'Sign out' }).click())
  await visit(page, '/sign-in')
  await signIn(page, newEmail, next)
  await assertOnAccount(page)
})

journey('see your data in Welsh and delete your account after posting in a group, on a 320px screen', { browser, stack, viewport: { width: 320, height: 640 } }, async (page) => {
  const person = newPerson()
  await register(page, person)
  await confirmEmail(page, person)
  await signIn(page, person.email, person.password)
  await assertOnAccount(page)

  // Start a group and post in it: the posts stay after the account goes, by a former member.
  await visit(page, '/groups/new')
  await page.getByLabel('Name of the group', { exact: true }).fill(`Allotment swaps ${people}`)
  await page.getByLabel('What the group is for', { exact: true }).fill('Swapping what grows.')
  await page.getByLabel('Open group', { exact: true }).check()
  await act(page, () => page.getByRole('button', { name: 'Start the group' }).click())
  await act(page, () => page.getByRole('link', { name: 'Start a discussion' }).click())
  await page.getByLabel('Title', { exact: true }).fill('Spare seedlings')
  await page.getByLabel('Your message', { exact: true }).fill('Who wants tomato plants?')
  await act(page, () => page.getByRole('button', { name: 'Start the discussion' }).click())
  const thread = new URL(page.url()).pathname

  await visit(page, '/account/data?lang=cy')
  assert.equal(await heading(page), 'Eich data')
  await assertShows(page, 'Y rhwydwaith: grwpiau a thrafodaethau')
  await assertShows(page, 'Eich negeseuon')
  await assertShows(page, 'Who wants tomato plants?')
  await assertNoHorizontalScroll(page)
  await visit(page, '/account/data?lang=en')

  await visit(page, '/account/delete')
  await assertNoHorizontalScroll(page)
  await assertShows(page, 'a former member')
  await page.getByLabel('Enter your password to confirm', { exact: true }).fill(person.password)
  await act(page, () => page.getByRole('button', { name: 'Delete my account' }).click())
  await assertShows(page, 'Your account has been deleted.')
  await assertSignedOut(page)
  await stack.mail.waitFor({ to: person.email, subject: 'Your Commons account has been deleted' })

  await visit(page, thread)
  await assertShows(page, 'A former member')
  await assertShows(page, 'Who wants tomato plants?')
  await visit(page, '/sign-in')
  await signIn(page, person.email, person.password)
  await assertShows(page, 'Enter a correct email address and password')
})
