// The browser shell over real HTTP and WebSocket on 127.0.0.1.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import WebSocket from 'ws';
import { tempDir } from '../../test/support/temp-dir.ts';
import { silentLogger } from '../runtime/logger.ts';
import { startStationCore } from '../app/start-station.ts';
import { startWebShell, MAX_BODY_BYTES } from './web-shell-server.ts';

async function startShell(t: TestContext) {
  const dataDir = tempDir(t);
  const rendererDir = path.join(dataDir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>test renderer</title>');
  const core = startStationCore({ dataDir, version: '9.9.9', runtime: 'web', log: silentLogger });
  core.databases.ledger.db!.prepare("INSERT INTO station_meta VALUES ('station_id', 'st-test')").run();
  const shell = await startWebShell({ core, rendererDir, log: silentLogger });
  t.after(async () => {
    await shell.close();
    await core.close();
  });
  const call = (
    channel: string,
    body: string | undefined,
    headers: Record<string, string> = { authorization: `Bearer ${shell.token}` },
  ) =>
    fetch(`${shell.origin}/api/invoke/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  const ledgerRows = () => core.databases.ledger.db!.prepare('SELECT * FROM station_meta').all();
  return { shell, core, call, ledgerRows };
}

function openSocket(
  url: string,
  protocols: string[],
  headers: Record<string, string> = {},
): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

test('the launch URL is on 127.0.0.1 and carries the token in the fragment only', async (t) => {
  const { shell } = await startShell(t);
  assert.match(shell.launchUrl, /^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{20,}$/);
});

test('station.info answers with the token', async (t) => {
  const { call } = await startShell(t);
  const response = await call('station.info', '{}');
  assert.equal(response.status, 200);
  const body = (await response.json()) as { ok: boolean; value: { version: string; stationId: string } };
  assert.equal(body.value.version, '9.9.9');
  assert.equal(body.value.stationId, 'st-test');
});

test('bad requests get typed errors, the process keeps serving and nothing stored changes', async (t) => {
  const { call, ledgerRows, shell } = await startShell(t);
  const before = ledgerRows();
  const cases: [string, Promise<Response>, number, string][] = [
    ['no token', call('station.info', '{}', {}), 401, 'UNAUTHORIZED'],
    ['wrong token', call('station.info', '{}', { authorization: 'Bearer nope' }), 401, 'UNAUTHORIZED'],
    ['malformed payload', call('display.setPlaying', '{"playing":"yes"}'), 400, 'VALIDATION'],
    ['unknown field', call('station.info', '{"drop":"table"}'), 400, 'VALIDATION'],
    ['not JSON', call('station.info', '{"unterminated'), 400, 'VALIDATION'],
    ['unknown channel', call('station.reformat', '{}'), 404, 'UNKNOWN_CHANNEL'],
    ['oversize body', call('station.info', 'x'.repeat(MAX_BODY_BYTES + 1)), 413, 'VALIDATION'],
    ['unknown endpoint', fetch(`${shell.origin}/api/nothing`), 404, 'UNKNOWN_CHANNEL'],
  ];
  for (const [name, pending, status, code] of cases) {
    const response = await pending;
    assert.equal(response.status, status, name);
    const body = (await response.json()) as { ok: boolean; error: { code: string; message: string } };
    assert.equal(body.ok, false, name);
    assert.equal(body.error.code, code, name);
    assert.ok(body.error.message.length > 0, name);
  }
  assert.deepEqual(ledgerRows(), before);
  assert.equal((await call('station.health', '{}')).status, 200, 'still serving');
});

/** A request written by hand (fetch would normalise the target); answers the status code. */
function rawRequest(port: number, target: string, headers: string[] = []): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () =>
      socket.write(
        [`GET ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...headers, 'Connection: close', '', ''].join('\r\n'),
      ),
    );
    let head = '';
    socket.on('data', (chunk) => {
      head += String(chunk);
      const line = head.split('\r\n')[0]!;
      if (head.includes('\r\n')) {
        socket.destroy();
        resolve(Number(line.split(' ')[1]));
      }
    });
    socket.on('error', reject);
  });
}

test('bad percent-encoding is a 400 once the token is checked, on API and other paths', async (t) => {
  const { call, shell } = await startShell(t);
  const bad = await call('%E0%A4%A', '{}');
  assert.equal(bad.status, 400);
  const body = (await bad.json()) as { ok: boolean; error: { code: string } };
  assert.deepEqual([body.ok, body.error.code], [false, 'VALIDATION']);
  assert.equal((await call('station.info%zz', '{}')).status, 400);
  assert.equal((await call('%E0%A4%A', '{}', {})).status, 401, 'the token is checked before the path is decoded');
  assert.equal((await fetch(`${shell.origin}/%E0%A4%A`)).status, 400);
  assert.equal((await fetch(`${shell.origin}/assets/%E0%A4%A.js`)).status, 400);
  assert.equal((await fetch(`${shell.origin}/media/%E0%A4%A`)).status, 401, 'media: the session comes first');
  assert.equal((await call('station.health', '{}')).status, 200, 'still serving');
});

test('a request target that is no path answers 400, also on an upgrade, and the station keeps serving', async (t) => {
  const { call, shell } = await startShell(t);
  const upgrade = ['Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='];
  for (const target of ['//[', '//evil.example/api/invoke/station.info', '/\\evil.example/']) {
    assert.equal(await rawRequest(shell.port, target), 400, target);
    assert.equal(await rawRequest(shell.port, target, ['Connection: Upgrade', ...upgrade]), 400, `upgrade ${target}`);
  }
  assert.equal((await call('station.health', '{}')).status, 200, 'still serving');
});

test('a request for another Host (DNS rebinding) is refused', async (t) => {
  const { shell } = await startShell(t);
  const status = await new Promise<number>((resolve) => {
    http
      .request({ host: '127.0.0.1', port: shell.port, path: '/', headers: { host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .end();
  });
  assert.equal(status, 421);
});

test('the renderer is served with a strict CSP and no path escapes its folder', async (t) => {
  const { shell } = await startShell(t);
  const page = await fetch(`${shell.origin}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /test renderer/);
  const csp = page.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  for (const escape of ['/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/etc/passwd']) {
    assert.equal((await fetch(`${shell.origin}${escape}`)).status, 404, escape);
  }
});

test('a WebSocket without the token is refused; with it, health events arrive', async (t) => {
  const { shell, core } = await startShell(t);
  const url = `ws://127.0.0.1:${shell.port}/api/events`;
  assert.equal(await openSocket(url, ['lectern.v1']), 401);
  assert.equal(await openSocket(url, ['lectern.v1', 'lectern.token.wrong']), 401);
  assert.equal(
    await openSocket(url, ['lectern.v1', `lectern.token.${shell.token}`], { origin: 'http://evil.example' }),
    403,
  );

  const ws = await openSocket(url, ['lectern.v1', `lectern.token.${shell.token}`], { origin: shell.origin });
  assert.ok(ws instanceof WebSocket);
  t.after(() => ws.close());
  const frame = new Promise<{ event: string; payload: { status: string } }>((resolve) =>
    ws.once('message', (data) => resolve(JSON.parse(String(data)))),
  );
  core.bus.publish('station.healthChanged', {
    status: 'degraded',
    ledgerWritable: true,
    checks: [],
    checkedAt: new Date().toISOString(),
  });
  const received = await frame;
  assert.equal(received.event, 'station.healthChanged');
  assert.equal(received.payload.status, 'degraded');
});

test('media needs the session cookie that only a token holder can get', async (t) => {
  const dataDir = tempDir(t);
  const core = startStationCore({ dataDir, version: '1', runtime: 'web', log: silentLogger });
  const shell = await startWebShell({
    core,
    rendererDir: dataDir,
    mediaHandler: async (request) => new Response(`media for ${new URL(request.url).pathname}`, { status: 200 }),
    log: silentLogger,
  });
  t.after(async () => {
    await shell.close();
    await core.close();
  });
  const mediaUrl = `${shell.origin}/media/${'a'.repeat(64)}`;
  assert.equal((await fetch(mediaUrl)).status, 401);
  assert.equal((await fetch(`${shell.origin}/api/session`, { method: 'POST' })).status, 401);

  const session = await fetch(`${shell.origin}/api/session`, {
    method: 'POST',
    headers: { authorization: `Bearer ${shell.token}` },
  });
  assert.equal(session.status, 204);
  const cookie = session.headers.get('set-cookie') ?? '';
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  const media = await fetch(mediaUrl, { headers: { cookie: cookie.split(';')[0]! } });
  assert.equal(media.status, 200);
  assert.equal(await media.text(), `media for /media/${'a'.repeat(64)}`);
  assert.equal((await fetch(mediaUrl, { headers: { cookie: 'lectern_media=wrong' } })).status, 401);
});
