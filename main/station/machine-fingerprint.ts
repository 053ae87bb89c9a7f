// Which PC this is, so that a disk image copied to another PC is noticed: the station's key
// and ledger on that disk belong to the original station, and two stations must never sign
// with one key. The fingerprint is a set of hardware facts that copying a disk does not
// carry along — the board's SMBIOS UUID where the station may read it (Linux root-only,
// Windows Win32_ComputerSystemProduct), the MAC addresses of the physical network adapters —
// each kept only as a hash. /etc/machine-id and Windows' MachineGuid are not used: they are
// on the disk and travel with the image.
//
// It is the same machine while any recorded fact is still there: a replaced network card
// alone does not make a station a clone; a disk in another PC shares none of them.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const hash = (kind: string, value: string) =>
  crypto.createHash('sha256').update(`lectern-machine:${kind}:${value.trim().toLowerCase()}`).digest('hex');

function readable(file: string): string | null {
  try {
    const value = fs.readFileSync(file, 'utf8').trim();
    return value === '' ? null : value;
  } catch {
    return null;
  }
}

function linuxFacts(): string[] {
  const facts: string[] = [];
  const uuid = readable('/sys/class/dmi/id/product_uuid');
  if (uuid) facts.push(hash('smbios-uuid', uuid));
  let interfaces: string[];
  try {
    interfaces = fs.readdirSync('/sys/class/net');
  } catch {
    interfaces = [];
  }
  for (const name of interfaces) {
    const dir = path.join('/sys/class/net', name);
    // Physical adapters have a device behind them; bridges, tunnels and loopback do not.
    if (!fs.existsSync(path.join(dir, 'device'))) continue;
    const mac = readable(path.join(dir, 'address'));
    if (mac && mac !== '00:00:00:00:00:00') facts.push(hash('mac', mac));
  }
  return facts;
}

function windowsFacts(): string[] {
  const facts: string[] = [];
  try {
    const script =
      '(Get-CimInstance Win32_ComputerSystemProduct).UUID; Get-CimInstance Win32_NetworkAdapter -Filter "PhysicalAdapter=True" | ForEach-Object { $_.MACAddress }';
    const output = execFileSync('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script], {
      encoding: 'utf8',
      timeout: 15_000,
      windowsHide: true,
    });
    const [uuid, ...macs] = output.split(/\r?\n/).map((line) => line.trim());
    if (uuid && !/^F{8}-|^0{8}-/i.test(uuid)) facts.push(hash('smbios-uuid', uuid));
    for (const mac of macs) if (mac) facts.push(hash('mac', mac.replaceAll('-', ':')));
  } catch {
    // Without PowerShell or WMI the station cannot tell; it records nothing rather than guess.
  }
  return facts;
}

/** This PC's hashed hardware facts (sorted, without repeats); empty when none can be read. */
export function machineFingerprint(platform: NodeJS.Platform = process.platform): string[] {
  const facts = platform === 'win32' ? windowsFacts() : platform === 'linux' ? linuxFacts() : [];
  return [...new Set(facts)].sort();
}

/**
 * Whether the station runs on the PC it enrolled on: yes while any recorded fact is present.
 * A PC that shows no facts at all (none readable) is not called a clone: nothing is known.
 */
export function sameMachine(recorded: readonly string[], current: readonly string[]): boolean {
  if (recorded.length === 0 || current.length === 0) return true;
  return recorded.some((fact) => current.includes(fact));
}
