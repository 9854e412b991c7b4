// Several servers, one PostgreSQL: two `commons serve` behind nginx, round robin, so that
// consecutive requests of one browser land on different servers. Sessions, form tokens, sign-in
// limits, the mail outbox and the background jobs (asset review reminders, network digests)
// must behave as on one server. The other journeys run through such a cluster too
// (COMMONS_E2E_CLUSTER=1, see e2e/README.md).

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { clusterMissing, startCluster } from './cluster.mjs'
import { act, demoPassword, heading, newBrowser, newPage, visit } from './harness.mjs'

const missing = clusterMissing()
if (missing && process.env.CI === 'true') {
  throw new Error(`cluster tests: this machine lacks ${missing}; under CI they must run (.ci/run installs nginx and PostgreSQL)`)
}

let stack
let browser
if (!missing) {
  before(async () => {
    stack = await startCluster({ demo: true })
    browser = await newBrowser()
  })
  after(async () => {
    await browser?.close()
    await stack?.stop()
  })
}

const skip = missing ? `needs ${missing}` : false

// The distinct upstream servers that answered a page's requests so far, read from the header the
// proxy adds.
function upstreamsOf (responses) {
  return new Set(responses.map((r) => r.headers()['x-commons-upstream']).filter(Boolean))
}

test('both servers answer through the proxy, and a session and its form tokens work on either', { skip, timeout: 300_000 }, async () => {
  const page = await newPage(browser, { baseURL: stack.baseURL })
  const responses = []
  page.on('response', (r) => { if (r.url().startsWith(stack.baseURL) && r.request().resourceType() === 'document') responses.push(r) })
  try {
    await visit(page, '/sign-in')
    await page.getByLabel('Email address', { exact: true }).fill('resident@aberhaven.example')
    await page.getByLabel('Password', { exact: true }).fill(demoPassword)
    await act(page, () => page.getByRole('button', { name: 'Sign in', exact: true }).click())
    assert.equal(await heading(page), 'Your account')
    for (let i = 0; i < 4; i++) {
      await visit(page, '/account')
      assert.equal(await heading(page), 'Your account', 'the session is known to every server')
    }
    // A form whose token one server gave is taken by the other: sign out.
    await act(page, () => page.getByRole('button', { name: 'Sign out' }).click())
    await visit(page, '/account')
    assert.notEqual(await heading(page), 'Your account', 'signed out everywhere')
    const seen = upstreamsOf(responses)
    assert.equal(seen.size, stack.servers, `pages came from ${[...seen].join(', ')}; want every server`)
  } finally {
    await page.context().close()
  }
})

test('sign-in limits count failures on every server', { skip, timeout: 300_000 }, async () => {
  const page = await newPage(browser, { baseURL: stack.baseURL })
  try {
    // Five failures (the default limit), alternating between the servers.
    for (let i = 0; i < 5; i++) {
      await visit(page, '/sign-in')
      await page.getByLabel('Email address', { exact: true }).fill('member@aberhaven.example')
      await page.getByLabel('Password', { exact: true }).fill(`wrong-password-${i}`)
      await act(page, () => page.getByRole('button', { name: 'Sign in', exact: true }).click())
      assert.notEqual(await heading(page), 'Your account')
    }
    // Past the limit even the right password does not sign in straight away, whichever server
    // answers.
    for (let i = 0; i < 2; i++) {
      await visit(page, '/sign-in')
      await page.getByLabel('Email address', { exact: true }).fill('member@aberhaven.example')
      await page.getByLabel('Password', { exact: true }).fill(demoPassword)
      await act(page, () => page.getByRole('button', { name: 'Sign in', exact: true }).click())
      assert.notEqual(await heading(page), 'Your account', 'the limit held on the other server')
    }
  } finally {
    await page.context().close()
  }
})

test('mail is sent once, whichever server queued it and however many run the outbox', { skip, timeout: 300_000 }, async () => {
  const page = await newPage(browser, { baseURL: stack.baseURL })
  try {
    const people = ['resident', 'officer', 'moderator', 'admin'].map((n) => `${n}@aberhaven.example`)
    for (const email of people) {
      await visit(page, '/password/forgot')
      await page.getByLabel('Email address', { exact: true }).fill(email)
      await act(page, () => page.getByRole('button', { name: 'Send reset link' }).click())
    }
    for (const email of people) await stack.mail.waitFor({ to: email, subject: 'Reset your password' }, 30_000)
    // Both servers' outbox workers poll every few seconds: give them time to send anything twice.
    await new Promise((resolve) => setTimeout(resolve, 6000))
    const mail = await stack.mail.list()
    for (const email of people) {
      const got = mail.filter((m) => [m.to].flat().join(',').includes(email) && m.subject === 'Reset your password')
      assert.equal(got.length, 1, `${email} got ${got.length} reset mails`)
    }
  } finally {
    await page.context().close()
  }
})

test('background jobs run on every server and do their work once: asset review reminders and network digests', { skip, timeout: 300_000 }, async () => {
  // Make every network digest due and every demo asset due for its review reminder, then restart
  // both servers at the same moment: each runs both jobs as it starts.
  stack.psql(`UPDATE network_prefs SET frequency = 'daily', next_digest_at = now() - interval '1 hour'`)
  // Every published asset last checked (and reminded) two years ago, against a review age of a
  // year: each is due once, and stays reminded however far apart the two servers start (with a
  // review age of a second, a server starting a second later would rightly remind again).
  stack.psql(`UPDATE assets SET last_checked_at = now() - interval '730 days', reminded_at = NULL WHERE status = 'published'`)
  const notifications = Number(stack.psql(`SELECT count(*) FROM network_notifications WHERE mailed_at IS NULL`))
  await stack.mail.clear()
  await stack.restart({ COMMONS_ASSET_REVIEW_AGE: '8760h' })
  // Wait until the reminders have arrived and the outbox is empty (every server's worker has
  // sent what the jobs queued). The jobs start with the servers, a moment after they answer, so
  // an outbox empty at first only means they have not run yet.
  const deadline = Date.now() + 60_000
  let reminders = []
  for (;;) {
    const waiting = Number(stack.psql(`SELECT count(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL`))
    reminders = (await stack.mail.list()).filter((m) => /still right\?|yn dal yn gywir\?/.test(m.subject))
    if (reminders.length > 0 && waiting === 0) break
    assert.ok(Date.now() < deadline, `within a minute: ${reminders.length} review reminders arrived, ${waiting} mails still waiting`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  const remindedAssets = Number(stack.psql(`SELECT count(*) FROM assets WHERE reminded_at IS NOT NULL`))
  assert.ok(remindedAssets > 0)
  if (notifications > 0) {
    const digests = Number(stack.psql(`SELECT count(*) FROM network_prefs WHERE next_digest_at > now()`))
    assert.ok(digests > 0, 'no digest was claimed')
  }
})

test('no message was sent twice', { skip, timeout: 60_000 }, async () => {
  const sent = Number(stack.psql(`SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL`))
  const doubled = stack.psql(`SELECT recipient || ' ' || subject || ' ×' || count(*) FROM outbox GROUP BY recipient, subject, body HAVING count(*) > 1`)
  assert.equal(doubled, '', `queued twice:\n${doubled}`)
  const mail = await stack.mail.list()
  const keys = mail.map((m) => `${[m.to].flat().join(',')} ${m.subject} ${m.text}`)
  const twice = keys.filter((k, i) => keys.indexOf(k) !== i)
  assert.deepEqual(twice, [], 'the mail server got a message twice')
  assert.ok(sent > 0)
})

