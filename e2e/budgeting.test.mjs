// Participatory budgeting. An officer creates a process, a resident suggests an idea and the
// officer reviews it onto the ballot; residents vote in the demo borough's open vote (one with
// JavaScript off, one on a 320px-wide phone with the running total); an officer enters paper
// ballots, counts, reads the results and posts a delivery update on a funded project of the
// finished demo process. Every page visited is scanned by axe.

import assert from 'node:assert/strict'
import { act, assertNoHorizontalScroll, checkA11y, heading, journey, newPage, signInAs, startSuite, visit } from './harness.mjs'

const { stack, browser } = await startSuite({ demo: true })

const openVote = 'Aberhaven Community Fund 2026'
const finished = 'Greener Aberhaven 2025'

async function openProcess (page, title) {
  await visit(page, '/budgets')
  await act(page, () => page.getByRole('link', { name: title }).click())
  assert.equal(await heading(page), title)
}

journey('an officer creates a process, a resident suggests an idea, the officer reviews it', { browser, stack }, async (officer) => {
  const title = 'Aberhaven Parks Fund'
  await signInAs(officer, 'officer@aberhaven.example')
  await visit(officer, '/budgets')
  await act(officer, () => officer.getByRole('link', { name: 'Start a new process' }).click())
  await officer.getByLabel('Title', { exact: true }).fill(title)
  await officer.getByLabel('Description', { exact: true }).fill('Choose how to spend **£10,000** on our parks.')
  await officer.getByLabel('Total budget').fill('10,000')
  const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10)
  for (const [label, date] of [['Ideas open', day(-60)], ['Review starts', day(-30)], ['Voting opens', day(-10)], ['Voting closes', day(30)], ['Results published', day(40)]]) {
    await officer.getByLabel(label, { exact: true }).fill(date)
  }
  await officer.getByLabel(/Method of Equal Shares/).check()
  await act(officer, () => officer.getByRole('button', { name: 'Save', exact: true }).click())
  assert.equal(await heading(officer), title)
  const processURL = new URL(officer.url()).pathname

  const resident = await newPage(browser, { baseURL: stack.baseURL })
  await signInAs(resident, 'resident@aberhaven.example')
  await visit(resident, processURL)
  await act(resident, () => resident.getByRole('link', { name: 'Suggest an idea' }).click())
  await resident.getByLabel('Idea', { exact: true }).fill('Pond dipping platform')
  await resident.getByLabel('Describe your idea').fill('A safe platform for pond dipping in Greenfields Park.')
  await resident.getByLabel('Area', { exact: true }).selectOption({ label: 'Greenfields' })
  // With JavaScript a map fills in the point's latitude and longitude.
  await resident.getByRole('region', { name: /Map: click to mark the place/ }).click({ position: { x: 120, y: 90 } })
  assert.match(await resident.getByLabel('Latitude').inputValue(), /^-?\d+\.\d{6}$/)
  await resident.getByLabel('Your estimate of the cost').fill('')
  await act(resident, () => resident.getByRole('button', { name: 'Send your idea' }).click())
  assert.match(await resident.getByRole('alert').first().textContent(), /Enter an amount in pounds/)
  await resident.getByLabel('Your estimate of the cost').fill('6000')
  await act(resident, () => resident.getByRole('button', { name: 'Send your idea' }).click())
  await resident.getByText('Thank you: your idea has been sent.').waitFor()
  await resident.context().close()

  await visit(officer, processURL)
  await act(officer, () => officer.getByRole('link', { name: 'Pond dipping platform' }).click())
  await officer.getByLabel('On the ballot').check()
  await officer.getByLabel('Feasibility').fill('The parks team can build this in the spring.')
  await officer.getByLabel('Costed estimate').fill('6500')
  await act(officer, () => officer.getByRole('button', { name: 'Save the review' }).click())
  await officer.getByText('The review has been saved.').waitFor()
  assert.match(await officer.locator('main').textContent(), /On the ballot[\s\S]*£6,500/)
})

journey('a resident votes with JavaScript off', { browser, stack, javaScriptEnabled: false }, async (page) => {
  await signInAs(page, 'resident@aberhaven.example')
  await openProcess(page, openVote)
  assert.match(await page.locator('#voting-window').textContent(), /Voting closes at the end of \d{4}-\d{2}-\d{2} \(UK time\)/)
  await act(page, () => page.getByRole('link', { name: 'Vote now' }).click())
  await page.getByLabel(/Castle/).check()
  await act(page, () => page.getByRole('button', { name: 'Continue' }).click())
  for (const project of ['Castle play area refresh', 'Lunch club kitchen', 'Castle walking trail signs']) {
    await page.getByLabel(project).check()
  }
  await page.getByLabel(/I live in this area and I am aged 16 or over/).check()
  await act(page, () => page.getByRole('button', { name: 'Send my vote' }).click())
  assert.match(await page.getByRole('alert').first().textContent(), /cost more than the budget/)
  await page.getByLabel('Castle walking trail signs').uncheck()
  await act(page, () => page.getByRole('button', { name: 'Send my vote' }).click())
  assert.equal(await heading(page), 'Your vote is in')
  const mail = await stack.mail.waitFor({ to: 'resident@aberhaven.example', subject: `Your vote is in: ${openVote}` })
  assert.match(mail.text, /receipt number/)
})

journey('a member votes on a narrow phone with the running total', { browser, stack, viewport: { width: 320, height: 640 } }, async (page) => {
  await signInAs(page, 'member@aberhaven.example')
  await visit(page, '/budgets')
  await act(page, () => page.getByRole('link', { name: openVote }).click())
  await act(page, () => page.getByRole('link', { name: 'Vote now' }).click())
  await page.getByLabel(/Castle/).check()
  await act(page, () => page.getByRole('button', { name: 'Continue' }).click())
  await assertNoHorizontalScroll(page)
  await page.getByText('Left to spend: £15,000 of £15,000').waitFor()
  await page.getByLabel('Castle play area refresh').check()
  await page.getByText('Left to spend: £6,000 of £15,000').waitFor()
  await page.getByLabel(/I live in this area/).check()
  await act(page, () => page.getByRole('button', { name: 'Send my vote' }).click())
  assert.equal(await heading(page), 'Your vote is in')
  await assertNoHorizontalScroll(page)
})

journey('an officer enters paper ballots, counts, and posts a delivery update', { browser, stack }, async (page) => {
  await signInAs(page, 'officer@aberhaven.example')
  await openProcess(page, openVote)
  // With JavaScript the ideas that have a place are drawn on a map, each linking to its page.
  await page.locator('#ideas-map path.leaflet-interactive').first().waitFor()
  assert.equal(await page.locator('#ideas-map path.leaflet-interactive').count(), 5)
  await checkA11y(page)
  await act(page, () => page.getByRole('link', { name: /Enter paper ballots/ }).click())
  await page.getByLabel(/Harbourside/).check()
  await act(page, () => page.getByRole('button', { name: 'Continue' }).click())
  for (const saved of [true, false]) {
    await page.getByLabel('Paper ballot reference').fill('LIB-900')
    await page.getByLabel('Food bank cold store').check()
    await act(page, () => page.getByRole('button', { name: 'Save this paper ballot' }).click())
    await page.getByText(saved ? 'The paper ballot has been saved.' : 'A paper ballot with this reference has already been entered').first().waitFor()
  }
  await openProcess(page, openVote)
  await act(page, () => page.getByRole('button', { name: 'Count the votes' }).click())
  assert.equal(await heading(page), `Results: ${openVote}`)
  const text = await page.locator('main').textContent()
  assert.match(text, /Food bank cold store[\s\S]*Funded/)
  assert.match(text, /Harbourside\s*Paper\s*1/)

  await visit(page, '/budgets')
  await act(page, () => page.getByRole('link', { name: finished }).click())
  await act(page, () => page.getByRole('link', { name: 'Repair the riverside path' }).click())
  await page.getByLabel('Public update').fill('The new surface is **finished**.')
  await act(page, () => page.getByRole('button', { name: 'Post the update' }).click())
  await page.getByText('The delivery record has been saved.').waitFor()
  assert.match(await page.locator('main').textContent(), /The new surface is finished/)
})
