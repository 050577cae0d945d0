import { createHash, createHmac } from 'node:crypto';

/**
 * TC3-HMAC-SHA256 as Tencent Cloud documents it (API 3.0 signature v3), written from the
 * documentation, independently of the SDK, so a fake MPS can check what the real SDK sends.
 */
export interface Tc3Input {
  secretKey: string;
  service: string;
  host: string;
  timestamp: number;
  payload: string;
  method?: string;
  contentType?: string;
  canonicalUri?: string;
  canonicalQuery?: string;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: string | Buffer, msg: string) =>
  createHmac('sha256', key).update(msg, 'utf8').digest();

export function tc3Signature(i: Tc3Input): {
  signature: string;
  credentialScope: string;
  signedHeaders: string;
} {
  const date = new Date(i.timestamp * 1000).toISOString().slice(0, 10);
  const contentType = i.contentType ?? 'application/json; charset=utf-8';
  const signedHeaders = 'content-type;host';
  const canonicalRequest = [
    i.method ?? 'POST',
    i.canonicalUri ?? '/',
    i.canonicalQuery ?? '',
    `content-type:${contentType}\nhost:${i.host}\n`,
    signedHeaders,
    sha256(i.payload),
  ].join('\n');
  const credentialScope = `${date}/${i.service}/tc3_request`;
  const stringToSign = [
    'TC3-HMAC-SHA256',
    String(i.timestamp),
    credentialScope,
    sha256(canonicalRequest),
  ].join('\n');
  const kDate = hmac(`TC3${i.secretKey}`, date);
  const kService = hmac(kDate, i.service);
  const kSigning = hmac(kService, 'tc3_request');
  return {
    signature: createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest('hex'),
    credentialScope,
    signedHeaders,
  };
}
