// Everything the app's origin serves, as one pure (Request) => Promise<Response>: cached
// lesson media under /media/, the renderer for the rest. Electron's lectern:// scheme and the
// browser shell both serve exactly this, so the renderer plays `/media/<sha256>` unchanged in
// either.
import { MEDIA_URL_PREFIX } from '../../preload/contract/wire-names.ts';

export type RequestHandler = (request: Request) => Promise<Response>;

export function createAppRequestHandler(handlers: {
  renderer: RequestHandler;
  media: RequestHandler | null;
}): RequestHandler {
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname.startsWith(MEDIA_URL_PREFIX)) {
      return handlers.media ? handlers.media(request) : new Response('No media store on this station', { status: 404 });
    }
    return handlers.renderer(request);
  };
}
