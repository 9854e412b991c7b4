// The community asset map: searching and filtering the list, the map beside it (which must
// still work when its tiles cannot load, as here with no network), suggesting an asset and an
// officer verifying it, importing a CSV with errors and then a clean one, and a person sharing a
// skill with signed-in members only, which a stranger does not see. Every page is scanned by axe.

import assert from 'node:assert/strict'
import { act, assertNoHorizontalScroll, checkA11y, heading, journey, signInAs, signOut, startSuite, visit } from './harness.mjs'

const { stack, browser } = await startSuite({ demo: true })

function resultCount (text) {
  const m = /(\d+) assets/.exec(text)
  return m ? Number(m[1]) : -1
}

journey('search and filter the asset map, with the map and the list', { browser, stack }, async (page) => {
  await visit(page, '/assets')
  assert.equal(await heading(page), 'Community asset map')
  const all = resultCount(await page.locator('#results').textContent())
  assert.ok(all >= 200, `the demo has ${all} assets`)

  // The map draws the same search's assets; the tiles cannot load here, and it says so.
  const map = page.locator('#asset-map')
  await map.waitFor({ state: 'visible' })
  await page.waitForFunction(() => Number(document.getElementById('asset-map').dataset.count) > 0)
  assert.ok(await page.locator('#asset-map path.leaflet-interactive').count() > 0, 'no markers on the map')
  await page.getByText('The map background could not be loaded').waitFor()
  await checkA11y(page)

  await page.getByLabel('Words to look for').fill('library')
  await page.getByLabel('Category').selectOption({ label: 'Physical spaces' })
  await page.getByLabel('Step-free access').check()
  await page.getByLabel('Nearest to postcode').fill('AH3 4XY')
  await act(page, () => page.getByRole('button', { name: 'Search', exact: true }).click())
  const found = resultCount(await page.locator('#results').textContent())
  assert.ok(found > 0 && found < all, `library + spaces + step-free gave ${found}`)
  const items = page.locator('ul.govuk-list > li')
  assert.match(await items.first().textContent(), /Library/)
  assert.match(await items.first().textContent(), /km away/)
  await page.waitForFunction((n) => Number(document.getElementById('asset-map').dataset.count) === n, found)

  // The CSV of the search holds the same assets.
  const csvHref = await page.getByRole('link', { name: 'CSV', exact: true }).getAttribute('href')
  const csv = await (await page.request.get(csvHref)).text()
  assert.equal(csv.trim().split('\n').length - 1, found)

  await act(page, () => items.first().getByRole('link').click())
  assert.match(await heading(page), /Library/)
  await page.getByText('Step-free access').first().waitFor()
  await page.getByRole('heading', { name: 'History' }).waitFor()
})

journey('the list works without JavaScript on a small screen', { browser, stack, javaScriptEnabled: false, viewport: { width: 320, height: 640 } }, async (page) => {
  await visit(page, '/assets?category=cultural')
  assert.ok(!(await page.locator('#asset-map').isVisible()), 'the map shows without JavaScript')
  await assertNoHorizontalScroll(page)
  await act(page, () => page.getByRole('link', { name: 'Next page' }).click())
  assert.match(page.url(), /category=cultural&page=2/)
  await page.getByLabel('Open now').check()
  await act(page, () => page.getByRole('button', { name: 'Search', exact: true }).click())
  assert.match(await page.locator('#results').textContent(), /Assets open now/)
})

journey('a resident suggests an asset and an officer verifies it', { browser, stack }, async (page) => {
  await signInAs(page, 'resident@aberhaven.example')
  await visit(page, '/assets/new')
  assert.equal(await heading(page), 'Suggest an asset')
  await page.getByLabel('Name', { exact: true }).fill('Harbourside Seed Library')
  await page.getByLabel('Opening times').fill('every so often')
  await act(page, () => page.getByRole('button', { name: 'Send' }).click())
  const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'There is a problem' }) })
  assert.match(await summary.textContent(), /Choose a category/)
  assert.match(await summary.textContent(), /Enter opening times like/)
  await page.getByLabel('Cultural assets and stories').check()
  await page.getByLabel('Opening times').fill('Sa 10:00-12:00')
  await page.getByLabel('Area', { exact: true }).selectOption({ label: 'Harbourside' })
  await page.getByLabel('Postcode').fill('ah1 9zz')
  await act(page, () => page.getByRole('button', { name: 'Send' }).click())
  await page.getByText('An officer will check your suggestion').waitFor()
  const url = page.url()
  await signOut(page)

  await signInAs(page, 'officer@aberhaven.example')
  await visit(page, '/assets/review')
  await act(page, () => page.getByRole('link', { name: 'Harbourside Seed Library' }).click())
  assert.equal(page.url(), url)
  await act(page, () => page.getByRole('button', { name: 'Verify' }).click())
  await page.getByText('The asset has been verified.').waitFor()
  await page.getByText('Verified by an officer (Owen Officer)').waitFor()
})

journey('an officer imports a CSV with errors, then a clean one', { browser, stack }, async (page) => {
  await signInAs(page, 'officer@aberhaven.example')
  await visit(page, '/assets/import')
  await page.getByLabel('Or paste the CSV here').fill('name,category,area,postcode,contact_email\nTrefelin Tool Library,economic,Trefelin,AH6 1AB,tools@example.org\n,spaces,,,\nOld Baths,swimming,Atlantis,AH6,not-an-email\n')
  await act(page, () => page.getByRole('button', { name: 'Check the file' }).click())
  await page.getByText('2 of 3 rows have problems – nothing has been saved').waitFor()
  const rows = await page.getByRole('row').allTextContents()
  assert.ok(rows.some((r) => /3[\s\S]*Name: Enter the asset's name/.test(r)), rows.join('\n'))
  assert.ok(rows.some((r) => /Old Baths[\s\S]*Category: Choose a category[\s\S]*Area: Choose an area we know[\s\S]*Postcode: Enter a full postcode[\s\S]*Enter an email address/.test(r)), rows.join('\n'))
  assert.equal(await page.getByRole('button', { name: /^Import/ }).count(), 0)

  await page.getByLabel('Or paste the CSV here').fill('name,category,area,postcode,latitude,longitude,step_free\nTrefelin Tool Library,economic,Trefelin,AH6 1AB,51.65,-3.935,yes\nTrefelin Story Circle,cultural,Trefelin,,,,no\n')
  await act(page, () => page.getByRole('button', { name: 'Check the file' }).click())
  await page.getByText('All 2 rows can be imported').waitFor()
  await act(page, () => page.getByRole('button', { name: 'Import 2 assets' }).click())
  await page.getByText('The assets have been imported.').waitFor()
})

journey('a person shares a skill with members only, and a stranger does not see it', { browser, stack }, async (page) => {
  await signInAs(page, 'member@aberhaven.example')
  await visit(page, '/assets/skills/mine')
  await page.getByLabel('Skill', { exact: true }).check()
  await page.getByLabel('What it is').fill('Accordion lessons for beginners')
  await page.getByLabel('Only people signed in to this site').check()
  await act(page, () => page.getByRole('button', { name: 'Share', exact: true }).click())
  await page.getByText('Shared.').waitFor()
  await page.getByText('shown to people signed in').first().waitFor()
  await visit(page, '/assets/skills?q=accordion')
  await page.getByRole('heading', { name: 'Accordion lessons for beginners' }).waitFor()
  await signOut(page)

  await visit(page, '/assets/skills?q=accordion')
  await page.getByText('No skills to show.').waitFor()
})
