// The network: join a group, ask to join a closed one and be approved, start a thread, reply
// and mention, draft a guide chapter and see a paragraph comment kept across versions, report
// and moderate a post, get a digest by mail and unsubscribe from it. Runs on the demo borough;
// each journey signs in as different demo people. axe scans every page on the way.

import assert from 'node:assert/strict'
import { act, assertNoHorizontalScroll, heading, journey, linkFrom, newPage, signInAs, startSuite, visit } from './harness.mjs'

const { stack, browser } = await startSuite({ demo: true })
const base = stack.baseURL

async function openGroup (page, name) {
  await visit(page, '/groups')
  await act(page, () => page.getByRole('link', { name, exact: true }).click())
  assert.equal(await heading(page), name)
}

async function shows (page, text) {
  await page.getByText(text).first().waitFor({ timeout: 5000 })
}

journey('join a group, start a thread, reply and mention', { browser, stack }, async (page) => {
  await signInAs(page, 'admin@aberhaven.example')
  await openGroup(page, 'Community Food Network')
  await act(page, () => page.getByRole('button', { name: 'Join this group' }).click())
  await shows(page, 'You are a member of the group')

  await act(page, () => page.getByRole('link', { name: 'Start a discussion' }).click())
  // A failed submit keeps what was typed.
  await page.getByLabel('Your message', { exact: true }).fill('Typed before the title')
  await act(page, () => page.getByRole('button', { name: 'Start the discussion' }).click())
  await shows(page, 'Enter a title')
  assert.equal(await page.getByLabel('Your message', { exact: true }).inputValue(), 'Typed before the title')
  await page.getByLabel('Title', { exact: true }).fill('Christmas hampers')
  await page.getByLabel('Your message', { exact: true }).fill('Can the hall store hampers, @gwen-member?')
  await act(page, () => page.getByRole('button', { name: 'Start the discussion' }).click())
  assert.equal(await heading(page), 'Christmas hampers')

  await page.getByLabel('Your message', { exact: true }).fill('We need about forty boxes.')
  await act(page, () => page.getByRole('button', { name: 'Send' }).click())
  await shows(page, 'We need about forty boxes.')

  // Gwen was mentioned: it is in her notifications.
  const gwen = await newPage(browser, { baseURL: base })
  await signInAs(gwen, 'member@aberhaven.example')
  await visit(gwen, '/notifications')
  await shows(gwen, 'Ada Admin mentioned you in')
  await act(gwen, () => gwen.getByRole('link', { name: 'Christmas hampers' }).first().click())
  assert.equal(await heading(gwen), 'Christmas hampers')
  await gwen.context().close()
})

journey('ask to join a closed group and be approved (no JavaScript)', { browser, stack, javaScriptEnabled: false }, async (page) => {
  await signInAs(page, 'moderator@aberhaven.example')
  await openGroup(page, 'Youth Work Practitioners')
  const groupURL = page.url()
  await shows(page, 'Only members can read')
  await act(page, () => page.getByRole('button', { name: 'Ask to join' }).click())
  await shows(page, 'You have asked to join')

  // The host is told: by mail, in the notifications, and by a count in the menu.
  await stack.mail.waitFor({ to: 'officer@aberhaven.example', subject: 'Mair Moderator asked to join Youth Work Practitioners' })
  const host = await newPage(browser, { baseURL: base, javaScriptEnabled: false })
  await signInAs(host, 'officer@aberhaven.example')
  await host.locator('.commons-nav-count').first().waitFor({ timeout: 5000 })
  await visit(host, '/notifications')
  await act(host, () => host.getByRole('link', { name: 'Mair Moderator asked to join Youth Work Practitioners' }).click())
  assert.equal(new URL(host.url()).pathname, new URL(groupURL).pathname + '/members')
  await host.getByLabel('What to do about Mair Moderator').selectOption('approve')
  await act(host, () => host.getByRole('button', { name: 'Apply Mair Moderator' }).click())
  await shows(host, 'The membership has been changed')
  await host.context().close()

  await visit(page, groupURL)
  await page.getByRole('button', { name: 'Leave this group' }).waitFor()
  await shows(page, 'Funding for summer activities')
})

journey('draft a chapter, comment on a paragraph, publish a new version and keep the comment', { browser, stack, viewport: { width: 320, height: 640 } }, async (page) => {
  await signInAs(page, 'member@aberhaven.example')
  await openGroup(page, 'Our Society: A Guide')
  await act(page, () => page.getByRole('link', { name: 'Our Society: A Guide', exact: true }).click())
  await page.getByLabel('Chapter title', { exact: true }).fill('A chapter drafted in a browser')
  await page.getByLabel('First draft', { exact: true }).fill('Neighbours share tools.\n\nThe library lends seeds in spring.')
  await act(page, () => page.getByRole('button', { name: 'Add a chapter' }).click())
  assert.equal(await heading(page), 'A chapter drafted in a browser')
  await assertNoHorizontalScroll(page)

  const second = page.locator('#paragraph-1')
  await second.getByText('Comment on this paragraph').click()
  await second.getByLabel('Your comment').fill('Which library? Say the branch.')
  await act(page, () => second.getByRole('button', { name: 'Add comment' }).click())
  await shows(page, 'Your comment has been added')

  await page.getByLabel('Chapter text', { exact: true }).fill('A new first paragraph about the borough.\n\nNeighbours share tools.\n\nThe library lends seeds in spring.')
  await act(page, () => page.getByRole('button', { name: 'Save new version' }).click())
  await shows(page, 'Version 2 by Gwen Member')
  // The comment followed its paragraph, now the third.
  await page.locator('#paragraph-2').getByText('Which library? Say the branch.').waitFor()
  await assertNoHorizontalScroll(page)
})

journey('report a post and moderate it', { browser, stack }, async (page) => {
  await signInAs(page, 'resident@aberhaven.example')
  await openGroup(page, 'Community Food Network')
  await act(page, () => page.getByRole('link', { name: 'Winter rota for the community fridge' }).click())
  await act(page, () => page.getByRole('link', { name: 'Report Gwen Member' }).first().click())
  await page.getByLabel('Why are you reporting this post?').fill('It shares a phone number publicly.')
  await act(page, () => page.getByRole('button', { name: 'Send the report' }).click())
  await shows(page, 'the moderators will look at the post')

  const mod = await newPage(browser, { baseURL: base })
  await signInAs(mod, 'moderator@aberhaven.example')
  await visit(mod, '/moderation')
  const card = mod.locator('.govuk-summary-card').filter({ hasText: 'It shares a phone number publicly.' })
  await card.getByLabel(/^Reason \(the author sees it/).fill('Personal details removed')
  await act(mod, () => card.getByRole('button', { name: 'Hide' }).click())
  await shows(mod, 'Done')
  await mod.context().close()

  await visit(page, page.url())
  await page.getByText('Who can cover Saturdays').waitFor({ state: 'detached' })
})

journey('receive a digest through the mail and unsubscribe from it', { browser, stack }, async (page) => {
  await signInAs(page, 'officer@aberhaven.example')
  await openGroup(page, 'Community Food Network')
  await act(page, () => page.getByRole('link', { name: 'Your settings' }).click())
  await page.getByLabel('A daily digest').check()
  await page.getByLabel('Send my digest now').check()
  await act(page, () => page.getByRole('button', { name: 'Save settings' }).click())
  await shows(page, 'Your settings have been saved')

  const mail = await stack.mail.waitFor({ to: 'officer@aberhaven.example', subject: 'Today in Community Food Network' }, 20_000)
  assert.match(mail.text, /Winter rota for the community fridge/)
  await visit(page, linkFrom(mail.text, `${base}/unsubscribe/`))
  assert.equal(await heading(page), 'Unsubscribe')
  await act(page, () => page.getByRole('button', { name: 'Unsubscribe' }).click())
  assert.equal(await heading(page), 'You have unsubscribed')
  await visit(page, '/groups')
  await openGroup(page, 'Community Food Network')
  await act(page, () => page.getByRole('link', { name: 'Your settings' }).click())
  assert.equal(await page.getByLabel('No email').isChecked(), true)
})

journey('invite someone by email, who joins by registering, and show an image in a post', { browser, stack }, async (page) => {
  await signInAs(page, 'admin@aberhaven.example')
  await openGroup(page, 'Partnership Leads')
  const groupPath = new URL(page.url()).pathname
  await visit(page, groupPath + '/members')
  const email = `new-lead-${Date.now()}@example.org`
  await page.getByLabel('Their email address', { exact: true }).fill(email)
  await act(page, () => page.getByRole('button', { name: 'Invite', exact: true }).click())
  await shows(page, 'Invited by email, not joined yet')

  // An image with its description shows in the post.
  await visit(page, groupPath)
  await act(page, () => page.getByRole('link', { name: 'Start a discussion' }).click())
  await page.getByLabel('Title', { exact: true }).fill('The new ramp')
  await page.getByLabel('Your message', { exact: true }).fill('It is in, @owen-officer.')
  await page.getByLabel('Attachment 1', { exact: true }).setInputFiles({ name: 'ramp.png', mimeType: 'image/png', buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64') })
  await act(page, () => page.getByRole('button', { name: 'Start the discussion' }).click())
  await shows(page, 'Describe what the image shows')
  await page.getByLabel('Attachment 1', { exact: true }).setInputFiles({ name: 'ramp.png', mimeType: 'image/png', buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64') })
  await page.getByLabel('What attachment 1 shows, if it is an image', { exact: true }).fill('A ramp up to the side door')
  await act(page, () => page.getByRole('button', { name: 'Start the discussion' }).click())
  assert.equal(await heading(page), 'The new ramp')
  await page.getByRole('img', { name: 'A ramp up to the side door' }).waitFor({ timeout: 5000 })
  await act(page, () => page.getByRole('link', { name: '@owen-officer' }).click())
  assert.equal(await heading(page), 'Owen Officer')

  // The invited person registers with the address and is in the group.
  const mail = await stack.mail.waitFor({ to: email, subject: 'You are invited to join Partnership Leads on Commons' })
  const guest = await newPage(browser, { baseURL: base })
  await visit(guest, linkFrom(mail.text, `${base}/invitations/`))
  assert.equal(await heading(guest), 'Join Partnership Leads')
  await act(guest, () => guest.locator('main').getByRole('link', { name: 'Create an account' }).click())
  assert.equal(await guest.getByLabel('Email address', { exact: true }).inputValue(), email)
  await guest.getByLabel('Full name', { exact: true }).fill('Lowri Lead')
  await guest.getByLabel('Password', { exact: true }).fill('a long enough password')
  await act(guest, () => guest.getByRole('button', { name: 'Create account' }).click())
  const confirm = await stack.mail.waitFor({ to: email, subject: 'Confirm your email address' })
  await visit(guest, linkFrom(confirm.text, `${base}/confirm/`))
  await act(guest, () => guest.getByRole('button', { name: 'Confirm email address' }).click())
  await guest.getByLabel('Email address', { exact: true }).fill(email)
  await guest.getByLabel('Password', { exact: true }).fill('a long enough password')
  await act(guest, () => guest.getByRole('button', { name: 'Sign in', exact: true }).click())
  await visit(guest, groupPath)
  await guest.getByRole('button', { name: 'Leave this group' }).waitFor({ timeout: 5000 })
  await guest.context().close()
})
