// Technician command: make this PC a station of the provincial hub.
//   npm run provision -- --file E:\lectern-provision.json
//   npm run provision -- --hub URL --site CODE --token TOKEN --name 一教室 --technician-pin 482913
//   npm run provision -- reset-technician-pin --reset-file lectern-pin-reset.json --pin NEW
// The hub checks the site and token before anything is written (provisioning.ts); a refusal
// is one line with the hub's reason and a non-zero exit.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CliError, parseCommandLine, runCli, usageError } from '../../common/node/cli.ts';
import { provisionText } from '../../common/provision-messages.ts';
import { defaultDataDir } from '../runtime/data-dir.ts';
import { readEnrollment, type StoredEnrollment } from './identity.ts';
import {
  findProvisionFile,
  parseProvisionInput,
  provisionStation,
  ProvisionError,
  readProvisionFile,
  type ProvisionInput,
} from './provisioning.ts';
import { resetTechnicianPin } from './technician-reset.ts';
import { stationConfigPath } from './station-config.ts';

const USAGE = `用法 / Usage:
  npm run provision -- --file lectern-provision.json [--offline] [--data DIR]
  npm run provision -- --from-usb [--offline]          在 U 盘根目录查找 lectern-provision.json / look on USB drives
  npm run provision -- --hub URL --site CODE --token TOKEN --name 教室名称 --technician-pin PIN
                       [--kiosk-port 18640] [--offline] [--data DIR]
  npm run provision -- reset-technician-pin --reset-file lectern-pin-reset.json --pin NEW [--data DIR]

  平台先核对站点代码和注册令牌，核对通过后才写入配置；--offline 在无网络时跳过核对，本机首次联网时注册。
  The hub checks the site code and token before anything is written; --offline skips the check
  where there is no network, and the station enrolls at its first contact.
  lectern-provision.json: { "hubUrl", "siteCode", "enrollmentToken", "classroomName", "technicianPin", "kioskPort"? }`;

function readStationEnrollment(dataDir: string): StoredEnrollment | null {
  const file = path.join(dataDir, 'ledger.db');
  if (!fs.existsSync(file)) return null;
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return readEnrollment(db);
  } catch (error) {
    throw new CliError(`无法读取 ${file}`, `cannot read ${file}: ${(error as Error).message}`);
  } finally {
    db?.close();
  }
}

function problemsError(error: ProvisionError): CliError {
  return new CliError(
    error.problems.map((problem) => provisionText(problem, 'zh')).join('；'),
    error.problems.map((problem) => provisionText(problem, 'en')).join('; '),
  );
}

await runCli('provision', USAGE, async () => {
  const { values, positionals } = parseCommandLine({
    file: { type: 'string' },
    'from-usb': { type: 'boolean', default: false },
    hub: { type: 'string' },
    site: { type: 'string' },
    token: { type: 'string' },
    name: { type: 'string' },
    'technician-pin': { type: 'string' },
    'kiosk-port': { type: 'string' },
    offline: { type: 'boolean', default: false },
    data: { type: 'string' },
    'reset-file': { type: 'string' },
    pin: { type: 'string' },
  });
  const dataDir = path.resolve(values.data ?? defaultDataDir());
  try {
    if (positionals[0] === 'reset-technician-pin') {
      if (!values['reset-file'] || !values.pin)
        throw usageError('需要 --reset-file 和 --pin', 'reset-technician-pin needs --reset-file and --pin');
      const enrollment = readStationEnrollment(dataDir);
      resetTechnicianPin({ dataDir, enrollment, document: readJsonFile(values['reset-file']), pin: values.pin });
      console.log('技术员 PIN 已重置 / The technician PIN was reset.');
      return;
    }
    if (positionals.length > 0) throw usageError(`未知命令 ${positionals[0]}`, `unknown command ${positionals[0]}`);

    let input: ProvisionInput;
    if (values.file || values['from-usb']) {
      const file = values.file ?? findProvisionFile();
      if (!file)
        throw new CliError('U 盘上没有找到 lectern-provision.json', 'no lectern-provision.json found on a USB drive');
      input = readProvisionFile(file);
    } else {
      if (values.hub === undefined && values.site === undefined && values.token === undefined)
        throw usageError('请给出 --file，或 --hub、--site、--token 等', 'give --file, or --hub, --site, --token …');
      const port = values['kiosk-port'];
      input = parseProvisionInput({
        hubUrl: values.hub,
        siteCode: values.site,
        enrollmentToken: values.token,
        classroomName: values.name,
        technicianPin: values['technician-pin'],
        kioskPort: port === undefined ? undefined : /^\d+$/.test(port) ? Number(port) : port,
      });
    }
    const result = await provisionStation({
      dataDir,
      input,
      hub: values.offline ? 'skip' : 'required',
      enrollment: readStationEnrollment(dataDir),
    });
    console.log(
      result.checked
        ? `平台已核对站点 ${input.siteCode}（${result.siteName}）和令牌。已写入 ${stationConfigPath(dataDir)}；本机下次启动时注册。\nThe hub accepted site ${input.siteCode} and the token. Wrote ${stationConfigPath(dataDir)}; the station enrolls at its next start.`
        : `已写入 ${stationConfigPath(dataDir)}（未联网核对）；本机首次联网时注册。\nWrote ${stationConfigPath(dataDir)} without asking the hub; the station enrolls at its first contact.`,
    );
  } catch (error) {
    if (error instanceof ProvisionError) throw problemsError(error);
    throw error;
  }
});

function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CliError(`无法读取 ${file}`, `cannot read ${file}: ${(error as Error).message}`);
  }
}
