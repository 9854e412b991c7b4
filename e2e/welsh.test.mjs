// Welsh pages through and through: the map's controls, dates with Welsh month names, the audit
// log's actions, and an admin helping someone who phoned. Runs on the demo borough.

import assert from 'node:assert/strict'
import { act, heading, journey, signInAs, startSuite, visit } from './harness.mjs'

const { stack, browser } = await startSuite({ demo: true })

const englishMonth = /\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b/

journey('the asset map and an asset page in Welsh', { browser, stack }, async (page) => {
  await visit(page, '/assets?lang=cy')
  assert.equal(await page.locator('html').getAttribute('lang'), 'cy')
  const zoomIn = page.locator('.leaflet-control-zoom-in')
  await zoomIn.waitFor({ timeout: 10000 })
  assert.equal(await zoomIn.getAttribute('aria-label'), 'Chwyddo i mewn')
  assert.equal(await page.locator('.leaflet-control-zoom-out').getAttribute('aria-label'), 'Chwyddo allan')
  await visit(page, '/assets?q=Nant+Community+Centre')
  await act(page, () => page.locator('main').getByRole('link', { name: 'Nant Community Centre' }).first().click())
  const text = await page.locator('main').innerText()
  assert.match(text, /Gwiriwyd ddiwethaf \d{1,2} (Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr) \d{4}/)
  assert.doesNotMatch(text, englishMonth)
})

journey('an admin helps someone who phoned, in Welsh, and the audit log says so', { browser, stack, javaScriptEnabled: false }, async (page) => {
  await signInAs(page, 'admin@aberhaven.example')
  await visit(page, '/admin/accounts?lang=cy')
  await act(page, () => page.getByRole('link', { name: 'Rhys Resident' }).click())
  await page.getByLabel('Enw llawn', { exact: true }).fill('Rhys ap Resident')
  await page.locator('#name-how-phone').check()
  await act(page, () => page.getByRole('button', { name: "Cadw'r enw" }).click())
  assert.equal(await heading(page), 'Rolau Rhys ap Resident')
  await visit(page, '/admin/audit')
  const text = await page.locator('main').innerText()
  assert.match(text, /Newidiwyd enw ar ran rhywun/)
  assert.match(text, /Ada Admin/)
  assert.doesNotMatch(text, englishMonth)
  await visit(page, '/admin/audit?lang=en')
})
