// Events: with the demo borough loaded, the demo officer creates an event with a programme;
// people register until it is full and one joins the waiting list; a cancellation by the
// emailed link promotes the next person, who is told by email; the officer checks people in,
// records a table's notes, reviews, merges and publishes the emerging themes; and someone gives
// feedback. Every page visited is scanned by axe.

import assert from 'node:assert/strict'
import { act, assertNoHorizontalScroll, checkA11y, heading, journey, linkFrom, signInAs, startSuite, visit } from './harness.mjs'

const { stack, browser } = await startSuite({ demo: true })

function londonToday () {
  // The form takes dates in UK time; en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date())
}

// lateInTheDay reports whether an event made for today might end (at 23:55) before the journey
// is over; then the event runs on into tomorrow.
function lateInTheDay () {
  const hour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }).format(new Date())
  return hour === '23'
}

function londonTomorrow () {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() + 86_400_000))
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
  if (lateInTheDay()) await page.getByLabel('End date').fill(londonTomorrow())
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

  // Feedback counts once per person who came: someone at the door is added as a walk-in and
  // gives theirs with the code the organisers hand them.
  await visit(page, `/events/${id}/registrations`)
  await page.getByLabel('Name', { exact: true }).fill('Dai Morgan')
  await act(page, () => page.getByRole('button', { name: 'Add and check in' }).click())
  const code = (await page.getByText(/Feedback code: [A-Z0-9]{8}/).first().textContent()).match(/[A-Z0-9]{8}/)[0]
  await visit(page, `/events/${id}/feedback`)
  await page.getByLabel('5 – very good').check()
  await act(page, () => page.getByRole('button', { name: 'Send feedback' }).click())
  await page.getByRole('alert').getByText('Enter the feedback code').waitFor()
  await page.getByLabel('Your feedback code').fill(code.toLowerCase())
  await page.getByLabel('5 – very good').check()
  await page.getByLabel(/Anything you would like/).fill('Friendly and useful.')
  await act(page, () => page.getByRole('button', { name: 'Send feedback' }).click())
  await page.getByText('Thank you for your feedback.').waitFor()
  await visit(page, `/events/${id}/insights`)
  await page.getByText('Friendly and useful.').waitFor()
  await page.getByRole('table', { name: /Registrations by sector/ }).waitFor()
})

function londonDay (days) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() + days * 86400000))
}

journey('parallel workshops: one place per slot, a session waiting list, and an organiser who edits, writes, removes and cancels', { browser, stack }, async (page) => {
  await signInAs(page, 'officer@aberhaven.example')
  await visit(page, '/events/new')
  await page.getByLabel('Title').fill('Nant warm spaces day')
  await page.getByLabel('Organised by').selectOption({ label: 'Aberhaven Borough Council' })
  await page.getByLabel('Date', { exact: true }).fill(londonDay(10))
  await page.getByLabel('Starts at').fill('10:00')
  await page.getByLabel('Ends at').fill('16:00')
  await page.getByLabel('Venue').fill('Nant Village Hall')
  await page.getByLabel('Places').fill('10')
  await act(page, () => page.getByRole('button', { name: 'Save the event' }).click())
  const id = page.url().match(/\/events\/([0-9a-f-]{36})\/edit/)[1]
  await page.getByText('Sessions must start and end within the event\'s times: 10:00–16:00').waitFor()
  const session = async (title, start, end, places) => {
    await page.locator('#session_title').fill(title)
    await page.getByLabel('Workshop').check()
    await page.locator('#session_start').fill(start)
    await page.locator('#session_end').fill(end)
    await page.locator('#session_capacity').fill(places)
    await act(page, () => page.getByRole('button', { name: 'Add a session' }).click())
  }
  await session('Evening social', '18:00', '19:00', '')
  await page.getByRole('alert').getByText('The session must start and end within the event\'s times').waitFor()
  await session('Draught-proofing', '11:00', '12:00', '1')
  await session('Energy bills advice', '11:00', '12:00', '1')

  // One place per time slot.
  const register = async (name, email, sessions) => {
    await visit(page, `/events/${id}/register`)
    await page.getByLabel('Name', { exact: true }).fill(name)
    await page.getByLabel('Email address', { exact: true }).fill(email)
    await page.getByLabel('Voluntary, community and faith sector', { exact: true }).check()
    for (const s of sessions) await page.getByLabel(new RegExp(s)).check()
    await act(page, () => page.locator('main').getByRole('button', { name: 'Register', exact: true }).click())
  }
  await register('Ann Evans', 'ann.slot@example.org', ['Draught-proofing', 'Energy bills advice'])
  await page.getByRole('alert').getByText('You chose two sessions at the same time').waitFor()
  await page.getByLabel(/Energy bills advice/).uncheck()
  await act(page, () => page.locator('main').getByRole('button', { name: 'Register', exact: true }).click())
  await page.getByText('You have a place.').waitFor()
  await register('Ben Hughes', 'ben.slot@example.org', ['Draught-proofing'])
  await page.getByText('One of your sessions is full, so you are on its waiting list').waitFor()
  await page.getByRole('cell', { name: 'Full, 1 waiting' }).waitFor()

  // More places in the workshop: Ben gets one, by mail.
  await visit(page, `/events/${id}/edit`)
  await act(page, () => page.getByRole('link', { name: 'Change Draught-proofing' }).click())
  await page.locator('#session_capacity').fill('2')
  await act(page, () => page.getByRole('button', { name: 'Save the session' }).click())
  await stack.mail.waitFor({ to: 'ben.slot@example.org', subject: 'A place has come free for you in Draught-proofing (Nant warm spaces day)' })

  // A new date: everyone is told, with the calendar file.
  await visit(page, `/events/${id}/edit`)
  await page.getByLabel('Date', { exact: true }).fill(londonDay(11))
  await act(page, () => page.getByRole('button', { name: 'Save the event' }).click())
  const changed = await stack.mail.waitFor({ to: 'ann.slot@example.org', subject: 'Change to Nant warm spaces day' })
  assert.match(changed.text, /the date or times/)
  await stack.mail.waitFor({ to: 'ben.slot@example.org', subject: 'Change to Nant warm spaces day' })

  // A message to the people in one session.
  await visit(page, `/events/${id}/registrations`)
  await page.getByLabel('Everyone with a place in one session').check()
  await page.getByLabel('Session', { exact: true }).selectOption({ label: '11:00–12:00 Draught-proofing' })
  await page.getByLabel('Subject').fill('Bring a draught excluder')
  await page.getByLabel('Message', { exact: true }).fill('We will make them together.')
  await act(page, () => page.getByRole('button', { name: 'Send the message' }).click())
  await page.getByText('Your message has been sent.').waitFor()
  await stack.mail.waitFor({ to: 'ann.slot@example.org', subject: 'Bring a draught excluder – Nant warm spaces day' })

  // Remove Ben's place, telling him why.
  await act(page, () => page.getByRole('link', { name: 'Remove Ben Hughes' }).click())
  await page.getByLabel('Reason (optional)').fill('You registered twice; we kept your other place.')
  await act(page, () => page.getByRole('button', { name: 'Remove the registration' }).click())
  await page.getByText('The registration has been removed').waitFor()
  const removed = await stack.mail.waitFor({ to: 'ben.slot@example.org', subject: 'Your place at Nant warm spaces day has been cancelled' })
  assert.match(removed.text, /registered twice/)

  // Cancel the event with a message.
  await visit(page, `/events/${id}`)
  await act(page, () => page.getByRole('link', { name: 'Cancel the event' }).click())
  await page.getByLabel('Message to the people registered').fill('The hall roof is being repaired. We will find another date.')
  await act(page, () => page.getByRole('button', { name: 'Cancel the event and tell everyone' }).click())
  await page.getByText('This event has been cancelled.').waitFor()
  await page.getByText('The hall roof is being repaired.').waitFor()
  await stack.mail.waitFor({ to: 'ann.slot@example.org', subject: 'Cancelled: Nant warm spaces day' })
})

journey('registration without JavaScript on a phone joins a full workshop\'s waiting list', { browser, stack, javaScriptEnabled: false, viewport: { width: 320, height: 640 } }, async (page) => {
  await visit(page, '/events')
  await act(page, () => page.getByRole('link', { name: 'Aberhaven Pop-up Day' }).first().click())
  await assertNoHorizontalScroll(page)
  await act(page, () => page.locator('main').getByRole('link', { name: 'Register', exact: true }).click())
  await assertNoHorizontalScroll(page)
  await page.getByText('Full: tick it to join its waiting list').first().waitFor()
  await page.getByLabel('Name', { exact: true }).fill('Eira Jones')
  await page.getByLabel('Email address', { exact: true }).fill('eira.phone@example.org')
  await page.getByLabel('Resident', { exact: true }).check()
  await page.getByLabel(/Advice surgery/).check()
  await act(page, () => page.locator('main').getByRole('button', { name: 'Register', exact: true }).click())
  await page.getByText('One of your sessions is full, so you are on its waiting list').waitFor()
  await assertNoHorizontalScroll(page)
  const mail = await stack.mail.waitFor({ to: 'eira.phone@example.org', subject: 'Your place at Aberhaven Pop-up Day: advice, inspiration and connections' })
  assert.match(mail.text, /Advice surgery: benefits and debt \(on the waiting list\)/)
})

journey('discussion notes: a Word file is refused, a note is corrected and another removed', { browser, stack, javaScriptEnabled: false }, async (page) => {
  await signInAs(page, 'officer@aberhaven.example')
  await visit(page, '/events')
  await act(page, () => page.getByRole('link', { name: 'Aberhaven Together: a borough-wide conversation' }).click())
  const id = page.url().match(/\/events\/([0-9a-f-]{36})/)[1]
  await visit(page, `/events/${id}/groups`)
  // Tables in number order: 2 before 10.
  const order = await page.getByRole('heading', { level: 2, name: /^Table \d+/ }).allTextContents()
  assert.ok(order.findIndex((t) => /^Table 2\b/.test(t)) < order.findIndex((t) => /^Table 10\b/.test(t)), order.join(', '))
  await page.getByLabel('Group', { exact: true }).selectOption({ label: 'Table 3' })
  await page.getByLabel('Notes', { exact: true }).fill('Too few benches in the park\nThe libary needs longer hours')
  await page.getByLabel('Or upload a file').setInputFiles({ name: 'notes.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from('PK\u0003\u0004word/document.xml') })
  await act(page, () => page.getByRole('button', { name: 'Save notes' }).click())
  await page.getByRole('alert').getByText('Upload a plain text (.txt) or CSV (.csv) file').waitFor()
  assert.match(await page.getByLabel('Notes', { exact: true }).inputValue(), /Too few benches/)
  await page.getByLabel('Or upload a file').setInputFiles([])
  await act(page, () => page.getByRole('button', { name: 'Save notes' }).click())
  await page.getByText('The notes have been saved.').waitFor()
  await act(page, () => page.getByRole('link', { name: /Change or remove\s*: The libary needs longer hours/ }).click())
  await page.getByLabel('Note', { exact: true }).fill('The library needs longer hours')
  await act(page, () => page.getByRole('button', { name: 'Save the note' }).click())
  await page.getByText('The library needs longer hours').waitFor()
  await act(page, () => page.getByRole('link', { name: /Change or remove\s*: Too few benches in the park/ }).click())
  await act(page, () => page.getByRole('button', { name: 'Remove the note' }).click())
  await page.getByText('The note has been removed.').waitFor()
  assert.equal(await page.getByText('Too few benches in the park').count(), 0)
})
