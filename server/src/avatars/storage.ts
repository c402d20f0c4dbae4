/**
 * Where avatar bytes go: a small port with two adapters. The local disk (the default) keeps files
 * under DATA_DIR/avatars and this server serves them at GET /avatars/<key>; an S3-compatible bucket
 * (Tencent COS, or any S3 API) serves them itself from its own public URL.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import type { S3Config } from '../config'
import { AVATAR_TYPES, type AvatarType } from './image'

/** Keys are random (128 bits), so a URL can be neither guessed nor overwritten; content never changes. */
export const AVATAR_KEY_PATTERN = /^[A-Za-z0-9_-]{22}\.(jpg|png)$/
export const AVATAR_CACHE_CONTROL = 'public, max-age=31536000, immutable'

export function newAvatarKey(type: AvatarType): string {
  return `${randomBytes(16).toString('base64url')}.${AVATAR_TYPES[type].extension}`
}

export interface AvatarStorage {
  readonly kind: 'local' | 's3'
  put(key: string, bytes: Buffer, contentType: string): Promise<void>
  /** The public URL of a stored key; `requestOrigin` is used when no public base is configured. */
  urlFor(key: string, requestOrigin: string): string
}

export class LocalAvatarStorage implements AvatarStorage {
  readonly kind = 'local' as const

  constructor(
    private readonly dir: string,
    private readonly publicBaseUrl: string | undefined,
  ) {}

  async put(key: string, bytes: Buffer): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    // Written beside, then renamed: a reader never sees half a file.
    const partial = path.join(this.dir, `.${key}.${process.pid}.partial`)
    await writeFile(partial, bytes)
    await rename(partial, path.join(this.dir, key))
  }

  async read(key: string): Promise<Buffer | undefined> {
    if (!AVATAR_KEY_PATTERN.test(key)) return undefined
    try {
      return await readFile(path.join(this.dir, key))
    } catch (_missing) {
      return undefined
    }
  }

  urlFor(key: string, requestOrigin: string): string {
    return `${this.publicBaseUrl ?? requestOrigin}/avatars/${key}`
  }
}

export class S3AvatarStorage implements AvatarStorage {
  readonly kind = 's3' as const
  readonly #client: S3Client

  constructor(private readonly config: S3Config) {
    this.#client = new S3Client({
      region: config.region,
      ...(config.endpoint !== undefined && { endpoint: config.endpoint }),
      forcePathStyle: config.forcePathStyle,
      credentials: { accessKeyId: config.accessKeyID, secretAccessKey: config.secretAccessKey },
    })
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.config.bucket,
        Key: `avatars/${key}`,
        Body: bytes,
        ContentType: contentType,
        CacheControl: AVATAR_CACHE_CONTROL,
      }),
    )
  }

  urlFor(key: string): string {
    return `${this.publicBase()}/avatars/${key}`
  }

  /** The configured public base, else the bucket's own address on the endpoint. */
  publicBase(): string {
    const { publicBaseUrl, endpoint, bucket, region, forcePathStyle } = this.config
    if (publicBaseUrl !== undefined) return publicBaseUrl
    if (endpoint === undefined) return `https://${bucket}.s3.${region}.amazonaws.com`
    const url = new URL(endpoint)
    if (forcePathStyle) return `${url.origin}/${bucket}`
    return `${url.protocol}//${bucket}.${url.host}`
  }

  destroy(): void {
    this.#client.destroy()
  }
}
