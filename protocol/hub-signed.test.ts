import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { generateStationKeys } from './crypto.ts';
import { signHubDocument, technicianReset, TechnicianResetSchema, verifyHubDocument } from './hub-signed.ts';

test('a hub-signed document verifies with the hub key only, unchanged, and as its own kind', () => {
  const hub = generateStationKeys();
  const reset = technicianReset('station-1', 1_900_000_000_000);
  const document = signHubDocument('technician_pin_reset', reset, hub.privateKey);
  // Through JSON, as it travels on a USB drive.
  const copy = JSON.parse(JSON.stringify(document)) as unknown;
  assert.deepEqual(verifyHubDocument(copy, 'technician_pin_reset', hub.publicKey, TechnicianResetSchema), reset);
  assert.equal(verifyHubDocument(copy, 'update_release', hub.publicKey, z.unknown()), null);
  assert.equal(
    verifyHubDocument(copy, 'technician_pin_reset', generateStationKeys().publicKey, TechnicianResetSchema),
    null,
  );
  const altered = { ...document, body: { ...reset, stationId: 'station-2' } };
  assert.equal(verifyHubDocument(altered, 'technician_pin_reset', hub.publicKey, TechnicianResetSchema), null);
  assert.equal(verifyHubDocument('garbage', 'technician_pin_reset', hub.publicKey, TechnicianResetSchema), null);
});
