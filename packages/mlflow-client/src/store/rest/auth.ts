/** The `Authorization` header from credentials: Basic (username + password) wins over Bearer. */
import type { ResolvedHttpOptions } from './http-options.js';

export function authorizationHeader(options: Pick<ResolvedHttpOptions, 'username' | 'password' | 'token'>): string | undefined {
  if (options.username !== undefined && options.password !== undefined) {
    return `Basic ${Buffer.from(`${options.username}:${options.password}`, 'utf8').toString('base64')}`;
  }
  if (options.token !== undefined) return `Bearer ${options.token}`;
  return undefined;
}

/**
 * Splits `http://user:pass@host/x` into a URL without credentials and the credentials, so they go
 * into a header and never into messages or logs.
 */
export function splitUserInfo(uri: string): { url: string; username?: string; password?: string } {
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return { url: uri };
  }
  if (parsed.username === '' && parsed.password === '') return { url: uri };
  const username = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString(), username, password };
}

/** A URL fit for a message: no user info, no query string. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//');
  }
}
