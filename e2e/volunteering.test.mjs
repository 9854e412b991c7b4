// Volunteering: with the demo borough loaded, a coordinator posts a regular role with a rota;
// residents apply, are accepted and sign up; the day-before reminder's "I can't make it" link
// frees a place for the waiting list; a volunteer checks in by the QR code's address and the
// coordinator confirms the hours; a role needing a DBS check is refused to someone without one;
// a business's pledge is matched to a team challenge and booked as a team day. The sessions feed
// is walked by the OpenActive RPDE validator. Every page visited is scanned by axe.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createRequire } from 'node:module'
import {
  act, assertNoHorizontalScroll, checkA11y, heading, journey, linkFrom, newPage, signInAs, signOut, startSuite, visit
} from './harness.mjs'

const require = createRequire(import.meta.url)
const { stack, browser } = await startSuite({ demo: true })
const base = stack.baseURL
let seq = 0

// londonParts is a time in UK time as a date (YYYY-MM-DD) and a time (HH:MM).
function londonParts (d) {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(d)
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d)
  return { date, time }
}

// soonShift is a one-hour shift starting about `minutes` from now, within one UK day.
function soonShift (minutes) {
  let start = new Date(Date.now() + minutes * 60_000)
  start = new Date(Math.ceil(start.getTime() / 300_000) * 300_000)
  const s = londonParts(start)
  const e = londonParts(new Date(start.getTime() + 60 * 60_000))
  if (e.date === s.date) return { date: s.date, start: s.time, end: e.time }
  // Keep the shift within one day, and its check-in (open from an hour before it starts) open
  // now: until 23:30 it runs to 23:59; later it starts at 00:05, whose check-in opens at 23:05.
  if (s.time <= '23:30') return { date: s.date, start: s.time, end: '23:59' }
  return { date: e.date, start: '00:05', end: '01:05' }
}

// mailTo matches a message to someone whose subject starts with prefix.
function mailTo (email, prefix) {
  return (m) => m.subject.startsWith(prefix) && [].concat(m.to).some((r) => String(r).toLowerCase().includes(email.toLowerCase()))
}

function inDays (n) {
  return londonParts(new Date(Date.now() + n * 86_400_000)).date
}

// registerPerson makes and confirms a new account, and leaves the page signed out on sign-in.
async function registerPerson (page, name) {
  const person = { name, email: `vol${++seq}.${Date.now()}@example.org`, password: 'volunteer-e2e-pass' }
  await visit(page, '/register')
  await page.getByLabel('Full name', { exact: true }).fill(person.name)
  await page.getByLabel('Email address', { exact: true }).fill(person.email)
  await page.getByLabel('Password', { exact: true }).fill(person.password)
  await act(page, () => page.getByRole('button', { name: 'Create account' }).click())
  const mail = await stack.mail.waitFor({ to: person.email, subject: 'Confirm your email address' })
  await visit(page, linkFrom(mail.text, `${base}/confirm/`))
  await act(page, () => page.getByRole('button', { name: 'Confirm email address' }).click())
  return person
}

async function signInPerson (page, person) {
  await signInAs(page, person.email, person.password)
}

// postOpportunity fills the opportunity form as a coordinator and lands on its manage page.
async function postOpportunity (page, { org, title, kind = 'Regular rota', cause = 'Older People', role, autoAccept = false, check = 'None' }) {
  await visit(page, '/volunteering')
  await act(page, () => page.getByRole('link', { name: 'Post an opportunity' }).click())
  await page.getByLabel('Posted by').selectOption({ label: org })
  await page.getByLabel('Title', { exact: true }).fill(title)
  await page.getByLabel('What and why').fill('Help us make **Tuesdays** special for older neighbours.')
  await page.getByLabel(kind, { exact: true }).check()
  await page.getByRole('group', { name: 'Causes' }).getByLabel(cause, { exact: true }).check()
  await page.getByLabel('At an address').check()
  await page.getByLabel('Venue').fill('Nant Village Hall')
  await page.getByLabel('Postcode').fill('ah3 5nv')
  await page.getByLabel('Role', { exact: true }).fill(role)
  await page.getByLabel('Check needed').selectOption({ label: check })
  if (autoAccept) await page.getByLabel('Accept people who apply straight away').check()
  await act(page, () => page.getByRole('button', { name: 'Save', exact: true }).click())
  await page.getByText('The opportunity has been posted.').waitFor()
  return page.url().match(/\/volunteering\/opportunities\/([0-9a-f-]{36})\/manage/)[1]
}

async function addShifts (page, { date, start, end, min = '1', max, lead = 'Gwen', weekly = 0 }) {
  await page.getByLabel('Date', { exact: true }).fill(date)
  await page.getByLabel('Starts at').fill(start)
  await page.getByLabel('Ends at').fill(end)
  await page.getByLabel('Fewest volunteers needed').fill(min)
  await page.getByLabel('Most volunteers').fill(max)
  await page.getByLabel('Shift lead').fill(lead)
  if (weekly) {
    await page.getByLabel('Every week').check()
    await page.getByLabel('How many shifts').fill(String(weekly))
  }
  await act(page, () => page.getByRole('button', { name: 'Add the shifts' }).click())
  await page.getByText('The shifts have been added.').waitFor()
}

journey('a coordinator posts a regular role with a rota, and the list finds it', { browser, stack }, async (page) => {
  await signInAs(page, 'member@aberhaven.example')
  await visit(page, '/volunteering')
  await act(page, () => page.getByRole('link', { name: 'Post an opportunity' }).click())
  // A mistake first: the error summary says what is missing.
  await act(page, () => page.getByRole('button', { name: 'Save', exact: true }).click())
  assert.match(await page.getByRole('alert').first().textContent(), /Choose at least one cause/)
  const id = await postOpportunity(page, { org: 'Nant Village Hall Committee', title: 'Tuesday tea and chat', role: 'Tea and chat host' })
  await addShifts(page, { date: inDays(2), start: '10:00', end: '12:00', min: '2', max: '3', weekly: 4 })
  assert.equal(await page.getByText('2 more needed').count(), 4)
  // The list: filters work, and the map draws what it lists.
  await visit(page, '/volunteering')
  await page.getByLabel('Cause').selectOption({ label: 'Older People' })
  await page.getByLabel('Suitable for under-18s').check()
  await act(page, () => page.getByRole('button', { name: 'Search' }).click())
  await page.getByRole('link', { name: 'Tuesday tea and chat' }).waitFor()
  assert.equal(await page.getByRole('link', { name: 'Balsam bash and path clearing' }).count(), 0)
  const map = page.getByRole('region', { name: 'Map of volunteering opportunities' })
  await map.waitFor({ state: 'visible' })
  await page.getByText('The map background could not be loaded').waitFor()
  await checkA11y(page)
  await act(page, () => page.getByRole('link', { name: 'Tuesday tea and chat' }).click())
  assert.equal(await heading(page), 'Tuesday tea and chat')
  assert.ok(page.url().endsWith(id))
})

// as opens a page of its own for someone else in the same journey (each person keeps their
// session), signed in as them.
async function as (email, javaScriptEnabled) {
  const p = await newPage(browser, { baseURL: base, javaScriptEnabled })
  await signInAs(p, email)
  return p
}

journey('residents apply, are accepted and sign up; the reminder\'s "I can\'t make it" promotes the waiting list', { browser, stack, javaScriptEnabled: false }, async (page) => {
  const coord = await as('member@aberhaven.example', true) // the coordinator at a desk; the residents without JavaScript
  const ben = await as('moderator@aberhaven.example', false)
  try {
    // The coordinator posts a role that needs applying, with one place soon.
    const id = await postOpportunity(coord, { org: 'Harbourside Food Bank', title: 'Evening stock take', cause: 'Anti-Poverty', role: 'Stock counter' })
    const s = soonShift(180)
    await addShifts(coord, { date: s.date, start: s.start, end: s.end, max: '1' })
    // Ann (the demo resident) and Ben apply.
    await signInAs(page, 'resident@aberhaven.example')
    for (const p of [page, ben]) {
      await visit(p, `/volunteering/opportunities/${id}`)
      await p.getByLabel('Anything you\'d like to tell them').fill('I can count!')
      await act(p, () => p.getByRole('button', { name: /^Apply/ }).click())
      await p.getByText('Your application has been sent').waitFor()
    }
    // The coordinator accepts both; they are told.
    await visit(coord, `/volunteering/opportunities/${id}/manage`)
    for (const [name, email] of [['Rhys Resident', 'resident@aberhaven.example'], ['Mair Moderator', 'moderator@aberhaven.example']]) {
      await act(coord, () => coord.getByRole('button', { name: `Accept ${name}` }).click())
      await coord.getByText('The application has been accepted').waitFor()
      await stack.mail.waitFor(mailTo(email, 'You\'re accepted as a Stock counter'), 60_000)
    }
    // Ann takes the place; Ben joins the waiting list.
    await visit(page, `/volunteering/opportunities/${id}`)
    await act(page, () => page.getByRole('button', { name: /^Sign up/ }).click())
    await page.getByText('You have a place on the shift.').waitFor()
    await visit(ben, `/volunteering/opportunities/${id}`)
    await act(ben, () => ben.getByRole('button', { name: /^Join the waiting list/ }).click())
    await ben.getByText('you are on its waiting list').waitFor()
    // The reminder reaches Ann; its link frees her place, and Ben gets it.
    const reminder = await stack.mail.waitFor(mailTo('resident@aberhaven.example', 'Reminder: Stock counter'), 90_000)
    await visit(page, linkFrom(reminder.text, `${base}/volunteering/cant/`))
    assert.equal(await heading(page), 'I can\'t make it')
    await act(page, () => page.getByRole('button', { name: 'I can\'t make it – free my place' }).click())
    await page.getByText('Your place has been freed').waitFor()
    await stack.mail.waitFor(mailTo('moderator@aberhaven.example', 'A place has come up'), 60_000)
    await visit(ben, '/volunteering/me')
    const shift = ben.getByRole('listitem').filter({ has: ben.getByRole('link', { name: 'Stock counter – Evening stock take' }) }).first()
    await shift.getByText('You have a place').waitFor()
  } finally {
    await coord.context().close()
    await ben.context().close()
  }
})

journey('a volunteer checks in by the QR code and the coordinator confirms the hours', { browser, stack }, async (page) => {
  const coord = await as('member@aberhaven.example', true)
  try {
    const id = await postOpportunity(coord, { org: 'Nant Village Hall Committee', title: 'Hall spring clean', cause: 'Local Community', role: 'Cleaner', autoAccept: true })
    const s = soonShift(20)
    await addShifts(coord, { date: s.date, start: s.start, end: s.end, max: '5' })
    // The demo officer volunteers.
    await signInAs(page, 'officer@aberhaven.example')
    await visit(page, `/volunteering/opportunities/${id}`)
    await act(page, () => page.getByRole('button', { name: /^Sign up/ }).click())
    await page.getByText('You have a place on the shift.').waitFor()
    // The coordinator's screen shows the code; it encodes the check-in address.
    await visit(coord, `/volunteering/opportunities/${id}/manage`)
    await act(coord, () => coord.getByRole('link', { name: /^Show the check-in code/ }).click())
    await coord.getByRole('img', { name: 'Check-in code for Cleaner' }).waitFor()
    const url = await coord.locator('#check-in-url').getAttribute('href')
    assert.match(url, /\/volunteering\/check-in\//)
    // The volunteer opens the address on their phone.
    await visit(page, url)
    await act(page, () => page.getByRole('button', { name: 'Check in now' }).click())
    await page.getByText('You are checked in', { exact: true }).first().waitFor()
    // The coordinator confirms the hours; they count on the volunteer's record.
    await visit(coord, '/volunteering/coordinating')
    await act(coord, () => coord.getByRole('link', { name: 'Nant Village Hall Committee' }).click())
    await act(coord, () => coord.getByRole('link', { name: 'Hours to confirm and log' }).click())
    await act(coord, () => coord.getByRole('button', { name: /^Confirm Owen Officer/ }).click())
    await coord.getByText('The hours have been confirmed.').waitFor()
    await stack.mail.waitFor(mailTo('officer@aberhaven.example', 'Your hours are confirmed'), 60_000)
    await visit(page, '/volunteering/me')
    await page.getByRole('row', { name: /Hall spring clean/ }).getByText('Confirmed').waitFor()
  } finally {
    await coord.context().close()
  }
})

journey('a role needing a DBS check is refused to someone without one', { browser, stack, javaScriptEnabled: false }, async (page) => {
  const admin = await as('admin@aberhaven.example', true)
  try {
    await signInAs(page, 'moderator@aberhaven.example')
    await visit(page, '/volunteering')
    await act(page, () => page.getByRole('link', { name: 'Reading Friends: befriending older readers' }).click())
    await page.getByText('DBS enhanced').first().waitFor()
    await page.getByLabel('I am 18 or older').check()
    await act(page, () => page.getByRole('button', { name: /^Apply/ }).click())
    await page.getByText('Your application has been sent').waitFor()
    const oppPath = page.url().split('#')[0].replace(base, '')
    // An admin acting for the libraries accepts her.
    await visit(admin, oppPath + '/manage')
    await act(admin, () => admin.getByRole('button', { name: 'Accept Mair Moderator' }).click())
    await admin.getByText('The application has been accepted').waitFor()
    // Accepted, but with no check recorded: the shift refuses her.
    await visit(page, oppPath)
    await act(page, () => page.getByRole('button', { name: /^Sign up/ }).first().click())
    assert.equal(await heading(page), 'Sorry, there is a problem')
    await page.getByText('This role needs a check that is valid on the day of the shift').waitFor()
  } finally {
    await admin.context().close()
  }
})

journey('a business pledges its team and is booked for a team challenge, at 320px', { browser, stack, viewport: { width: 320, height: 640 } }, async (page) => {
  await signInAs(page, 'admin@aberhaven.example')
  // The list, an opportunity and the volunteer's page fit a small phone too.
  await visit(page, '/volunteering')
  await assertNoHorizontalScroll(page)
  await act(page, () => page.getByRole('link', { name: 'Saturday food bank shifts' }).click())
  await assertNoHorizontalScroll(page)
  await visit(page, '/volunteering/me')
  await assertNoHorizontalScroll(page)
  await visit(page, '/volunteering/employers')
  await assertNoHorizontalScroll(page)
  await page.getByLabel('Business').selectOption({ label: 'Valley Builders Ltd' })
  await page.getByLabel('How many people').fill('8')
  await page.getByLabel('Days each').fill('1')
  await page.getByRole('group', { name: 'Causes you care about' }).getByLabel('Environment', { exact: true }).check()
  await act(page, () => page.getByRole('button', { name: 'Make the pledge' }).click())
  await page.getByText('Your pledge has been made').waitFor()
  await assertNoHorizontalScroll(page)
  await act(page, () => page.getByRole('button', { name: 'Offer our team – Meadow restoration team day' }).click())
  await page.getByText('Your team has been offered').waitFor()
  const pledgeURL = page.url()
  // The park books the team day.
  await act(page, () => page.getByRole('link', { name: 'Meadow restoration team day' }).first().click())
  await act(page, () => page.getByRole('link', { name: 'Manage this opportunity' }).click())
  await assertNoHorizontalScroll(page)
  await page.getByLabel('Date', { exact: true }).first().fill(inDays(14))
  await page.getByLabel('The day\'s lead').fill('Ranger Dafydd')
  await act(page, () => page.getByRole('button', { name: /^Book the team day/ }).click())
  await page.getByText('The team day has been booked').waitFor()
  await page.getByText('For Valley Builders Ltd').first().waitFor()
  await visit(page, pledgeURL.replace(base, ''))
  await page.getByText('Team day booked').waitFor()
})

journey('volunteering in Welsh, and the insights', { browser, stack }, async (page) => {
  await signInAs(page, 'officer@aberhaven.example')
  await visit(page, '/volunteering/insights')
  await page.getByRole('img', { name: 'Confirmed hours by cause' }).waitFor()
  await visit(page, '/volunteering?lang=cy')
  assert.equal(await heading(page), 'Gwirfoddoli')
  await page.getByText('Lles anifeiliaid').first().waitFor({ state: 'attached' })
})

test('the sessions feed passes the OpenActive RPDE validator', async () => {
  const { RpdeValidator } = require('@openactive/rpde-validator')
  const result = await RpdeValidator(`${base}/feeds/volunteering-sessions`, { pageLimit: 10, timeoutMs: 5000, logCallback: () => {} })
  const failures = []
  for (const p of result.pages) {
    for (const e of p.errors) {
      const d = e.data ?? e
      if (d.severity === 'failure') failures.push(`${p.url}: ${d.type}: ${d.message}`)
    }
  }
  assert.ok(result.pages.length >= 2, 'the validator walked the feed')
  assert.deepEqual(failures, [])
})
