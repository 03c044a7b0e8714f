// The front end's benchmark (not a test: it prints figures against goals). Run by `scripts/bench`
// after `cargo xtask dist` and a release build of the server.
//
// 1. Static files on one kept-alive connection: ten requests for index.html, each answer's time.
//    Without TCP_NODELAY each took ~44 ms (Nagle's algorithm meeting delayed ACKs).
// 2. Lighthouse (npm, pinned) in its mobile preset — simulated 150 ms RTT, 1.6 Mbps, 4× CPU
//    slowdown, a phone's screen — on sign-in, home, a self-assessment domain page and results,
//    in Debian's Chromium: LCP, TBT, CLS and bytes against the goals.
// 3. A repeat visit offline in Playwright: after one online visit, with the network cut, how
//    long until the page is interactive (its heading shown by the app).

import http from 'node:http';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { launchBrowser, newPage, sessionCookie, signIn, startServer, waitForServiceWorker } from '../e2e/harness.mjs';

const GOALS = { lcp: 2000, tbt: 200, cls: 0.05, offline: 1000 };
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const server = await startServer();
try {
  await keptAlive(server.url);
  const practitioner = await sessionCookie(server.url, 'practitioner@touchstone.example');
  const workforce = await sessionCookie(server.url, 'workforce@touchstone.example');
  const domainPage = await someDomainPage(server.url, practitioner);
  await lighthouseRuns(server.url, [
    { name: 'sign-in', path: '/sign-in' },
    { name: 'home', path: '/', cookie: practitioner },
    { name: 'self-assessment domain', path: domainPage, cookie: practitioner },
    { name: 'results', path: '/results', cookie: workforce },
  ]);
  await offlineRepeatVisit(server.url);
} finally {
  await server.stop();
}

async function keptAlive(base) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const times = [];
  for (let i = 0; i < 10; i += 1) {
    const start = process.hrtime.bigint();
    await new Promise((ok, fail) => {
      http.get(`${base}/index.html`, { agent }, (res) => { res.resume(); res.on('end', ok); }).on('error', fail);
    });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  agent.destroy();
  console.log(`index.html ten times on one kept-alive connection: ${times.map((t) => t.toFixed(1)).join(', ')} ms`
    + ` (slowest ${Math.max(...times).toFixed(1)} ms; a stall would be ~40 ms each)`);
}


/** A domain page of one of the practitioner's submitted self-assessments. */
async function someDomainPage(base, cookie) {
  const response = await fetch(`${base}/api/sync/pull?cursor=0`, { headers: { cookie } });
  const { changes } = await response.json();
  const assessment = changes.map((c) => c.record).find((r) => r.entity === 'self_assessment' && r.payload);
  const domain = Object.keys(assessment.payload.domains)[0];
  return `/assessments/${assessment.id}/domains/${domain}`;
}

async function lighthouseRuns(base, pages) {
  const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium', chromeFlags: FLAGS });
  try {
    console.log('\nLighthouse, mobile preset (simulated throttling):');
    console.log(`  ${'page'.padEnd(24)} ${'LCP'.padStart(8)} ${'TBT'.padStart(8)} ${'CLS'.padStart(6)} ${'bytes'.padStart(9)} ${'TTI'.padStart(8)}`);
    for (const page of pages) {
      const run = () => lighthouse(`${base}${page.path}`, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance'],
        extraHeaders: page.cookie ? { Cookie: page.cookie } : undefined,
      });
      let { lhr } = await run();
      // A run can fail on its own (Lighthouse against this Chromium, now and then): say why, and
      // measure once more.
      if (lhr.runtimeError) {
        console.log(`  (${page.name}: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}; running it again)`);
        ({ lhr } = await run());
      }
      const audit = (id) => lhr.audits[id]?.numericValue ?? NaN;
      const lcp = audit('largest-contentful-paint');
      const tbt = audit('total-blocking-time');
      const cls = audit('cumulative-layout-shift');
      const bytes = audit('total-byte-weight');
      const tti = audit('interactive');
      const mark = (value, goal) => (value <= goal ? 'ok' : 'OVER');
      console.log(`  ${page.name.padEnd(24)} ${(lcp / 1000).toFixed(2).padStart(6)} s ${tbt.toFixed(0).padStart(5)} ms`
        + ` ${cls.toFixed(3).padStart(6)} ${(bytes / 1000).toFixed(0).padStart(6)} KB ${(tti / 1000).toFixed(2).padStart(6)} s`
        + `   LCP ${mark(lcp, GOALS.lcp)}, TBT ${mark(tbt, GOALS.tbt)}, CLS ${mark(cls, GOALS.cls)}`);
    }
    console.log(`  goals: LCP ≤ ${GOALS.lcp / 1000} s, TBT ≤ ${GOALS.tbt} ms, CLS ≤ ${GOALS.cls}`);
  } finally {
    chrome.kill();
  }
}

async function offlineRepeatVisit(base) {
  const browser = await launchBrowser();
  try {
    const page = await newPage(browser, base, { expectNetworkErrors: true });
    await signIn(page, 'practitioner@touchstone.example');
    await page.waitForSelector('h1:has-text("Hello")');
    await waitForServiceWorker(page);
    await page.context().setOffline(true);
    const times = [];
    for (let i = 0; i < 5; i += 1) {
      await page.goto('/');
      await page.waitForSelector('main h1:has-text("Hello")');
      times.push(await page.evaluate(() => performance.now()));
    }
    times.sort((a, b) => a - b);
    const median = times[2];
    console.log(`\nRepeat visit offline (home, served by the service worker), interactive after: `
      + `median ${median.toFixed(0)} ms of 5 (goal ≤ ${GOALS.offline} ms) ${median <= GOALS.offline ? 'ok' : 'OVER'}`);
  } finally {
    await browser.close();
  }
}
