// The harness's own test: it needs Chromium but not the Commons binaries.
// A small server on loopback serves pages with and without accessibility
// faults; stand-in programs (e2e/fixtures/) play bin/commons and bin/smtpsink.

import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  act, assertEveryPageScanned, assertNoHorizontalScroll, checkA11y, linkFrom, newBrowser, newPage,
  repoRoot, saveArtifacts, startStack, visit
} from './harness.mjs'

const layout = (title, body, head = '') => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>${head}</head>
<body><main><h1>${title}</h1>${body}</main></body>
</html>`

const pages = {
  '/good': layout('A good page', `
    <p>Some text with <a href="/next">a link to the next page</a>.</p>
    <form method="post" action="/submit">
      <label for="name">Full name</label>
      <input id="name" name="name" type="text" autocomplete="name">
      <button type="submit">Continue</button>
    </form>`),
  '/next': layout('The next page', '<p>You arrived.</p>'),
  '/bad': layout('A bad page', '<p>A picture:</p><img src="/pixel.svg">'),
  // Fine without JavaScript; its script would add a faulty image if it ran.
  '/enhanced': layout('An enhanced page', `
    <p>Works without JavaScript.</p>
    <noscript><p>JavaScript is off.</p></noscript>`,
  '<script src="/enhance.js" defer></script>'),
  '/noscript-fault': layout('A page with a fault for readers without JavaScript',
    '<noscript><img src="/pixel.svg"></noscript>'),
  '/wide': layout('A wide page', '<div style="width:600px">Too wide for a phone</div>')
}

let server
let base
let browser

before(async () => {
  server = http.createServer((req, res) => {
    // The strict CSP the real server sends: the harness must cope with it.
    const headers = { 'content-security-policy': "default-src 'self'; img-src 'self'" }
    if (req.method === 'POST' && req.url === '/submit') {
      res.writeHead(303, { ...headers, location: '/next' })
      return res.end()
    }
    if (req.url === '/pixel.svg') {
      res.writeHead(200, { ...headers, 'content-type': 'image/svg+xml' })
      return res.end('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    }
    if (req.url === '/enhance.js') {
      res.writeHead(200, { ...headers, 'content-type': 'text/javascript' })
      return res.end('document.querySelector("main").insertAdjacentHTML("beforeend", \'<img src="/pixel.svg">\')')
    }
    const html = pages[req.url]
    res.writeHead(html ? 200 : 404, { ...headers, 'content-type': 'text/html; charset=utf-8' })
    res.end(html ?? layout('Page not found', '<p>No such page.</p>'))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${server.address().port}`
  browser = await newBrowser()
})

after(async () => {
  await browser?.close()
  server?.close()
})

describe('checkA11y', () => {
  test('passes an accessible page, despite its CSP', async () => {
    const page = await newPage(browser, { baseURL: base })
    await visit(page, '/good')
    assertEveryPageScanned(page)
    await page.context().close()
  })

  test('fails on an image without alternative text, naming rule and element', async () => {
    const page = await newPage(browser, { baseURL: base })
    await page.goto('/bad')
    await assert.rejects(checkA11y(page), (err) => {
      assert.match(err.message, /image-alt \(critical\)/)
      assert.match(err.message, /img/)
      assert.match(err.message, /\/bad/)
      return true
    })
    await page.context().close()
  })

  test('with JavaScript off, scans the page as served', async () => {
    const page = await newPage(browser, { baseURL: base, javaScriptEnabled: false })
    await visit(page, '/good')
    // The script would add a faulty image; with JavaScript off it must not run,
    // in the page or in the copy axe scans.
    await visit(page, '/enhanced')
    await page.goto('/bad')
    await assert.rejects(checkA11y(page), /image-alt/)
    await page.goto('/noscript-fault')
    await assert.rejects(checkA11y(page), /image-alt/, '<noscript> content must be scanned when JavaScript is off')
    await page.context().close()
  })

  test('with JavaScript on, scans what scripts made', async () => {
    const page = await newPage(browser, { baseURL: base })
    await page.goto('/enhanced')
    await page.locator('main img').waitFor()
    await assert.rejects(checkA11y(page), /image-alt/)
    await page.context().close()
  })

  test('takes rules out only when asked', async () => {
    const page = await newPage(browser, { baseURL: base })
    await page.goto('/bad')
    await checkA11y(page, { disableRules: ['image-alt'] })
    await checkA11y(page, { exclude: ['img'] })
    await page.context().close()
  })
})

describe('act and the every-page guard', () => {
  test('act follows a link and a form post, scanning each page', async () => {
    for (const javaScriptEnabled of [true, false]) {
      const page = await newPage(browser, { baseURL: base, javaScriptEnabled })
      await visit(page, '/good')
      await act(page, () => page.getByRole('link', { name: 'a link to the next page' }).click())
      assert.equal(new URL(page.url()).pathname, '/next')
      await visit(page, '/good')
      await page.getByLabel('Full name').fill('Ada Lovelace')
      await act(page, () => page.getByRole('button', { name: 'Continue' }).click())
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'The next page')
      assertEveryPageScanned(page)
      await page.context().close()
    }
  })

  test('act fails when the action loads a page with violations', async () => {
    const page = await newPage(browser, { baseURL: base })
    await visit(page, '/good')
    await assert.rejects(act(page, () => page.goto('/bad')), /image-alt/)
    await page.context().close()
  })

  test('a page loaded but not scanned fails the guard', async () => {
    const page = await newPage(browser, { baseURL: base })
    await visit(page, '/good')
    await page.getByRole('link', { name: 'a link to the next page' }).click()
    await page.waitForURL('**/next')
    assert.throws(() => assertEveryPageScanned(page), /never scanned[\s\S]*\/next/)
    await page.context().close()
  })
})

test('assertNoHorizontalScroll at 320px', async () => {
  const page = await newPage(browser, { baseURL: base, viewport: { width: 320, height: 640 } })
  await visit(page, '/good')
  await assertNoHorizontalScroll(page)
  await page.goto('/wide')
  await assert.rejects(assertNoHorizontalScroll(page), /scrolls sideways at 320px/)
  await page.context().close()
})

test('saveArtifacts writes a screenshot and the HTML', async () => {
  const page = await newPage(browser, { baseURL: base })
  await visit(page, '/good')
  const file = await saveArtifacts(page, 'harness self-test', { 'log.txt': 'log' })
  assert.ok(existsSync(file))
  assert.ok(existsSync(file.replace(/\.png$/, '.html')))
  await page.context().close()
})

describe('linkFrom', () => {
  const text = 'Hello,\n\nConfirm here: http://127.0.0.1:8080/confirm/t0k3n.\nOr reset: <http://127.0.0.1:8080/password/reset/x-y_z>\n'
  test('takes the first link, without trailing punctuation', () => {
    assert.equal(linkFrom(text), 'http://127.0.0.1:8080/confirm/t0k3n')
  })
  test('takes the first link with a prefix', () => {
    assert.equal(linkFrom(text, 'http://127.0.0.1:8080/password/reset/'), 'http://127.0.0.1:8080/password/reset/x-y_z')
  })
  test('fails when there is no link', () => {
    assert.throws(() => linkFrom('no links here'), /no link/)
  })
})

describe('startStack with stand-in programs', () => {
  const fixtures = path.join(repoRoot, 'e2e', 'fixtures')
  let stack

  before(async () => {
    stack = await startStack({
      demo: true,
      commonsBin: path.join(fixtures, 'fake-commons.mjs'),
      smtpsinkBin: path.join(fixtures, 'fake-smtpsink.mjs')
    })
  })
  after(() => stack?.stop())

  test('starts the server with the agreed flags once it is healthy', async () => {
    const res = await fetch(`${stack.baseURL}/healthz`)
    assert.equal(res.status, 200)
    const flags = await (await fetch(`${stack.baseURL}/flags`)).json()
    assert.equal(flags.addr, new URL(stack.baseURL).host)
    assert.equal(flags['base-url'], stack.baseURL)
    assert.equal(flags['smtp-url'], 'smtp://127.0.0.1:2525?tls=none')
    assert.equal(path.basename(flags.db), 'commons.db')
    assert.equal(flags.demo, true)
  })

  test('reads, waits for and clears mail', async () => {
    const message = await stack.mail.waitFor({ to: 'ada@example.org', subject: 'Confirm your email address' })
    assert.equal(linkFrom(message.text, 'http://127.0.0.1:1/confirm/'), 'http://127.0.0.1:1/confirm/abc123')
    await assert.rejects(stack.mail.waitFor({ subject: 'Reset your password' }, 300),
      /no email matching[\s\S]*Confirm your email address/)
    await stack.mail.clear()
    assert.deepEqual(await stack.mail.list(), [])
  })

  test('stop ends both programs and removes the database folder', async () => {
    const { dir, baseURL } = stack
    await stack.stop()
    stack = undefined
    assert.equal(existsSync(dir), false)
    await assert.rejects(fetch(`${baseURL}/healthz`))
  })

  test('says to build first when a program is missing', async () => {
    await assert.rejects(startStack({ commonsBin: path.join(fixtures, 'no-such-program'), smtpsinkBin: path.join(fixtures, 'fake-smtpsink.mjs') }),
      /no-such-program does not exist; run `make build` first/)
  })
})
