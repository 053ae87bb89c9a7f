import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentSecurityPolicy } from './content-security-policy.ts';

test('the CSP allows nothing inline, no eval, no frames, no foreign connections', () => {
  const csp = contentSecurityPolicy();
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /connect-src 'self'(;|$)/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe|\*/);
  assert.match(
    contentSecurityPolicy({ connectSrc: ['ws://127.0.0.1:5000'] }),
    /connect-src 'self' ws:\/\/127\.0\.0\.1:5000/,
  );
});
