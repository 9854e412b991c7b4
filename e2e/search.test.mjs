// One search across Commons: with the demo borough loaded, a stranger on a 320px phone searches
// everything, narrows by kind and area, and searches in Welsh with a mutated plural; without
// JavaScript, a stranger and a resident do not find the private Partnership Leads group's
// discussion, while the officer who is its member does, from the search box reached by the
// header's link. axe scans every page.

import assert from 'node:assert/strict'
import { act, assertNoHorizontalScroll, heading, journey, signInAs, signOut, startSuite, visit } from './harness.mjs'

const { stack, browser } = await startSuite({ demo: true })
const phone = { width: 320, height: 640 }

async function search (page, words) {
  await page.getByLabel('Search for').fill(words)
  await act(page, () => page.getByRole('button', { name: 'Search', exact: true }).click())
}

journey('a stranger on a phone searches across everything, by kind and area, and in Welsh', { browser, stack, viewport: phone }, async (page) => {
  await visit(page, '/search')
  assert.equal(await heading(page), 'Search Commons')
  await assertNoHorizontalScroll(page)
  await search(page, 'communities')
  await page.getByRole('heading', { name: /^\d+ results$/ }).waitFor()
  // Things of several capabilities, the words marked.
  await page.getByRole('link', { name: 'Community orchard in Nant' }).waitFor()
  assert.ok(await page.locator('.k-search-results mark').count() > 0)
  await assertNoHorizontalScroll(page)

  // Only the methods.
  await act(page, () => page.getByRole('navigation', { name: 'Results by kind' }).getByRole('link', { name: /^Method \(\d+\)$/ }).click())
  const kinds = await page.locator('.k-search-results .govuk-tag').allTextContents()
  assert.ok(kinds.length > 0)
  assert.deepEqual([...new Set(kinds.map(k => k.trim()))], ['Method'])
  await page.getByRole('link', { name: 'Community asset mapping' }).waitFor()
  await assertNoHorizontalScroll(page)

  // Only what is in Nant.
  await page.getByLabel('What to look for').selectOption({ label: 'Everything' })
  await page.getByLabel('Area').selectOption({ label: 'Nant' })
  await search(page, 'community')
  await page.getByRole('link', { name: 'Community orchard in Nant' }).waitFor()
  assert.equal(await page.getByRole('link', { name: 'Trefelin Community Centre' }).count(), 0)

  // In Welsh: a mutated plural finds the adjective of the same word.
  await visit(page, '/search?lang=cy&q=cymunedau')
  assert.equal(await heading(page), 'Chwilio Commons')
  await page.getByRole('link', { name: 'Diwrnod gweithredu cymunedol' }).waitFor()
  await assertNoHorizontalScroll(page)
  await visit(page, '/search?lang=en')
})

journey('a private group\'s discussion is found by its member and no one else, without JavaScript', { browser, stack, javaScriptEnabled: false }, async (page) => {
  await visit(page, '/')
  await act(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Search', exact: true }).click())
  assert.equal(await heading(page), 'Search Commons')
  await search(page, 'board agenda')
  await page.getByRole('heading', { name: '0 results' }).waitFor()
  assert.equal(await page.getByText('Board agenda for January').count(), 0)

  await signInAs(page, 'resident@aberhaven.example')
  await visit(page, '/search?q=' + encodeURIComponent('board agenda'))
  await page.getByRole('heading', { name: '0 results' }).waitFor()
  assert.equal(await page.getByText('Board agenda for January').count(), 0)
  const api = await page.request.get('/api/v1/search?q=board+agenda')
  assert.equal((await api.json()).total, 0)
  await signOut(page)

  await signInAs(page, 'officer@aberhaven.example')
  await visit(page, '/search?q=' + encodeURIComponent('board agendas'))
  await page.getByRole('heading', { name: '1 result' }).waitFor()
  // "agendas" found "agenda"; the title's matching words are marked.
  assert.equal((await page.getByRole('link', { name: 'Board agenda for January' }).locator('mark').allTextContents()).join(' '), 'Board agenda')
  await act(page, () => page.getByRole('link', { name: 'Board agenda for January' }).click())
  assert.equal(await heading(page), 'Board agenda for January')
})
