// Community ownership: with the demo borough loaded, a community group nominates a pub, the
// officer tells the owner and lists it with its notices, and the owner asks for a review; the
// officer records an owner's notice of sale (by email, on their behalf), the interim moratorium
// starts, a group asks to bid and the full moratorium and protected period show their dates, in
// English and Welsh, without JavaScript; a Scottish community body's request is validated,
// decided within its clock and its offer recorded, on a 320px screen. Every page is scanned by
// axe.

import assert from 'node:assert/strict'
import { act, assertNoHorizontalScroll, checkA11y, heading, journey, linkFrom, signInAs, signOut as signOutWide, startSuite, visit } from './harness.mjs'

const { stack, browser } = await startSuite({ demo: true })
const base = stack.baseURL
const password = 'a long enough password'
const stamp = Date.now().toString(36)

// Dates as the pages write them, counted as the clock package counts them, in London.
function londonToday () {
  const s = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date())
  const [y, m, d] = s.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d))
}
function addDays (d, n) { return new Date(d.getTime() + n * 86400000) }
function addMonths (d, n) {
  const y = d.getUTCFullYear(); const m = d.getUTCMonth() + n; const day = d.getUTCDate()
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate()
  return new Date(Date.UTC(y, m, Math.min(day, last)))
}
// A period of months "beginning with" d ends the day before the corresponding date, or at the
// end of the month when there is none (internal/ownership/clock).
function monthsBeginningWith (d, n) {
  const end = addMonths(d, n)
  return end.getUTCDate() === d.getUTCDate() ? addDays(end, -1) : end
}
function dayText (d, lang = 'en') {
  const months = {
    en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    cy: ['Ionawr', 'Chwefror', 'Mawrth', 'Ebrill', 'Mai', 'Mehefin', 'Gorffennaf', 'Awst', 'Medi', 'Hydref', 'Tachwedd', 'Rhagfyr']
  }[lang]
  return `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}`
}
function iso (d) { return d.toISOString().slice(0, 10) }

// mailTo waits for a message to someone whose subject contains the words (subjects start with
// the case's reference).
function mailTo (to, words) {
  return stack.mail.waitFor((m) => String(m.to).toLowerCase().includes(to.toLowerCase()) && m.subject.includes(words))
}

async function registerAndSignIn (page, name, email) {
  await visit(page, '/register')
  await page.getByLabel('Full name', { exact: true }).fill(name)
  await page.getByLabel('Email address', { exact: true }).fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await act(page, () => page.getByRole('button', { name: 'Create account' }).click())
  const mail = await stack.mail.waitFor({ to: email, subject: 'Confirm your email address' })
  await visit(page, linkFrom(mail.text, `${base}/confirm/`))
  await act(page, () => page.getByRole('button', { name: 'Confirm email address' }).click())
  await signInAs(page, email, password)
}

// signOut opens the menu first on a narrow screen, where the navigation is folded away.
async function signOut (page) {
  const menu = page.getByRole('button', { name: 'Menu' })
  if (await menu.isVisible()) await menu.click()
  await signOutWide(page)
}

async function step (page, title, fill, button) {
  const form = page.locator('form', { has: page.getByRole('heading', { name: title, exact: true }) })
  await fill(form)
  await act(page, () => form.getByRole('button', { name: button, exact: true }).click())
  await page.getByText('Done. The people involved have been told.').waitFor()
}

journey('a community group nominates a pub; the officer lists it with its notices; the owner asks for a review', { browser, stack }, async (page) => {
  const group = `group.${stamp}@example.org`
  const owner = `owner.${stamp}@example.org`
  await registerAndSignIn(page, 'Siân Jones', group)
  await visit(page, '/ownership')
  await act(page, () => page.getByRole('button', { name: 'Nominate an asset of community value' }).click())
  assert.equal(await heading(page), 'Nominate an asset of community value')
  await page.getByLabel('Find it on the asset map').fill('Waunfawr Arms')
  await act(page, () => page.getByRole('button', { name: 'Search the map' }).click())
  await act(page, () => page.getByRole('link', { name: 'Choose The Waunfawr Arms' }).click())
  await page.getByLabel('Description').fill('Pub with a function room and garden.')
  await page.getByLabel('Why is it of community value?').fill('The only pub in Waunfawr: the quiz, the darts league and the choir meet here.')
  await page.getByLabel('Name of the group').fill('Friends of the Waunfawr Arms')
  await page.getByLabel('A group without a constitution as a company or charity (unincorporated)').check()
  await page.getByLabel(/How many of its members are on the electoral register/).fill('34')
  await page.getByLabel('Your local connection').fill('All our members live in Waunfawr ward.')
  await page.getByLabel('The group does not distribute any surplus it makes to its members').check()
  await page.getByLabel("Your name, or the contact's").fill('Siân Jones')
  await page.getByLabel('Email address', { exact: true }).fill(group)
  await page.getByLabel("Owner's name").fill('Valley Taverns Ltd')
  await page.getByLabel("Owner's email address").fill(owner)
  // A mistake is shown in the error summary first, with nothing typed lost.
  await act(page, () => page.getByRole('button', { name: 'Send the nomination' }).click())
  assert.match(await page.getByRole('alert').first().textContent(), /Confirm that what you have written is true/)
  assert.equal(await page.getByLabel('Name of the group').inputValue(), 'Friends of the Waunfawr Arms')
  await page.getByLabel('I confirm the group is eligible to nominate and what I have written is true').check()
  await act(page, () => page.getByRole('button', { name: 'Send the nomination' }).click())
  await page.getByText('Your nomination was sent').waitFor()
  const caseURL = new URL(page.url()).pathname
  const receipt = await mailTo(group, 'Nomination received')
  assert.match(receipt.text, new RegExp(`decide whether to list it by ${dayText(addDays(londonToday(), 56))}`))
  await signOut(page)

  await signInAs(page, 'officer@aberhaven.example')
  await visit(page, caseURL)
  await page.getByText('At least 21 members on the local electoral register').waitFor()
  await step(page, 'Tell the owner and occupier', async () => {}, 'Record that they were told')
  await mailTo(owner, 'The owner and occupier were told of the nomination')
  await step(page, 'Decide the nomination', async (form) => {
    await form.getByLabel('Listed as an asset of community value').check()
    await form.getByLabel('Reasons for the decision').fill('Its main use furthers the social wellbeing of the community, and that can go on.')
  }, 'Record the decision')
  const until = dayText(monthsBeginningWith(londonToday(), 60))
  await page.getByText(`Listed until ${until}`).first().waitFor()
  await mailTo(group, 'Listed as an asset of community value')
  await mailTo(owner, 'Listed as an asset of community value')
  await act(page, () => page.getByRole('link', { name: 'Notice of the decision on a nomination' }).click())
  assert.equal(await heading(page), 'Notice of the decision on a nomination')
  await page.getByText(`stays on the list until ${until}`).waitFor()
  await page.getByText('Valley Taverns Ltd').first().waitFor() // the addressee, for the officer's letter
  await signOut(page)

  // The public notice never names the owner.
  await visit(page, `${caseURL}/notices/decision`)
  assert.equal(await page.getByText('Valley Taverns Ltd').count(), 0)

  await registerAndSignIn(page, 'Owain Owner', owner)
  await visit(page, '/ownership/mine')
  await act(page, () => page.getByRole('link', { name: 'The Waunfawr Arms' }).click())
  await step(page, 'Ask for a review of the listing', async (form) => {
    await form.getByLabel('Why should the listing be reviewed?').fill('The function room is let commercially; the social use is ancillary.')
  }, 'Ask for a review')
  await page.getByText('Listed: the owner asked for a review').first().waitFor()
  await mailTo(group, 'The owner asked for a review of the listing')
})

journey("the owner's notice starts the interim moratorium; a group asks to bid; the full moratorium and protected period show their dates", { browser, stack, javaScriptEnabled: false }, async (page) => {
  await signInAs(page, 'officer@aberhaven.example')
  await visit(page, '/ownership/acv')
  await act(page, () => page.getByRole('link', { name: 'Castle Library' }).click())
  const caseURL = new URL(page.url()).pathname
  // The owner's agent emailed the notice: the officer records it for them, saying how it came.
  await step(page, 'Give notice of an intended sale', async (form) => {
    await form.getByText('How it came, if not online').click()
    await form.getByLabel('By email').check()
    await form.getByLabel('Who helped, and how').fill("The owner's agent emailed the community rights mailbox")
  }, 'Give notice of the intended sale')
  const today = londonToday()
  const interim = dayText(addDays(today, 41))
  await page.getByText(`Interim moratorium until ${interim}`).first().waitFor()
  await page.getByText('Only if a group asks to bid').waitFor()
  await act(page, () => page.getByRole('link', { name: 'Notice of an intended sale of an asset of community value' }).click())
  await page.getByText(`may ask in writing to be treated as a potential bidder until`).waitFor()
  await signOut(page)

  await signInAs(page, 'resident@aberhaven.example')
  await visit(page, caseURL)
  await step(page, 'Ask to be treated as a potential bidder', async (form) => {
    await form.getByLabel('Name of the community interest group').fill('Castle Community Benefit Society')
    await form.getByLabel('Co-operative or community benefit society that does not distribute its surplus').check()
  }, 'Ask to be treated as a bidder')
  const full = dayText(monthsBeginningWith(today, 6))
  const protectedEnd = dayText(monthsBeginningWith(today, 18))
  await page.getByText(`Full moratorium until ${full}`).first().waitFor()
  const dates = await page.locator('#dates ~ .govuk-summary-card').allTextContents()
  const card = (name) => dates.find((t) => t.includes(name)) || ''
  assert.match(card('Full moratorium'), new RegExp(`In force[\\s\\S]*${full}`))
  assert.match(card('Protected period'), new RegExp(protectedEnd))
  assert.match(card('Interim moratorium'), new RegExp(interim))

  // In Welsh, with Welsh dates.
  await act(page, () => page.getByRole('link', { name: 'Cymraeg' }).click())
  await page.getByText(`Moratoriwm llawn tan ${dayText(monthsBeginningWith(today, 6), 'cy')}`).first().waitFor()
  await page.getByText(dayText(monthsBeginningWith(today, 18), 'cy')).first().waitFor()
  await act(page, () => page.getByRole('link', { name: 'English' }).click())
})

journey("a Scottish community body's request is validated, decided within the clock, and its offer recorded", { browser, stack, viewport: { width: 320, height: 640 } }, async (page) => {
  const body = `trust.${stamp}@example.org`
  await registerAndSignIn(page, 'Morag Reid', body)
  await visit(page, '/ownership/new/atr')
  await assertNoHorizontalScroll(page)
  await page.getByLabel('Find it on the asset map').fill('Waunfawr Community Centre')
  await act(page, () => page.getByRole('button', { name: 'Search the map' }).click())
  await act(page, () => page.getByRole('link', { name: 'Choose Waunfawr Community Centre' }).click())
  await page.getByLabel('A lease').check()
  await page.getByLabel('The price, rent or other terms you propose').fill('£1 a year on a 25-year lease')
  await page.getByLabel('What will you do with it, and what are the benefits?').fill('A community hub with a café and a food pantry; it reduces inequalities.')
  await page.getByLabel('Name of the group').fill('Waunfawr Development Trust')
  await page.getByLabel('Scottish charitable incorporated organisation (SCIO)').check()
  await page.getByLabel('The community your body serves').fill('The people of Waunfawr ward, as our constitution defines them.')
  await page.getByLabel('The group does not distribute any surplus it makes to its members').check()
  await page.getByLabel("Your name, or the contact's").fill('Morag Reid')
  await page.getByLabel('Email address', { exact: true }).fill(body)
  await page.getByLabel('I confirm the body is a community transfer body and what I have written is true').check()
  await act(page, () => page.getByRole('button', { name: 'Send the request' }).click())
  await page.getByText('Your request was sent').waitFor()
  await assertNoHorizontalScroll(page)
  const caseURL = new URL(page.url()).pathname
  await signOut(page)

  await signInAs(page, 'officer@aberhaven.example')
  await visit(page, caseURL)
  await step(page, 'Validate the request', async (form) => {
    await form.getByLabel(/^Validated: no other request/).check()
  }, 'Validate the request')
  const today = londonToday()
  const decideBy = dayText(addMonths(today, 6))
  await page.getByText(`decision due by ${decideBy}`).first().waitFor()
  await assertNoHorizontalScroll(page)
  const validation = await mailTo(body, 'Validated')
  assert.match(validation.text, new RegExp(`decision notice by ${decideBy}`))
  const offerBy = addMonths(today, 7)
  await step(page, 'Decide the request', async (form) => {
    await form.getByLabel('Request agreed').check()
    await form.getByLabel('Reasons for the decision').fill('The benefits to social wellbeing outweigh selling the building.')
    await form.getByLabel('Terms and conditions').fill('A 25-year lease at £1 a year; the trust repairs and insures.')
    await form.getByLabel('Date by which the body must make its offer').fill(iso(offerBy))
  }, 'Record the decision')
  await page.getByText(`Agreed: the offer is due by ${dayText(offerBy)}`).first().waitFor()
  const dates = await page.locator('#dates ~ .govuk-summary-card').allTextContents()
  assert.match(dates.find((t) => t.includes('Decision notice')), /Done in time/)
  await assertNoHorizontalScroll(page)
  await act(page, () => page.getByRole('link', { name: 'Decision notice on an asset transfer request' }).click())
  await page.getByText(`must make its offer by ${dayText(offerBy)}`).waitFor()
  await assertNoHorizontalScroll(page)
  await signOut(page)

  await signInAs(page, body, password)
  await visit(page, caseURL)
  await step(page, "Record the body's offer", async (form) => {
    await form.getByLabel('Price or rent offered').fill('£1 a year')
  }, 'Record the offer')
  await page.getByText('Offer made: contract being agreed').first().waitFor()
  await assertNoHorizontalScroll(page)
  await checkA11y(page)
})
