// Several Commons servers on one PostgreSQL behind a real reverse proxy (Debian's nginx), as a
// council runs Commons beyond one machine. startCluster returns a stack shaped like
// harness.startStack's, whose baseURL is the proxy, so every journey can run through it
// (COMMONS_E2E_CLUSTER=1 makes startSuite use it).
//
// Needs COMMONS_TEST_POSTGRES_URL (scripts/with-postgres.sh sets it; `make e2e` runs under it),
// nginx (apt-get install nginx; .ci/run installs it) and psql. Without them the cluster tests are
// skipped with a message, except under CI=true, where that is a failure.

import { spawn, execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { freePort, repoRoot, startMailSink } from './harness.mjs'

const commonsBin = process.env.COMMONS_E2E_COMMONS_BIN || path.join(repoRoot, 'bin', 'commons')
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

function findProgram (name, dirs) {
  for (const dir of [...(process.env.PATH || '').split(':'), ...dirs]) {
    const file = path.join(dir, name)
    if (dir && existsSync(file)) return file
  }
  return null
}

function postgresBinDirs () {
  try {
    return readdirSync('/usr/lib/postgresql').sort().reverse().map((v) => `/usr/lib/postgresql/${v}/bin`)
  } catch {
    return []
  }
}

// clusterMissing says what the cluster tests lack on this machine, or '' when nothing.
export function clusterMissing () {
  const missing = []
  if (!process.env.COMMONS_TEST_POSTGRES_URL) missing.push('COMMONS_TEST_POSTGRES_URL (run under scripts/with-postgres.sh, as make e2e does)')
  if (!findProgram('nginx', ['/usr/sbin'])) missing.push('nginx (apt-get install nginx)')
  if (!findProgram('psql', postgresBinDirs())) missing.push('psql (apt-get install postgresql)')
  return missing.join(', ')
}

// A child process with its recent output kept.
function start (name, file, args, env = {}) {
  const child = spawn(file, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const lines = []
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8')
    stream.on('data', (chunk) => {
      for (const line of chunk.split('\n')) if (line) lines.push(line)
      while (lines.length > 400) lines.shift()
    })
  }
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  let done = false
  exited.then(() => { done = true })
  process.on('exit', () => { if (!done) child.kill('SIGKILL') })
  return {
    name,
    child,
    get done () { return done },
    output: () => lines.join('\n'),
    async stop (graceMs = 15_000) {
      if (done) return exited
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      const result = await exited
      clearTimeout(timer)
      return result
    }
  }
}

async function waitHealthy (proc, url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (proc.done) throw new Error(`${proc.name} stopped before it was ready:\n${proc.output()}`)
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) })
      if (res.status === 200) return
    } catch {}
    await sleep(100)
  }
  throw new Error(`${proc.name} did not answer ${url}/healthz within ${timeoutMs} ms:\n${proc.output()}`)
}

function nginxConfig (dir, port, upstreams) {
  const user = process.getuid?.() === 0 ? 'user root;' : ''
  return `${user}
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 512; }
http {
  access_log ${dir}/nginx-access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream commons {
${upstreams.map((u) => `    server ${u} max_fails=0;`).join('\n')}
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 8m;
    location / {
      proxy_pass http://commons;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      add_header X-Commons-Upstream $upstream_addr always;
    }
  }
}
`
}

// startCluster starts the mail sink, a fresh PostgreSQL database, `servers` Commons servers on
// it (the first loads the demo when demo is true; the others start once it is ready) and nginx
// in front of them, round robin. Returns { baseURL, mail, dir, servers, logs(), psql(sql),
// restart(env), stop() }.
export async function startCluster ({ demo = false, servers = 2, args = [], env = {} } = {}) {
  const missing = clusterMissing()
  if (missing) throw new Error(`the cluster needs ${missing}`)
  const dir = mkdtempSync(path.join(os.tmpdir(), 'commons-cluster-'))
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(dir, sub))
  const psqlBin = findProgram('psql', postgresBinDirs())
  const base = new URL(process.env.COMMONS_TEST_POSTGRES_URL)
  const dbName = `e2e_${Date.now()}_${Math.floor(Math.random() * 1e6)}`
  const adminURL = base.toString()
  execFileSync(psqlBin, [adminURL, '-qAtc', `CREATE DATABASE ${dbName}`])
  const dbURL = new URL(adminURL)
  dbURL.pathname = `/${dbName}`
  const psql = (sql) => execFileSync(psqlBin, [dbURL.toString(), '-qAtc', sql], { encoding: 'utf8' }).trim()

  let sink
  let proxy
  let procs = []
  const ports = []
  const stop = async () => {
    await proxy?.stop()
    await Promise.all(procs.map((p) => p.stop()))
    await sink?.stop()
    try { execFileSync(psqlBin, [adminURL, '-qAtc', `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`]) } catch {}
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    sink = await startMailSink()
    const proxyPort = await freePort()
    const baseURL = `http://127.0.0.1:${proxyPort}`
    for (let i = 0; i < servers; i++) ports.push(await freePort())
    const serverArgs = (i, extra) => [
      'serve', '--addr', `127.0.0.1:${ports[i]}`, '--db', dbURL.toString(), '--base-url', baseURL,
      '--smtp-url', sink.smtpURL, '--trusted-proxies', '127.0.0.1', ...extra, ...args
    ]
    const launch = async (serverEnv, withDemo) => {
      const envFor = { ...env, ...serverEnv }
      procs = [start('commons-1', commonsBin, serverArgs(0, withDemo ? ['--demo'] : []), envFor)]
      // The demo is loaded by one server; the others start on the loaded database. Without it,
      // all start at the same moment (migrating one database at once).
      if (withDemo) await waitHealthy(procs[0], `http://127.0.0.1:${ports[0]}`)
      for (let i = 1; i < servers; i++) procs.push(start(`commons-${i + 1}`, commonsBin, serverArgs(i, []), envFor))
      await Promise.all(procs.map((p, i) => waitHealthy(p, `http://127.0.0.1:${ports[i]}`)))
    }
    await launch({}, demo)
    writeFileSync(path.join(dir, 'nginx.conf'), nginxConfig(dir, proxyPort, ports.map((p) => `127.0.0.1:${p}`)))
    proxy = start('nginx', findProgram('nginx', ['/usr/sbin']), ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'nginx-error.log')])
    await waitHealthy(proxy, baseURL, 20_000)
    return {
      baseURL,
      mail: sink.mail,
      dir,
      servers,
      psql,
      // restart stops every server and starts them all again at the same moment (with more
      // environment), as after an upgrade: their background jobs all run at once.
      async restart (serverEnv = {}) {
        await Promise.all(procs.map((p) => p.stop()))
        await launch(serverEnv, false)
      },
      logs: () => [...procs.map((p) => `--- ${p.name}\n${p.output()}`), `--- nginx\n${proxy?.output() ?? ''}`, `--- smtpsink\n${sink.output()}`].join('\n'),
      stop
    }
  } catch (err) {
    const logs = procs.map((p) => `--- ${p.name}\n${p.output()}`).join('\n')
    await stop()
    err.message += `\n${logs}`
    throw err
  }
}
