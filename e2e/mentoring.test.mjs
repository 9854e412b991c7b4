// Peer support: with the demo borough's village halls loaded, the coordinator opens a need from
// the programme-wide proposal, sees the suggested pairings with their reasons, proposes the best,
// says yes for both halls on their behalf, records the first meeting and closes the pairing with
// its outcome; the coordinators are told by mail. Then the map of who helps whom and its table.
// JavaScript on and off; every page visited is scanned by axe.

import assert from 'node:assert/strict'
import {
  act, assertNoHorizontalScroll, journey, signInAs, startSuite, visit
} from './harness.mjs'

const { stack, browser } = await startSuite({ demo: true })

for (const javaScriptEnabled of [true, false]) {
  journey(`a coordinator pairs two village halls and closes the pairing with its outcome (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`,
    { browser, stack, javaScriptEnabled, viewport: { width: 320, height: 800 } }, async (page) => {
      await signInAs(page, 'officer@aberhaven.example')
      await visit(page, '/mentoring/coordinate/proposals')
      await assertNoHorizontalScroll(page)
      const hrefs = await page.locator('main a[href^="/mentoring/needs/"]').evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href')))])
      assert.ok(hrefs.length > 0, 'the programme-wide proposal links to open needs')
      const main = page.locator('main')
      let proposed = false
      for (const href of hrefs) { // the first need someone can still be asked for
        await visit(page, href)
        const ask = page.getByRole('button', { name: /^Ask .* to help$/ })
        if (await ask.count() === 0) continue
        await assertNoHorizontalScroll(page)
        assert.match(await main.textContent(), /Why/)
        await act(page, () => ask.first().click())
        assert.match(await main.textContent(), /The pairing has been proposed/)
        proposed = true
        break
      }
      if (!proposed) { // every need has been asked for: answer a pairing already proposed
        await visit(page, '/mentoring/coordinate')
        await act(page, () => page.locator('main a[href^="/mentoring/relationships/"]', { hasText: /./ }).filter({ has: page.locator('xpath=ancestor::tr[.//*[contains(., "Proposed")]]') }).first().click())
      }
      assert.match(await main.textContent(), /Why this pairing/)

      for (let i = 0; i < 2; i++) { // the coordinator answers for each hall
        const yes = page.getByRole('button', { name: "Yes, let's do it" })
        if (await yes.count() === 0) break
        await act(page, () => yes.first().click())
      }
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date())
      await page.locator('#met_on').fill(day)
      await act(page, () => page.getByRole('button', { name: 'Record the first meeting' }).click())
      assert.match(await main.textContent(), /The first meeting has been recorded/)

      await page.getByLabel('Yes, it did').check()
      await page.getByLabel('What helped most? (optional)').fill('Seeing how another hall runs its bookings.')
      await act(page, () => page.getByRole('button', { name: 'Close the pairing' }).click())
      assert.match(await main.textContent(), /The pairing has been closed/)
      await assertNoHorizontalScroll(page)
      await stack.mail.waitFor((m) => /^The pairing on .* has closed$/.test(m.subject) &&
        [].concat(m.to).some((r) => String(r).includes('officer@aberhaven.example')), 20_000)

      await visit(page, '/mentoring/coordinate')
      assert.match(await main.textContent(), /Seeing how another hall runs its bookings|Closed|closed/)
    })
}

journey('an overdue check-in reaches the coordinator by mail, who follows its link and checks in for the hall that had not',
  { browser, stack }, async (page) => {
    // The demo's pairing of Nant and Pen-y-bryn met four months ago; only Nant made its
    // three-month check-in, so the worker mails the coordinators (and Pen-y-bryn's members) once.
    const mail = await stack.mail.waitFor((m) => /^Overdue check-in: Nant Village Hall Committee and Pen-y-bryn Village Hall$/.test(m.subject) &&
      [].concat(m.to).some((r) => String(r).includes('officer@aberhaven.example')), 90_000)
    assert.match(mail.text, /3-month check-in/)
    const link = mail.text.match(/https?:\/\/\S+\/mentoring\/relationships\/\S+/)
    assert.ok(link, `the mail links to the pairing: ${mail.text}`)
    await signInAs(page, 'officer@aberhaven.example')
    await visit(page, new URL(link[0]).pathname)
    await page.getByText('Overdue').first().waitFor()
    const form = page.locator('form[action$="/checkins"]')
    const side = form.getByLabel('On behalf of')
    if (await side.count() > 0) await side.selectOption({ label: 'Pen-y-bryn Village Hall' })
    await form.getByLabel('3-month check-in').check()
    await form.getByLabel('Some good, some not').check()
    await form.getByLabel('Anything to add? (optional)').fill('Told by phone: the bookings calendar is live, deposits still a muddle.')
    await act(page, () => form.getByRole('button', { name: 'Send the check-in' }).click())
    await page.getByText('Thank you: your check-in has been saved.').waitFor()
  })
