// The community asset map: searching and filtering the list, the map beside it (which must
// still work when its tiles cannot load, as here with no network), suggesting an asset and an
// officer verifying it, importing a CSV with errors and then a clean one, and a person sharing a
// skill with signed-in members only, which a stranger does not see. Every page is scanned by axe.

import assert from 'node:assert/strict'
import { act, assertNoHorizontalScroll, checkA11y, heading, journey, linkFrom, signInAs, signOut, startSuite, visit } from './harness.mjs'

const { stack, browser } = await startSuite({ demo: true })

// signOutOnAPhone opens the header's menu first when the screen is narrow enough to fold it.
async function signOutOnAPhone (page) {
  const menu = page.getByRole('button', { name: 'Menu' })
  if (await menu.isVisible()) await menu.click()
  await signOut(page)
}

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
  // Markers show their category (the legend says which); close ones are gathered and numbered.
  assert.ok(await page.locator('#asset-map .leaflet-marker-icon').count() > 0, 'no markers on the map')
  assert.ok(await page.locator('#asset-map .commons-cluster').count() > 0, 'the borough view has no clusters')
  const legend = page.getByRole('list', { name: 'What the markers show' })
  await legend.getByText('Physical spaces').waitFor()
  await page.getByText('The map background could not be loaded').waitFor()
  await checkA11y(page)

  await page.getByLabel('Words to look for').fill('library')
  await page.getByLabel('Category').selectOption({ label: 'Physical spaces' })
  await page.getByLabel('Step-free access').check()
  await page.getByLabel('Nearest to postcode').fill('AH3 4XY')
  await act(page, () => page.getByRole('button', { name: 'Search', exact: true }).click())
  const found = resultCount(await page.locator('#results').textContent())
  assert.ok(found > 0 && found < all, `library + spaces + step-free gave ${found}`)
  const items = page.locator('#asset-results ul.govuk-list > li')
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
  // Opening times day by day: a time that is not one is named.
  await page.getByLabel('Opens (Saturday)').fill('every so often')
  await page.getByLabel('Closes (Saturday)').fill('12:00')
  await act(page, () => page.getByRole('button', { name: 'Send' }).click())
  const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'There is a problem' }) })
  assert.match(await summary.textContent(), /Choose a category/)
  assert.match(await summary.textContent(), /Enter the times it opens and closes/)
  await page.getByLabel('Cultural assets and stories').check()
  await page.getByLabel('Opens (Saturday)').fill('10:00')
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
  await act(page, () => page.getByRole('button', { name: 'Import: add 2 and update 0' }).click())
  await page.getByText('2 added and 0 updated.').waitFor()
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

journey('a resident suggests a correction without JavaScript; the committee accepts it and the resident is told', { browser, stack, javaScriptEnabled: false }, async (page) => {
  await signInAs(page, 'resident@aberhaven.example')
  await visit(page, '/assets?q=Castle+Community+Centre')
  await act(page, () => page.getByRole('link', { name: 'Castle Community Centre' }).click())
  const entry = page.url()
  await act(page, () => page.getByRole('link', { name: 'Suggest a correction to this entry' }).click())
  assert.equal(await heading(page), 'Suggest a correction')
  // Nothing changed and nothing said: the page says what to do.
  await act(page, () => page.getByRole('button', { name: 'Send the correction' }).click())
  await page.getByRole('alert').getByText('Say what is wrong, or change a field below').waitFor()
  await page.getByLabel('What is wrong?').fill('The café closes at 2pm on Fridays now.')
  await page.getByLabel('Closes (Friday)').fill('14:00')
  await act(page, () => page.getByRole('button', { name: 'Send the correction' }).click())
  await page.getByText('your correction has been sent').waitFor()
  await visit(page, '/assets/mine')
  await page.getByText('Waiting for a decision').first().waitFor()
  await signOut(page)

  // The entry has no organisation, so an officer decides.
  await signInAs(page, 'officer@aberhaven.example')
  await visit(page, entry)
  await act(page, () => page.getByRole('link', { name: /A correction from Rhys Resident/ }).click())
  await page.getByRole('cell', { name: '21:00' }).first().waitFor()
  await page.getByLabel('Yes, change the entry as suggested').check()
  await page.getByLabel(/Message to the person who suggested it/).fill('Thank you – changed.')
  await act(page, () => page.getByRole('button', { name: 'Send the decision' }).click())
  await page.getByText('The correction has been accepted').waitFor()
  await page.getByText('Friday: 09:00–14:00').waitFor()
  await page.getByText('Corrected (Owen Officer)').waitFor()
  const told = await stack.mail.waitFor({ to: 'resident@aberhaven.example', subject: 'Your correction to "Castle Community Centre" has been accepted' })
  assert.match(told.text, /Thank you – changed\./)
  await signOut(page)

  await signInAs(page, 'resident@aberhaven.example')
  await visit(page, '/assets/mine')
  await page.getByText('Accepted').first().waitFor()
})

journey('a member adds a hall by its postcode and drops a pin on the map', { browser, stack }, async (page) => {
  await signInAs(page, 'member@aberhaven.example')
  // A postcode the demo has loaded: the Nant Community Centre's.
  await visit(page, '/assets?q=Nant+Community+Centre')
  await act(page, () => page.getByRole('link', { name: 'Nant Community Centre' }).click())
  const postcode = (await page.locator('.govuk-summary-list__row', { hasText: 'Address' }).textContent()).match(/AH\d+ \d[A-Z]{2}/)[0]

  await visit(page, '/assets/new')
  await page.getByLabel('Name', { exact: true }).fill('Nant Village Hall Garden')
  await page.getByLabel('Physical spaces').check()
  await page.getByLabel('Postcode').fill(postcode)
  // The form's map: find the postcode, then drop the pin a little way off by clicking.
  const map = page.getByRole('region', { name: /Map for placing the asset/ })
  await map.waitFor({ state: 'visible' })
  await act(page, () => page.getByRole('button', { name: 'Find the postcode on the map' }).click(), { navigates: false })
  await page.waitForFunction(() => document.getElementById('latitude').value !== '')
  const found = await page.getByLabel('Latitude').inputValue()
  const box = await map.boundingBox()
  await page.mouse.click(box.x + box.width / 2 + 40, box.y + box.height / 2 - 30)
  await page.waitForFunction((was) => document.getElementById('latitude').value !== was, found)
  await page.getByText(/Pin placed at/).waitFor()
  for (const day of ['Monday', 'Wednesday']) {
    await page.getByLabel(`Opens (${day})`).fill('9:30')
    await page.getByLabel(`Closes (${day})`).fill('16:00')
  }
  await act(page, () => page.getByRole('button', { name: 'Send' }).click())
  await page.getByText('Monday: 09:30–16:00').waitFor()
  await page.getByText('Tuesday: closed').waitFor()
  assert.match(await page.locator('.govuk-summary-list__row', { hasText: 'Address' }).textContent(), /51\.\d+, -3\.\d+/)
})

journey('the list follows the map, and a search within a mile of a postcode', { browser, stack }, async (page) => {
  await visit(page, '/assets')
  await page.waitForFunction(() => Number(document.getElementById('asset-map').dataset.count) > 0)
  const before = await page.locator('#results').textContent()
  // Zoom in on a cluster, then drag the map: the list becomes the map's area.
  await page.locator('#asset-map .commons-cluster').first().click()
  const box = await page.locator('#asset-map').boundingBox()
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2 + 40, { steps: 5 })
  await page.mouse.up()
  await page.waitForFunction(() => /bbox=/.test(window.location.search))
  await page.getByText("The list shows only the assets in the map's area.").waitFor()
  await page.getByText(/The list shows the map's area:/).waitFor()
  assert.notEqual(await page.locator('#results').textContent(), before)
  await checkA11y(page)
  await act(page, () => page.getByRole('link', { name: 'List every result again' }).click())
  assert.ok(!/bbox=/.test(page.url()))

  // Within a mile of the community centre's own postcode.
  await visit(page, '/assets?q=Nant+Community+Centre')
  await act(page, () => page.getByRole('link', { name: 'Nant Community Centre' }).click())
  const postcode = (await page.locator('.govuk-summary-list__row', { hasText: 'Address' }).textContent()).match(/AH\d+ \d[A-Z]{2}/)[0]
  await visit(page, '/assets')
  await page.getByLabel('Nearest to postcode').fill(postcode)
  await page.getByLabel('Within').selectOption({ label: '1 mile' })
  await act(page, () => page.getByRole('button', { name: 'Search', exact: true }).click())
  await page.getByText(`Distances are from ${postcode}.`).waitFor()
  const n = resultCount(await page.locator('#results').textContent())
  assert.ok(n > 0 && n < 240, `${n} within a mile`)
  for (const d of await page.locator('#asset-results ul.govuk-list > li').allTextContents()) {
    const km = Number((d.match(/([\d.]+) km away/) || [])[1])
    assert.ok(km <= 1.7, `${km} km is more than a mile: ${d}`)
  }
})

journey('an officer asks a resident for a skill; the resident says yes and shares their address, on a phone', { browser, stack, viewport: { width: 320, height: 640 } }, async (page) => {
  await signInAs(page, 'officer@aberhaven.example')
  await visit(page, '/assets/skills?q=bike')
  await act(page, () => page.getByRole('link', { name: /Ask Rhys Resident about this/ }).click())
  await assertNoHorizontalScroll(page)
  await page.getByLabel('Your message').fill('Could you help at the repair café on the 14th?')
  await act(page, () => page.getByRole('button', { name: 'Send the request' }).click())
  await page.getByText('Your request has been sent.').waitFor()
  await assertNoHorizontalScroll(page)
  const asked = await stack.mail.waitFor({ to: 'resident@aberhaven.example', subject: 'Owen Officer would like your help: Bike repairs' })
  assert.ok(!asked.text.includes('officer@aberhaven.example'), 'the asker\u2019s address was in the mail')
  await signOutOnAPhone(page)

  await signInAs(page, 'resident@aberhaven.example')
  await visit(page, linkFrom(asked.text, stack.baseURL + '/assets/skills/'))
  await page.getByLabel('Yes', { exact: true }).check()
  await page.getByLabel('Your message (optional)').fill('Happy to – I will bring tools.')
  await page.getByLabel('Share my email address with them').check()
  await act(page, () => page.getByRole('button', { name: 'Send my answer' }).click())
  await page.getByText('Your answer has been sent.').waitFor()
  await assertNoHorizontalScroll(page)
  const yes = await stack.mail.waitFor({ to: 'officer@aberhaven.example', subject: 'Rhys Resident said yes: Bike repairs' })
  assert.match(yes.text, /resident@aberhaven\.example/)
  await signOutOnAPhone(page)

  await signInAs(page, 'officer@aberhaven.example')
  await visit(page, '/assets/skills/requests')
  await page.getByRole('link', { name: 'resident@aberhaven.example' }).waitFor()
})

journey('an officer exports, edits and imports the CSV back: an update, and a warned duplicate', { browser, stack }, async (page) => {
  await signInAs(page, 'officer@aberhaven.example')
  await visit(page, '/assets?q=Trefelin+Library')
  const csvHref = await page.getByRole('link', { name: 'CSV', exact: true }).getAttribute('href')
  const csv = await (await page.request.get(csvHref)).text()
  assert.ok(csv.startsWith('\uFEFFid,'), 'no byte-order mark')
  assert.ok(!/,'-3\./.test(csv), 'a longitude was written as text')
  const [header, row] = parseCSV(csv.replace('\uFEFF', ''))
  row[header.indexOf('capacity')] = '99'
  const dup = [...row]
  dup[header.indexOf('id')] = ''
  const lines = [header, row, dup].map(writeCSVRow)
  await visit(page, '/assets/import')
  await page.getByLabel('Or paste the CSV here').fill(lines.join('\n'))
  await act(page, () => page.getByRole('button', { name: 'Check the file' }).click())
  await page.getByText('1 new, 1 updated, 0 unchanged.').waitFor()
  await page.getByText('Looks like:').waitFor()
  await page.getByLabel('Or paste the CSV here').fill(lines.slice(0, 2).join('\n'))
  await act(page, () => page.getByRole('button', { name: 'Check the file' }).click())
  await act(page, () => page.getByRole('button', { name: 'Import: add 0 and update 1' }).click())
  await page.getByText('0 added and 1 updated.').waitFor()
})

// parseCSV reads RFC 4180 CSV (quoted fields with commas, quotes and line breaks).
function parseCSV (text) {
  const rows = []
  let row = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++ } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') { row.push(field); field = '' } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(field); rows.push(row); row = []; field = ''
    } else field += c
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row) }
  return rows
}

function writeCSVRow (cells) {
  return cells.map((c) => /[",\r\n]/.test(c) ? '"' + c.replace(/"/g, '""') + '"' : c).join(',')
}
