import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateStationKeys, sign } from './crypto.ts';
import { createEvent, GENESIS_HASH, hashEvent, SignedEventSchema, verifyChain } from './events.ts';
import type { SignedEvent } from './events.ts';

const keys = generateStationKeys();

function chain(count: number): SignedEvent[] {
  const events: SignedEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq += 1) {
    const event = createEvent({
      stationId: 'st-1',
      seq,
      prevHash,
      type: 'check_out',
      payload: { sessionId: 'S', learnerId: `L${seq}` },
      wallTime: 1_780_000_000_000 + seq,
      bootId: 'b1',
      monoMs: seq * 10,
      hubOffsetMs: -250,
      ruleVersion: 1,
      privateKey: keys.privateKey,
    });
    events.push(event);
    prevHash = event.hash;
  }
  return events;
}

test('created events parse, chain and verify', () => {
  const events = chain(5);
  for (const event of events) assert.equal(SignedEventSchema.safeParse(event).success, true);
  assert.deepEqual(verifyChain(events, keys.publicKey), { ok: true, lastSeq: 5, lastHash: events[4]!.hash });
  assert.deepEqual(verifyChain(events.slice(2), keys.publicKey, { seq: 2, hash: events[1]!.hash }).ok, true);
});

test('the hash covers every field but hash and sig, in canonical form', () => {
  const [event] = chain(1);
  const reordered = Object.fromEntries(Object.entries(event!).reverse()) as SignedEvent;
  assert.equal(hashEvent(reordered), event!.hash);
  assert.notEqual(hashEvent({ ...event!, hubOffsetMs: 0 }), event!.hash);
});

test('verifyChain names the first bad sequence and what is wrong with it', () => {
  const events = chain(6);
  const edited = events.map((e) =>
    e.seq === 4 ? { ...e, payload: { sessionId: 'S', learnerId: 'someone else' } } : e,
  ) as SignedEvent[];
  assert.deepEqual(verifyChain(edited, keys.publicKey), { ok: false, seq: 4, problem: 'hash' });

  const rehashed = { ...edited[3]!, hash: hashEvent(edited[3]!) } as SignedEvent;
  assert.deepEqual(verifyChain([...events.slice(0, 3), rehashed, ...events.slice(4)], keys.publicKey), {
    ok: false,
    seq: 4,
    problem: 'signature',
  });
  const resigned = { ...rehashed, sig: sign(rehashed.hash, keys.privateKey) } as SignedEvent;
  assert.deepEqual(verifyChain([...events.slice(0, 3), resigned, ...events.slice(4)], keys.publicKey), {
    ok: false,
    seq: 5,
    problem: 'chain',
  });

  assert.deepEqual(verifyChain([events[0]!, events[2]!], keys.publicKey), { ok: false, seq: 3, problem: 'sequence' });
  assert.deepEqual(verifyChain(events.slice(1), keys.publicKey), { ok: false, seq: 2, problem: 'sequence' });
  assert.deepEqual(verifyChain(events, generateStationKeys().publicKey), { ok: false, seq: 1, problem: 'signature' });
});

test('the schema refuses unknown fields, unknown types and payloads of the wrong type', () => {
  const [event] = chain(1);
  assert.equal(SignedEventSchema.safeParse({ ...event, extra: 1 }).success, false);
  assert.equal(SignedEventSchema.safeParse({ ...event, type: 'teleport' }).success, false);
  assert.equal(SignedEventSchema.safeParse({ ...event, type: 'check_in' }).success, false);
  assert.equal(
    SignedEventSchema.safeParse({ ...event, payload: { sessionId: 'S', learnerId: 'L', note: 'x' } }).success,
    false,
  );
});
