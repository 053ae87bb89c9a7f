import assert from 'node:assert/strict';
import test from 'node:test';
import {
  AUTO,
  chooseAudienceDisplay,
  keyDisplays,
  NONE,
  nextAudienceAction,
  type DisplayInfo,
} from './audience-display.ts';

const LAPTOP: DisplayInfo = {
  id: 1,
  label: 'Built-in Retina',
  bounds: { x: 0, y: 0, width: 1366, height: 768 },
  primary: true,
  internal: true,
};
const PROJECTOR: DisplayInfo = {
  id: 7,
  label: 'EPSON PJ',
  bounds: { x: 1366, y: 0, width: 1920, height: 1080 },
  primary: false,
  internal: false,
};
const SMALL_MONITOR: DisplayInfo = {
  id: 9,
  label: 'DELL P1917S',
  bounds: { x: 3286, y: 0, width: 1280, height: 1024 },
  primary: false,
  internal: false,
};

test('a display keeps its key when the OS gives it another id on replug; identical monitors are told apart', () => {
  const before = keyDisplays([LAPTOP, PROJECTOR]).find((display) => display.id === 7)!.key;
  const after = keyDisplays([LAPTOP, { ...PROJECTOR, id: 12 }]).find((display) => display.id === 12)!.key;
  assert.equal(after, before);
  const twin = { ...PROJECTOR, id: 8, bounds: { ...PROJECTOR.bounds, x: 3286 } };
  const keys = keyDisplays([LAPTOP, twin, PROJECTOR]).map((display) => display.key);
  assert.equal(new Set(keys).size, 3, 'two identical projectors have two keys');
  assert.equal(keys[2], before, 'the leftmost of the two keeps the plain key');
});

test('automatic: the largest external display, never the station’s own; the technician’s choice wins while connected', () => {
  assert.equal(chooseAudienceDisplay([LAPTOP], AUTO), null, 'one screen: no projector window');
  assert.equal(chooseAudienceDisplay([LAPTOP, SMALL_MONITOR, PROJECTOR], AUTO)!.id, PROJECTOR.id);
  const monitorKey = keyDisplays([SMALL_MONITOR])[0]!.key;
  assert.equal(chooseAudienceDisplay([LAPTOP, SMALL_MONITOR, PROJECTOR], monitorKey)!.id, SMALL_MONITOR.id);
  assert.equal(
    chooseAudienceDisplay([LAPTOP, PROJECTOR], monitorKey)!.id,
    PROJECTOR.id,
    'the chosen display unplugged: the projector that is there',
  );
  assert.equal(chooseAudienceDisplay([LAPTOP, PROJECTOR], NONE), null, 'a mirrored projector: no second window');
});

test('unplug closes the window, replug opens it again on the same display; a resolution change moves it', () => {
  const seen = [LAPTOP, PROJECTOR];
  const open = nextAudienceAction(null, seen, AUTO);
  assert.equal(open.type, 'open');
  const place = open.type === 'open' ? { key: open.display.key, bounds: open.display.bounds } : null;
  assert.deepEqual(nextAudienceAction(place, seen, AUTO), { type: 'none' }, 'nothing changed: nothing to do');
  assert.deepEqual(nextAudienceAction(place, [LAPTOP], AUTO), { type: 'close' }, 'unplugged');
  const replugged = nextAudienceAction(null, [LAPTOP, { ...PROJECTOR, id: 21 }], AUTO);
  assert.equal(replugged.type, 'open');
  assert.equal(replugged.type === 'open' && replugged.display.key, place!.key);
  const resized = { ...PROJECTOR, bounds: { ...PROJECTOR.bounds, width: 1280, height: 720 } };
  const moved = nextAudienceAction(place, [LAPTOP, resized], AUTO);
  assert.equal(moved.type, 'move');
  assert.deepEqual(moved.type === 'move' && moved.display.bounds, resized.bounds);
  assert.deepEqual(nextAudienceAction(place, seen, NONE), { type: 'close' }, 'the technician chose none');
});
