// Training: with the demo borough loaded (a five-module course on co-production that the demo
// resident completed), a new resident on a 320px phone enrols, reads, watches, gets the quiz
// wrong then right, writes a private reflection and completes the course: it shows on their
// training page and they are mailed, in English and Welsh. An officer without JavaScript writes
// and publishes a short course (a mistake first), sees who completed the demo course and records
// a completion on someone's behalf. axe scans every page.

import assert from 'node:assert/strict'
import { act, assertNoHorizontalScroll, heading, journey, linkFrom, signInAs, startSuite, visit } from './harness.mjs'

const { stack, browser } = await startSuite({ demo: true })
const base = stack.baseURL
const phone = { width: 320, height: 640 }
const course = 'Co-production: the basics'

async function registerPerson (page, name) {
  const person = { name, email: `learner.${Date.now()}@example.org`, password: 'training-e2e-pass' }
  await visit(page, '/register')
  await page.getByLabel('Full name', { exact: true }).fill(person.name)
  await page.getByLabel('Email address', { exact: true }).fill(person.email)
  await page.getByLabel('Password', { exact: true }).fill(person.password)
  await act(page, () => page.getByRole('button', { name: 'Create account' }).click())
  const mail = await stack.mail.waitFor({ to: person.email, subject: 'Confirm your email address' })
  await visit(page, linkFrom(mail.text, `${base}/confirm/`))
  await act(page, () => page.getByRole('button', { name: 'Confirm email address' }).click())
  return person
}

for (const javaScriptEnabled of [true, false]) {
  journey(`a resident completes the course on co-production on a phone (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, { browser, stack, viewport: phone, javaScriptEnabled }, async (page) => {
    const person = await registerPerson(page, javaScriptEnabled ? 'Lowri Learner' : 'Dafydd Learner')
    await signInAs(page, person.email, person.password)
    await visit(page, '/training')
    assert.equal(await heading(page), 'Training')
    await assertNoHorizontalScroll(page)
    await act(page, () => page.getByRole('link', { name: course }).click())
    assert.equal(await heading(page), course)
    await act(page, () => page.getByRole('button', { name: 'Enrol on this course' }).click())
    await page.getByText('You are enrolled').waitFor()
    assert.equal(await heading(page), 'What co-production is')
    await assertNoHorizontalScroll(page)
    await act(page, () => page.getByRole('button', { name: 'I have read this' }).click())
    assert.equal(await heading(page), 'Watch: the warm homes film')
    await page.getByRole('link', { name: /Watch on video\.example\.org/ }).waitFor()
    assert.equal(await page.locator('iframe').count(), 0)
    await act(page, () => page.getByRole('button', { name: 'I have watched it' }).click())
    assert.equal(await heading(page), 'The principles')
    await act(page, () => page.getByRole('button', { name: 'I have read this' }).click())
    assert.equal(await heading(page), 'Check your understanding')
    // No answer, then a wrong one: tried again, nothing lost.
    await act(page, () => page.getByRole('button', { name: 'Check my answer' }).click())
    assert.match(await page.getByRole('alert').filter({ hasText: 'There is a problem' }).textContent(), /Choose an answer/)
    await page.getByLabel('Co-production', { exact: true }).check()
    await act(page, () => page.getByRole('button', { name: 'Check my answer' }).click())
    await page.getByText('Not quite').waitFor()
    assert.equal(await heading(page), 'Check your understanding')
    await page.getByLabel('Consultation', { exact: true }).check()
    await act(page, () => page.getByRole('button', { name: 'Check my answer' }).click())
    assert.equal(await heading(page), 'Your turn')
    await page.getByText('Only you can see what you write here.').waitFor()
    await page.getByLabel('Your reflection').fill('Which day the lunch club meets: the members could decide.')
    await assertNoHorizontalScroll(page)
    await act(page, () => page.getByRole('button', { name: 'Save my reflection' }).click())
    await page.getByText('You have completed the course').first().waitFor()
    assert.equal(await heading(page), course)
    await assertNoHorizontalScroll(page)

    const mail = await stack.mail.waitFor({ to: person.email, subject: `You completed ${course}` })
    assert.match(mail.text, /\/training\/mine/)

    await visit(page, '/training/mine')
    assert.equal(await heading(page), 'Your training')
    await page.getByRole('link', { name: course }).waitFor()
    await page.getByText('Courses you completed').waitFor()
    await assertNoHorizontalScroll(page)

    await visit(page, '/training/mine?lang=cy')
    assert.equal(await heading(page), 'Eich hyfforddiant')
    await page.getByRole('link', { name: 'Cydgynhyrchu: y pethau sylfaenol' }).waitFor()
    await assertNoHorizontalScroll(page)
    await visit(page, '/training?lang=en')
  })
}

journey('an officer writes a course without JavaScript, sees who completed and records a completion for someone', { browser, stack, javaScriptEnabled: false }, async (page) => {
  await signInAs(page, 'officer@aberhaven.example')
  await visit(page, '/training')
  await act(page, () => page.getByRole('link', { name: 'Write a course' }).click())
  assert.equal(await heading(page), 'Write a course')
  await page.getByRole('group', { name: 'Summary' }).getByLabel('In English').fill('Ten minutes on listening before speaking.')
  await act(page, () => page.getByRole('button', { name: 'Save the course' }).click())
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' })
  assert.match(await summary.textContent(), /Enter a title in English or Welsh/)
  assert.equal(await page.getByRole('group', { name: 'Summary' }).getByLabel('In English').inputValue(), 'Ten minutes on listening before speaking.')
  await page.getByRole('group', { name: 'Title' }).getByLabel('In English').fill('Listening first')
  await page.getByRole('group', { name: 'Title' }).getByLabel('In Welsh').fill('Gwrando yn gyntaf')
  await page.getByLabel('About how many minutes the course takes').fill('10')
  await act(page, () => page.getByRole('button', { name: 'Save the course' }).click())
  await page.getByText('Course saved.').waitFor()

  await page.getByLabel('Text', { exact: true }).check()
  await page.getByRole('group', { name: 'Module title' }).getByLabel('In English').fill('Why listen')
  await page.getByRole('group', { name: 'Text, or the question' }).getByLabel('In English').fill('People say more when they are **heard**.')
  await act(page, () => page.getByRole('button', { name: 'Add the module' }).click())
  await page.getByText('Module added.').waitFor()

  await page.getByLabel('Quiz', { exact: true }).check()
  await page.getByRole('group', { name: 'Module title' }).getByLabel('In English').fill('Check')
  await page.getByRole('group', { name: 'Text, or the question' }).getByLabel('In English').fill('Who speaks first?')
  await page.getByRole('group', { name: 'Quiz choices (for a quiz)' }).getByLabel('In English').fill('Me\nThem')
  await act(page, () => page.getByRole('button', { name: 'Add the module' }).click())
  assert.match(await page.getByRole('alert').filter({ hasText: 'There is a problem' }).textContent(), /Mark exactly one choice as right/)
  await page.getByRole('group', { name: 'Quiz choices (for a quiz)' }).getByLabel('In English').fill('Me\n* Them')
  await act(page, () => page.getByRole('button', { name: 'Add the module' }).click())
  await page.getByText('Module added.').waitFor()
  await act(page, () => page.getByRole('link', { name: 'See the course' }).click())
  await act(page, () => page.getByRole('button', { name: 'Publish' }).click())
  await page.getByText('Course published.').waitFor()
  await visit(page, '/training')
  await page.getByRole('link', { name: 'Listening first' }).waitFor()

  // Who enrolled on the demo course and completed it; a completion recorded for Gwen.
  await act(page, () => page.getByRole('link', { name: course }).click())
  await act(page, () => page.getByRole('link', { name: 'Who enrolled and completed' }).click())
  await page.getByText('Rhys Resident').waitFor()
  await page.getByText('Reflections are private').waitFor()
  await page.getByLabel('Their email address').fill('member@aberhaven.example')
  await page.getByLabel('Attended in person').check()
  await page.getByLabel('Note (optional)').fill('Came to the pop-up day session')
  await act(page, () => page.getByRole('button', { name: 'Record the completion' }).click())
  await page.getByText('Completion recorded.').waitFor()
  await page.getByText('Attended in person, recorded by Owen Officer').waitFor()
  await stack.mail.waitFor({ to: 'member@aberhaven.example', subject: `You completed ${course}` })
})
