// Decides which hub this station talks to and makes sure it is enrolled there:
//   - a station-config.json: the configured hub; enrolled at the first start with its token;
//   - no configuration and not enrolled elsewhere: the embedded demo hub (demo-hub.ts).
// The hub client it returns is what the sync services use. Enrollment needs the network;
// when the hub cannot be reached the connection says so and enrollment is tried again later.
import type Database from 'better-sqlite3';
import type { Logger } from '../runtime/logger.ts';
import type { HubClient } from '../../protocol/hub-client/hub-client.ts';
import { readEnrollment } from '../station/identity.ts';
import { enrollThisStation, stationHubClient } from './enrollment.ts';
import { DEMO_SITE_CODE, startDemoHub, type DemoHub } from './demo-hub.ts';
import { readStationConfig } from '../station/station-config.ts';

export interface HubConnection {
  mode: 'demo' | 'configured';
  hubUrl: string;
  /** The enrolled station's client; enrolls first if needed, and rejects while that cannot succeed (hub unreachable, no token). */
  client(): Promise<HubClient>;
  /** The station's key changed (enrolled again): the next client() signs with the new one. */
  reload(): void;
  close(): Promise<void>;
}

export interface HubConnectionOptions {
  dataDir: string;
  ledger: Database.Database;
  appVersion: string;
  log: Logger;
}

export async function connectToHub(options: HubConnectionOptions): Promise<HubConnection> {
  const config = readStationConfig(options.dataDir);
  const enrolled = readEnrollment(options.ledger);
  const configured = config !== null || (enrolled !== null && enrolled.siteCode !== DEMO_SITE_CODE);
  return configured
    ? configuredConnection(options, config?.hubUrl ?? enrolled!.hubUrl)
    : demoConnection(options, await startDemoHub(options.dataDir));
}

function configuredConnection(options: HubConnectionOptions, hubUrl: string): HubConnection {
  let client: HubClient | null = stationHubClient(options.ledger, options.dataDir);
  return {
    mode: 'configured',
    hubUrl,
    async client() {
      if (client) return client;
      const config = readStationConfig(options.dataDir);
      if (!config?.enrollmentToken)
        throw new Error(
          'This station is not enrolled and its configuration has no enrollmentToken. Ask the hub operator for one.',
        );
      const enrollment = await enrollThisStation({
        baseUrl: config.hubUrl,
        dataDir: options.dataDir,
        ledger: options.ledger,
        siteCode: config.siteCode,
        token: config.enrollmentToken,
        name: config.name,
        appVersion: options.appVersion,
      });
      options.log.info('hub.enrolled', { stationId: enrollment.stationId, hubUrl: enrollment.hubUrl });
      client = stationHubClient(options.ledger, options.dataDir);
      if (!client) throw new Error('Enrollment was stored but cannot be read back');
      return client;
    },
    reload() {
      client = stationHubClient(options.ledger, options.dataDir);
    },
    close: async () => undefined,
  };
}

function demoConnection(options: HubConnectionOptions, demo: DemoHub): HubConnection {
  options.log.info('hub.demo_started', { url: demo.url });
  let client: HubClient | null = null;
  return {
    mode: 'demo',
    hubUrl: demo.url,
    async client() {
      if (client) return client;
      if (!readEnrollment(options.ledger)) {
        const enrollment = await enrollThisStation({
          baseUrl: demo.url,
          dataDir: options.dataDir,
          ledger: options.ledger,
          siteCode: DEMO_SITE_CODE,
          token: demo.createEnrollmentToken(),
          name: 'Lectern demo station',
          appVersion: options.appVersion,
        });
        options.log.info('hub.enrolled', { stationId: enrollment.stationId, hubUrl: demo.url, demo: true });
      }
      client = stationHubClient(options.ledger, options.dataDir, { baseUrl: demo.url });
      if (!client) throw new Error('Enrollment was stored but cannot be read back');
      return client;
    },
    reload() {
      client = null;
    },
    close: () => demo.close(),
  };
}
