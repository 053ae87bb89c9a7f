// Times in a lecture, as a classroom reads them: a place in the media as 12:05 or 1:02:05,
// and a lesson's real length as "12 秒", "45 分钟", "1 小时 5 分钟" (never "1 分钟" for a
// ten-second clip).
import type { MessageKey } from '../i18n/messages.ts';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const two = (n: number) => String(n).padStart(2, '0');

/** 0:07, 12:05, 1:02:05 — whole seconds, rounded down. */
export function mediaClock(seconds: number): string {
  const total = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** A lesson's length from its real duration: seconds under a minute, else minutes (and hours). */
export function formatLength(t: Translate, seconds: number): string {
  const rounded = Math.round(seconds);
  if (rounded < 60) return t('length.seconds', { s: rounded });
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t('length.minutes', { m: minutes });
  return t('length.hours', { h: Math.floor(minutes / 60), m: minutes % 60 });
}
