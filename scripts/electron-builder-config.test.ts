// The packaging configuration, checked where it cannot be built (no Electron binary here):
// electron-builder's own loader and schema accept both configurations, and they say what the
// installers must do; the kiosk units and scripts are checked as far as this machine can
// (systemd's own verifier, bash -n; the PowerShell scripts by what they must call); the
// Electron shell keeps its hardening; `npm run package` without a binary skips visibly.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { tempDir } from '../test/support/temp-dir.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const quiet = { isEnabled: false, add: () => undefined } as never;

async function config(file: string): Promise<Configuration> {
  const loaded = await getConfig(root, path.join(root, file), null);
  await validateConfiguration(loaded, quiet);
  return loaded;
}

test('the installers: NSIS per machine with autostart, deb and AppImage for x64 and arm64, native modules unpacked, fuses set', async () => {
  const release = await config('electron-builder.yml');
  assert.equal(release.appId, 'cn.lectern.station');
  assert.equal(release.npmRebuild, false);
  assert.ok((release.asarUnpack as string[]).includes('node_modules/better-sqlite3/**'));
  assert.ok((release.asarUnpack as string[]).includes('**/*.node'));
  assert.deepEqual(release.electronFuses, {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  });
  assert.deepEqual(release.win?.target, [{ target: 'nsis', arch: ['x64'] }]);
  assert.equal(release.nsis?.perMachine, true);
  assert.equal(release.nsis?.oneClick, false);
  const include = read(release.nsis!.include!);
  assert.match(include, /customInstall[\s\S]*WriteRegStr HKLM "Software\\Microsoft\\Windows\\CurrentVersion\\Run"/);
  assert.match(include, /customUnInstall[\s\S]*DeleteRegValue HKLM/);
  // Signing settings: SHA-256, timestamped, the publisher electron-updater checks; the
  // certificate itself only ever from the build machine's environment.
  assert.deepEqual(release.win?.signtoolOptions?.signingHashAlgorithms, ['sha256']);
  assert.match(String(release.win?.signtoolOptions?.rfc3161TimeStampServer), /^https?:\/\//);
  assert.ok(release.win?.signtoolOptions?.publisherName);
  assert.equal(release.win?.verifyUpdateCodeSignature, true);
  assert.doesNotMatch(read('electron-builder.yml'), /certificatePassword|cscKeyPassword|\.pfx|\.p12/);
  assert.deepEqual(release.linux?.target, [
    { target: 'AppImage', arch: ['x64', 'arm64'] },
    { target: 'deb', arch: ['x64', 'arm64'] },
  ]);
  assert.ok(fs.existsSync(path.join(root, release.deb!.afterInstall!)));
  assert.deepEqual(release.publish, { provider: 'generic', url: 'http://127.0.0.1:8640/v1/updates/' });
});

test('the e2e variant has its own app id and only the inspect fuse differs', async () => {
  const release = await config('electron-builder.yml');
  const e2e = await config('electron-builder.e2e.yml');
  assert.equal(e2e.appId, 'cn.lectern.station.e2e');
  assert.notEqual(e2e.productName, release.productName);
  assert.deepEqual(e2e.electronFuses, { ...release.electronFuses, enableNodeCliInspectArguments: true });
});

test('the Linux kiosk units run the station under cage as lectern on tty1, restarted always', (t) => {
  for (const unit of ['lectern-kiosk.service', 'lectern-kiosk-browser.service']) {
    const text = read(`installers/linux/${unit}`);
    for (const line of [
      'User=lectern',
      'PAMName=login',
      'TTYPath=/dev/tty1',
      'Restart=always',
      'Conflicts=getty@tty1.service',
    ])
      assert.ok(text.split('\n').includes(line), `${unit}: ${line}`);
    assert.match(text, /^ExecStart=\/usr\/bin\/cage (-d )?-s -- /m);
  }
  assert.match(read('installers/linux/lectern-kiosk-browser.service'), /main\/web\/cli\.ts --kiosk/);
  for (const script of ['installers/linux/setup-kiosk.sh', 'installers/linux/deb-after-install.sh'])
    execFileSync('bash', ['-n', path.join(root, script)]);
  const verify = spawnSync(
    'systemd-analyze',
    [
      'verify',
      ...['lectern-kiosk.service', 'lectern-kiosk-browser.service'].map((unit) =>
        path.join(root, 'installers/linux', unit),
      ),
    ],
    { encoding: 'utf8' },
  );
  if (verify.error) return t.skip('systemd-analyze is not installed');
  // cage itself need not be installed on a build machine; anything else systemd says is a fault.
  const complaints = `${verify.stdout}${verify.stderr}`
    .split('\n')
    .filter((line) => line.trim() && !/cage is not executable/.test(line));
  assert.deepEqual(complaints, []);
});

test('the Windows kiosk scripts set Shell Launcher for the station user, restarting the shell, and can be undone', () => {
  const setup = read('installers/windows/setup-kiosk.ps1');
  for (const pattern of [
    /Set-StrictMode -Version Latest/,
    /\$ErrorActionPreference = 'Stop'/,
    /WindowsBuiltInRole\]::Administrator/,
    /Enable-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher/,
    /root\\standardcimv2\\embedded:WESL_UserSetting/,
    /\$RestartShell = 0/,
    /SetCustomShell\(\$sid, .*\$AppPath.*\$RestartShell\)/,
    /SetDefaultShell\('explorer\.exe'/,
    /AutoAdminLogon -Value '1'/,
  ])
    assert.match(setup, pattern);
  const remove = read('installers/windows/remove-kiosk.ps1');
  assert.match(remove, /RemoveCustomShell/);
  assert.match(remove, /AutoAdminLogon -Value '0'/);
  assert.match(remove, /Remove-ItemProperty .*DefaultPassword/);
});

test('the Electron shell is hardened: sandbox, handlers on every web contents, dev mode only unpackaged', () => {
  const main = read('main/electron/main.ts');
  assert.match(main, /app\.enableSandbox\(\);/);
  assert.ok(main.indexOf('app.enableSandbox()') < main.indexOf('app\n    .whenReady()'), 'before ready');
  assert.match(main, /const devMode = process\.env\.LECTERN_DEV === '1' && !app\.isPackaged;/);
  const created = main.slice(main.indexOf("app.on('web-contents-created'"), main.indexOf("app.on('session-created'"));
  for (const hook of [
    "'will-navigate'",
    "'will-redirect'",
    "'will-frame-navigate'",
    'setWindowOpenHandler',
    "'will-attach-webview'",
  ])
    assert.ok(created.includes(hook), hook);
  assert.match(main, /app\.on\('session-created'[\s\S]*setPermissionRequestHandler/);
});

test('npm run package without an Electron binary says it skips, and builds nothing', (t) => {
  const empty = tempDir(t);
  const result = spawnSync(process.execPath, [path.join(root, 'scripts/package.ts')], {
    cwd: root,
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty },
    encoding: 'utf8',
  });
  assert.equal(result.status, 0);
  assert.match(result.stdout, /^SKIP packaging: ELECTRON_OVERRIDE_DIST_PATH is set but .* does not exist/);
  assert.equal(fs.existsSync(path.join(root, 'release')), false);
});
