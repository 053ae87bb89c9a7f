// Every rule in installers/linux/*.rules parses as udev reads it (udev(7): comma-separated
// KEY[{attribute}] OPERATOR "value" pairs, match keys with == or !=, assignment keys with
// =, += or :=), matches something and assigns something, and hands access to the seat user
// early enough (before 73-seat-late.rules). udevadm verify is not on Debian 12's systemd, so
// the grammar is checked here.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const DIR = path.resolve(import.meta.dirname, '../../installers/linux');
const MATCH_KEYS = new Set([
  'ACTION',
  'SUBSYSTEM',
  'SUBSYSTEMS',
  'KERNEL',
  'KERNELS',
  'DRIVER',
  'DRIVERS',
  'ATTR',
  'ATTRS',
  'ENV',
  'TAG',
  'TAGS',
]);
const ASSIGN_KEYS = new Set(['MODE', 'GROUP', 'OWNER', 'TAG', 'SYMLINK', 'ENV', 'RUN', 'NAME']);
const PAIR = /^([A-Z]+)(?:\{([\w.-]+)\})?\s*(==|!=|\+=|-=|:=|=)\s*"([^"]*)"$/;

type Pair = { key: string; attribute: string | undefined; operator: string; value: string };

/** One rule line as udev splits it, or the reason it would not load. */
function parseRule(line: string): Pair[] {
  const pairs = line.split(/,\s*(?=[A-Z]+(?:\{[\w.-]+\})?\s*(?:==|!=|\+=|-=|:=|=)\s*")/);
  return pairs.map((text) => {
    const match = PAIR.exec(text.trim());
    if (!match) throw new Error(`cannot parse ${JSON.stringify(text)}`);
    const [, key, attribute, operator, value] = match;
    const isMatch = operator === '==' || operator === '!=';
    if (isMatch && !MATCH_KEYS.has(key!)) throw new Error(`${key} cannot be matched`);
    if (!isMatch && !ASSIGN_KEYS.has(key!)) throw new Error(`${key} cannot be assigned`);
    if ((key === 'ATTR' || key === 'ATTRS' || key === 'ENV') && !attribute) throw new Error(`${key} needs {attribute}`);
    return { key: key!, attribute, operator: operator!, value: value! };
  });
}

function ruleFiles(): string[] {
  return fs.readdirSync(DIR).filter((name) => name.endsWith('.rules'));
}

test('there are udev rules for the readers and serial cables', () => {
  assert.ok(ruleFiles().length > 0);
  for (const name of ruleFiles())
    assert.ok(name < '73-seat-late.rules', `${name} must sort before 73-seat-late.rules for uaccess`);
});

test('every udev rule parses, matches a device and grants access', () => {
  for (const name of ruleFiles()) {
    const lines = fs.readFileSync(path.join(DIR, name), 'utf8').replace(/\\\n/g, '').split('\n');
    const rules = lines
      .map((line, i) => ({ line: line.trim(), number: i + 1 }))
      .filter(({ line }) => line && !line.startsWith('#'));
    assert.ok(rules.length > 0, `${name} has rules`);
    for (const { line, number } of rules) {
      const pairs = parseRule(line);
      const where = `${name}:${number}`;
      assert.ok(
        pairs.some((pair) => pair.operator === '=='),
        `${where} matches something`,
      );
      assert.ok(
        pairs.some((pair) => pair.key === 'TAG' && pair.operator === '+=' && pair.value === 'uaccess'),
        `${where} tags uaccess`,
      );
      assert.ok(
        pairs.some((pair) => pair.key === 'MODE' && /^0[0-7]{3}$/.test(pair.value)),
        `${where} sets an octal mode`,
      );
      for (const pair of pairs.filter((pair) => pair.attribute === 'idVendor' || pair.attribute === 'idProduct'))
        assert.match(
          pair.value,
          /^[0-9a-f]{4}$/,
          `${where}: USB ids are four lower-case hex digits, as sysfs shows them`,
        );
    }
  }
});

test('the parser refuses what udev would refuse', () => {
  assert.throws(() => parseRule('SUBSYSTEM="tty", MODE="0660"'), /SUBSYSTEM cannot be assigned/);
  assert.throws(() => parseRule('SUBSYSTEM=="tty" MODE="0660"'), /cannot parse/);
  assert.throws(() => parseRule('ATTRS=="1a86", MODE="0660"'), /needs \{attribute\}/);
  assert.throws(() => parseRule("SUBSYSTEM=='tty'"), /cannot parse/);
  assert.deepEqual(
    parseRule('KERNEL=="ttyS0", GROUP="dialout"').map((pair) => pair.key),
    ['KERNEL', 'GROUP'],
  );
});
