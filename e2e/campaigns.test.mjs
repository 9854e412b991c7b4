// Community organising: with the demo borough loaded, a resident (JavaScript on and off) finds
// the Nant bus campaign, is refused a signature with a postcode outside the campaign's area,
// signs with one inside it, confirms by the link mailed to them and sees the count grow; a
// member of the campaign's team notes a one-to-one conversation and records the petition's
// delivery with its count. Every page visited is scanned by axe.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  act, assertNoHorizontalScroll, heading, journey, linkFrom, signInAs, startSuite, visit
} from './harness.mjs'

const { stack, browser } = await startSuite({ demo: true })
const base = stack.baseURL
const campaign = 'Keep the Nant evening bus'
const petition = 'Restore the 19:40 bus from Aberhaven to Nant'
let seq = 0

async function count (page) {
  return Number((await page.locator('#count').textContent()).replace(/[^0-9]/g, ''))
}

async function openPetition (page) {
  await visit(page, '/campaigns')
  await act(page, () => page.locator('main a[href^="/campaigns/"]:not([href$="/manage"])', { hasText: campaign }).first().click())
  assert.equal(await heading(page), campaign)
  await act(page, () => page.getByRole('link', { name: petition }).first().click())
  assert.equal(await heading(page), petition)
}

for (const javaScriptEnabled of [true, false]) {
  journey(`a resident signs the Nant bus petition and confirms by mail (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`,
    { browser, stack, javaScriptEnabled, viewport: { width: 320, height: 800 } }, async (page) => {
      const email = `signer${++seq}.${Date.now()}@example.org`
      await openPetition(page)
      await assertNoHorizontalScroll(page)
      const before = await count(page)

      await page.getByLabel('Name', { exact: true }).fill('Siân Signer')
      await page.getByLabel('Email address', { exact: true }).fill(email)
      await page.getByLabel('Postcode', { exact: true }).fill('AH1 4CL')
      await act(page, () => page.getByRole('button', { name: 'Sign the petition' }).click())
      assert.match(await page.locator('main').textContent(), /your postcode is outside it/)
      await assertNoHorizontalScroll(page)

      await page.getByLabel('Postcode', { exact: true }).fill('ah3 5nv')
      await act(page, () => page.getByRole('button', { name: 'Sign the petition' }).click())
      assert.match(await page.locator('main').textContent(), /We have sent you a link/)
      assert.equal(await count(page), before, 'an unconfirmed signature does not count')

      const mail = await stack.mail.waitFor({ to: email, subject: `Confirm your signature: ${petition}` })
      await visit(page, linkFrom(mail.text, `${base}/campaigns/`))
      await act(page, () => page.getByRole('button', { name: 'Confirm', exact: true }).click())
      await openPetition(page)
      assert.equal(await count(page), before + 1)
    })
}

journey('the campaign team notes a one-to-one and delivers the petition with its count', { browser, stack }, async (page) => {
  await signInAs(page, 'member@aberhaven.example')
  await openPetition(page)
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date())
  const petitionURL = page.url()
  await visit(page, petitionURL.replace(/\/petitions\/.*$/, '/conversations'))
  await page.getByLabel('Who did you speak to?').fill('Dai at the bus stop')
  await page.locator('#held_on').fill(day)
  await page.getByLabel('What do they care about?').fill('Getting home from evening shifts')
  await page.getByLabel('What will they do next? (optional)').fill('Will come to the deputation')
  await act(page, () => page.getByRole('button', { name: 'Save the note' }).click())
  assert.match(await page.locator('main').textContent(), /Getting home from evening shifts/)
  await visit(page, petitionURL)
  const n = await count(page)
  await act(page, () => page.getByRole('link', { name: 'Signatures, delivery and answer' }).click())
  await page.locator('#delivered_on').fill(day)
  await page.getByLabel('Delivered to', { exact: true }).fill('The transport committee')
  await act(page, () => page.getByRole('button', { name: 'Record the delivery' }).click())
  await openPetition(page)
  assert.match(await page.locator('main').textContent(), new RegExp(`to The transport committee, with ${n} signatures`))
})

test('the suite scanned its pages', () => { assert.ok(seq >= 2) })
