// Events: with the demo borough loaded, the demo officer creates an event with a programme;
// people register until it is full and one joins the waiting list; a cancellation by the
// emailed link promotes the next person, who is told by email; the officer checks people in,
// records a table's notes, reviews, merges and publishes the emerging themes; and someone gives
// feedback. Every page visited is scanned by axe.

import assert from 'node:assert/strict'
import { act, checkA11y, heading, journey, linkFrom, signInAs, startSuite, visit } from './harness.mjs'

const { stack, browser } = await startSuite({ demo: true })

function londonToday () {
  // The form takes dates in UK time; en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date())
}

async function register (page, name, email, sector, workshop) {
  await act(page, () => page.getByRole('link', { name: /^(Register|Join the waiting list)$/ }).click())
  await page.getByLabel('Name', { exact: true }).fill(name)
  await page.getByLabel('Email address', { exact: true }).fill(email)
  await page.getByLabel(sector, { exact: true }).check()
  await page.getByLabel('Area').selectOption({ label: 'Nant' })
  if (workshop) await page.getByLabel(/Learn & Share: warm spaces/).check()
  await act(page, () => page.getByRole('button', { name: /^(Register|Join the waiting list)$/ }).click())
}

journey('an officer creates an event with a programme; it fills, and a cancellation promotes the waiting list', { browser, stack }, async (page) => {
  await signInAs(page, 'officer@aberhaven.example')

  // Create the event; a mistake is shown in the error summary first.
  await visit(page, '/events')
  // The pop-up day's venue on a map (the tiles cannot load here, and it says so); the address
  // and access information are on the page all the same.
  await act(page, () => page.getByRole('link', { name: 'Aberhaven Pop-up Day' }).first().click())
  const map = page.getByRole('region', { name: 'Map showing where Harbourside Community Centre is' })
  await map.waitFor({ state: 'visible' })
  await map.locator('.leaflet-marker-icon').waitFor()
  await page.getByText('The map background could not be loaded').waitFor()
  await page.getByText('Step-free entrance on Quay Street').waitFor()
  await checkA11y(page)
  await visit(page, '/events')
  await act(page, () => page.getByRole('link', { name: 'See events by month' }).click())
  await page.getByRole('table').waitFor()
  await visit(page, '/events')
  await act(page, () => page.getByRole('link', { name: 'Create an event' }).click())
  await page.getByLabel('Title').fill('Harbourside listening day')
  await page.getByLabel('Description').fill('Tell us what **matters** to you.')
  await page.getByLabel('Organised by').selectOption({ label: 'Aberhaven Borough Council' })
  await page.getByLabel('Date', { exact: true }).fill(londonToday())
  await page.getByLabel('Starts at').fill('00:05')
  await page.getByLabel('Ends at').fill('23:55')
  await page.getByLabel('Venue').fill('Harbour Café')
  await page.getByLabel('Places').fill('0')
  await act(page, () => page.getByRole('button', { name: 'Save the event' }).click())
  assert.match(await page.getByRole('alert').first().textContent(), /Enter a number of places/)
  await page.getByLabel('Places').fill('2')
  await act(page, () => page.getByRole('button', { name: 'Save the event' }).click())
  await page.getByText('The event has been created').waitFor()
  const id = page.url().match(/\/events\/([0-9a-f-]{36})\/edit/)[1]

  // The programme.
  await page.locator('#session_title').fill('Learn & Share: warm spaces')
  await page.getByLabel('Workshop').check()
  await page.locator('#track').fill('Learn & Share')
  await page.locator('#session_start').fill('10:00')
  await page.locator('#session_end').fill('11:00')
  await page.locator('#session_capacity').fill('10')
  await act(page, () => page.getByRole('button', { name: 'Add a session' }).click())
  await page.getByText('The session has been added.').waitFor()
  await act(page, () => page.getByRole('link', { name: 'Back to the event' }).click())
  assert.equal(await heading(page), 'Harbourside listening day')
  await page.getByRole('cell', { name: 'Learn & Share: warm spaces' }).waitFor()

  // Register until full, then the waiting list.
  await register(page, 'Ann Evans', 'ann.e2e@example.org', 'Public sector', true)
  await page.getByText('You have a place.').waitFor()
  await register(page, 'Ben Hughes', 'ben.e2e@example.org', 'Voluntary, community and faith sector', false)
  await page.getByText('You have a place.').waitFor()
  assert.equal(await page.getByRole('link', { name: 'Register', exact: true }).count(), 0)
  await register(page, 'Cai Lewis', 'cai.e2e@example.org', 'Resident', true)
  await page.getByText('you are on the waiting list').waitFor()

  // Ann cancels by her link; Cai is promoted and told.
  const confirmation = await stack.mail.waitFor({ to: 'ann.e2e@example.org', subject: 'Your place at Harbourside listening day' })
  await visit(page, linkFrom(confirmation.text, `${stack.baseURL}/events/${id}/cancel/`))
  await act(page, () => page.getByRole('button', { name: 'Cancel my place' }).click())
  await page.getByText('Your place has been cancelled.').waitFor()
  const promoted = await stack.mail.waitFor({ to: 'cai.e2e@example.org', subject: 'A place has come free for you at Harbourside listening day' })
  assert.match(promoted.text, /you now have a place at Harbourside listening day/)

  // Check in on the day.
  await visit(page, `/events/${id}/registrations`)
  await act(page, () => page.getByRole('button', { name: 'Check in Cai Lewis' }).click())
  await page.getByText('Check-in updated.').waitFor()
  await page.getByRole('row', { name: /Cai Lewis/ }).getByText('Arrived').waitFor()
  await act(page, () => page.getByRole('link', { name: 'Print a sign-in sheet' }).click())
  await page.getByRole('cell', { name: 'Cai Lewis' }).waitFor()
})

journey('an officer records notes, reviews, merges and publishes themes; someone gives feedback', { browser, stack }, async (page) => {
  await signInAs(page, 'officer@aberhaven.example')
  await visit(page, '/events')
  await act(page, () => page.getByRole('link', { name: 'Aberhaven Together: a borough-wide conversation' }).click())
  const id = page.url().match(/\/events\/([0-9a-f-]{36})/)[1]

  // A new table's notes, beside the demo's eighteen.
  await visit(page, `/events/${id}/groups`)
  await page.getByLabel('Name of the group or table').fill('Table 19')
  await act(page, () => page.getByRole('button', { name: 'Add a group or table' }).click())
  await page.getByLabel('Notes', { exact: true }).fill([
    'The evening bus service stops too early for shift workers',
    'Tenants should sign off housing repairs'
  ].join('\n'))
  await act(page, () => page.getByRole('button', { name: 'Save notes' }).click())
  await page.getByText('The notes have been saved.').waitFor()

  // Review, merge and publish the themes.
  await act(page, () => page.getByRole('link', { name: 'Review emerging themes' }).click())
  await act(page, () => page.getByRole('button', { name: /^Propose themes again/ }).click())
  await page.getByRole('heading', { name: 'Bus service' }).waitFor()
  await page.getByRole('heading', { name: 'Housing repairs' }).waitFor()
  const merge = page.getByRole('group', { name: 'Themes to merge' })
  await merge.getByLabel(/^Bus service/).check()
  await merge.getByLabel(/^Housing repairs/).check()
  await act(page, () => page.getByRole('button', { name: 'Merge', exact: true }).click())
  await page.getByText('The themes have been merged.').waitFor()
  await act(page, () => page.getByRole('button', { name: 'Publish the summary' }).click())
  await page.getByText('The summary has been updated.').waitFor()
  await visit(page, `/events/${id}/summary`)
  await page.getByRole('heading', { name: 'Bus service' }).waitFor()
  await page.getByText('Tenants should sign off housing repairs').waitFor()

  // Feedback, summarised for the organiser.
  await visit(page, `/events/${id}/feedback`)
  await page.getByLabel('5 – very good').check()
  await page.getByLabel(/Anything you would like/).fill('Friendly and useful.')
  await act(page, () => page.getByRole('button', { name: 'Send feedback' }).click())
  await page.getByText('Thank you for your feedback.').waitFor()
  await visit(page, `/events/${id}/insights`)
  await page.getByText('Friendly and useful.').waitFor()
  await page.getByRole('table', { name: /Registrations by sector/ }).waitFor()
})
