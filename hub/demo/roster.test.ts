import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDemoRoster, generateRoster } from './roster.ts';

const large = generateRoster({ learners: 5000, seed: 3 });

test('the same seed gives the same roster; another seed another one', () => {
  assert.deepEqual(generateRoster({ learners: 100, seed: 5 }), generateRoster({ learners: 100, seed: 5 }));
  assert.notDeepEqual(generateRoster({ learners: 100, seed: 5 }), generateRoster({ learners: 100, seed: 6 }));
});

test('learners have unique ids and unique 10-digit card numbers', () => {
  assert.equal(large.length, 5000);
  assert.equal(new Set(large.map((learner) => learner.id)).size, large.length);
  assert.equal(new Set(large.map((learner) => learner.cardNumber)).size, large.length);
  for (const learner of large) {
    assert.match(learner.cardNumber, /^\d{10}$/);
    assert.ok(Number(learner.cardNumber) < 2 ** 32, `${learner.cardNumber} fits a 4-byte UID`);
  }
});

test('most learners are section level and below, a few county/division level', () => {
  const countyDivision = large.filter((learner) => learner.level === 'county_division').length / large.length;
  assert.ok(countyDivision > 0.05 && countyDivision < 0.2, `county/division share ${countyDivision}`);
  assert.ok(large.every((learner) => learner.level === 'county_division' || learner.level === 'section_below'));
});

test('names are Chinese and units belong to one county', () => {
  const county = /^(\p{Script=Han}+县)/u.exec(large[0]!.unit)![1]!;
  for (const learner of large) {
    assert.match(learner.name, /^\p{Script=Han}{2,4}$/u);
    assert.ok(learner.unit.startsWith(county), `${learner.unit} is in ${county}`);
    assert.match(learner.unit, /(委|部|局|室|会|政府|政协|监委|办事处)$/u);
  }
  assert.ok(new Set(large.map((learner) => learner.unit)).size > 30, 'learners come from many units');
});

test('the demo roster is one class of forty with both levels', () => {
  const demo = generateDemoRoster();
  assert.equal(demo.length, 40);
  assert.deepEqual(new Set(demo.map((learner) => learner.level)), new Set(['county_division', 'section_below']));
});
