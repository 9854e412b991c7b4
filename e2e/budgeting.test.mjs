// Participatory budgeting. An officer creates a process, a resident suggests an idea (the form
// says its rules first) and the officer reviews it onto the ballot; the resident is told by mail
// and on their own page. Residents vote in the demo borough's open vote (one with JavaScript off,
// one on a 320px-wide phone with the running total, coming back to their ballot and warned before
// changing area); an officer enters paper ballots (with a list, a running count and undo), prints
// voting codes as slips, counts with confirmation, checks and publishes the results, downloads
// them, and records delivery. A Welsh reader sees Welsh content, and English marked as such.
// Every page visited is scanned by axe; the pages of the journeys are checked at 320px.

import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { act, assertNoHorizontalScroll, checkA11y, heading, journey, newPage, signInAs, startSuite, visit } from './harness.mjs'

const { stack, browser } = await startSuite({ demo: true })

const openVote = 'Aberhaven Community Fund 2026'
const finished = 'Greener Aberhaven 2025'
const takingIdeas = 'Aberhaven Small Grants 2027'

async function openProcess (page, title) {
  await visit(page, '/budgets')
  await act(page, () => page.getByRole('link', { name: title }).click())
  assert.equal(await heading(page), title)
}

journey('an officer creates a process, a resident suggests an idea, the officer reviews it and the resident is told', { browser, stack }, async (officer) => {
  const title = 'Aberhaven Parks Fund'
  await signInAs(officer, 'officer@aberhaven.example')
  await visit(officer, '/budgets')
  await act(officer, () => officer.getByRole('link', { name: 'Start a new process' }).click())
  await officer.getByLabel('Title', { exact: true }).fill(title)
  await officer.getByLabel('Title in Welsh (optional)').fill('Cronfa Parciau Aberhaven')
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
  // The rules come before the form.
  assert.match(await resident.locator('#idea-rules').textContent(), /You need a short name and a description/)
  await resident.getByLabel('Idea', { exact: true }).fill('Pond dipping platform')
  await resident.getByLabel('Describe your idea').fill('A safe platform for pond dipping in Greenfields Park.')
  await resident.getByLabel('Area', { exact: true }).selectOption({ label: 'Greenfields' })
  // With JavaScript a map fills in the point's latitude and longitude.
  await resident.getByRole('region', { name: /Map: click to mark the place/ }).click({ position: { x: 120, y: 90 } })
  assert.match(await resident.getByLabel('Latitude').inputValue(), /^-?\d+\.\d{6}$/)
  // No estimate is needed; the name is shown only if ticked.
  await act(resident, () => resident.getByRole('button', { name: 'Send your idea' }).click())
  await resident.getByText('Thank you: your idea has been sent.').waitFor()
  assert.equal(await resident.locator('#suggested-by').textContent(), 'A resident')
  await resident.context().close()

  await visit(officer, processURL)
  await act(officer, () => officer.getByRole('link', { name: 'Pond dipping platform' }).click())
  await officer.getByRole('radio', { name: 'On the ballot' }).check()
  await officer.getByLabel('Feasibility').fill('The parks team can build this in the spring.')
  await officer.getByLabel('Costed estimate').fill('6500')
  await officer.getByLabel('Title on the ballot in Welsh').fill('Llwyfan trochi yn y pwll')
  await act(officer, () => officer.getByRole('button', { name: 'Save the review' }).click())
  await officer.getByText('The review has been saved.').waitFor()
  assert.match(await officer.locator('main').textContent(), /On the ballot[\s\S]*£6,500/)
  // The review form keeps what was saved.
  assert.equal(await officer.getByLabel('Costed estimate').inputValue(), '6500')
  assert.equal(await officer.getByLabel('Title on the ballot in Welsh').inputValue(), 'Llwyfan trochi yn y pwll')

  const mail = await stack.mail.waitFor({ to: 'resident@aberhaven.example', subject: 'Your idea is on the ballot: Pond dipping platform' })
  assert.match(mail.text, /\/budgets\/mine/)
  const mine = await newPage(browser, { baseURL: stack.baseURL })
  await signInAs(mine, 'resident@aberhaven.example')
  await visit(mine, '/budgets/mine')
  assert.match(await mine.locator('main').textContent(), /Pond dipping platform[\s\S]*On the ballot[\s\S]*£6,500/)
  await mine.context().close()
})

journey('a resident votes with JavaScript off', { browser, stack, javaScriptEnabled: false }, async (page) => {
  await signInAs(page, 'resident@aberhaven.example')
  await openProcess(page, openVote)
  assert.match(await page.locator('#voting-window').textContent(), /Voting closes at the end of \d{1,2} [A-Z][a-z]+ \d{4} \(UK time\)/)
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
  assert.match(await page.locator('#receipt-number').textContent(), /^[A-Z2-9]{5}-[A-Z2-9]{5}$/)
  assert.match(await page.locator('main').textContent(), /with 2 choices/)
  const mail = await stack.mail.waitFor({ to: 'resident@aberhaven.example', subject: `Your vote is in: ${openVote}` })
  assert.match(mail.text, /receipt number/)
})

journey('a member votes on a narrow phone, comes back to the ballot and is warned before changing area', { browser, stack, viewport: { width: 320, height: 640 } }, async (page) => {
  await signInAs(page, 'member@aberhaven.example')
  await visit(page, '/budgets')
  await act(page, () => page.getByRole('link', { name: openVote }).click())
  await assertNoHorizontalScroll(page)
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

  // Coming back: the ballot as sent, and what sending again does.
  await act(page, () => page.getByRole('link', { name: 'Change your vote' }).click())
  assert.match(await page.locator('#your-vote').textContent(), /You voted in Castle on[\s\S]*only your latest ballot counts/)
  assert.ok(await page.getByLabel('Castle play area refresh').isChecked())
  await assertNoHorizontalScroll(page)
  await act(page, () => page.getByRole('link', { name: 'Change area' }).click())
  await page.getByLabel(/Harbourside/).check()
  await act(page, () => page.getByRole('button', { name: 'Continue' }).click())
  assert.match(await page.locator('#other-area').textContent(), /your vote in Castle no longer counts/)
  await assertNoHorizontalScroll(page)
})

journey('a Welsh reader sees the Welsh text, and English marked as English', { browser, stack, viewport: { width: 320, height: 640 } }, async (page) => {
  await visit(page, '/budgets?lang=cy')
  await act(page, () => page.getByRole('link', { name: 'Cronfa Gymunedol Aberhaven 2026' }).click())
  assert.equal(await heading(page), 'Cronfa Gymunedol Aberhaven 2026')
  await assertNoHorizontalScroll(page)
  await visit(page, '/budgets')
  await act(page, () => page.getByRole('link', { name: /Greener Aberhaven 2025/ }).click())
  assert.equal(await page.locator('h1').getAttribute('lang'), 'en')
  assert.match(await page.locator('#fallback-note').textContent(), /yn Saesneg/)
  await act(page, () => page.getByRole('link', { name: 'Gweld y canlyniadau' }).click())
  await assertNoHorizontalScroll(page)
  assert.match(await page.locator('main').textContent(), /Ariannwyd/)
})

journey('an officer enters paper ballots, prints codes, counts, publishes, downloads and records delivery', { browser, stack }, async (page) => {
  await signInAs(page, 'officer@aberhaven.example')
  await openProcess(page, openVote)
  // With JavaScript the ideas that have a place are drawn on a map, each linking to its page.
  await page.locator('#ideas-map path.leaflet-interactive').first().waitFor()
  assert.equal(await page.locator('#ideas-map path.leaflet-interactive').count(), 5)
  await checkA11y(page)
  await act(page, () => page.getByRole('link', { name: /Enter paper ballots/ }).click())
  await page.getByLabel(/Harbourside/).check()
  await act(page, () => page.getByRole('button', { name: 'Continue' }).click())
  for (const [ref, saved] of [['LIB-900', true], ['LIB-900', false], ['LIB-901', true]]) {
    await page.getByLabel('Paper ballot reference').fill(ref)
    await page.getByLabel('Food bank cold store').check()
    await act(page, () => page.getByRole('button', { name: 'Save this paper ballot' }).click())
    await page.getByText(saved ? 'The paper ballot has been saved.' : 'A paper ballot with this reference has already been entered').first().waitFor()
  }
  assert.match(await page.locator('#paper-count').textContent(), /2 paper ballots entered so far\. 2 of them for Harbourside\./)
  await act(page, () => page.getByRole('button', { name: 'Undo LIB-901' }).click())
  await page.getByText('The paper ballot has been taken back.').waitFor()
  assert.match(await page.locator('#paper-count').textContent(), /1 paper ballot entered so far/)

  // Voting codes print as slips: no header or navigation on paper.
  await openProcess(page, openVote)
  await act(page, () => page.getByRole('link', { name: /One-time codes/ }).click())
  await act(page, () => page.getByRole('link', { name: /Print the unused codes/ }).click())
  assert.ok(await page.locator('.commons-slip').count() >= 8)
  await page.emulateMedia({ media: 'print' })
  assert.equal(await page.locator('.govuk-header').isVisible(), false)
  assert.ok(await page.locator('.commons-slip').first().isVisible())
  await page.emulateMedia({ media: 'screen' })

  // The count asks first, and says it closes voting early; the results wait to be published.
  await openProcess(page, openVote)
  await act(page, () => page.getByRole('button', { name: 'Count the votes' }).click())
  assert.match(await page.getByRole('alert').first().textContent(), /Tick the box to confirm/)
  await page.getByLabel(/Close voting now, before its published closing day/).check()
  await page.getByLabel(/I want to count the votes now/).check()
  await act(page, () => page.getByRole('button', { name: 'Count the votes' }).click())
  assert.equal(await heading(page), `Results: ${openVote}`)
  assert.match(await page.locator('#draft').textContent(), /have not been published/)
  assert.match(await page.locator('#rule-used').textContent(), /Method of Equal Shares, completed/)
  assert.match(await page.locator('#voting-dates').textContent(), /closed on .* by a council officer, before its published closing day/)
  await page.getByLabel('I have checked these results and they can be published').check()
  await act(page, () => page.getByRole('button', { name: 'Publish the results' }).click())
  await page.getByText('The results have been published.').waitFor()
  const text = await page.locator('main').textContent()
  assert.match(text, /Food bank cold store[\s\S]*Funded/)
  assert.match(text, /Harbourside\s*Paper\s*1/)
  assert.match(text, /Spending by area/)

  // Downloads: the right names and types, and they read back.
  for (const [link, name, check] of [
    [/Anonymised ballots for Castle/, /^aberhaven-community-fund-2026-ballots-castle\.pb$/, (s) => assert.match(s, /^META\r?\nkey;value/)],
    [/Results \(CSV\)/, /^aberhaven-community-fund-2026-results\.csv$/, (s) => assert.match(s, /project_id,title,title_cy,area/)],
    [/Funded projects \(360Giving JSON\)/, /^aberhaven-community-fund-2026-grants\.json$/, (s) => assert.ok(JSON.parse(s).grants.length > 0)],
  ]) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: link }).click()])
    assert.match(download.suggestedFilename(), name)
    check((await readFile(await download.path(), 'utf8')).replace(/^\ufeff/, ''))
  }
  const res = await page.request.get(new URL(page.url()).pathname.replace('/results', '/ideas.geojson'))
  assert.equal(res.headers()['content-type'], 'application/geo+json')
  assert.match(res.headers()['content-disposition'], /filename="aberhaven-community-fund-2026-ideas\.geojson"/)
  assert.equal(JSON.parse(await res.text()).type, 'FeatureCollection')

  // Delivery on a funded project of the finished process.
  await visit(page, '/budgets')
  await act(page, () => page.getByRole('link', { name: finished }).click())
  await act(page, () => page.getByRole('link', { name: 'Repair the riverside path' }).click())
  await page.getByLabel('Public update').fill('The new surface is **finished**.')
  await act(page, () => page.getByRole('button', { name: 'Post the update' }).click())
  await page.getByText('The delivery record has been saved.').waitFor()
  assert.match(await page.locator('main').textContent(), /The new surface is finished/)
  await page.getByLabel('The project has been delivered').check()
  await act(page, () => page.getByRole('button', { name: 'Mark the project as delivered' }).click())
  await page.locator('#delivered').waitFor()
})

// Every page of these journeys at 320px: nothing scrolls sideways, wide tables and the chart
// scroll inside their own region, and chart text stays at least 12px.
journey('every budgeting page fits a 320px screen', { browser, stack, viewport: { width: 320, height: 640 } }, async (page) => {
  await signInAs(page, 'officer@aberhaven.example')
  const seen = new Set()
  const check = async (path) => {
    if (seen.has(path)) return
    seen.add(path)
    await visit(page, path)
    await assertNoHorizontalScroll(page)
  }
  await check('/budgets')
  const processes = await page.locator('main h2 a').evaluateAll((as) => as.map((a) => new URL(a.href).pathname))
  for (const p of processes) {
    await check(p)
    const links = await page.locator('main a').evaluateAll((as) => as.map((a) => new URL(a.href).pathname)
      .filter((h) => h.startsWith('/budgets/') && !/\.(pb|csv|json|geojson)$/.test(h)))
    for (const l of links.slice(0, 12)) await check(l)
  }
  for (const l of ['/budgets/new', '/budgets/mine']) await check(l)
  for (const p of processes) {
    await visit(page, p)
    const results = page.getByRole('link', { name: 'See the results' })
    if (await results.count()) {
      await act(page, () => results.first().click())
      await assertNoHorizontalScroll(page)
      const size = await page.locator('.commons-chart svg text').first().evaluate((t) => t.getBoundingClientRect().height)
      assert.ok(size >= 12, `chart text is ${size}px high`)
    }
  }
  assert.ok(seen.size >= 15, `only ${seen.size} pages checked`)
})
