// Methods that start the work, and case studies drawn from finished work (issue 25, points 2
// and 4). With the demo borough loaded, an admin without JavaScript writes a method that carries
// the fishbowl template, publishes it, and starts a draft event from it (a mistake first, then
// right); an officer on a 320px phone with JavaScript drafts a case study from the demo's closed
// co-production project, sees its outcomes charted, publishes it, and a stranger reads it in
// English and Welsh. axe scans every page.

import assert from 'node:assert/strict'
import { act, assertEveryPageScanned, assertNoHorizontalScroll, heading, journey, newPage, signInAs, startSuite, visit } from './harness.mjs'

const { stack, browser } = await startSuite({ demo: true })
const phone = { width: 320, height: 640 }

function inAMonth () {
  const d = new Date(Date.now() + 30 * 24 * 3600 * 1000)
  return d.toISOString().slice(0, 10)
}

journey('an admin writes and publishes a method with a template and starts a draft event from it, without JavaScript', { browser, stack, javaScriptEnabled: false }, async (page) => {
  await signInAs(page, 'admin@aberhaven.example')
  await visit(page, '/methods/new')
  assert.equal(await heading(page), 'Write a method')
  await page.getByRole('group', { name: 'Title' }).getByLabel('In English').fill('Street fishbowl')
  await page.getByRole('group', { name: 'Summary' }).getByLabel('In English').fill('A fishbowl held on the street, where passers-by can take the empty chair.')
  await page.getByLabel('Involve', { exact: true }).check()
  await page.getByLabel('Talk a hard question through').check()
  await page.getByLabel('Time it takes').selectOption({ label: 'A few hours' })
  await page.getByLabel('Cost', { exact: true }).selectOption({ label: 'Low (under £500)' })
  await page.getByLabel('Fewest people it works with').fill('8')
  await page.getByLabel('Most people it works with').fill('60')
  await page.getByLabel('Where it happens').selectOption({ label: 'In person' })
  await page.getByRole('group', { name: 'Steps' }).getByLabel('In English').fill('1. Set out the chairs\n2. Ask the question\n3. Keep one chair empty')
  await page.getByLabel('An event run as a fishbowl').check()
  await act(page, () => page.getByRole('button', { name: 'Save as a draft' }).click())
  await page.getByText('Your draft has been saved.').waitFor()
  await act(page, () => page.getByRole('link', { name: 'Versions and review' }).first().click())
  await act(page, () => page.getByRole('button', { name: 'Send version 1 for review' }).click())
  await page.getByText('The version has been sent for review.').waitFor()
  await act(page, () => page.getByRole('button', { name: 'Send the review' }).click())
  await page.getByText('The version has been published.').waitFor()

  // The method's page offers its template; the start form asks what it needs.
  await visit(page, '/methods')
  await act(page, () => page.getByRole('link', { name: 'Street fishbowl' }).click())
  await page.getByRole('heading', { name: 'Start the work with this method' }).waitFor()
  await act(page, () => page.getByRole('link', { name: 'Use the template: An event run as a fishbowl' }).click())
  assert.equal(await heading(page), 'An event run as a fishbowl')
  assert.equal(await page.getByLabel('Title of the draft').inputValue(), 'Street fishbowl')
  await page.getByLabel('Title of the draft').fill('Fishbowl on Harbour Street')
  await page.getByLabel('Day it starts').fill('2001-01-01')
  await act(page, () => page.getByRole('button', { name: 'Make the draft' }).click())
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' })
  assert.match(await summary.textContent(), /Choose the organisation running it/)
  assert.match(await summary.textContent(), /Enter a day that is today or later/)
  assert.equal(await page.getByLabel('Title of the draft').inputValue(), 'Fishbowl on Harbour Street')
  await page.getByLabel('Organisation running it').selectOption({ index: 1 })
  await page.getByLabel('Day it starts').fill(inAMonth())
  await act(page, () => page.getByRole('button', { name: 'Make the draft' }).click())
  await page.getByText('Your draft is made from the method.').waitFor()
  assert.match(new URL(page.url()).pathname, /^\/events\/[0-9a-f-]{36}\/edit$/)
  assert.equal(await page.getByLabel('Title', { exact: true }).inputValue(), 'Fishbowl on Harbour Street')
  await page.getByText('The fishbowl conversation').first().waitFor()
  // A draft only its organisers see, until they publish it.
  const eventPage = new URL(page.url()).pathname.replace(/\/edit$/, '')
  await visit(page, eventPage)
  await page.getByText('This event is a draft: only its organisers can see it.').waitFor()
  await act(page, () => page.getByRole('button', { name: 'Publish the event' }).click())
  await page.getByText('The event has been published.').waitFor()
  await visit(page, '/events')
  await page.getByRole('link', { name: 'Fishbowl on Harbour Street' }).first().waitFor()
})

journey('an officer on a phone drafts a case study from a finished project, publishes it, and a stranger reads it', { browser, stack, viewport: phone }, async (page) => {
  await signInAs(page, 'officer@aberhaven.example')
  await visit(page, '/cases')
  await assertNoHorizontalScroll(page)
  await act(page, () => page.getByRole('link', { name: 'Draft from finished work' }).click())
  assert.equal(await heading(page), 'Draft a case study from finished work')
  await assertNoHorizontalScroll(page)
  await act(page, () => page.getByRole('button', { name: 'Draft the case study' }).click())
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' })
  assert.match(await summary.textContent(), /Choose the finished work/)
  await page.getByLabel('Food bank referral pathway').check()
  await act(page, () => page.getByRole('button', { name: 'Draft the case study' }).click())
  await page.getByText('The case study is drafted from the finished work.').waitFor()
  const title = page.getByRole('group', { name: 'Title' })
  assert.equal(await title.getByLabel('In English').inputValue(), 'Food bank referral pathway')
  await title.getByLabel('In English').fill('One conversation to the food bank')
  await title.getByLabel('In Welsh').fill('Un sgwrs i’r banc bwyd')
  await assertNoHorizontalScroll(page)
  await act(page, () => page.getByRole('button', { name: 'Save the case study' }).click())
  await page.getByText('This case study is a draft').waitFor()
  await page.getByRole('heading', { name: 'Outcomes and indicators in figures' }).waitFor()
  await act(page, () => page.getByRole('button', { name: 'Publish' }).click())
  await page.getByText('The case study has been published.').waitFor()
  await assertNoHorizontalScroll(page)
  const url = new URL(page.url()).pathname

  const stranger = await newPage(browser, { baseURL: stack.baseURL, viewport: phone, javaScriptEnabled: false })
  try {
    await visit(stranger, '/cases')
    await act(stranger, () => stranger.getByRole('link', { name: 'One conversation to the food bank' }).click())
    assert.equal(new URL(stranger.url()).pathname, url)
    await stranger.getByRole('heading', { name: 'Outcomes and indicators in figures' }).waitFor()
    await stranger.getByRole('rowheader', { name: 'Help at the first contact', exact: true }).first().waitFor()
    await stranger.getByRole('link', { name: 'Harbourside Food Bank' }).waitFor()
    await assertNoHorizontalScroll(stranger)
    // Its organisation filters the list.
    await act(stranger, () => stranger.getByRole('link', { name: 'Harbourside Food Bank' }).click())
    await stranger.getByText('One conversation to the food bank').first().waitFor()
    await visit(stranger, url + '?lang=cy')
    assert.equal(await heading(stranger), 'Un sgwrs i’r banc bwyd')
    await stranger.getByRole('heading', { name: 'Canlyniadau a dangosyddion mewn ffigurau' }).waitFor()
    await assertNoHorizontalScroll(stranger)
    assertEveryPageScanned(stranger)
  } finally {
    await stranger.context().close()
  }
})
