// Films, recordings, toolkits and documents in the knowledge hub, with the demo borough loaded
// (the co-production toolkit, an uploaded recording, a film with a player). An officer adds a
// film with a transcript; a visitor opens it and no request leaves for the film's host until
// they choose to play it here. An officer without JavaScript uploads a document into the
// co-production toolkit (a mistake first, then right) and a new version of it, and downloads
// it. A stranger on a 320px phone reads the toolkit in English and Welsh, downloads a
// document and listens to the recording. axe scans every page.

import assert from 'node:assert/strict'
import { act, checkA11y, heading, journey, signInAs, signOut, startSuite, visit, assertNoHorizontalScroll } from './harness.mjs'

const { stack, browser } = await startSuite({ demo: true })
const phone = { width: 320, height: 640 }

// A tiny real PDF, as a browser would upload it.
function pdf (title) {
  const stream = `BT /F1 18 Tf 72 760 Td (${title}) Tj ET`
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'
  ]
  let out = '%PDF-1.4\n'
  const offsets = []
  objs.forEach((o, i) => { offsets.push(out.length); out += `${i + 1} 0 obj\n${o}\nendobj\n` })
  const xref = out.length
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n` + offsets.map((o) => String(o).padStart(10, '0') + ' 00000 n \n').join('')
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

// offSite records every request the page makes to anywhere but Commons.
function offSite (page) {
  const seen = []
  const own = new URL(stack.baseURL).host
  page.on('request', (req) => {
    const u = new URL(req.url())
    if (u.protocol.startsWith('http') && u.host !== own) seen.push(req.url())
  })
  return seen
}

journey('an officer adds a film with a transcript; nothing loads from its host until a visitor chooses to play it', { browser, stack }, async (page) => {
  // The player's host is answered here: the machine has no network, and the test only needs
  // to see the request made once, and only once, chosen.
  await page.route('https://www.youtube-nocookie.com/**', (route) => route.fulfill({
    contentType: 'text/html',
    body: '<!doctype html><html lang="en"><head><title>Player</title></head><body><main><p>Player</p></main></body></html>'
  }))
  await signInAs(page, 'officer@aberhaven.example')
  await visit(page, '/media/new')
  await page.getByLabel('Film', { exact: true }).check()
  await page.getByRole('group', { name: 'Title' }).getByLabel('In English').fill('The bus timetable fishbowl')
  await page.getByRole('group', { name: 'Description' }).getByLabel('In English').fill('Young people question the bus company.')
  await page.getByLabel('Where it is hosted', { exact: true }).fill('https://youtu.be/Fishb0wl_01')
  await page.getByLabel('Length in minutes', { exact: true }).fill('7')
  await page.getByRole('group', { name: 'Transcript' }).getByLabel('In English').fill('**Chair:** Why does the last bus leave at ten?')
  await act(page, () => page.getByRole('button', { name: 'Save' }).click())
  await act(page, () => page.getByRole('button', { name: 'Publish' }).click())
  await page.getByText('The film has been published.').waitFor()
  const filmURL = page.url()
  await signOut(page)

  const seen = offSite(page)
  await visit(page, filmURL)
  assert.equal(await heading(page), 'The bus timetable fishbowl')
  await page.getByText('Why does the last bus leave at ten?').waitFor()
  await page.getByText(/This is hosted on youtu\.be\. Playing it here loads it from www\.youtube-nocookie\.com/).waitFor()
  assert.equal(await page.locator('iframe').count(), 0)
  assert.deepEqual(seen, [], 'requests left for other sites before the visitor chose')

  // The transcript finds it in the list.
  await visit(page, '/media')
  await page.getByLabel('Words').fill('last bus leave')
  await act(page, () => page.getByRole('button', { name: 'Apply filters' }).click())
  await act(page, () => page.getByRole('link', { name: 'The bus timetable fishbowl' }).click())
  assert.deepEqual(seen, [], 'requests left for other sites before the visitor chose')

  // Chosen: the player loads, from the privacy-enhanced host only.
  await page.getByRole('link', { name: 'Play the film from youtu.be here' }).click()
  await page.waitForLoadState('load')
  await page.locator('.k-embed iframe').waitFor()
  await checkA11y(page, { exclude: ['.k-embed iframe'] })
  assert.ok(seen.length > 0 && seen.every((u) => u.startsWith('https://www.youtube-nocookie.com/embed/Fishb0wl_01')), `requests: ${seen}`)
})

journey('an officer without JavaScript uploads a document into the co-production toolkit, then a new version, and downloads it', { browser, stack, javaScriptEnabled: false }, async (page) => {
  await signInAs(page, 'officer@aberhaven.example')
  await visit(page, '/toolkits')
  await act(page, () => page.getByRole('link', { name: 'The co-production toolkit' }).click())
  await act(page, () => page.getByRole('link', { name: 'Add a document' }).click())
  assert.equal(await heading(page), 'Add a document')
  await page.getByRole('group', { name: 'Title' }).getByLabel('In English').fill('Evaluation form')
  await page.getByRole('group', { name: 'Description' }).getByLabel('In English').fill('What to ask people at the end of a project.')
  await page.getByLabel('The file', { exact: true }).setInputFiles({ name: 'Evaluation form.pdf', mimeType: 'application/pdf', buffer: pdf('Evaluation form') })
  await act(page, () => page.getByRole('button', { name: 'Save the document' }).click())
  // A PDF with no accessible version is refused; what was typed stays.
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' })
  assert.match(await summary.textContent(), /Give an accessible version/)
  assert.equal(await page.getByRole('group', { name: 'Description' }).getByLabel('In English').inputValue(), 'What to ask people at the end of a project.')

  await page.getByLabel('The file', { exact: true }).setInputFiles({ name: 'Evaluation form.pdf', mimeType: 'application/pdf', buffer: pdf('Evaluation form') })
  await page.getByRole('group', { name: 'Accessible version as text' }).getByLabel('In English').fill('## Questions\n\n1. What changed for you?\n2. Would you take part again?')
  await act(page, () => page.getByRole('button', { name: 'Save the document' }).click())
  assert.equal(await heading(page), 'Evaluation form')
  await page.getByText('What changed for you?').waitFor()

  await act(page, () => page.getByRole('link', { name: 'Edit or upload a new version' }).click())
  await page.getByLabel('A new version of the file (optional)').setInputFiles({ name: 'evaluation-v2.pdf', mimeType: 'application/pdf', buffer: pdf('Evaluation form v2') })
  await page.getByLabel('What is new in this file (optional)').fill('Adds a question on payment')
  await act(page, () => page.getByRole('button', { name: 'Save the document' }).click())
  await page.getByRole('heading', { name: 'Earlier versions' }).waitFor()
  await page.getByText('Version 2,', { exact: false }).first().waitFor()

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Download \(PDF, / }).click()])
  assert.equal(download.suggestedFilename(), 'evaluation-v2.pdf')
  const body = await (await download.createReadStream()).toArray()
  assert.match(Buffer.concat(body).toString('latin1'), /Evaluation form v2/)

  await visit(page, '/toolkits')
  await act(page, () => page.getByRole('link', { name: 'The co-production toolkit' }).click())
  await page.getByRole('link', { name: 'Evaluation form', exact: true }).waitFor()
})

journey('a stranger on a phone reads the co-production toolkit in English and Welsh, downloads a document and listens to a recording', { browser, stack, viewport: phone }, async (page) => {
  const seen = offSite(page)
  await visit(page, '/methods')
  await act(page, () => page.getByRole('link', { name: 'Toolkits and documents' }).click())
  assert.equal(await heading(page), 'Toolkits and documents')
  await assertNoHorizontalScroll(page)
  await act(page, () => page.getByRole('link', { name: 'The co-production toolkit' }).click())
  assert.equal(await heading(page), 'The co-production toolkit')
  await assertNoHorizontalScroll(page)
  await act(page, () => page.getByRole('link', { name: 'Co-production charter', exact: true }).click())
  await page.getByText('Everyone at the table has an equal say in decisions.').waitFor()
  await page.getByRole('heading', { name: 'Earlier versions' }).waitFor()
  await assertNoHorizontalScroll(page)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Download \(PDF, / }).click()])
  assert.equal(download.suggestedFilename(), 'charter.pdf')

  await visit(page, '/toolkits?lang=cy')
  assert.equal(await heading(page), 'Pecynnau cymorth a dogfennau')
  await act(page, () => page.getByRole('link', { name: 'Y pecyn cymorth cyd-gynhyrchu' }).click())
  await page.getByRole('link', { name: 'Talu am amser: cyfraddau', exact: true }).waitFor()
  await assertNoHorizontalScroll(page)
  await visit(page, '/media?lang=en')

  await page.getByLabel('Words').fill('asked before the plan')
  await act(page, () => page.getByRole('button', { name: 'Apply filters' }).click())
  await act(page, () => page.getByRole('link', { name: 'Voices from the pop-up day' }).click())
  await page.getByText('I want to be asked before the plan is written, not after.').waitFor()
  const src = await page.locator('audio').getAttribute('src')
  const res = await page.request.get(src)
  assert.equal(res.headers()['content-type'], 'audio/wav')
  await assertNoHorizontalScroll(page)
  assert.deepEqual(seen, [], 'requests left for other sites')
})
