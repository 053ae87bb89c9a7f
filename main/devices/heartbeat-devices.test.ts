import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DevicesView, ProjectorView } from '../../preload/contract/channels.ts';
import { heartbeatDevices } from './heartbeat-devices.ts';

const projector: ProjectorView = {
  name: '301 教室投影机',
  kind: 'pjlink',
  state: 'ok',
  power: 'on',
  input: 'hdmi1',
  muted: false,
  lampHours: [2950],
  filterHours: 410,
  health: { fan: 'ok', lamp: 'warning', temperature: 'ok', cover: 'ok', filter: 'error', other: 'ok' },
  model: 'EPSON CB-X49',
  inputs: ['hdmi1'],
  inputNames: {},
  serialNumber: null,
  lampModel: null,
  filterModel: null,
  checkedAt: 1,
  lastError: null,
};

function view(overrides: Partial<DevicesView> = {}): DevicesView {
  return {
    projector,
    readers: [],
    lastRead: null,
    automation: { enabled: true, next: null, last: null },
    configProblem: null,
    ...overrides,
  };
}

test('the heartbeat tells the hub a dying lamp and a clogged filter, and which devices are missing', () => {
  assert.deepEqual(heartbeatDevices(view()), [
    {
      kind: 'projector',
      name: '301 教室投影机',
      status: 'error',
      detail: 'power on; lamp 2950 h; filter 410 h; lamp warning; filter error',
    },
  ]);
  const unplugged = heartbeatDevices(
    view({
      projector: { ...projector, state: 'error', lastError: { code: 'unreachable', message: 'ECONNREFUSED', at: 2 } },
      readers: [
        { id: 'wedge', name: 'keyboard wedge', kind: 'wedge', connected: true, lastReadAt: null, lastError: null },
        {
          id: 'door',
          name: '门口',
          kind: 'pcsc',
          connected: false,
          lastReadAt: null,
          lastError: { code: 'service_unavailable', message: 'pcscd', at: 3 },
        },
        {
          id: 'id',
          name: '身份证',
          kind: 'id_card',
          connected: false,
          lastReadAt: null,
          lastError: { code: 'device_failure', message: 'SAM', at: 4 },
        },
      ],
    }),
  );
  assert.deepEqual(
    unplugged.map((device) => [device.kind, device.status]),
    [
      ['projector', 'missing'],
      ['card_reader', 'ok'],
      ['card_reader', 'missing'],
      ['card_reader', 'error'],
    ],
  );
  const long = heartbeatDevices(
    view({ projector: { ...projector, lastError: { code: 'bad_reply', message: 'x'.repeat(900), at: 5 } } }),
  );
  assert.ok(long[0]!.detail!.length <= 500, 'the wire allows 500 characters');
});
