// npm run hub-admin -- <command> [--data DIR] — administers a hub's data folder directly
// (SQLite in WAL mode, so the hub may be running). `--help` lists the commands; a mistake
// (unknown site, station or learner, a missing file) is one line and a non-zero exit.
import fs from 'node:fs';
import path from 'node:path';
import { CliError, parseCommandLine, runCli, usageError } from '../common/node/cli.ts';
import { createAdmin } from './admin.ts';
import { openHubDb } from './db.ts';

const USAGE = `用法 / Usage: npm run hub-admin -- <命令 command> [--data 平台数据目录 DIR]

  create-site CODE NAME                 新建站点（县级党校）/ create a site (a county school)
  create-token SITE [--ttl-hours N]     一次性注册令牌，默认 72 小时 / one-time enrollment token (72 h)
  publish-catalog FILE.json             发布课程目录 / publish catalogue changes
  publish-roster SITE FILE.json         发布学员名册 / publish the roster:
                                        { learners: [{ id, name, unit, level, cardNumber,
                                          organiser?: true, organiserPin?: "123456" }], delete?: [id] }
  set-organiser SITE LEARNER [--pin N | --clear-pin]
                                        设为单位管理员并设置/重置其 PIN / make an organiser, set or reset the PIN
  remove-organiser SITE LEARNER         取消管理员身份 / no longer an organiser
  technician-reset STATION [--out FILE] [--ttl-hours N]
                                        签发技术员 PIN 重置文件（拷到 U 盘）/ signed technician-PIN reset file
  publish-rules FILE.json               发布学时规则新版本 / publish a new rule version
  publish-update PLATFORM VERSION FILE… [--sites QS,XY]
                                        发布更新（windows | linux），由平台密钥签名；--sites 分批推送
                                        publish a signed update; --sites: a staged rollout
  revoke STATION                        吊销站点机密钥 / revoke a station's key
  import-events FILE                    导入站点机导出的事件（U 盘上的 events.ndjson.gz），如同推送
                                        / ingest a station's exported events as if pushed
  stations [--site CODE]                列出站点机 / list stations
  conflicts                             待审的冲突事件 / conflicting events to review
  rejected                              平台拒收的事件及原因 / events held apart, with the reason
  hours --from YYYY-MM-DD --to YYYY-MM-DD [--site CODE] [--json]   学时报表 / hours report`;

await runCli('hub-admin', USAGE, async () => {
  const { values, positionals } = parseCommandLine({
    data: { type: 'string', default: path.resolve('.lectern-data', 'hub') },
    'ttl-hours': { type: 'string' },
    site: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    json: { type: 'boolean', default: false },
    pin: { type: 'string' },
    'clear-pin': { type: 'boolean', default: false },
    out: { type: 'string' },
    sites: { type: 'string' },
  });
  const [command, ...args] = positionals;
  const need = (count: number, what: string) => {
    if (args.length < count || args.slice(0, count).some((arg) => arg === ''))
      throw usageError(`${command} 需要参数 ${what}`, `${command} needs ${what}`);
  };
  const readJson = (file: string | undefined): unknown => {
    if (!file) throw usageError(`${command} 需要一个 JSON 文件`, `${command} needs a JSON file`);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new CliError(`无法读取 ${file}`, `cannot read ${file}: ${(error as Error).message}`);
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new CliError(`${file} 不是有效的 JSON`, `${file} is not valid JSON: ${(error as Error).message}`);
    }
  };
  const ttlHours = () => {
    if (values['ttl-hours'] === undefined) return undefined;
    const hours = Number(values['ttl-hours']);
    if (!(hours > 0 && hours <= 24 * 365))
      throw usageError('--ttl-hours 须为正数', '--ttl-hours must be a positive number');
    return hours;
  };
  if (!command) throw usageError('缺少命令', 'no command given');

  if (!fs.existsSync(path.join(values.data, 'hub.db')) && command !== 'create-site')
    throw new CliError(
      `${values.data} 中没有平台数据（hub.db）；请用 --data 指定平台数据目录`,
      `no hub data (hub.db) in ${values.data}; point --data at the hub's data folder`,
    );
  let db: ReturnType<typeof openHubDb>;
  try {
    db = openHubDb(values.data);
  } catch (error) {
    throw new CliError(
      `无法打开平台数据目录 ${values.data}`,
      `cannot open ${values.data}: ${(error as Error).message}`,
    );
  }
  const admin = createAdmin(db, values.data, Date.now);
  try {
    switch (command) {
      case 'create-site': {
        need(2, 'CODE NAME');
        const site = admin.createSite({ code: args[0]!, name: args[1]! });
        console.log(`站点 ${site.code}（${site.name}）已创建 / Site ${site.code} created.`);
        break;
      }
      case 'create-token': {
        need(1, 'SITE');
        const { token, expiresAt } = admin.createEnrollmentToken({ siteCode: args[0]!, ttlHours: ttlHours() });
        console.log(
          `${token}\n（一台站点机，站点 ${args[0]}，有效期至 / one station, site ${args[0]}, until ${new Date(expiresAt).toISOString()}）`,
        );
        break;
      }
      case 'publish-catalog': {
        const { rev } = await admin.publishCatalogChanges(
          readJson(args[0]) as Parameters<typeof admin.publishCatalogChanges>[0],
        );
        console.log(
          rev === 0 ? '无变化 / Nothing changed.' : `已发布，目录版本 ${rev} / Published; catalogue rev ${rev}.`,
        );
        break;
      }
      case 'publish-roster': {
        need(2, 'SITE FILE.json');
        const { rev } = admin.publishRoster({ siteCode: args[0]!, ...(readJson(args[1]) as object) });
        console.log(
          rev === 0 ? '无变化 / Nothing changed.' : `已发布，名册版本 ${rev} / Published; roster rev ${rev}.`,
        );
        break;
      }
      case 'set-organiser':
      case 'remove-organiser': {
        need(2, 'SITE LEARNER');
        if (values.pin !== undefined && values['clear-pin'])
          throw usageError('--pin 与 --clear-pin 只能选一个', '--pin and --clear-pin exclude each other');
        const organiser = command === 'set-organiser';
        const pin = values['clear-pin'] ? null : values.pin;
        admin.setOrganiser({ siteCode: args[0]!, learnerId: args[1]!, organiser, pin });
        console.log(
          organiser
            ? `${args[1]} 是站点 ${args[0]} 的单位管理员${pin ? '，PIN 已设置' : pin === null ? '，PIN 已清除' : ''}；站点机下次同步后生效 / ${args[1]} is an organiser of ${args[0]}; stations learn it at their next sync.`
            : `${args[1]} 不再是管理员 / ${args[1]} is no longer an organiser.`,
        );
        break;
      }
      case 'technician-reset': {
        need(1, 'STATION');
        const document = admin.technicianPinReset({ stationId: args[0]!, ttlHours: ttlHours() });
        const out = path.resolve(values.out ?? 'lectern-pin-reset.json');
        fs.writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
        console.log(
          `已写入 ${out}：拷到 U 盘，在站点机技术员页面选择“重置技术员 PIN”（一次有效）/ Wrote ${out}: carry it to the station on a USB drive (valid once).`,
        );
        break;
      }
      case 'publish-rules': {
        const { version } = admin.publishRuleVersion(
          readJson(args[0]) as Parameters<typeof admin.publishRuleVersion>[0],
        );
        console.log(`规则版本 ${version} 已发布 / Rule version ${version} published.`);
        break;
      }
      case 'publish-update': {
        const [platform, version, ...files] = args;
        if ((platform !== 'windows' && platform !== 'linux') || !version || files.length === 0)
          throw usageError(
            'publish-update 需要 windows|linux、版本号和文件',
            'publish-update needs windows|linux VERSION FILE…',
          );
        const sites = values.sites
          ?.split(',')
          .map((code) => code.trim())
          .filter(Boolean);
        console.log(admin.publishUpdate({ platform, version, files, sites }).yml);
        break;
      }
      case 'revoke': {
        need(1, 'STATION');
        console.log(
          admin.revokeStation(args[0]!).revoked
            ? `站点机 ${args[0]} 已吊销 / Station ${args[0]} revoked; its requests are refused from now on.`
            : `站点机 ${args[0]} 早已吊销 / Station ${args[0]} was revoked already.`,
        );
        break;
      }
      case 'import-events': {
        need(1, 'FILE');
        const imported = await admin.importEvents(args[0]!).catch((error: Error) => {
          throw new CliError(`无法导入 ${args[0]}`, `cannot import ${args[0]}: ${error.message}`);
        });
        for (const s of imported)
          console.log(
            `站点机 ${s.stationId}：${s.events} 条事件，新增 ${s.accepted}，已有 ${s.duplicates}，拒收 ${s.rejected}，冲突 ${s.conflicts} / Station ${s.stationId}: ${s.events} events — ${s.accepted} new, ${s.duplicates} already held, ${s.rejected} held apart, ${s.conflicts} conflicts; the hub now holds 1…${s.ackSeq}.`,
          );
        break;
      }
      case 'rejected':
        console.table(admin.listRejected());
        break;
      case 'stations':
        console.table(admin.listStations({ siteCode: values.site }));
        break;
      case 'conflicts':
        console.table(admin.listConflicts());
        break;
      case 'hours': {
        if (!values.from || !values.to) throw usageError('hours 需要 --from 和 --to', 'hours needs --from and --to');
        const report = admin.hoursReport({ siteCode: values.site, from: values.from, to: values.to });
        if (values.json) {
          console.log(JSON.stringify(report, null, 2));
          break;
        }
        console.log(
          `Hours ${report.from} – ${report.to}${report.siteCode ? `, site ${report.siteCode}` : ''}, rules v${report.rulesVersion}`,
        );
        console.table(
          report.learners.map((row) => ({
            learner: row.learnerId,
            name: row.name,
            unit: row.unit,
            level: row.level,
            classroom: row.classroomHours,
            online: `${row.onlineHours} (counted ${row.onlineCountedHours})`,
            counted: row.countedHours,
            target: row.target,
            met: row.met ? 'yes' : 'no',
          })),
        );
        if (report.incomplete.length > 0)
          console.log(
            `${report.incomplete.length} session(s) not computed: ${report.incomplete.map((s) => `${s.sessionId} (${s.reason})`).join(', ')}`,
          );
        if (report.unresolvedCards.length > 0)
          console.log(
            `${report.unresolvedCards.length} card(s) tapped at a station but not on the roster yet: their hours count once publish-roster adds them.`,
          );
        if (report.conflicts > 0 || report.flaggedEvents > 0)
          console.log(
            `${report.conflicts} conflicting event(s) and ${report.flaggedEvents} clock-flagged event(s) await review (hub-admin conflicts).`,
          );
        break;
      }
      default:
        throw usageError(`未知命令 ${command}`, `unknown command ${command}`);
    }
  } finally {
    db.close();
  }
});
