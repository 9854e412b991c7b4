// Browser test harness for Commons: starts the real binaries, drives Debian's
// Chromium with playwright-core, and scans every page with axe-core.
// How to use it: e2e/README.md.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const artifactsDir = path.join(repoRoot, 'e2e', 'artifacts')

const commonsBin = process.env.COMMONS_E2E_COMMONS_BIN || path.join(repoRoot, 'bin', 'commons')
const smtpsinkBin = process.env.COMMONS_E2E_SMTPSINK_BIN || path.join(repoRoot, 'bin', 'smtpsink')
const chromiumPath = process.env.COMMONS_E2E_CHROMIUM || '/usr/bin/chromium'

// Flags that let Chromium run here: as root (no sandbox), without a GPU, and
// without reaching for Google's services through a closed network.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]

// The WCAG 2.2 AA rule set: every level-A and AA rule axe has up to 2.2.
export const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

const axeSource = readFileSync(path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8')

// ---------------------------------------------------------------------------
// Processes

// A child process whose recent output is kept for error messages.
function startProcess (name, file, args, { env } = {}) {
  if (!existsSync(file)) {
    throw new Error(`${name}: ${path.relative(repoRoot, file)} does not exist; run \`make build\` first`)
  }
  const child = spawn(file, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const lines = []
  const listeners = new Set()
  let partial = { stdout: '', stderr: '' }
  for (const stream of ['stdout', 'stderr']) {
    child[stream].setEncoding('utf8')
    child[stream].on('data', (chunk) => {
      const text = partial[stream] + chunk
      const parts = text.split('\n')
      partial[stream] = parts.pop()
      for (const line of parts) {
        lines.push(line)
        if (lines.length > 300) lines.shift()
        for (const listener of listeners) listener(stream, line)
      }
    })
  }
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }))
    child.on('error', (err) => resolve({ code: null, signal: null, error: err }))
  })
  let done = false
  exited.then(() => { done = true })
  running.add(child)
  exited.then(() => running.delete(child))

  return {
    name,
    child,
    exited,
    get done () { return done },
    output: () => lines.join('\n'),
    onLine (listener) { listeners.add(listener); return () => listeners.delete(listener) },
    // SIGTERM, then SIGKILL if it has not gone after graceMs.
    async stop (graceMs = 10_000) {
      if (done) return exited
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      const result = await exited
      clearTimeout(timer)
      return result
    }
  }
}

// Children still running when node exits (a crashed test file) are killed, so
// no server outlives the run.
const running = new Set()
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

function describeExit ({ code, signal, error }) {
  if (error) return `could not start: ${error.message}`
  return signal ? `killed by ${signal}` : `exited with status ${code}`
}

// A free TCP port on 127.0.0.1, from the kernel. Another process could take it
// before we bind it; on loopback in a test run that is rare enough.
export function freePort () {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

// ---------------------------------------------------------------------------
// The mail sink (cmd/smtpsink)

// startMailSink starts bin/smtpsink on free ports and returns
// { smtpURL, httpURL, mail, stop() }.
export async function startMailSink ({ bin = smtpsinkBin, timeoutMs = 10_000 } = {}) {
  const sink = startProcess('smtpsink', bin, ['--smtp', '127.0.0.1:0', '--http', '127.0.0.1:0'])
  const urls = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off()
      reject(new Error(`smtpsink printed no "smtp=… http=…" line within ${timeoutMs} ms; its output:\n${sink.output()}`))
    }, timeoutMs)
    const off = sink.onLine((stream, line) => {
      const match = stream === 'stdout' && /smtp=(\S+)\s+http=(\S+)/.exec(line)
      if (match) {
        clearTimeout(timer)
        off()
        resolve({ smtpURL: match[1], httpURL: match[2].replace(/\/$/, '') })
      }
    })
    sink.exited.then((exit) => {
      clearTimeout(timer)
      off()
      reject(new Error(`smtpsink ${describeExit(exit)} before it was ready; its output:\n${sink.output()}`))
    })
  }).catch(async (err) => {
    await sink.stop()
    throw err
  })
  return { ...urls, mail: mailbox(urls.httpURL), stop: () => sink.stop(), output: sink.output }
}

// mailbox talks to the sink's HTTP side: GET/DELETE {httpURL}/messages.
function mailbox (httpURL) {
  async function list () {
    const res = await fetch(`${httpURL}/messages`)
    if (!res.ok) throw new Error(`GET ${httpURL}/messages: HTTP ${res.status}`)
    return res.json()
  }
  async function clear () {
    const res = await fetch(`${httpURL}/messages`, { method: 'DELETE' })
    if (!res.ok) throw new Error(`DELETE ${httpURL}/messages: HTTP ${res.status}`)
  }
  // waitFor resolves with the first message that matches, polling the sink.
  // match is a function of a message, or an object such as
  // { to: 'a@example.org', subject: 'Reset your password' } (exact subject,
  // to among the recipients).
  async function waitFor (match, timeoutMs = 10_000) {
    const pred = typeof match === 'function' ? match : messageMatcher(match)
    const deadline = Date.now() + timeoutMs
    let seen = []
    for (;;) {
      seen = await list()
      const found = seen.find(pred)
      if (found) return found
      if (Date.now() > deadline) break
      await sleep(100)
    }
    const summary = seen.map((m) => `  to ${recipients(m).join(', ')}: ${m.subject}`).join('\n') || '  (none)'
    throw new Error(`no email matching ${describeMatch(match)} within ${timeoutMs} ms; the sink holds:\n${summary}`)
  }
  return { list, clear, waitFor }
}

function recipients (message) {
  const to = message.to ?? []
  return (Array.isArray(to) ? to : [to]).map(String)
}

function messageMatcher ({ to, subject, from }) {
  const wanted = to?.toLowerCase()
  return (m) =>
    (subject === undefined || m.subject === subject) &&
    (from === undefined || String(m.from).toLowerCase().includes(from.toLowerCase())) &&
    (wanted === undefined || recipients(m).some((r) => r.toLowerCase().includes(wanted)))
}

function describeMatch (match) {
  return typeof match === 'function' ? 'the given predicate' : JSON.stringify(match)
}

// linkFrom returns the first URL in an email's text, or the first one that
// starts with prefix. It fails when there is none.
export function linkFrom (text, prefix = '') {
  for (const [url] of String(text).matchAll(/https?:\/\/[^\s<>"']+/g)) {
    // Sentence punctuation after a link is not part of it.
    const clean = url.replace(/[.,;:!?)\]]+$/, '')
    if (clean.startsWith(prefix)) return clean
  }
  throw new Error(`no link${prefix ? ` starting with ${prefix}` : ''} in the text:\n${text}`)
}

// ---------------------------------------------------------------------------
// The whole stack: smtpsink + commons

// startStack starts bin/smtpsink, then bin/commons on a free port with a fresh
// SQLite file and the sink as its SMTP server, and waits for /healthz.
// Returns { baseURL, mail: { list, clear, waitFor }, logs(), stop() }.
// Options: demo (pass --demo), args (more flags), env (more variables),
// commonsBin and smtpsinkBin (other programs, for the harness's own test).
export async function startStack ({
  demo = false, args = [], env = {}, readyTimeoutMs = 120_000,
  commonsBin: serverBin = commonsBin, smtpsinkBin: sinkBin = smtpsinkBin
} = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'commons-e2e-'))
  let sink
  let server
  const stop = async () => {
    await server?.stop()
    await sink?.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    sink = await startMailSink({ bin: sinkBin })
    const port = await freePort()
    const baseURL = `http://127.0.0.1:${port}`
    const serveArgs = [
      'serve',
      '--addr', `127.0.0.1:${port}`,
      '--db', path.join(dir, 'commons.db'),
      '--base-url', baseURL,
      '--smtp-url', sink.smtpURL,
      ...(demo ? ['--demo'] : []),
      ...args
    ]
    server = startProcess('commons', serverBin, serveArgs, { env })
    await waitForHealthy(server, baseURL, readyTimeoutMs)
    return {
      baseURL,
      mail: sink.mail,
      dir,
      logs: () => `--- commons\n${server.output()}\n--- smtpsink\n${sink.output()}`,
      stop
    }
  } catch (err) {
    await stop()
    throw err
  }
}

async function waitForHealthy (server, baseURL, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  let last = 'no answer'
  while (Date.now() < deadline) {
    if (server.done) {
      throw new Error(`commons ${describeExit(await server.exited)} before it was ready; its output:\n${server.output()}`)
    }
    try {
      const res = await fetch(`${baseURL}/healthz`, { signal: AbortSignal.timeout(2000) })
      if (res.status === 200) return
      last = `HTTP ${res.status}`
    } catch (err) {
      last = err.cause?.code ?? err.message
    }
    await sleep(100)
  }
  throw new Error(`commons did not answer ${baseURL}/healthz with 200 within ${timeoutMs} ms (last: ${last}); its output:\n${server.output()}`)
}

// ---------------------------------------------------------------------------
// Browser and pages

// newBrowser launches Debian's Chromium headless. Playwright gives each launch
// a fresh temporary --user-data-dir and deletes it on close.
export async function newBrowser () {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: apt-get install chromium (.ci/run does)`)
  }
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs })
}

// startSuite starts a stack (with startStack's options) and a browser for one
// test file, and stops both when the file's tests are done.
// With COMMONS_E2E_CLUSTER=1 the stack is two servers on one PostgreSQL behind nginx
// (cluster.mjs), so the same journeys prove Commons behaves the same on several servers.
export async function startSuite (stackOptions = {}) {
  const stack = process.env.COMMONS_E2E_CLUSTER
    ? await (await import('./cluster.mjs')).startCluster(stackOptions)
    : await startStack(stackOptions)
  let browser
  try {
    browser = await newBrowser()
  } catch (err) {
    await stack.stop()
    throw err
  }
  after(async () => {
    await browser.close()
    await stack.stop()
  })
  return { stack, browser }
}

// What the harness knows about each page it made: the documents it loaded and
// which of them axe has scanned.
const tracked = new WeakMap()

// newPage opens a page in a context of its own (its own cookies).
// Options: baseURL; javaScriptEnabled (default true); viewport (default
// 1280×800); locale (default en-GB). CSP is bypassed so axe can be injected.
export async function newPage (browser, { baseURL, javaScriptEnabled = true, viewport = { width: 1280, height: 800 }, locale = 'en-GB' } = {}) {
  const context = await browser.newContext({
    baseURL,
    javaScriptEnabled,
    viewport,
    locale,
    bypassCSP: true,
    acceptDownloads: true
  })
  // Load axe into every document up front: much quicker than sending it for
  // each scan. Page scripts can see window.axe; ours never look.
  if (javaScriptEnabled) await context.addInitScript({ content: axeSource })
  const page = await context.newPage()
  const state = { javaScriptEnabled, locale, loads: [], scanned: new Set(), seq: 0 }
  tracked.set(page, state)
  page.on('load', () => {
    state.seq++
    state.loads.push({ seq: state.seq, url: page.url() })
  })
  return page
}

// visit goes to url (relative to the page's baseURL) and scans the page.
// Returns the navigation's response.
export async function visit (page, url) {
  const response = await page.goto(url)
  await checkA11y(page)
  return response
}

// act runs an action that loads a new page (following a link, submitting a
// form), waits for that page to load and scans it. With { navigates: false }
// it scans the changed page in place instead (a JavaScript enhancement).
// Downloads load no page: trigger them with plain Playwright calls.
export async function act (page, action, { navigates = true, timeoutMs = 15_000 } = {}) {
  if (!navigates) {
    const result = await action()
    await checkA11y(page)
    return result
  }
  const loaded = page.waitForEvent('load', { timeout: timeoutMs })
  // If the action fails, the load it was waiting for will not come; do not
  // leave that rejection unhandled.
  loaded.catch(() => {})
  const result = await action()
  await loaded
  await checkA11y(page)
  return result
}

// checkA11y runs axe-core's WCAG 2.2 AA rules on the page as it is now and
// fails, listing each violation, if there are any. Options: exclude (CSS
// selectors axe should skip), disableRules (rule ids; say why in the test).
export async function checkA11y (page, { exclude = [], disableRules = [] } = {}) {
  const state = tracked.get(page)
  const options = {
    runOnly: { type: 'tag', values: axeTags },
    rules: Object.fromEntries(disableRules.map((id) => [id, { enabled: false }])),
    resultTypes: ['violations']
  }
  const violations = state && !state.javaScriptEnabled
    ? await axeOnScriptFreeCopy(page, options, exclude)
    : await runAxe(page, options, exclude)
  if (state) state.scanned.add(state.seq)
  if (violations.length > 0) {
    assert.fail(`axe found ${violations.length} accessibility violation(s) on ${page.url()}:\n${formatViolations(violations)}`)
  }
}

async function runAxe (page, options, exclude) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(axeSource + '\n;true')
  }
  return page.evaluate(async ({ options, exclude }) => {
    const context = exclude.length ? { exclude: exclude.map((s) => [s]) } : document
    const results = await window.axe.run(context, options)
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary }))
    }))
  }, { options, exclude })
}

// axe cannot run in a page with JavaScript turned off (Chromium gives up), so
// a JavaScript-off page is scanned as a copy: its DOM as served, loaded at the
// same URL in a JavaScript-on page that may run no page script (so nothing
// enhances it), with the same viewport. <noscript> content is what such a
// reader sees, so it is unwrapped to stay visible to axe.
async function axeOnScriptFreeCopy (page, options, exclude) {
  const url = page.url()
  const html = (await page.content())
    .replace(/<noscript(\s[^>]*)?>/gi, '<div data-e2e-noscript>')
    .replace(/<\/noscript>/gi, '</div>')
  const state = tracked.get(page)
  const context = await page.context().browser().newContext({
    javaScriptEnabled: true,
    bypassCSP: true,
    viewport: page.viewportSize(),
    locale: state.locale
  })
  try {
    await context.addInitScript({ content: axeSource })
    const copy = await context.newPage()
    await copy.route('**/*', (route) => {
      const request = route.request()
      if (request.isNavigationRequest() && request.frame() === copy.mainFrame()) {
        return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html })
      }
      if (request.resourceType() === 'script') return route.abort()
      return route.continue()
    })
    await copy.goto(url)
    return await runAxe(copy, options, exclude)
  } finally {
    await context.close()
  }
}

export function formatViolations (violations) {
  return violations.map((v) => {
    const nodes = v.nodes.map((n) => `      ${n.target}`).join('\n')
    return `  - ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n${nodes}`
  }).join('\n')
}

// assertEveryPageScanned fails if the page loaded a document that was never
// scanned: the guard that keeps "axe on every page visited" true.
export function assertEveryPageScanned (page) {
  const state = tracked.get(page)
  if (!state) return
  const missed = state.loads.filter((l) => !state.scanned.has(l.seq) && l.url !== 'about:blank')
  if (missed.length > 0) {
    assert.fail('these pages loaded but were never scanned with axe (use visit/act, or call checkA11y):\n' +
      missed.map((l) => `  ${l.url}`).join('\n'))
  }
}

// assertNoHorizontalScroll fails when the page is wider than its viewport.
export async function assertNoHorizontalScroll (page) {
  const { width } = page.viewportSize()
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(scrollWidth <= width, `${page.url()} scrolls sideways at ${width}px wide: scrollWidth is ${scrollWidth}`)
}

// saveArtifacts writes a full-page screenshot and the HTML of the page to
// e2e/artifacts/, and more text files given as { name: text }. Returns the
// screenshot's path.
export async function saveArtifacts (page, name, extra = {}) {
  mkdirSync(artifactsDir, { recursive: true })
  const base = path.join(artifactsDir, name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase() || 'page')
  const file = `${base}.png`
  await page.screenshot({ path: file, fullPage: true, timeout: 10_000 })
  writeFileSync(`${base}.html`, `<!-- ${page.url()} -->\n${await page.content()}`)
  for (const [suffix, text] of Object.entries(extra)) writeFileSync(`${base}.${suffix}`, text)
  return file
}

// ---------------------------------------------------------------------------
// Journeys

// journey declares a test that gets a fresh page and, around the body:
//   - after it, checks that every page the body loaded was scanned with axe;
//   - on failure, saves a screenshot, the page's HTML and the stack's logs to
//     e2e/artifacts/;
//   - closes the page's context.
// options: browser (required), stack (gives baseURL and logs) or baseURL, the
// newPage options, timeout (ms; default COMMONS_E2E_TIMEOUT_MS or 300 000: a
// safety net against a hung journey, generous because a loaded 2-core machine
// can take minutes over a journey that takes seconds on a quiet one).
// body(page, t) is an async function.
const defaultJourneyTimeout = Number(process.env.COMMONS_E2E_TIMEOUT_MS) || 300_000

export function journey (name, options, body) {
  const { browser, stack, timeout = defaultJourneyTimeout, ...pageOptions } = options
  return test(name, { timeout }, async (t) => {
    assert.ok(browser, 'journey needs options.browser (from newBrowser())')
    const page = await newPage(browser, { baseURL: stack?.baseURL, ...pageOptions })
    try {
      await body(page, t)
      assertEveryPageScanned(page)
    } catch (err) {
      try {
        const extra = stack ? { 'log.txt': stack.logs() } : {}
        const file = await saveArtifacts(page, name, extra)
        t.diagnostic(`screenshot: ${path.relative(repoRoot, file)}`)
      } catch (shotErr) {
        t.diagnostic(`no screenshot: ${shotErr.message}`)
      }
      throw err
    } finally {
      await page.context().close()
    }
  })
}

// The demo borough's password for every demo account.
export const demoPassword = 'commons-demo'

// heading is the text of the page's h1.
export async function heading (page) {
  return (await page.getByRole('heading', { level: 1 }).textContent()).trim()
}

// signInAs signs in through the sign-in page and checks it lands on the account page.
export async function signInAs (page, email, password = demoPassword) {
  await visit(page, '/sign-in')
  await page.getByLabel('Email address', { exact: true }).fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await act(page, () => page.getByRole('button', { name: 'Sign in', exact: true }).click())
  assert.equal(await heading(page), 'Your account')
}

// signOut presses the header's sign-out button.
export async function signOut (page) {
  await act(page, () => page.getByRole('button', { name: 'Sign out' }).click())
}
