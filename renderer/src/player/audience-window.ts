// The projector window is the app itself at ?view=audience. The Electron shell opens it on
// the external display; in the browser shell the organiser opens it from the class screen
// (the station token travels in the fragment, as in the launch URL) and drags it to the
// projector, where a touch makes it full-screen.
import { TOKEN_KEY } from '../station-client/web-client.ts';

const AUDIENCE = 'audience';

export function isAudienceWindow(location: Pick<Location, 'search'> = window.location): boolean {
  return new URLSearchParams(location.search).get('view') === AUDIENCE;
}

/** The projector window's address in the browser shell, carrying this tab's station token. */
export function audienceUrl(origin: string, token: string): string {
  return `${origin}/?view=${AUDIENCE}#token=${encodeURIComponent(token)}`;
}

/**
 * The Electron shell places the projector window itself (the preload's bridge exists there);
 * the browser shell can only open one for the organiser to move.
 */
export function canOpenAudienceWindow(): boolean {
  return !('lectern' in window && window.lectern) && sessionStorage.getItem(TOKEN_KEY) !== null;
}

/** Opens (or brings forward) the projector window in the browser shell; false if the browser refused. */
export function openAudienceWindow(): boolean {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return false;
  const opened = window.open(
    audienceUrl(window.location.origin, token),
    'lectern-audience',
    'popup,width=1280,height=720',
  );
  opened?.focus();
  return opened !== null;
}
