// Serves the built renderer as one pure function (Request) => Promise<Response>: Electron's
// protocol.handle uses it for the lectern:// scheme, the browser shell for plain HTTP. No
// file:// URL is ever loaded, and nothing outside the renderer's folder can be reached.
import fs from 'node:fs';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.ico': 'image/x-icon',
};

export interface RendererAssetOptions {
  rootDir: string;
  csp: string;
}

export function createRendererAssetHandler(options: RendererAssetOptions): (request: Request) => Promise<Response> {
  const root = path.resolve(options.rootDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } });
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url).pathname);
    } catch {
      return new Response('Bad path', { status: 400 });
    }
    const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
    const file = path.resolve(root, relative);
    if (file !== root && !file.startsWith(root + path.sep)) return new Response('Not found', { status: 404 });

    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(file);
    } catch {
      if (relative === 'index.html') {
        return new Response('The renderer is not built. Run: npm run build:renderer', {
          status: 503,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
        });
      }
      return new Response('Not found', { status: 404 });
    }
    if (!stat.isFile()) return new Response('Not found', { status: 404 });

    const headers = new Headers({
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': String(stat.size),
      'content-security-policy': options.csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      // Hashed asset names change with each build; index.html must always be fresh.
      'cache-control': relative === 'index.html' ? 'no-cache' : 'public, max-age=31536000, immutable',
    });
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    return new Response(await fs.promises.readFile(file), { status: 200, headers });
  };
}
