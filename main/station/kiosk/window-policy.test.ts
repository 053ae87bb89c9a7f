import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decideDownload,
  decideNavigation,
  decidePermission,
  decideWindowOpen,
  isTrustedSender,
  kioskWindowOptions,
} from './window-policy.ts';

test('only the app itself may be navigated to', () => {
  assert.equal(decideNavigation('lectern://app/'), 'allow');
  assert.equal(decideNavigation('lectern://app/library?x=1#fault'), 'allow');
  for (const url of [
    'https://example.com/',
    'file:///etc/passwd',
    'http://127.0.0.1:8080/',
    'lectern://evil/',
    'javascript:alert(1)',
    'not a url',
    '',
  ]) {
    assert.equal(decideNavigation(url), 'deny', url);
  }
});

test('windows, permissions and downloads are all refused', () => {
  assert.equal(decideWindowOpen('lectern://app/'), 'deny');
  for (const permission of [
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'fullscreen',
    'openExternal',
    'hid',
    'serial',
  ]) {
    assert.equal(decidePermission(permission), false, permission);
  }
  assert.deepEqual(decideDownload('https://example.com/a.exe', 'a.exe'), { action: 'cancel' });
  assert.deepEqual(decideDownload('blob:https://example.com/1234', 'x.csv'), { action: 'cancel' });
});

test("the app's own reports are saved into exports/ under a name that stays there", () => {
  assert.deepEqual(decideDownload('blob:lectern://app/5f1c', '考勤_县处级班.csv'), {
    action: 'save-to-exports',
    fileName: '考勤_县处级班.csv',
  });
  assert.deepEqual(decideDownload('blob:lectern://app/5f1c', '../../etc/passwd'), {
    action: 'save-to-exports',
    fileName: 'passwd',
  });
  assert.deepEqual(decideDownload('blob:lectern://app/5f1c', '..\\..\\win.ini'), {
    action: 'save-to-exports',
    fileName: 'win.ini',
  });
  assert.deepEqual(decideDownload('blob:lectern://app/5f1c', 'a:b*c?.xlsx'), {
    action: 'save-to-exports',
    fileName: 'a_b_c_.xlsx',
  });
  assert.deepEqual(decideDownload('blob:lectern://app/5f1c', '...'), { action: 'save-to-exports', fileName: 'export' });
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
    {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      devTools: false,
      preload: '/app/preload.cjs',
    },
  );
  const dev = kioskWindowOptions({ preloadPath: '/p', devMode: true });
  assert.equal(dev.kiosk, false);
  assert.equal(dev.webPreferences?.devTools, true);
  assert.equal(dev.webPreferences?.sandbox, true, 'even a development run stays sandboxed');
});
