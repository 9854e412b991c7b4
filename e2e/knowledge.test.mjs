// The knowledge hub: with the demo borough loaded (a dozen methods, three case studies, two
// films), a stranger on a 320px phone browses the methods library, filters it, runs the method
// finder, reads the case studies of a method and finds a film by its transcript, in English and
// Welsh; an officer without JavaScript writes
// a case study (a mistake first, then right), publishes it, and a stranger finds it from the
// method it used. axe scans every page.

import assert from 'node:assert/strict'
import { act, assertEveryPageScanned, assertNoHorizontalScroll, heading, journey, newPage, signInAs, startSuite, visit } from './harness.mjs'

const { stack, browser } = await startSuite({ demo: true })
const phone = { width: 320, height: 640 }

journey('browse the methods library, run the method finder and read a case study on a phone', { browser, stack, viewport: phone }, async (page) => {
  await visit(page, '/methods')
  assert.equal(await heading(page), 'Methods library')
  await assertNoHorizontalScroll(page)
  await page.getByLabel('Depth of participation').selectOption({ label: 'Empower' })
  await act(page, () => page.getByRole('button', { name: 'Apply filters' }).click())
  await page.getByRole('link', { name: 'Participatory budgeting' }).waitFor()
  await act(page, () => page.getByRole('link', { name: 'Participatory budgeting' }).click())
  assert.equal(await heading(page), 'Participatory budgeting')
  await assertNoHorizontalScroll(page)
  // The case studies that used it are on the method's page.
  await act(page, () => page.getByRole('link', { name: 'Harbourside decides £50,000' }).click())
  assert.equal(await heading(page), 'Harbourside decides £50,000')
  await page.getByText('11 projects funded', { exact: false }).waitFor()
  await assertNoHorizontalScroll(page)

  await visit(page, '/methods/finder')
  await page.getByLabel('Share out money').check()
  await page.getByLabel('Empower').check()
  await page.getByLabel('More than 1,000').check()
  await page.getByLabel('Months').check()
  await page.getByLabel('High (over £5,000)').check()
  await act(page, () => page.getByRole('button', { name: 'Suggest methods' }).click())
  await page.getByRole('heading', { name: 'Methods that fit' }).waitFor()
  await page.getByRole('link', { name: 'Participatory budgeting' }).first().waitFor()
  await assertNoHorizontalScroll(page)

  // A film is found by words of its transcript, which its page shows; nothing is embedded.
  await visit(page, '/media')
  await page.getByLabel('Words').fill('eleven pages')
  await act(page, () => page.getByRole('button', { name: 'Apply filters' }).click())
  await act(page, () => page.getByRole('link', { name: 'Doing it together: the warm homes film' }).click())
  await page.getByText('The old form was eleven pages.').waitFor()
  await page.getByRole('link', { name: /Watch on video\.example\.org/ }).waitFor()
  assert.equal(await page.locator('iframe').count(), 0)
  await assertNoHorizontalScroll(page)

  // In Welsh.
  await visit(page, '/cases?lang=cy')
  assert.equal(await heading(page), 'Astudiaethau achos')
  await page.getByText('Glan yr Harbwr yn penderfynu ar £50,000').waitFor()
  await assertNoHorizontalScroll(page)
  await visit(page, '/methods?lang=en')
})

journey('an officer writes a case study without JavaScript, publishes it, and a stranger finds it from its method', { browser, stack, javaScriptEnabled: false }, async (page) => {
  await signInAs(page, 'officer@aberhaven.example')
  await visit(page, '/cases')
  await act(page, () => page.getByRole('link', { name: 'Write a case study' }).click())
  assert.equal(await heading(page), 'Write a case study')
  const title = page.getByRole('group', { name: 'Title' })
  await page.getByRole('group', { name: 'Summary' }).getByLabel('In English').fill('Young people ran a fishbowl on the bus timetable.')
  await page.getByLabel('Year').fill('1800')
  await act(page, () => page.getByRole('button', { name: 'Save the case study' }).click())
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' })
  assert.match(await summary.textContent(), /Enter a title in English or Welsh/)
  assert.match(await summary.textContent(), /Enter the year as four digits/)
  // Nothing typed was lost.
  assert.equal(await page.getByRole('group', { name: 'Summary' }).getByLabel('In English').inputValue(), 'Young people ran a fishbowl on the bus timetable.')

  await title.getByLabel('In English').fill('Fishbowl on the night buses')
  await title.getByLabel('In Welsh').fill('Powlen bysgod ar y bysiau nos')
  await page.getByLabel('Year').fill(String(new Date().getFullYear()))
  await page.getByLabel('Place', { exact: true }).fill('Harbourside')
  await page.getByLabel('Fishbowl conversation').check()
  await page.getByRole('group', { name: 'What happened' }).getByLabel('In English').fill('Twelve young people sat in the inner circle; the bus company listened.')
  await page.getByRole('group', { name: 'What came of it' }).getByLabel('In English').fill('* A later last bus on Fridays')
  await act(page, () => page.getByRole('button', { name: 'Save the case study' }).click())
  await page.getByText('The case study has been saved.').waitFor()
  await page.getByText('This case study is a draft').waitFor()
  await act(page, () => page.getByRole('button', { name: 'Publish' }).click())
  await page.getByText('The case study has been published.').waitFor()
  const url = new URL(page.url()).pathname

  // A stranger, in another browser, finds it from the method.
  const stranger = await newPage(browser, { baseURL: stack.baseURL, javaScriptEnabled: false })
  try {
    await visit(stranger, '/methods')
    await act(stranger, () => stranger.getByRole('link', { name: 'Fishbowl conversation' }).click())
    await act(stranger, () => stranger.getByRole('link', { name: 'Fishbowl on the night buses' }).click())
    assert.equal(new URL(stranger.url()).pathname, url)
    await stranger.getByText('A later last bus on Fridays').waitFor()
    await visit(stranger, url + '?lang=cy')
    assert.equal(await heading(stranger), 'Powlen bysgod ar y bysiau nos')
    assertEveryPageScanned(stranger)
  } finally {
    await stranger.context().close()
  }
})
