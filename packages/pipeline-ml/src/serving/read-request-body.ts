/**
 * Reads a request body under a size cap and a deadline: a declared `Content-Length` over the cap
 * is refused before any byte is read, a body that grows past it is cut off, and a client that
 * trickles its body is answered 408 once the deadline passes (slow-client protection that a
 * server-wide `requestTimeout` gives only as a bare 408 without MLflow's error JSON).
 */
import type { IncomingMessage } from 'node:http';
import { ScoringError } from './scoring-error.js';

export function readRequestBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.reject(tooLarge(maxBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (error: ScoringError | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.off('data', onData);
      if (error === undefined) resolve(Buffer.concat(chunks, size));
      else reject(error);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        req.pause();
        finish(tooLarge(maxBytes));
      } else chunks.push(chunk);
    };
    const timer = setTimeout(() => {
      req.pause();
      finish(new ScoringError('body-timeout', `The request body did not arrive within ${timeoutMs} ms: send the whole body at once.`));
    }, timeoutMs);
    req.on('data', onData);
    req.once('end', () => finish(undefined));
    req.once('error', () => finish(new ScoringError('body-timeout', 'The connection failed while the body was being read.')));
    req.once('aborted', () => finish(new ScoringError('body-timeout', 'The client closed the connection before sending the whole body.')));
  });
}

function tooLarge(maxBytes: number): ScoringError {
  return new ScoringError('body-too-large', `The request body is larger than the limit of ${maxBytes} bytes: send fewer rows per request (or raise --max-body-size).`);
}
