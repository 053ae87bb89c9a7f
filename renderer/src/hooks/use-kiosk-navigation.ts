// Wires the kiosk rules (kiosk/kiosk-rules.ts) to the window and the station: the technician
// chord and technician.open open the technician page; input anywhere restarts the idle time.
import { useEffect, useRef } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import { idleReturnDue, isTechnicianChord } from '../kiosk/kiosk-rules.ts';

const CHECK_EVERY_MS = 5000;

export function useKioskNavigation(
  station: LecternApi,
  screen: string,
  go: (screen: 'home' | 'technician') => void,
  idleMs?: number,
): void {
  const current = useRef({ screen, go });
  current.current = { screen, go };
  const lastActivity = useRef(performance.now());

  useEffect(() => station.on('technician.open', () => current.current.go('technician')), [station]);

  useEffect(() => {
    const active = () => {
      lastActivity.current = performance.now();
    };
    const onKey = (event: KeyboardEvent) => {
      active();
      if (!isTechnicianChord(event)) return;
      event.preventDefault();
      current.current.go('technician');
    };
    const events = ['pointerdown', 'touchstart', 'wheel'] as const;
    for (const name of events) window.addEventListener(name, active, { capture: true, passive: true });
    window.addEventListener('keydown', onKey, { capture: true });
    const timer = setInterval(() => {
      if (idleReturnDue(current.current.screen, lastActivity.current, performance.now(), idleMs)) {
        lastActivity.current = performance.now();
        current.current.go('home');
      }
    }, CHECK_EVERY_MS);
    return () => {
      for (const name of events) window.removeEventListener(name, active, { capture: true });
      window.removeEventListener('keydown', onKey, { capture: true });
      clearInterval(timer);
    };
  }, [idleMs]);
}
