// Time banks: with the demo borough loaded (two time banks, a year of exchanges), a new person
// joins a time bank, offers help, finds a request and records the time they gave, which the
// other person confirms; a broker records an exchange for a member without internet; a group
// exchange pays a repair café's helpers; an exchange past the credit limit is refused with
// what can still be spent; a mistake is reversed; a statement shows the running balance.
// With JavaScript and without, on a 320px screen, in English and Welsh; axe scans every page.

import assert from 'node:assert/strict'
import { act, assertNoHorizontalScroll, checkA11y, heading, journey, linkFrom, signInAs, signOut, startSuite, visit } from './harness.mjs'

const { stack, browser } = await startSuite({ demo: true })
const base = stack.baseURL
let people = 0

function londonToday () {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date())
}

// newPerson registers and confirms a fresh account and leaves it signed in.
async function newPerson (page, name) {
  people++
  const person = { name, email: `tb-${people}-${Date.now()}@example.org`, password: `correct horse battery ${people}` }
  await visit(page, '/register')
  await page.getByLabel('Full name', { exact: true }).fill(person.name)
  await page.getByLabel('Email address', { exact: true }).fill(person.email)
  await page.getByLabel('Password', { exact: true }).fill(person.password)
  await act(page, () => page.getByRole('button', { name: 'Create account' }).click())
  const mail = await stack.mail.waitFor({ to: person.email, subject: 'Confirm your email address' })
  await visit(page, linkFrom(mail.text, `${base}/confirm/`))
  await act(page, () => page.getByRole('button', { name: 'Confirm email address' }).click())
  await signInAs(page, person.email, person.password)
  return person
}

async function openBank (page, name) {
  await visit(page, '/timebanks')
  await act(page, () => page.getByRole('link', { name, exact: true }).click())
  assert.equal(await heading(page), name)
}

async function join (page, bank) {
  await openBank(page, bank)
  await act(page, () => page.getByRole('link', { name: 'Join this time bank' }).click())
  await page.getByLabel('What would you like other members to know about you? (optional)').fill('Happy to garden and chat.')
  await page.getByLabel('Your area (optional)').selectOption({ label: 'Nant' })
  await act(page, () => page.getByRole('button', { name: 'Join this time bank' }).click())
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' })
  assert.match(await summary.textContent(), /agree to the rules/)
  await page.getByLabel('I have read the rules and agree to them').check()
  await act(page, () => page.getByRole('button', { name: 'Join this time bank' }).click())
  await page.getByText('Welcome! You are a member.').waitFor()
  assert.equal(await heading(page), 'Your time bank account')
}

journey('join a time bank, offer help, find a request, record time given and the other confirms', { browser, stack }, async (page) => {
  const person = await newPerson(page, 'Bethan Morgan')
  await join(page, 'Nant Valley Time Bank')
  // The welcome gift is in the account.
  await page.getByText('+1 hour', { exact: true }).first().waitFor()
  const welcome = await stack.mail.waitFor({ to: person.email, subject: 'Welcome to Nant Valley Time Bank' })
  assert.match(welcome.text, /1 hour in your account as a welcome gift/)

  // Offer help.
  await act(page, () => page.getByRole('link', { name: 'Offer help or ask for it' }).click())
  await page.getByLabel('Offering help').check()
  await page.getByLabel('In a few words').fill('Help in your garden')
  await page.getByLabel('More about it').fill('Weeding, mowing and planting, most Saturdays.')
  await page.getByLabel('What kind of help?').selectOption({ label: 'Gardening' })
  await page.getByLabel('In person', { exact: true }).check()
  await act(page, () => page.getByRole('button', { name: 'Put it up' }).click())
  await page.getByText('It is up. Members can now find it.').waitFor()
  assert.equal(await heading(page), 'Help in your garden')

  // Find a request: someone wants to practise Welsh.
  await act(page, () => page.getByRole('link', { name: 'Back to offers and requests' }).click())
  await page.getByLabel('Request', { exact: true }).check()
  await page.getByLabel('Words').fill('Welsh')
  await act(page, () => page.getByRole('button', { name: 'Search' }).click())
  await page.getByRole('heading', { name: '1 found' }).waitFor()
  await act(page, () => page.getByRole('link', { name: 'Someone to practise Welsh with' }).click())
  await page.getByText('Rhys Resident').first().waitFor()

  // Write to Rhys through Commons: he gets it without seeing Bethan's address.
  await act(page, () => page.getByRole('link', { name: 'Write to Rhys Resident' }).click())
  await page.getByLabel('Your message').fill('Shw mae! I could chat on Tuesdays.')
  await act(page, () => page.getByRole('button', { name: 'Send the message' }).click())
  await page.getByText('Message sent.').waitFor()
  const relayed = await stack.mail.waitFor({ to: 'resident@aberhaven.example', subject: 'Bethan Morgan wrote about "Someone to practise Welsh with"' })
  assert.ok(!relayed.text.includes(person.email), 'the message gave away the sender\'s address')

  // Record the half hour given: it waits for Rhys.
  await act(page, () => page.getByRole('link', { name: 'Record an exchange for this' }).click())
  await page.getByLabel('I gave the time').check()
  await page.getByLabel('Minutes').fill('30')
  await page.getByLabel('What was done').fill('Welsh conversation over coffee')
  await act(page, () => page.getByRole('button', { name: 'Record the exchange' }).click())
  await page.getByText('We have asked the other person to confirm it.').waitFor()
  await page.getByText('Waiting for Rhys Resident to confirm.').waitFor()
  const ask = await stack.mail.waitFor({ to: 'resident@aberhaven.example', subject: 'Please confirm: Bethan Morgan helped you for 30 minutes' })

  // Rhys follows the link and confirms; Bethan is told, and her balance has the half hour.
  await signOut(page)
  await signInAs(page, 'resident@aberhaven.example')
  await visit(page, linkFrom(ask.text, `${base}/timebanks/`))
  await act(page, () => page.getByRole('button', { name: 'Yes, confirm it' }).click())
  await page.getByText('Confirmed: the time is in both accounts.').waitFor()
  await stack.mail.waitFor({ to: person.email, subject: 'Rhys Resident confirmed the exchange' })
})

journey('a broker records an exchange for a member without internet (JavaScript off)', { browser, stack, javaScriptEnabled: false }, async (page) => {
  await signInAs(page, 'officer@aberhaven.example')
  await openBank(page, 'Nant Valley Time Bank')
  await act(page, () => page.getByRole('link', { name: 'Manage this time bank' }).click())
  await page.getByText(/The books balance/).waitFor()

  // A new member who does not use the internet.
  await page.getByLabel('Their name').fill('Glenys Parry')
  await page.getByLabel('How to reach them').fill('01234 599001, 3 Chapel Row')
  await page.getByLabel('By phone').check()
  await act(page, () => page.getByRole('button', { name: 'Add a member without internet' }).click())
  await page.getByText('Member added.').waitFor()
  assert.equal(await heading(page), 'Glenys Parry')

  // Gwen phoned: she did Glenys's shopping.
  await act(page, () => page.getByRole('link', { name: 'Record time they received' }).click())
  await page.getByLabel('Who gave the time?').selectOption({ label: 'Gwen Member' })
  await page.getByLabel('Hours').fill('1')
  await page.getByLabel('Minutes').fill('15')
  await page.getByLabel('What kind of help?').selectOption({ label: 'Shopping and errands' })
  await page.getByLabel('What was done').fill('Weekly shop from the Co-op')
  await act(page, () => page.getByRole('button', { name: 'Record the exchange' }).click())
  // How the broker heard is asked for.
  assert.match(await page.getByRole('alert').first().textContent(), /Choose how you heard of it/)
  await page.getByLabel('On a paper slip').check()
  await page.getByLabel('Who helped, and how (optional)').fill('Slip left at the village hall')
  await act(page, () => page.getByRole('button', { name: 'Record the exchange' }).click())
  await page.getByText('The exchange is recorded.').waitFor()
  await page.getByText('by a broker (On a paper slip: Slip left at the village hall)').waitFor()
  await stack.mail.waitFor({ to: 'member@aberhaven.example', subject: 'An exchange of 1 hour 15 minutes is in your account' })

  // Her statement shows it with the running balance.
  await visit(page, '/timebanks')
  await openBank(page, 'Nant Valley Time Bank')
  await act(page, () => page.getByRole('link', { name: 'Manage this time bank' }).click())
  await act(page, () => page.getByRole('link', { name: 'Glenys Parry' }).click())
  await act(page, () => page.getByRole('link', { name: 'Statement', exact: true }).click())
  await page.getByRole('cell', { name: /Weekly shop from the Co-op/ }).waitFor()
  // The welcome hour, then the shop: in or out, and the balance after each.
  const row = page.getByRole('row').filter({ hasText: 'Weekly shop' })
  assert.equal((await row.getByRole('cell').nth(2).textContent()).trim(), '−1 hour 15 minutes')
  assert.equal((await row.getByRole('cell').nth(3).textContent()).trim(), '−15 minutes')
})

journey('a group exchange pays a repair café\'s helpers in one go (320px)', { browser, stack, viewport: { width: 320, height: 640 } }, async (page) => {
  await signInAs(page, 'officer@aberhaven.example')
  await openBank(page, 'Nant Valley Time Bank')
  await act(page, () => page.getByRole('link', { name: 'Manage this time bank' }).click())
  await assertNoHorizontalScroll(page)
  await act(page, () => page.getByRole('link', { name: 'Record a group exchange' }).first().click())
  await page.getByLabel('One account pays several helpers').check()
  await page.getByLabel('The account that pays or is paid').selectOption({ label: 'The pool of Nant Valley Time Bank' })
  await page.locator('#person_0').selectOption({ label: 'Eirlys Pritchard' })
  await page.locator('#hours_0').fill('2')
  await page.locator('#person_1').selectOption({ label: 'Dilwyn Hughes' })
  await page.locator('#hours_1').fill('2')
  await page.locator('#person_2').selectOption({ label: 'Gwen Member' })
  await page.locator('#hours_2').fill('1')
  await page.locator('#mins_2').fill('30')
  await page.getByLabel('What kind of help?').selectOption({ label: 'DIY and repairs' })
  await page.getByLabel('What was done').fill('Repair café, spring')
  await assertNoHorizontalScroll(page)
  await act(page, () => page.getByRole('button', { name: 'Record the group exchange' }).click())
  await page.getByText('The exchange is recorded.').waitFor()
  for (const line of ['Eirlys Pritchard gave', 'Dilwyn Hughes gave', 'Gwen Member gave']) {
    await page.getByText(line).first().waitFor()
  }
  await assertNoHorizontalScroll(page)
  await stack.mail.waitFor({ to: 'member@aberhaven.example', subject: '1 hour 30 minutes is in your account' })
  // The insights have the month's hours as a chart and a table.
  await visit(page, '/timebanks')
  await openBank(page, 'Nant Valley Time Bank')
  await act(page, () => page.getByRole('link', { name: 'Manage this time bank' }).click())
  await act(page, () => page.getByRole('link', { name: 'Insights' }).click())
  await page.getByRole('img', { name: 'Hours exchanged by month' }).waitFor()
  await page.getByRole('table', { name: 'Hours exchanged by month' }).waitFor()
  await assertNoHorizontalScroll(page)
})

journey('an exchange past the credit limit is refused; a smaller one goes through; the statement shows it (JavaScript off, Welsh)', { browser, stack, javaScriptEnabled: false }, async (page) => {
  await newPerson(page, 'Dewi Lloyd')
  await join(page, 'Nant Valley Time Bank')
  // With the hour's welcome gift and a limit of ten hours below zero, Dewi can spend 11.
  await act(page, () => page.getByRole('link', { name: 'Record time you received' }).click())
  await page.getByLabel('The other member').selectOption({ label: 'Gwen Member' })
  await page.getByLabel('Hours').fill('12')
  await page.getByLabel('What kind of help?').selectOption({ label: 'DIY and repairs' })
  await page.getByLabel('What was done').fill('Rebuilt the garden wall')
  await act(page, () => page.getByRole('button', { name: 'Record the exchange' }).click())
  assert.match(await page.getByRole('alert').first().textContent(), /below its credit limit/)
  await page.getByText('Dewi Lloyd has +1 hour and may go down to −10 hours, so can spend 11 hours more. This needs 12 hours.').waitFor()
  // What was typed is kept.
  assert.equal(await page.getByLabel('What was done').inputValue(), 'Rebuilt the garden wall')
  await page.getByLabel('Hours').fill('3')
  await act(page, () => page.getByRole('button', { name: 'Record the exchange' }).click())
  await page.getByText('We have asked the other person to confirm it.').waitFor()

  // In Welsh.
  await act(page, () => page.getByRole('link', { name: 'Cymraeg' }).click())
  assert.equal(await heading(page), 'Cyfnewid')
  await page.getByText('Yn aros i Gwen Member gadarnhau.').waitFor()
  await act(page, () => page.getByRole('link', { name: "Yn ôl i'ch cyfrif" }).click())
  await act(page, () => page.getByRole('link', { name: 'Datganiad', exact: true }).click())
  await page.getByRole('cell', { name: /Rhodd groeso/ }).waitFor()
  await page.getByText('Balans ar y diwedd').waitFor()
  await act(page, () => page.getByRole('link', { name: 'English' }).click())
})

journey('a broker reverses a mistake, once', { browser, stack }, async (page) => {
  await signInAs(page, 'officer@aberhaven.example')
  await openBank(page, 'Nant Valley Time Bank')
  await act(page, () => page.getByRole('link', { name: 'Manage this time bank' }).click())
  await act(page, () => page.getByRole('link', { name: 'Every exchange' }).click())
  await page.getByLabel('Status').selectOption({ label: 'Confirmed' })
  await act(page, () => page.getByRole('button', { name: 'Show' }).click())
  await act(page, () => page.locator('table a.govuk-link').first().click())
  await page.getByText('Confirmed', { exact: true }).waitFor()
  await page.getByLabel('Why is it being reversed?').fill('Recorded against the wrong member')
  await act(page, () => page.getByRole('button', { name: 'Reverse this exchange' }).click())
  await page.getByText('Reversed. Both accounts are as they were before it.').waitFor()
  await page.getByText('Recorded against the wrong member').waitFor()
  // There is no second reversal to make.
  assert.equal(await page.getByRole('button', { name: 'Reverse this exchange' }).count(), 0)
  await act(page, () => page.getByRole('link', { name: 'Back to your account' }).click())
  await checkA11y(page)
})
