export { findVersitygw, requireVersitygw, s3Available } from './versitygw.js';
export { startS3Server } from './s3-server.js';
export type { S3Server, S3ServerOptions } from './s3-server.js';
