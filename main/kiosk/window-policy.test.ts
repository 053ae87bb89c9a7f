import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideDownload, decideNavigation, decidePermission, decideWindowOpen, isTrustedSender, kioskWindowOptions } from './window-policy.ts';

test('only the app itself may be navigated to', () => {
  assert.equal(decideNavigation('lectern://app/'), 'allow');
  assert.equal(decideNavigation('lectern://app/library?x=1#fault'), 'allow');
  for (const url of ['https://example.com/', 'file:///etc/passwd', 'http://127.0.0.1:8080/', 'lectern://evil/', 'javascript:alert(1)', 'not a url', '']) {
    assert.equal(decideNavigation(url), 'deny', url);
  }
});

test('windows, permissions and downloads are all refused', () => {
  assert.equal(decideWindowOpen('lectern://app/'), 'deny');
  for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'fullscreen', 'openExternal', 'hid', 'serial']) {
    assert.equal(decidePermission(permission), false, permission);
  }
  assert.equal(decideDownload('https://example.com/a.exe'), 'cancel');
});

test('IPC is trusted only from frames showing the app', () => {
  assert.equal(isTrustedSender('lectern://app/'), true);
  assert.equal(isTrustedSender('https://example.com/'), false);
  assert.equal(isTrustedSender('about:blank'), false);
  assert.equal(isTrustedSender(undefined), false);
});

test('the kiosk window is isolated and sandboxed; devtools only in a development run', () => {
  const kiosk = kioskWindowOptions({ preloadPath: '/app/preload.cjs', devMode: false });
  assert.equal(kiosk.kiosk, true);
  assert.deepEqual(
    {
      contextIsolation: kiosk.webPreferences?.contextIsolation,
      sandbox: kiosk.webPreferences?.sandbox,
      nodeIntegration: kiosk.webPreferences?.nodeIntegration,
      webviewTag: kiosk.webPreferences?.webviewTag,
      devTools: kiosk.webPreferences?.devTools,
      preload: kiosk.webPreferences?.preload,
    },
    { contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, devTools: false, preload: '/app/preload.cjs' },
  );
  const dev = kioskWindowOptions({ preloadPath: '/p', devMode: true });
  assert.equal(dev.kiosk, false);
  assert.equal(dev.webPreferences?.devTools, true);
  assert.equal(dev.webPreferences?.sandbox, true, 'even a development run stays sandboxed');
});
