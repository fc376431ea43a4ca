// Opens jobbro's GraphiQL from a ready link in headless Chromium with every request to another
// host refused, runs a caseworker query from the page and checks the answer. Fails when the page
// tried to reach another host, logged an error, got an error answer from its own server, or did
// not show the result within 30 seconds.
//
//   node check.mjs 'http://127.0.0.1:8080/graphiql#token=<jwt>'
//
// CHROMIUM overrides the browser binary (default /usr/bin/chromium).
import { chromium } from 'playwright-core';

const TIMEOUT_MS = 30_000;
const QUERY = '{ caseworker { me { name } caseload(first: 3) { nodes { givenName } } } }';
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

const link = process.argv[2];
if (!link || !/^https?:\/\/[^#]+#token=./.test(link)) {
  console.error("usage: node check.mjs 'http://127.0.0.1:PORT/graphiql#token=<jwt>'");
  process.exit(2);
}
const token = new URLSearchParams(new URL(link).hash.slice(1)).get('token');

const INLINE = ['data:', 'blob:', 'about:'];
const isLocal = (url) => {
  const u = new URL(url);
  return INLINE.includes(u.protocol) || LOCAL_HOSTS.has(u.hostname);
};
const isThisServer = (url) => {
  const u = new URL(url);
  return INLINE.includes(u.protocol) || u.host === new URL(link).host;
};

const seen = {
  blocked: [], // requests to another host: refused, and a failure
  requests: [], // every request the page made
  badResponses: [], // answers of 400 and above from the local server
  consoleErrors: [],
  pageErrors: [],
  queryAuth: [], // the Authorization header of each POST of the query to /graphql
  resultPane: null, // the result pane's text, when it is not the expected answer
};
const checks = [];
const check = (ok, what) => checks.push({ ok: Boolean(ok), what });

const started = Date.now();
let waitingFor = 'Chromium to start';
const remaining = () => Math.max(1, TIMEOUT_MS - (Date.now() - started));
// Runs one step with the time left; on timeout, says what it was waiting for.
async function step(what, fn) {
  waitingFor = what;
  return fn(remaining());
}

const mask = (s) => s.replaceAll(token, '<token>');

function report(error) {
  const line = (label, items) =>
    console.log(`  ${label}: ${items.length === 0 ? 'none' : ''}` +
      items.map((i) => `\n    ${mask(i)}`).join(''));
  console.log(`GraphiQL in a browser, offline: ${link.replace(/#.*/, '#token=<token>')}`);
  line('requests to other hosts (refused)', seen.blocked);
  line('console errors', seen.consoleErrors);
  line('page errors', seen.pageErrors);
  line('local answers >= 400', seen.badResponses);
  const hosts = [...new Set(seen.requests.map((u) => new URL(u).host || new URL(u).protocol))];
  console.log(`  requests: ${seen.requests.length}, to ${hosts.join(', ') || '-'}`);
  if (seen.resultPane !== null) {
    console.log(`  result pane:\n${mask(seen.resultPane).replace(/^/gm, '    ')}`);
  }
  for (const c of checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.what}`);
  if (error) console.log(`  FAIL ${error}`);
  const passed = checks.filter((c) => c.ok).length;
  const failed = checks.length - passed + (error ? 1 : 0);
  console.log(`${failed === 0 ? 'PASS' : 'FAIL'}: ${passed} passed, ${failed} failed`);
  return failed === 0;
}

// Should a step hang past every timeout, still end with a verdict.
setTimeout(() => {
  console.log(`FAIL: still waiting for ${waitingFor} after ${TIMEOUT_MS / 1000 + 15} s`);
  process.exit(1);
}, TIMEOUT_MS + 15_000).unref();

let browser = null;
let error = null;
try {
  waitingFor = 'Chromium to start';
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    timeout: remaining(),
    args: [
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      // Belt and braces: no name but 127.0.0.1 resolves, so nothing leaves even if unrouted.
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
    ],
  });
  const context = await browser.newContext();
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    seen.blocked.push(`${route.request().method()} ${url}`);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('request', (r) => {
    seen.requests.push(r.url());
    if (r.method() === 'POST' && r.postData()?.includes('caseload')) {
      seen.queryAuth.push(r.headers().authorization ?? '');
    }
  });
  page.on('websocket', (ws) => {
    if (!isLocal(ws.url().replace(/^ws/, 'http'))) seen.blocked.push(`WebSocket ${ws.url()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) {
      seen.badResponses.push(`${r.status()} ${r.request().method()} ${r.url()}`);
    }
  });
  page.on('console', (m) => {
    if (m.type() === 'error') {
      const where = m.location()?.url;
      seen.consoleErrors.push(`${m.text()}${where ? ` (${where})` : ''}`);
    }
  });
  page.on('pageerror', (e) => seen.pageErrors.push(String(e?.message ?? e)));

  await step('the page to load', (timeout) => page.goto(link, { waitUntil: 'load', timeout }));
  await step('GraphiQL to render its query editor', (timeout) =>
    page.waitForSelector('.graphiql-query-editor .CodeMirror', { timeout }));
  check(!(await page.evaluate(() => location.hash)),
    'the token fragment was removed from the address bar');
  check((await page.title()) === 'jobbro GraphiQL', 'the page title is "jobbro GraphiQL"');

  await step('the Headers tab', (timeout) =>
    page.locator('.graphiql-editor-tools button', { hasText: 'Headers' }).click({ timeout }));
  // The editor shown under the Headers tab (the Variables editor is there too, hidden).
  const HEADERS_EDITOR = '.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror';
  const headersText = await step('the headers editor', async (timeout) => {
    await page.waitForSelector(HEADERS_EDITOR, { timeout });
    return page.$eval(HEADERS_EDITOR, (e) => e.CodeMirror.getValue());
  });
  let headers = {};
  try { headers = JSON.parse(headersText); } catch { /* checked below */ }
  check(headers.Authorization === `Bearer ${token}`,
    'the headers editor holds {"Authorization": "Bearer <token from the link>"}');

  await page.evaluate((q) => {
    document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(q);
  }, QUERY);
  await step('the run button', (timeout) => page.click('.graphiql-execute-button', { timeout }));
  const resultText = await step('"givenName" (or "errors") in the result pane', async (timeout) => {
    await page.waitForFunction(() => {
      const text = document.querySelector('.result-window .CodeMirror')?.CodeMirror.getValue();
      return text?.includes('"givenName"') || text?.includes('"errors"');
    }, null, { timeout, polling: 100 });
    return page.$eval('.result-window .CodeMirror', (e) => e.CodeMirror.getValue());
  });
  // A moment for anything the page would fetch after showing the result.
  await page.waitForTimeout(500);

  let result = {};
  try { result = JSON.parse(resultText); } catch { /* checked below */ }
  const nodes = result.data?.caseworker?.caseload?.nodes ?? [];
  const resultOk = !resultText.includes('"errors"') &&
    typeof result.data?.caseworker?.me?.name === 'string' &&
    nodes.length > 0 && nodes.every((n) => typeof n.givenName === 'string');
  check(!resultText.includes('"errors"'), 'the result has no "errors"');
  check(resultOk, 'the result has caseworker.me.name and caseload nodes with givenName ' +
    `(${nodes.length} of first: 3)`);
  if (!resultOk) seen.resultPane = resultText;
  check(seen.queryAuth.length > 0 && seen.queryAuth.every((a) => a === `Bearer ${token}`),
    'the query went to the server with the Authorization header from the headers editor');
} catch (e) {
  error = e?.name === 'TimeoutError'
    ? `gave up after ${TIMEOUT_MS / 1000} s waiting for ${waitingFor}`
    : `while waiting for ${waitingFor}: ${e?.message ?? e}`;
} finally {
  await browser?.close();
}

check(seen.blocked.length === 0, 'no request to another host was attempted');
check(seen.requests.length > 0 && seen.requests.every(isThisServer),
  "the page's requests all went to the server of the link");
check(seen.consoleErrors.length === 0 && seen.pageErrors.length === 0,
  'no console or page errors');
check(seen.badResponses.length === 0, 'no local answer of 400 or above');
process.exit(report(error) ? 0 : 1);
