// Co-production: with the demo borough loaded, an officer proposes a project in English and
// Welsh, checks its suitability, decides, moves it through the stages, records resources (part
// hours) and measurements, sees the chart and the portfolio and writes a reflection; a board's
// chair runs a meeting with a time, place, papers, a notice to members, decisions, actions and
// draft minutes, and records an action done for a member; a member sees and closes their own
// actions on a phone without JavaScript; an engagement is assessed against the National
// Standards without JavaScript; the public sees only published projects and only the names of
// those who agreed; every page of these journeys is checked at 320px; and the Welsh reader sees
// the council's Welsh. Every page visited is scanned by axe.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { act, assertNoHorizontalScroll, heading, journey, signInAs, startSuite, visit } from './harness.mjs'

const { stack, browser } = await startSuite({ demo: true })

async function flash (page, text) {
  await page.getByText(text).waitFor()
}

journey('a project from proposal to portfolio', { browser, stack }, async (page) => {
  const title = 'Repair café'
  await signInAs(page, 'officer@aberhaven.example')
  await act(page, () => page.getByRole('link', { name: 'Co-production', exact: true }).first().click())
  assert.equal(await heading(page), 'Co-production projects')

  // Propose: a missing answer is refused with the error summary, then given.
  await act(page, () => page.getByRole('link', { name: 'Propose a co-production project' }).click())
  await page.getByLabel('Project name (English)').fill(title)
  await page.getByLabel('Project name (Welsh)').fill('Caffi trwsio')
  await page.getByLabel('The problem to solve (English)').fill('Broken things are thrown away.')
  await act(page, () => page.getByRole('button', { name: 'Propose the project' }).click())
  const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'There is a problem' }) })
  assert.match(await summary.textContent(), /Say who the problem affects/)
  await page.getByLabel('Who it affects (English)').fill('Households on low incomes')
  await page.getByLabel('Service area (English)').fill('Waste and recycling')
  await act(page, () => page.getByRole('button', { name: 'Propose the project' }).click())
  assert.equal(await heading(page), title)
  await flash(page, 'Your project has been proposed.')

  // Who takes part.
  const participants = page.locator('form[action$="/participants"]')
  await page.locator('summary', { hasText: 'Add someone who takes part' }).click()
  await participants.getByLabel('Resident with lived experience').check()
  await participants.getByLabel('Email address of their account (optional)').fill('resident@aberhaven.example')
  await act(page, () => participants.getByRole('button', { name: 'Add someone who takes part' }).click())
  await flash(page, 'They have been added to the project.')

  // Suitability check against the council's criteria, then the decision.
  const check = page.locator('form[action$="/assess"]')
  for (const group of await check.getByRole('group').all()) {
    await group.getByLabel('3 fully').check()
  }
  await act(page, () => page.getByRole('button', { name: 'Save the suitability check' }).click())
  await flash(page, 'The suitability check has been saved.')
  await page.getByText('100%').first().waitFor()
  const decision = page.locator('form[action$="/decision"]')
  await decision.getByLabel('Go', { exact: true }).check()
  await decision.getByLabel('Reasons').fill('Real room to change and residents ready.')
  await act(page, () => page.getByRole('button', { name: 'Record the decision' }).click())
  await flash(page, 'The decision has been recorded.')

  // Stages with their level on the IAP2 spectrum.
  const stage = page.locator('form[action$="/stage"]')
  await stage.getByLabel('Co-design').check()
  await stage.getByLabel(/^Collaborate:/).check()
  await stage.getByLabel('Note').fill('First workshop')
  await act(page, () => page.getByRole('button', { name: 'Move the project' }).click())
  await flash(page, "The project's stage has been recorded.")

  // Resources in one short form.
  const resources = page.locator('form[action$="/resources"]')
  await page.locator('summary', { hasText: 'Update resources' }).click()
  await resources.getByLabel('Budget planned (£)').fill('5,000')
  await resources.getByLabel('Budget spent (£)').fill('1250.50')
  await resources.getByLabel('Volunteer hours spent').fill('64.5')
  await resources.getByLabel('Time credits').check()
  await act(page, () => page.getByRole('button', { name: 'Save resources' }).click())
  await flash(page, 'The resources have been saved.')
  await page.getByRole('cell', { name: '£1,250.50' }).waitFor()

  // An outcome, and measurements drawn as a chart with a table.
  const outcome = page.locator('form[action$="/outcomes"]')
  await page.locator('summary', { hasText: 'Name an outcome' }).click()
  await outcome.getByLabel('Outcome', { exact: true }).fill('Fewer things thrown away')
  await outcome.getByLabel('Indicator').fill('Items repaired each month')
  await outcome.getByLabel('Unit').fill('items')
  await outcome.getByLabel('Baseline').fill('0')
  await outcome.getByLabel('Target').fill('80')
  await outcome.getByLabel('Higher is better.').check()
  await act(page, () => outcome.getByRole('button', { name: 'Name an outcome' }).click())
  await flash(page, 'The outcome has been added.')
  const m = page.locator('form[action$="/measurements"]')
  await m.getByLabel('Date').fill('2026-02-28')
  await m.getByLabel('Value').fill('40')
  await act(page, () => page.getByRole('button', { name: 'Record the measurement' }).click())
  await flash(page, 'The measurement has been recorded.')
  await page.getByRole('img', { name: /Fewer things thrown away/ }).waitFor()
  await page.getByRole('cell', { name: '40 items' }).waitFor()
  await page.getByText('50% of the way from baseline to target.').waitFor()

  // A reflection for the learning log, found by searching across projects.
  const reflection = page.locator('form[action$="/reflections"]')
  await reflection.getByLabel('Staff and residents together').check()
  await reflection.getByLabel('What worked').fill(`Saturday mornings at the hall ${title}`)
  await act(page, () => page.getByRole('button', { name: 'Add to the learning log' }).click())
  await flash(page, 'Your reflection has been added to the learning log.')
  const projectPath = new URL(page.url()).pathname
  const card = page.locator('.govuk-summary-card').filter({ hasText: `Saturday mornings at the hall ${title}` })
  await act(page, () => card.getByRole('link', { name: /^Change/ }).click())
  assert.equal(await heading(page), 'Change the reflection')
  await page.getByLabel('What worked').fill(`Saturday mornings at the hall ${title}, with tea`)
  await act(page, () => page.getByRole('button', { name: 'Save the reflection' }).click())
  await flash(page, 'The reflection has been changed.')
  await visit(page, `/projects/reflections?q=${encodeURIComponent('hall ' + title)}`)
  await page.getByText(`Saturday mornings at the hall ${title}, with tea`).waitFor()

  // The lead changes the proposal, then deletes the reflection after a confirmation page.
  await visit(page, projectPath)
  await act(page, () => page.getByRole('link', { name: 'Change the proposal' }).click())
  await page.getByLabel('Service area (English)').fill('Waste, recycling and reuse')
  await act(page, () => page.getByRole('button', { name: 'Save the proposal' }).click())
  await flash(page, 'The proposal has been changed.')
  await act(page, () => card.getByRole('link', { name: /^Delete/ }).click())
  assert.equal(await heading(page), 'Delete this reflection?')
  await act(page, () => page.getByRole('button', { name: 'Delete the reflection' }).click())
  await flash(page, 'The reflection has been deleted.')

  // The portfolio shows it at a glance.
  await visit(page, '/projects/portfolio')
  const row = page.getByRole('row').filter({ hasText: title })
  assert.match(await row.textContent(), /Co-design[\s\S]*Collaborate[\s\S]*£1,250.50 of £5,000[\s\S]*50%/)
})

journey('a chair runs a board between meetings: time, papers, notice, decisions, actions, minutes', { browser, stack }, async (page) => {
  await signInAs(page, 'officer@aberhaven.example')
  await visit(page, '/boards')
  await act(page, () => page.getByRole('link', { name: 'Aberhaven Health and Wellbeing Partnership' }).click())
  await page.locator('summary', { hasText: 'Record a meeting' }).click()
  const meeting = page.locator('form[action$="/meetings"]')
  await meeting.getByLabel('Date of the meeting').fill('2026-05-07')
  await meeting.getByLabel('Start time').fill('18:30')
  await meeting.getByLabel('Place', { exact: true }).fill('Nant Village Hall')
  await meeting.getByLabel('Online link').fill('https://meet.example.org/partnership')
  await meeting.getByLabel('Agenda').fill('Welcome\nRepair cafés\nAny other business')
  await act(page, () => meeting.getByRole('button', { name: 'Record a meeting' }).click())
  assert.equal(await heading(page), 'Meeting on 7 May 2026')
  await page.getByText('Thursday 7 May 2026 at 18:30').waitFor()
  await page.getByRole('listitem').filter({ hasText: 'Repair cafés' }).waitFor()

  // A paper for the meeting.
  const file = path.join(os.tmpdir(), `repair-cafes-${process.pid}.pdf`)
  fs.writeFileSync(file, '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')
  await page.locator('summary', { hasText: 'Add a paper' }).click()
  await page.getByLabel('Title of the paper').fill('Repair cafés: the plan')
  await page.getByLabel('File', { exact: true }).setInputFiles(file)
  await act(page, () => page.getByRole('button', { name: 'Add a paper' }).click())
  await flash(page, 'The paper has been added.')
  await page.getByRole('link', { name: 'Repair cafés: the plan', exact: true }).waitFor()

  // The notice to members, by mail, with who must be told another way.
  stack.mail.clear()
  await act(page, () => page.getByRole('link', { name: 'Send the notice to members' }).click())
  await page.getByText(/no email address here/).waitFor()
  await page.getByText('01632 960123', { exact: false }).waitFor()
  await act(page, () => page.getByRole('button', { name: 'Send the notice' }).click())
  await flash(page, 'The notice has been sent.')
  const notice = await stack.mail.waitFor((m) => [].concat(m.to).join(' ').includes('member@aberhaven.example') && /meeting on/.test(m.subject))
  assert.match(notice.subject, /Aberhaven Health and Wellbeing Partnership: meeting on Thursday 7 May 2026 at 18:30/)
  assert.match(notice.text, /Repair cafés: the plan/)

  await page.getByLabel('Decision', { exact: true }).fill('Back a repair café in every ward')
  await act(page, () => page.getByRole('button', { name: 'Record the decision' }).click())
  await flash(page, 'The decision has been recorded.')
  // Who came: the chair records attendance.
  await page.locator('summary', { hasText: 'Record attendance' }).click()
  await page.getByLabel('Gwen Member – Community representative').selectOption({ label: 'Present' })
  await act(page, () => page.getByRole('button', { name: 'Save attendance' }).click())
  await flash(page, 'The attendance has been saved.')
  await page.getByText('Present (1)').waitFor()

  const action = page.locator('form[action$="/actions"]')
  await action.getByLabel('Action', { exact: true }).fill('Find volunteers for Nant')
  await action.getByLabel('Whose action is it?').selectOption({ label: 'Gwen Member – Community representative' })
  await action.getByLabel('Due by').fill('2026-06-01')
  await act(page, () => action.getByRole('button', { name: 'Add an action' }).click())
  await flash(page, 'The action has been added.')
  await stack.mail.waitFor((m) => [].concat(m.to).join(' ').includes('member@aberhaven.example') && /an action for you/.test(m.subject))
  const row = page.getByRole('row').filter({ hasText: 'Find volunteers for Nant' })
  assert.match(await row.textContent(), /Gwen Member[\s\S]*1 June 2026[\s\S]*Overdue/)

  // Draft minutes, to be approved at a later meeting.
  await page.locator('summary', { hasText: 'Write the minutes' }).click()
  await page.getByLabel('Minutes', { exact: true }).fill('Nine members came.\n\nThe partnership backed repair cafés.')
  await act(page, () => page.getByRole('button', { name: 'Save the minutes' }).click())
  await flash(page, 'The minutes have been saved.')
  await page.getByText('Draft minutes').first().waitFor()

  // The officer records, for a member, that an action is done, saying how they were told.
  await visit(page, new URL(page.url()).pathname.replace(/\/meetings\/.*$/, ''))
  const open = page.getByRole('row').filter({ hasText: 'Ask carers what the budget should cover' })
  await open.getByLabel('How did the owner tell you it is done?').selectOption({ label: 'By phone' })
  await act(page, () => open.getByRole('button', { name: /Mark as done/ }).click())
  await flash(page, 'The action has been marked as done.')
  assert.match(await page.getByRole('row').filter({ hasText: 'Ask carers what the budget should cover' }).textContent(), /told by phone/)

  // Seats across boards.
  await act(page, () => page.getByRole('link', { name: 'Harbourside Food Bank' }).first().click())
  await page.getByText('Harbourside Food Bank sits on 2 boards.').waitFor()
})

journey('a member sees and closes their own board actions on a phone (JavaScript off)', { browser, stack, javaScriptEnabled: false, viewport: { width: 320, height: 640 } }, async (page) => {
  await signInAs(page, 'member@aberhaven.example')
  await visit(page, '/boards/my-actions')
  assert.equal(await heading(page), 'My board actions')
  await assertNoHorizontalScroll(page)
  const mine = page.getByRole('row').filter({ hasText: "Book Nant Village Hall for the carers' workshop" })
  assert.match(await mine.textContent(), /Overdue/)
  await act(page, () => mine.getByRole('button', { name: /Mark as done/ }).click())
  await page.getByText('The action has been marked as done.').waitFor()
  assert.match(await page.getByRole('row').filter({ hasText: "Book Nant Village Hall for the carers' workshop" }).textContent(), /Done/)
  await assertNoHorizontalScroll(page)
  await page.getByRole('heading', { name: 'Your seats' }).waitFor()
  await page.getByText('Named publicly').first().waitFor()

  // Apologies for the coming meeting, with a note for the chair, who hears by mail.
  await act(page, () => page.getByRole('listitem').filter({ hasText: 'Aberhaven Health and Wellbeing Partnership' }).getByRole('link', { name: /Send apologies/ }).first().click())
  await page.getByLabel('A note for the chair (optional)').fill('Away at my sister’s that week')
  await act(page, () => page.getByRole('button', { name: 'Send apologies' }).click())
  await page.getByText('Your apologies have been sent to the chair.').waitFor()
  await page.getByText('You have sent your apologies for this meeting.').waitFor()
  await assertNoHorizontalScroll(page)
  await stack.mail.waitFor((m) => /apologies from Gwen Member/.test(m.subject) && /Away at my sister/.test(m.text))
  await visit(page, '/boards/my-actions')
  await page.getByText('Apologies sent').first().waitFor()
})

journey('an engagement is assessed against the National Standards (JavaScript off)', { browser, stack, javaScriptEnabled: false }, async (page) => {
  await signInAs(page, 'officer@aberhaven.example')
  await visit(page, '/engagements')
  await page.getByLabel('Engagement activity').fill('Repair café drop-in')
  await page.getByLabel('Evaluation').check()
  await page.getByLabel('Date of the activity').fill('2026-04-18')
  await act(page, () => page.getByRole('button', { name: 'Add an engagement activity' }).click())
  assert.equal(await heading(page), 'Repair café drop-in')
  const scores = { Inclusion: '3', Support: '2', Planning: '4', 'Working together': '3', Methods: '2', Communication: '1', Impact: '2' }
  for (const [standard, score] of Object.entries(scores)) {
    await page.getByRole('group', { name: standard, exact: true }).getByLabel(score, { exact: true }).check()
  }
  await page.getByLabel('Evidence for inclusion').fill('Interpreters at every session')
  await act(page, () => page.getByRole('button', { name: 'Save the scores' }).click())
  await flash(page, 'The scores have been saved.')
  await page.getByRole('img', { name: /Scores against the National Standards/ }).waitFor()
  await page.getByRole('row').filter({ hasText: 'Planning' }).getByText('4').waitFor()
  await visit(page, '/engagements')
  const row = page.getByRole('row').filter({ hasText: 'Repair café drop-in' })
  assert.match(await row.textContent(), /2\.4/)
})

journey('the public sees only what projects publish, and only names that were agreed (320px wide)', { browser, stack, viewport: { width: 320, height: 640 } }, async (page) => {
  await visit(page, '/projects')
  await page.getByRole('link', { name: 'Warm welcome spaces' }).waitFor()
  assert.equal(await page.getByRole('link', { name: 'Home care visit scheduling' }).count(), 0)
  await assertNoHorizontalScroll(page)
  await act(page, () => page.getByRole('link', { name: 'Warm welcome spaces' }).click())
  await page.getByText('A resident with lived experience').first().waitFor()
  assert.equal(await page.getByText('Rhys Resident').count(), 0)
  await assertNoHorizontalScroll(page)
  await visit(page, '/projects/portfolio')
  await assertNoHorizontalScroll(page)
  await act(page, () => page.getByRole('link', { name: 'Food bank referral pathway' }).click())
  await act(page, () => page.getByRole('link', { name: 'Read the case study' }).click())
  await page.getByText('cut the route to one conversation', { exact: false }).waitFor()
  await assertNoHorizontalScroll(page)
  // Private projects are not in the public's data either (the Go tests check they are a 404).
  const res = await fetch(`${stack.baseURL}/api/v1/projects`)
  const titles = (await res.json()).items.map((p) => p.title)
  assert.ok(titles.includes('Warm welcome spaces') && !titles.includes('Home care visit scheduling'), titles.join(', '))
})

// Every page of the journeys above, at 320px: nothing scrolls sideways, and chart text is 12px
// or more (a chart scrolls inside its own box rather than shrinking its words).
journey('every co-production page fits a 320px screen', { browser, stack, viewport: { width: 320, height: 640 } }, async (page) => {
  await signInAs(page, 'officer@aberhaven.example')
  const pages = ['/projects', '/projects/new', '/projects/portfolio', '/projects/reflections', '/project-criteria', '/boards', '/boards/my-actions', '/engagements']
  const follow = async (name) => {
    const link = page.getByRole('link', { name, exact: true }).first()
    return new URL(await link.getAttribute('href'), stack.baseURL).pathname
  }
  await visit(page, '/projects')
  pages.push(await follow('Warm welcome spaces'))
  const food = await follow('Food bank referral pathway')
  pages.push(food, food + '/case-study', food + '/edit')
  await visit(page, '/project-criteria')
  pages.push(await follow('Real room to change the service'))
  await visit(page, '/boards')
  const board = await follow('Aberhaven Health and Wellbeing Partnership')
  pages.push(board, board + '/chair/change')
  await visit(page, board)
  const meetings = await page.locator(`a[href^="${board}/meetings/"]`).evaluateAll((as) => as.map((a) => a.getAttribute('href')))
  pages.push(...meetings, meetings[0] + '/notice')
  pages.push(await follow('Harbourside Food Bank'))
  await visit(page, '/engagements')
  pages.push(await follow('Warm spaces design workshops'))
  for (const p of pages) {
    await visit(page, p)
    await assertNoHorizontalScroll(page)
    const small = await page.evaluate(() => {
      const out = []
      for (const svg of document.querySelectorAll('svg.app-chart')) {
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width
        for (const t of svg.querySelectorAll('text')) {
          const size = parseFloat(getComputedStyle(t).fontSize) * scale
          if (size < 12) out.push(`${t.textContent} at ${size.toFixed(1)}px`)
        }
      }
      return out
    })
    assert.deepEqual(small, [], `${p}: chart text under 12px`)
  }
})

journey("a Welsh reader sees the council's Welsh", { browser, stack }, async (page) => {
  await visit(page, '/projects?lang=cy')
  await page.getByRole('link', { name: 'Mannau croeso cynnes' }).waitFor()
  await visit(page, '/boards')
  await act(page, () => page.getByRole('link', { name: 'Partneriaeth Iechyd a Lles Aberhaven' }).click())
  await page.getByText('Cynrychiolydd cymunedol').first().waitFor()
  await page.getByText('Cadeirydd').first().waitFor()
  await act(page, () => page.locator('a[href*="/meetings/"]').first().click())
  assert.match(await heading(page), /^Cyfarfod/)
  await visit(page, '/projects?lang=en')
})
