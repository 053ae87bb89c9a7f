// Technician command: point this station at the provincial hub.
//   npm run provision -- --hub https://hub.example/ --site 3301 --token <one-time token> [--name 县委党校一教室] [--data DIR]
// Checks that the hub answers the protocol before writing station-config.json; the station
// enrolls with the token at its next start.
import { parseArgs } from 'node:util';
import { API_PREFIX, PROTOCOL_VERSION } from '../../protocol/wire.ts';
import { defaultDataDir } from '../runtime/data-dir.ts';
import { stationConfigFileSchema, stationConfigPath, writeStationConfig } from './station-config.ts';

const { values } = parseArgs({
  options: {
    hub: { type: 'string' },
    site: { type: 'string' },
    token: { type: 'string' },
    name: { type: 'string' },
    data: { type: 'string' },
    'skip-check': { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(`provision: ${message}`);
  process.exit(2);
}

const parsed = stationConfigFileSchema.safeParse({
  hubUrl: values.hub,
  siteCode: values.site,
  enrollmentToken: values.token,
  name: values.name,
});
if (!parsed.success) {
  fail(
    `${parsed.error.issues.map((issue) => `--${issue.path[0] === 'hubUrl' ? 'hub' : issue.path[0] === 'siteCode' ? 'site' : String(issue.path[0])}: ${issue.message}`).join('; ')}\nUsage: npm run provision -- --hub URL --site CODE --token TOKEN [--name NAME] [--data DIR]`,
  );
}

if (!values['skip-check']) {
  const probe = new URL(
    `${API_PREFIX.slice(1)}`,
    parsed.data.hubUrl.endsWith('/') ? parsed.data.hubUrl : `${parsed.data.hubUrl}/`,
  );
  try {
    const response = await fetch(probe, { signal: AbortSignal.timeout(10_000) });
    const body = (await response.json()) as { protocol?: string };
    if (body.protocol !== PROTOCOL_VERSION)
      fail(`${probe} answered, but not as a Lectern hub speaking protocol ${PROTOCOL_VERSION}`);
  } catch (error) {
    fail(
      `cannot reach the hub at ${probe}: ${error instanceof Error ? error.message : String(error)}. Check the address and the network, or pass --skip-check to configure offline.`,
    );
  }
}

const dataDir = values.data ?? defaultDataDir();
writeStationConfig(dataDir, parsed.data);
console.log(
  `Wrote ${stationConfigPath(dataDir)}. The station enrolls with site ${parsed.data.siteCode} at its next start.`,
);
