// npm run hub-admin -- <command> [--data DIR] — administers a hub's data folder directly
// (SQLite in WAL mode, so the hub may be running). Commands:
//   create-site CODE NAME
//   create-token SITE [--ttl-hours N]
//   publish-catalog FILE.json      { categories?, courses?, lessons?, delete? } (admin.ts CatalogChanges;
//                                  a lesson's media is { "file": "path.mp4" } (copied in), { "sha256": … }
//                                  (held already) or { file, sha256, size, type } (served in place);
//                                  hub/lessons.ts LessonInput)
//   publish-roster SITE FILE.json  { learners?: [{ id, name, unit, level, cardNumber }], delete?: [id] }
//   publish-rules FILE.json        a complete rule set with a higher version (protocol/hour-rules.ts)
//   publish-update PLATFORM VERSION FILE…   PLATFORM is windows or linux
//   revoke STATION_ID
//   import-events FILE             a station's exported events (events.ndjson.gz from its ledger export),
//                                  ingested as if pushed: verified, duplicates counted, bad ones held apart
//   stations [--site CODE]
//   conflicts
//   rejected                       events held apart, with the reason
//   hours --from YYYY-MM-DD --to YYYY-MM-DD [--site CODE] [--json]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createAdmin } from './admin.ts';
import { openHubDb } from './db.ts';

const { values, positionals } = parseArgs({
  options: {
    data: { type: 'string', default: path.resolve('.lectern-data', 'hub') },
    'ttl-hours': { type: 'string' },
    site: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});

const USAGE =
  'Usage: hub-admin <create-site CODE NAME | create-token SITE | publish-catalog FILE | publish-roster SITE FILE | publish-rules FILE | publish-update PLATFORM VERSION FILE… | revoke STATION | import-events FILE | stations | conflicts | rejected | hours --from D --to D> [--data DIR]';
const readJson = (file: string | undefined): unknown => {
  if (!file) throw new Error(USAGE);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
};

const db = openHubDb(values.data);
const admin = createAdmin(db, values.data, Date.now);
const [command, ...args] = positionals;
try {
  switch (command) {
    case 'create-site': {
      if (!args[0] || !args[1]) throw new Error(USAGE);
      const site = admin.createSite({ code: args[0], name: args[1] });
      console.log(`Site ${site.code} (${site.name}) created.`);
      break;
    }
    case 'create-token': {
      if (!args[0]) throw new Error(USAGE);
      const ttlHours = values['ttl-hours'] === undefined ? undefined : Number(values['ttl-hours']);
      const { token, expiresAt } = admin.createEnrollmentToken({ siteCode: args[0], ttlHours });
      console.log(`${token}\n(one station, site ${args[0]}, until ${new Date(expiresAt).toISOString()})`);
      break;
    }
    case 'publish-catalog': {
      const { rev } = await admin.publishCatalogChanges(
        readJson(args[0]) as Parameters<typeof admin.publishCatalogChanges>[0],
      );
      console.log(rev === 0 ? 'Nothing changed.' : `Published; catalogue rev ${rev}.`);
      break;
    }
    case 'publish-roster': {
      if (!args[0]) throw new Error(USAGE);
      const { rev } = admin.publishRoster({ siteCode: args[0], ...(readJson(args[1]) as object) });
      console.log(rev === 0 ? 'Nothing changed.' : `Published; roster rev ${rev}.`);
      break;
    }
    case 'publish-rules': {
      const { version } = admin.publishRuleVersion(readJson(args[0]) as Parameters<typeof admin.publishRuleVersion>[0]);
      console.log(`Rule version ${version} published.`);
      break;
    }
    case 'publish-update': {
      const [platform, version, ...files] = args;
      if ((platform !== 'windows' && platform !== 'linux') || !version) throw new Error(USAGE);
      console.log(admin.publishUpdate({ platform, version, files }).yml);
      break;
    }
    case 'revoke': {
      if (!args[0]) throw new Error(USAGE);
      console.log(
        admin.revokeStation(args[0]).revoked
          ? `Station ${args[0]} revoked; its requests are refused from now on.`
          : `No active station ${args[0]}.`,
      );
      break;
    }
    case 'import-events': {
      if (!args[0]) throw new Error(USAGE);
      for (const s of await admin.importEvents(args[0]))
        console.log(
          `Station ${s.stationId}: ${s.events} events — ${s.accepted} new, ${s.duplicates} already held, ${s.rejected} held apart, ${s.conflicts} conflicts; the hub now holds 1…${s.ackSeq}.`,
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
      if (!values.from || !values.to) throw new Error(USAGE);
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
      throw new Error(USAGE);
  }
} catch (error) {
  console.error(`hub-admin: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  db.close();
}
