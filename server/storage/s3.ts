import { createHash } from 'node:crypto';
import { CreateBucketCommand, GetObjectCommand, HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { env } from '@/core/env';

let client: S3Client | undefined;

/** The one S3 client: the embedded s3rver in zero-setup mode, any S3-compatible store otherwise. */
export function s3(): S3Client {
  client ??= storeClient(env());
  return client;
}

type StoreSettings = { S3_ENDPOINT?: string; S3_REGION: string; S3_FORCE_PATH_STYLE: boolean; S3_ACCESS_KEY_ID: string; S3_SECRET_ACCESS_KEY: string };

/** A client of the store these settings name (the operator's commands build one before the app's settings are whole). */
export function storeClient(e: StoreSettings): S3Client {
  return new S3Client({
    endpoint: e.S3_ENDPOINT,
    region: e.S3_REGION,
    forcePathStyle: e.S3_FORCE_PATH_STYLE,
    credentials: { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY },
    // Without these, streamed uploads to some S3-compatible servers are stored with
    // aws-chunked framing inside the object.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // A store that stops answering (not only one that refuses) fails the request in bounded time:
    // no request waits on it for ever (and no pooled connection with it).
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  });
}

export function bucket() {
  return env().S3_BUCKET;
}

export async function ensureBucket() {
  try {
    await s3().send(new HeadBucketCommand({ Bucket: bucket() }));
  } catch {
    await s3().send(new CreateBucketCommand({ Bucket: bucket() }));
  }
}

/** A whole object (files the background jobs read: scans, attachments). */
export async function readObject(key: string): Promise<Buffer> {
  const response = await s3().send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
  return Buffer.from(await response.Body!.transformToByteArray());
}

/** Writes a file the system made (a stamped copy), returning what letter_files records of it. */
export async function writeObject(key: string, body: Buffer, contentType: string) {
  await s3().send(new PutObjectCommand({ Bucket: bucket(), Key: key, Body: body, ContentType: contentType }));
  return { objectKey: key, size: body.length, sha256: createHash('sha256').update(body).digest('hex') };
}

/**
 * Where a signed letter is kept: by its SHA-256, outside any agency's folder, because it
 * never changes and is the same file for the sender (สำเนาคู่ฉบับ) and every recipient — a
 * circular to 500 agencies is stored once. Nobody reaches it but through a file row of
 * their own agency (RLS); it may be removed only when no agency's row refers to it.
 */
export function signedObjectKey(sha256: string) {
  return `shared/signed/${sha256}.pdf`;
}
